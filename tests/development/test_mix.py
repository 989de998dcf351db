"""Hours summed in SQL for the 70:20:10 mix: statuses, fiscal-year edges, many people at once."""

import itertools
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import event, select

from lms.accounts.models import Person
from lms.development import mix
from lms.records.services import record_learning
from lms.reference.models import LearningMethod, SkillSet
from lms.rules import PolicyError
from tests import factories

FY_2569 = (date(2025, 10, 1), date(2026, 9, 30))
_keys = itertools.count(1)


def add_record(person, method: str, hours, on: date, status: str = "verified", skill_sets=(),
               source: str = "log"):
    """A learning record written through the real service (hours checked by the rules)."""
    from lms.extensions import db

    method_row = db.session.scalar(select(LearningMethod).where(LearningMethod.slug == method))
    tags = db.session.scalars(select(SkillSet).where(SkillSet.slug.in_(skill_sets))).all()
    record, _ = record_learning(person, method=method_row, hours=Decimal(str(hours)), occurred_on=on,
                                title=f"{method} {on}", source=source, source_key=f"t{next(_keys)}",
                                skill_sets=tags, status=status)
    return record


@pytest.fixture
def learner(world):
    return world["learner"]


def test_only_verified_records_count_when_verified_only(learner):
    add_record(learner, "on-the-job", 7, date(2025, 11, 3))
    add_record(learner, "coaching", "2.5", date(2025, 11, 4), status="pending")
    add_record(learner, "training", 5, date(2025, 11, 5), status="returned")

    assert mix.hours_by_method(learner.id, *FY_2569, verified_only=True) == {"on-the-job": Decimal("7")}
    assert mix.hours_by_method(learner.id, *FY_2569, verified_only=False) == {
        "on-the-job": Decimal("7"), "coaching": Decimal("2.5")}  # returned never counts


def test_fiscal_year_edges_30_september_and_1_october(learner):
    add_record(learner, "self-learning", 3, date(2025, 9, 30))  # last day of FY 2568
    add_record(learner, "self-learning", 4, date(2025, 10, 1))  # first day of FY 2569
    add_record(learner, "self-learning", 5, date(2026, 9, 30))  # last day of FY 2569
    add_record(learner, "self-learning", 6, date(2026, 10, 1))  # FY 2570

    assert mix.mix_verdict(learner, 2568).total_hours == 3
    assert mix.mix_verdict(learner, 2569).total_hours == 9
    assert mix.mix_verdict(learner, 2570).total_hours == 6


def test_mix_verdict_follows_the_site_setting(app, learner):
    add_record(learner, "on-the-job", 7, date(2025, 11, 3))
    add_record(learner, "learning-from-others", 2, date(2025, 11, 4), status="pending")
    add_record(learner, "training", 1, date(2025, 11, 5))

    verdict = mix.mix_verdict(learner, 2569)
    assert verdict.total_hours == 8 and verdict.bucket("social").hours == 0
    app.config["COUNT_ONLY_VERIFIED_RECORDS"] = False
    try:
        verdict = mix.mix_verdict(learner, 2569)
    finally:
        app.config["COUNT_ONLY_VERIFIED_RECORDS"] = True
    assert verdict.ok and verdict.total_hours == 10
    assert [f.share for f in verdict.buckets] == [70, 20, 10]


def test_nothing_recorded_gives_the_empty_verdict(learner):
    verdict = mix.mix_verdict(learner, 2569)
    assert verdict.empty and not verdict.ok and verdict.total_hours == 0


def test_a_year_before_any_policy_is_refused(learner):
    with pytest.raises(PolicyError):
        mix.mix_verdict(learner, 2550)


def test_buckets_for_many_people_in_one_statement(db, world):
    people = [factories.person(world["division"], world["supervisor"]) for _ in range(12)]
    for i, person in enumerate(people):
        add_record(person, "on-the-job", i + 1, date(2025, 12, 1))
        add_record(person, "coaching", "0.25", date(2025, 12, 2))
        add_record(person, "training", 1, date(2025, 12, 3), status="pending")
    quiet = factories.person(world["division"], world["supervisor"])

    executed = []
    connection = db.session.connection()
    listen = lambda *args: executed.append(args[2])  # noqa: E731
    event.listen(connection, "before_cursor_execute", listen)
    try:
        sums = mix.hours_by_bucket_for_people([p.id for p in [*people, quiet]], *FY_2569, verified_only=True)
    finally:
        event.remove(connection, "before_cursor_execute", listen)

    assert len(executed) == 1
    assert quiet.id not in sums
    assert sums[people[4].id] == {"experiential": Decimal("5"), "social": Decimal("0.25"), "formal": Decimal("0")}
    with_pending = mix.hours_by_bucket_for_people([people[0].id], *FY_2569, verified_only=False)
    assert with_pending[people[0].id]["formal"] == 1


def test_people_may_be_given_as_a_select(world):
    add_record(world["learner"], "self-learning", 2, date(2026, 1, 5))
    add_record(world["peer"], "training", 3, date(2026, 1, 5))
    add_record(world["other_learner"], "training", 9, date(2026, 1, 5))
    team = select(Person.id).where(Person.supervisor_id == world["supervisor"].id)

    by_method = mix.hours_by_method_for_people(team, *FY_2569, verified_only=True)
    assert by_method == {world["learner"].id: {"self-learning": Decimal("2")},
                         world["peer"].id: {"training": Decimal("3")}}
    verdicts = mix.mix_verdicts_for_people(team, 2569)
    assert set(verdicts) == {world["learner"].id, world["peer"].id}
    assert verdicts[world["peer"].id].bucket("formal").share == 100


def test_hours_per_skill_set_count_a_record_in_each_of_its_skill_sets(learner):
    add_record(learner, "on-the-job", 4, date(2026, 2, 1), skill_sets=["digital-literacy", "digital-technology"])
    add_record(learner, "training", 3, date(2026, 2, 2), skill_sets=["digital-literacy"])
    add_record(learner, "self-learning", 2, date(2026, 2, 3))
    add_record(learner, "self-learning", 8, date(2026, 2, 4), status="pending", skill_sets=["digital-governance"])

    assert mix.hours_by_skill_set(learner.id, *FY_2569, verified_only=True) == {
        "digital-literacy": Decimal("7"), "digital-technology": Decimal("4"), None: Decimal("2")}
    assert mix.hours_by_skill_set_and_method(learner.id, *FY_2569, verified_only=True) == {
        ("digital-literacy", "on-the-job"): Decimal("4"), ("digital-technology", "on-the-job"): Decimal("4"),
        ("digital-literacy", "training"): Decimal("3")}


def test_decimal_sums_are_exact(learner):
    for day in range(1, 11):
        add_record(learner, "self-learning", "0.1", date(2026, 3, day))
    add_record(learner, "coaching", "0.33", date(2026, 3, 11))
    assert mix.hours_by_method(learner.id, *FY_2569, verified_only=True) == {
        "self-learning": Decimal("1.0"), "coaching": Decimal("0.33")}


def test_failures_are_the_judged_people_outside_the_mix_with_their_hours(db, world):
    def person_with(*records):
        person = factories.person(world["division"], world["supervisor"])
        for method, hours, status in records:
            add_record(person, method, hours, date(2026, 4, 1), status=status)
        return person

    on_target = person_with(("on-the-job", 7, "verified"), ("coaching", 2, "verified"), ("training", 1, "verified"))
    only_training = person_with(("training", "3.5", "verified"))
    # 80.25 : 19.75 : 0 in quarter hours: judged like check_mix, not in half-hours.
    quarters = person_with(("on-the-job", "3.21", "verified"), ("coaching", "0.79", "verified"))
    off_until_pending = person_with(("on-the-job", 7, "verified"), ("coaching", 2, "pending"),
                                    ("training", 1, "verified"))
    nothing_counted = person_with(("training", 4, "returned"))
    team = select(Person.id).where(Person.supervisor_id == world["supervisor"].id)

    executed = []
    connection = db.session.connection()
    listen = lambda *args: executed.append(args[2])  # noqa: E731
    event.listen(connection, "before_cursor_execute", listen)
    try:
        failures = mix.mix_failures_for_people(team, 2569, verified_only=True)
    finally:
        event.remove(connection, "before_cursor_execute", listen)

    assert len(executed) <= 2  # the grouped query (and the policy, unless cached)
    assert failures == {
        only_training.id: {"experiential": Decimal("0"), "social": Decimal("0"), "formal": Decimal("3.5")},
        quarters.id: {"experiential": Decimal("3.21"), "social": Decimal("0.79"), "formal": Decimal("0")},
        off_until_pending.id: {"experiential": Decimal("7"), "social": Decimal("0"), "formal": Decimal("1")},
    }
    assert on_target.id not in failures and nothing_counted.id not in failures
    with_pending = mix.mix_failures_for_people(team, 2569, verified_only=False)
    assert off_until_pending.id not in with_pending and only_training.id in with_pending


def test_failures_agree_with_the_verdicts_of_each_person(world):
    people = [factories.person(world["division"], world["supervisor"]) for _ in range(6)]
    for i, person in enumerate(people):
        add_record(person, "self-learning", 10 - i, date(2026, 5, 1))
        add_record(person, "learning-from-others", "1.5" if i % 2 else "0.25", date(2026, 5, 2))
        add_record(person, "training", i * 0.5, date(2026, 5, 3))
    ids = [person.id for person in people]

    verdicts = mix.mix_verdicts_for_people(ids, 2569)
    failures = mix.mix_failures_for_people(ids, 2569)
    assert set(failures) == {pid for pid, verdict in verdicts.items() if not verdict.ok and not verdict.empty}
    assert set(failures) == set(ids) - {people[3].id}  # 7 : 1.5 : 1.5 is within; the rest are not
    assert mix.mix_failures_for_people([], 2569) == {}
