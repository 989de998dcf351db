"""Learning hours summed in SQL, ready for the R2 70:20:10 rule (lms.rules.check_mix).

Every function takes a period as two dates, both included (a fiscal year is
`fiscal_year_bounds(2569)`), and `verified_only`: True counts only records a
supervisor verified, False counts pending ones too; returned records never count.
Callers that follow the site's setting pass `counted_only_verified()`.

`people` arguments take either a list of person ids or a SQL select of person ids
(``select(Person.id).where(...)``): a select keeps a whole unit's ids inside the
database instead of sending thousands of parameters.

Sums are Decimals with two places (the column's scale) on SQLite and PostgreSQL
alike; a person or key with no counted hours is absent from the result rather
than present with zero, except where a function says otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from flask import current_app
from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.sql import Subquery

from ..core.dates import fiscal_year_bounds
from ..extensions import db
from ..records.models import LearningRecord, record_skill_sets
from ..reference.models import LearningMethod, SkillSet
from ..reference.services import bucket_names, policy_for
from ..rules import BUCKETS, MixVerdict, check_mix, mix_failing, mix_outcomes

People = Iterable[int] | Select

# check_mix maps each method to its bucket; sums already made per bucket map to themselves.
BUCKET_OF_BUCKET = {bucket: bucket for bucket in BUCKETS}
ZERO = Decimal("0.00")


def counted_only_verified() -> bool:
    """The site's setting: whether only verified records count toward the mix."""
    return bool(current_app.config["COUNT_ONLY_VERIFIED_RECORDS"])


def counted_statuses(verified_only: bool) -> tuple[str, ...]:
    """The record statuses that count: verified, and pending too unless verified_only."""
    return ("verified",) if verified_only else ("verified", "pending")


def _in_period(start: date, end: date) -> list:
    return [LearningRecord.occurred_on >= start, LearningRecord.occurred_on <= end]


def _counted_hours(verified_only: bool, *also):
    """A record's hours when it counts (and meets `also`), else 0: for SUM().

    The status test sits inside the sum rather than in WHERE on purpose: SQLite without
    table statistics would otherwise pick the one-column status index and read every
    verified record of the site instead of one person's year (see docs/performance.md).
    """
    counts = LearningRecord.status.in_(counted_statuses(verified_only))
    return case((and_(counts, *also), LearningRecord.hours), else_=ZERO)


def _of_people(people: People):
    if isinstance(people, Select):
        return LearningRecord.person_id.in_(people.scalar_subquery())
    return LearningRecord.person_id.in_(list(people))


def bucket_of_methods() -> dict[str, str]:
    """Each learning method's slug and its 70:20:10 bucket (reference data)."""
    return dict(db.session.execute(select(LearningMethod.slug, LearningMethod.bucket)).all())


def hours_by_method(person_id: int, start: date, end: date, *, verified_only: bool) -> dict[str, Decimal]:
    """One person's counted hours per learning-method slug in a period: what check_mix takes."""
    hours = func.sum(_counted_hours(verified_only))
    rows = db.session.execute(
        select(LearningMethod.slug, hours)
        .join(LearningMethod, LearningMethod.id == LearningRecord.learning_method_id)
        .where(LearningRecord.person_id == person_id, *_in_period(start, end))
        .group_by(LearningMethod.slug).having(hours > 0)
    )
    return dict(rows.all())


def hours_by_method_for_people(people: People, start: date, end: date, *,
                               verified_only: bool) -> dict[int, dict[str, Decimal]]:
    """Counted hours per person and learning-method slug, in one grouped query.

    People with no counted hours in the period are absent.
    """
    hours = func.sum(_counted_hours(verified_only))
    rows = db.session.execute(
        select(LearningRecord.person_id, LearningMethod.slug, hours)
        .join(LearningMethod, LearningMethod.id == LearningRecord.learning_method_id)
        .where(_of_people(people), *_in_period(start, end))
        .group_by(LearningRecord.person_id, LearningMethod.slug).having(hours > 0)
    )
    result: dict[int, dict[str, Decimal]] = {}
    for person_id, slug, hours in rows:
        result.setdefault(person_id, {})[slug] = hours
    return result


def bucket_hours_subquery(people: People, start: date, end: date, *, verified_only: bool) -> Subquery:
    """A grouped subquery, one row per person with counted hours: columns person_id,
    experiential, social, formal and total (Decimals, 0 for an empty bucket).

    For composing into a larger statement (the supervisor table joins it and sorts on it).
    """
    columns = [func.sum(_counted_hours(verified_only, LearningMethod.bucket == bucket)).label(bucket)
               for bucket in BUCKETS]
    total = func.sum(_counted_hours(verified_only))
    return (
        select(LearningRecord.person_id, *columns, total.label("total"))
        .join(LearningMethod, LearningMethod.id == LearningRecord.learning_method_id)
        .where(_of_people(people), *_in_period(start, end))
        .group_by(LearningRecord.person_id).having(total > 0)
        .subquery("bucket_hours")
    )


def hours_by_bucket_for_people(people: People, start: date, end: date, *,
                               verified_only: bool) -> dict[int, dict[str, Decimal]]:
    """Counted hours per person and bucket ("experiential", "social", "formal"), in one
    grouped query. Every bucket is present for a person who has any hours; people with
    none are absent. Judge a row with `verdict_from_bucket_hours`."""
    sub = bucket_hours_subquery(people, start, end, verified_only=verified_only)
    rows = db.session.execute(select(sub.c.person_id, *(sub.c[bucket] for bucket in BUCKETS)))
    return {row[0]: dict(zip(BUCKETS, row[1:], strict=True)) for row in rows}


def hours_by_skill_set(person_id: int, start: date, end: date, *,
                       verified_only: bool) -> dict[str | None, Decimal]:
    """One person's counted hours per skill-set slug; None holds the hours of records
    tagged with no skill set. A record tagged with two skill sets counts in both."""
    hours = func.sum(_counted_hours(verified_only))
    rows = db.session.execute(
        select(SkillSet.slug, hours)
        .select_from(LearningRecord)
        .outerjoin(record_skill_sets, record_skill_sets.c.record_id == LearningRecord.id)
        .outerjoin(SkillSet, SkillSet.id == record_skill_sets.c.skill_set_id)
        .where(LearningRecord.person_id == person_id, *_in_period(start, end))
        .group_by(SkillSet.slug).having(hours > 0)
    )
    return dict(rows.all())


def hours_by_skill_set_and_method(person_id: int, start: date, end: date, *,
                                  verified_only: bool) -> dict[tuple[str, str], Decimal]:
    """One person's counted hours per (skill-set slug, method slug), for plan progress.
    Records without a skill set are left out: no plan item can claim them."""
    hours = func.sum(_counted_hours(verified_only))
    rows = db.session.execute(
        select(SkillSet.slug, LearningMethod.slug, hours)
        .select_from(LearningRecord)
        .join(record_skill_sets, record_skill_sets.c.record_id == LearningRecord.id)
        .join(SkillSet, SkillSet.id == record_skill_sets.c.skill_set_id)
        .join(LearningMethod, LearningMethod.id == LearningRecord.learning_method_id)
        .where(LearningRecord.person_id == person_id, *_in_period(start, end))
        .group_by(SkillSet.slug, LearningMethod.slug).having(hours > 0)
    )
    return {(skill_set, method): hours for skill_set, method, hours in rows}


def verdict_from_bucket_hours(hours: dict[str, Decimal] | None, policy,
                              names: dict[str, tuple[str, str]]) -> MixVerdict:
    """R2 on sums already made per bucket (the rule's verdict depends on nothing else);
    `names` are the buckets' names (reference.services.bucket_names, read once per page)."""
    return check_mix(hours or {}, BUCKET_OF_BUCKET, policy, names)


def mix_verdict(person, fiscal_year: int, *, verified_only: bool | None = None) -> MixVerdict:
    """R2 for one person over a fiscal year (Buddhist Era), judged by the policy in force
    on the year's first day. `verified_only` defaults to the site's setting.
    Raises PolicyError for a year before any policy took effect."""
    start, end = fiscal_year_bounds(fiscal_year)
    if verified_only is None:
        verified_only = counted_only_verified()
    hours = hours_by_method(person.id, start, end, verified_only=verified_only)
    return check_mix(hours, bucket_of_methods(), policy_for(start), bucket_names())


def mix_verdicts_for_people(people: People, fiscal_year: int, *,
                            verified_only: bool | None = None) -> dict[int, MixVerdict]:
    """R2 for many people over a fiscal year, from one grouped query; people with nothing
    counted are absent (their verdict would be `empty`). For reminders and reports."""
    start, end = fiscal_year_bounds(fiscal_year)
    if verified_only is None:
        verified_only = counted_only_verified()
    policy = policy_for(start)
    sums = hours_by_bucket_for_people(people, start, end, verified_only=verified_only)
    names = bucket_names()
    return {person_id: verdict_from_bucket_hours(hours, policy, names) for person_id, hours in sums.items()}


def mix_failures_for_people(people: People, fiscal_year: int, *,
                            verified_only: bool | None = None) -> dict[int, dict[str, Decimal]]:
    """The people whose mix over a fiscal year is outside 70:20:10 (judged, not ok; people
    with nothing counted are not failing), with their counted hours per bucket.

    One grouped query, judged in one batch (lms.rules.mix_outcomes: check_mix's verdicts
    without building its messages); build a message with verdict_from_bucket_hours only
    for the people shown. `verified_only` defaults to the site's setting.
    """
    start, end = fiscal_year_bounds(fiscal_year)
    if verified_only is None:
        verified_only = counted_only_verified()
    policy = policy_for(start)
    sub = bucket_hours_subquery(people, start, end, verified_only=verified_only)
    rows = db.session.execute(select(sub.c.person_id, *(sub.c[bucket] for bucket in BUCKETS))).all()
    if not rows:
        return {}
    person_ids, experiential, social, formal = zip(*rows, strict=True)
    outcomes = mix_outcomes(experiential, social, formal, policy)
    return {
        person_ids[i]: {"experiential": experiential[i], "social": social[i], "formal": formal[i]}
        for i, outcome in enumerate(outcomes) if mix_failing(outcome)
    }
