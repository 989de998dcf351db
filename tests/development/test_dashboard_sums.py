"""The learner dashboard reads its sums in four statements (lms.development.dashboard_sums);
its figures are the ones the mix module's own queries give, record by record."""

from datetime import date
from decimal import Decimal

import pytest

from lms.development import mix
from lms.development.dashboard import learner_dashboard
from lms.reference.services import bucket_names, method_buckets, policy_for
from lms.rules import check_mix
from tests.development.test_mix import add_record

START, END = date(2025, 10, 1), date(2026, 9, 30)  # FY 2569


@pytest.fixture
def learner(world):
    person = world["learner"]
    add_record(person, "on-the-job", 7, date(2025, 10, 1), skill_sets=["digital-literacy"])
    add_record(person, "coaching", "2.5", date(2026, 9, 30), skill_sets=["digital-literacy", "digital-governance"])
    add_record(person, "training", 5, date(2026, 1, 5))  # untagged
    add_record(person, "self-learning", 3, date(2026, 2, 1), status="pending", skill_sets=["digital-literacy"])
    add_record(person, "training", 4, date(2025, 9, 30), status="pending")  # FY 2568: pending, not this year
    add_record(person, "training", 6, date(2026, 3, 1), status="returned")
    add_record(person, "on-the-job", 9, date(2024, 5, 1))  # another year
    return person


@pytest.mark.parametrize("verified_only", [True, False])
def test_the_figures_are_the_mix_modules(learner, verified_only):
    shown = learner_dashboard(learner, 2569, verified_only=verified_only)
    hours = mix.hours_by_method(learner.id, START, END, verified_only=verified_only)
    assert shown.verdict == check_mix(hours, method_buckets(), policy_for(START), bucket_names())
    by_skill_set = mix.hours_by_skill_set(learner.id, START, END, verified_only=verified_only)
    assert {row.skill_set.slug: row.hours for row in shown.skill_sets if row.hours} == \
        {slug: amount for slug, amount in by_skill_set.items() if slug is not None}
    assert shown.untagged_hours == by_skill_set[None] == Decimal("5.00")
    assert shown.pending_count == 2 and shown.pending_hours == Decimal("3.00")
    assert shown.returned_count == 1 and [e.hours for e in shown.returned] == [Decimal("6.00")]
    if verified_only:
        with_pending = mix.hours_by_method(learner.id, START, END, verified_only=False)
        assert shown.projected == check_mix(with_pending, method_buckets(), policy_for(START), bucket_names())
    else:
        assert shown.projected is None
