"""The team table's cheap paths say what the full ones say: each row's R2 verdict and shown
shares as check_mix gives them, and the counts of plans waiting as waiting_for finds them."""

from datetime import timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from lms.accounts.delegation import delegate, supervised_ids
from lms.core.dates import today_in_bangkok
from lms.development import plan_queue, plans
from lms.development.dashboard_verdicts import row_verdicts
from lms.rules import BUCKETS, check_mix
from tests import factories
from tests.development.plan_factories import submitted_plan
from tests.rules.seed import BUCKET_NAMES, seeded_policy

PER_BUCKET = {bucket: bucket for bucket in BUCKETS}
# Whole half-hours mostly (what records add up to), sometimes quarters (check_mix's own path).
AMOUNTS = st.one_of(st.integers(0, 400).map(lambda halves: Decimal(halves) / 2),
                    st.integers(0, 400).map(lambda quarters: Decimal(quarters) / 4))
ROWS = st.lists(st.fixed_dictionaries({bucket: AMOUNTS for bucket in BUCKETS}), max_size=30)
POLICIES = st.sampled_from([seeded_policy(), seeded_policy(mix_tolerance_points=0),
                            seeded_policy(experiential_percent=60, social_percent=25, formal_percent=15,
                                          mix_tolerance_points=5)])


def as_shown(verdict) -> tuple:
    return (verdict.empty, verdict.ok, [(f.bucket, f.shown_share) for f in verdict.buckets])


@given(rows=ROWS, policy=POLICIES)
def test_each_row_is_judged_and_shown_as_check_mix_would(rows, policy):
    verdicts = row_verdicts(rows, policy)
    assert len(verdicts) == len(rows)
    for hours, verdict in zip(rows, verdicts, strict=True):
        full = check_mix(hours, PER_BUCKET, policy, BUCKET_NAMES)
        assert as_shown(verdict) == as_shown(full), hours
        assert [f.hours for f in verdict.buckets] == [hours[b] for b in BUCKETS]
        assert verdict.total_hours == full.total_hours


def test_a_share_at_the_tolerance_edge_is_not_rounded_into_the_mix():
    # 80.04 % experiential is outside 70 ± 10: shown as 80.1, as the rule's message says it.
    hours = {"experiential": Decimal(2001), "social": Decimal("399.5"), "formal": Decimal("99.5")}
    [verdict] = row_verdicts([hours], seeded_policy())
    assert not verdict.ok and verdict.buckets[0].shown_share == "80.1"
    assert as_shown(verdict) == as_shown(check_mix(hours, PER_BUCKET, seeded_policy(), BUCKET_NAMES))


def counted(person) -> tuple[int, int]:
    """waiting_for's revisions as (first level: the owner reports to a decider, the others)."""
    found = plans.db.session.scalars(plan_queue.waiting_for(person)).all()
    assert len(found) == plans.db.session.scalar(
        select(func.count()).select_from(plan_queue.waiting_for(person).order_by(None).subquery()))
    first = sum(r.plan.person.supervisor_id in supervised_ids(person) for r in found)
    return first, len(found) - first


def counts(person) -> tuple[int, int]:
    assert plan_queue.waiting_count(person) == sum(plan_queue.waiting_counts(person))
    return plan_queue.waiting_counts(person)


def test_the_count_of_plans_waiting_is_what_waiting_for_finds(world, db):
    learner, peer, supervisor, director = world["learner"], world["peer"], world["supervisor"], world["director"]
    people = [learner, peer, supervisor, director, world["other_supervisor"]]
    assert [counts(p) for p in people] == [counted(p) for p in people] == [(0, 0)] * 5

    two_groups = submitted_plan(learner, groups=("service", "academic"))  # needs the second level too
    submitted_plan(peer)
    assert [counts(p) for p in people] == [counted(p) for p in people] == [(0, 0)] * 2 + [(2, 0)] + [(0, 0)] * 2

    plans.agree(two_groups.current, supervisor, plans.latest_submission(two_groups.current).id)
    db.session.flush()
    assert [counts(p) for p in people] == [counted(p) for p in people] == [(0, 0), (0, 0), (1, 0), (0, 1), (0, 0)]

    # An acting supervisor decides for the principal's reports; an inactive owner waits for nobody.
    today = today_in_bangkok()
    delegate(supervisor, world["other_supervisor"], today, today + timedelta(days=7))
    assert counts(world["other_supervisor"]) == counted(world["other_supervisor"]) == (1, 0)
    peer.is_active = False
    newcomer = factories.person(world["division"], supervisor)
    submitted_plan(newcomer)
    db.session.flush()
    assert [counts(p) for p in people] == [counted(p) for p in people] == [(0, 0), (0, 0), (1, 0), (0, 1), (1, 0)]
