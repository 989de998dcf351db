"""The per-person work behind section 1 (coverage.py): grouped statements over the per-person
sums and the agreed plans, for any grouping of people (`keyed`: person_id, key,
organisation_id), the rules judged in SQL (verdicts.py), so that only counts per key leave the
database, never a row per person.

Hours are whole hundredths of an hour: SQL rounds each person's sum once (exact on SQLite,
which adds NUMERIC columns as floating point), and the rules' proportions are then compared in
integers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import Integer, and_, bindparam, case, cast, exists, func, literal, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql import Subquery

from ..core.dates import fiscal_year_bounds
from ..development.mix import counted_only_verified, counted_statuses
from ..development.models import DevelopmentPlan, PlanItem, PlanRevision
from ..extensions import db
from ..records.models import PersonYearHours, PersonYearTotals
from ..reference.models import LearningMethod, Phase, SkillSet
from ..reference.services import policy_for
from ..rules import BUCKETS, CURRENT, FUTURE, Policy, PolicyError
from .filters import ReportFilters, agency_phase_of_units
from .verdicts import horizon_ok_sql, mix_ok_sql


@dataclass
class KeyCounts:
    """What section 1 counts for one group of people; hours in hundredths of an hour."""

    in_scope: int = 0
    with_agreed_plan: int = 0
    meeting_mix: int = 0
    foundation_covered: int = 0
    meeting_horizon: int = 0
    hours: Counter = field(default_factory=Counter)  # counted hundredths -> people (0: none counted)
    months: list[int] = field(default_factory=lambda: [0] * 12)  # counted hundredths, January first


def merged(parts: Iterable[KeyCounts]) -> KeyCounts:
    """The counts of several groups of people as one (groups that share nobody)."""
    total = KeyCounts()
    for part in parts:
        total.in_scope += part.in_scope
        total.with_agreed_plan += part.with_agreed_plan
        total.meeting_mix += part.meeting_mix
        total.foundation_covered += part.foundation_covered
        total.meeting_horizon += part.meeting_horizon
        total.hours.update(part.hours)
        total.months = [a + b for a, b in zip(total.months, part.months, strict=True)]
    return total


@dataclass(frozen=True)
class CountsByKey:
    counts: dict[Hashable, KeyCounts]
    judged: bool  # False for a year before any policy: R2 and R3 cannot be judged
    has_months: bool  # the months were summed (not under a skill-set filter: the months keep no skill set)


def counts_by_key(people: Subquery, filters: ReportFilters) -> CountsByKey:
    """Section 1's counts for each key of `people` (a subquery: person_id, key, organisation_id),
    in two grouped statements whatever the number of keys or people: the rules are judged in
    SQL (verdicts.py, tested against lms.rules), so only counts come back, not people.

    The first groups the people by key, counted hours, R2 and R4 verdicts: the hours arrive as
    a histogram per key (medians and bands need no more), a few thousand rows for an agency.
    The second counts the agreed plans and those meeting R3."""
    fiscal_year = filters.fiscal_year
    try:
        policy = policy_for(fiscal_year_bounds(fiscal_year)[0])
    except PolicyError:
        policy = None
    person = person_hours_subquery(people, filters)
    buckets = [person.c[bucket] for bucket in BUCKETS]
    mix = case((mix_ok_sql(*buckets, policy), 1), else_=0) if policy else literal(0)
    grouping = (person.c.key, buckets[0] + buckets[1] + buckets[2], mix, person.c.foundation)
    # The trend's months ride along (section 4): no pass of their own over the people.
    months = [hundredths(func.sum(person.c[f"month_{month}"])) for month in range(1, 13)
              if f"month_{month}" in person.c]
    counts: dict[Hashable, KeyCounts] = defaultdict(KeyCounts)
    # Core execution (the session's connection, same transaction): plain rows, no ORM step.
    for key, amount, meets_mix, covers_foundation, number, *by_month in db.session.connection().execute(
            select(*grouping, func.count(), *months).group_by(*grouping)):
        found = counts[key]
        found.in_scope += number
        found.hours[amount] += number
        found.meeting_mix += number * meets_mix
        found.foundation_covered += number * covers_foundation
        if by_month:
            found.months = [a + b for a, b in zip(found.months, by_month, strict=True)]
    for key, with_plan, meeting in _agreed_plans(people, fiscal_year, policy):
        counts[key].with_agreed_plan, counts[key].meeting_horizon = with_plan, meeting
    return CountsByKey(counts, policy is not None, bool(months))


def counted_hours(sums=PersonYearHours):
    """The counted part of a sums row (PersonYearHours or PersonMonthHours): verified hours,
    and pending ones unless only verified records count (development.mix.counted_statuses;
    returned hours are in neither column)."""
    if "pending" in counted_statuses(counted_only_verified()):
        return sums.verified_hours + sums.pending_hours
    return sums.verified_hours


def hundredths(amount):
    """A sum of hours as a whole number of hundredths (0 for none)."""
    return cast(func.round(func.coalesce(amount, 0) * 100), Integer)


def hours_of(hundredths_of_hours: int) -> Decimal:
    """Hundredths of an hour as hours, a Decimal of two places."""
    return Decimal(hundredths_of_hours).scaleb(-2)


def person_hours_subquery(people: Subquery, filters: ReportFilters) -> Subquery:
    """One row per person of `people`: key, person_id, the counted hundredths of each bucket
    (experiential, social, formal; all skill sets, or the filter's one; 0 without sums) and
    foundation (1 when every foundation skill set has counted hours: R4, else 0). Without a
    skill-set filter from each person's one totals row of the year, with the counted hours of
    each calendar month (month_1 … month_12); with one, from their sums rows of that skill set
    and of the foundation sets, without months."""
    foundation_ids = list(db.session.scalars(select(SkillSet.id).where(SkillSet.is_foundation)))
    if filters.skill_set_id is None:
        totals, pending = PersonYearTotals, "pending" in counted_statuses(counted_only_verified())
        buckets = [hundredths(getattr(totals, f"{bucket}_verified") + getattr(totals, f"{bucket}_pending")
                              if pending else getattr(totals, f"{bucket}_verified")) for bucket in BUCKETS]
        covered = totals.foundation_counted if pending else totals.foundation_verified
        foundation = case((covered == len(foundation_ids), 1), else_=0) if foundation_ids else literal(0)
        # the months as stored (hours), rounded to hundredths only once summed per group below
        months = [(getattr(totals, f"month_{month}_verified") + getattr(totals, f"month_{month}_pending")
                   if pending else getattr(totals, f"month_{month}_verified")).label(f"month_{month}")
                  for month in range(1, 13)]
        return select(people.c.key, people.c.person_id, *_labelled(buckets), foundation.label("foundation"), *months) \
            .outerjoin(totals, and_(totals.person_id == people.c.person_id,
                                    totals.fiscal_year == filters.fiscal_year)).subquery("person_hours")
    hours_key = filters.skill_set_id
    methods = dict(db.session.execute(select(LearningMethod.id, LearningMethod.bucket)).all())
    sums, counted = PersonYearHours, counted_hours()
    buckets = [hundredths(func.sum(case((and_(sums.skill_set_key == hours_key, sums.learning_method_id.in_(
        [method for method, its in methods.items() if its == bucket])), counted), else_=0)))
        for bucket in BUCKETS]
    # 1 for each foundation set with counted hours, added up (no COUNT(DISTINCT): it sorts)
    sets_covered = sum((func.max(case((and_(sums.skill_set_key == skill_set_id, counted > 0), 1), else_=0))
                        for skill_set_id in foundation_ids), literal(0))
    foundation = case((sets_covered == len(foundation_ids), 1), else_=0) if foundation_ids else literal(0)
    return select(people.c.key, people.c.person_id, *_labelled(buckets), foundation.label("foundation")) \
        .outerjoin(sums, and_(sums.person_id == people.c.person_id, sums.fiscal_year == filters.fiscal_year,
                              sums.skill_set_key.in_([hours_key, *foundation_ids]))) \
        .group_by(people.c.key, people.c.person_id).subquery("person_hours")


def _labelled(buckets: list) -> list:
    return [amount.label(bucket) for amount, bucket in zip(buckets, BUCKETS, strict=True)]


def _agreed_plans(people: Subquery, fiscal_year: int, policy: Policy | None) -> list[tuple]:
    """(key, people with an agreed plan for the year, those of them whose plan meets R3) for each
    key: the newest agreed revision's items' planned hours judged in SQL as the plan page judges
    them (verdicts.horizon_ok_sql, the agency's phase deciding whether there is a future); no
    policy that year, none meeting R3."""
    # The newest agreed revision: agreed, and no later one agreed (NOT EXISTS, which PostgreSQL
    # turns into an anti-join; a correlated max() would run once per plan).
    later = aliased(PlanRevision)
    newest_agreed = and_(PlanRevision.status == "agreed", ~exists().where(
        later.plan_id == PlanRevision.plan_id, later.status == "agreed", later.number > PlanRevision.number))
    planned = [hundredths(func.sum(case((PlanItem.horizon == side, PlanItem.planned_hours), else_=0))).label(side)
               for side in (CURRENT, FUTURE)]
    plans = (select(people.c.key, people.c.organisation_id, *planned)
             .join(DevelopmentPlan, and_(DevelopmentPlan.person_id == people.c.person_id,
                                         DevelopmentPlan.fiscal_year == fiscal_year))
             .join(PlanRevision, and_(PlanRevision.plan_id == DevelopmentPlan.id, newest_agreed))
             .outerjoin(PlanItem, PlanItem.revision_id == PlanRevision.id)
             .group_by(people.c.key, people.c.person_id, people.c.organisation_id)).subquery("planned")
    meeting = literal(0)
    if policy is not None:
        no_future = bindparam("units_without_a_future", _units_without_a_future(), expanding=True,
                              literal_execute=True)
        meets = horizon_ok_sql(plans.c[CURRENT], plans.c[FUTURE], plans.c.organisation_id.not_in(no_future), policy)
        meeting = func.sum(case((meets, 1), else_=0))
    return db.session.execute(select(plans.c.key, func.count(), meeting).group_by(plans.c.key)).all()


def _units_without_a_future() -> list[int]:
    """The units whose agency's phase is the last one (R6: no next phase, so every hour counts
    as current); a unit whose agency has set no phase has a future, as the plan page says."""
    positions = dict(db.session.execute(select(Phase.id, Phase.position)).all())
    if not positions:
        return []
    last = max(positions.values())
    return [org_id for org_id, phase_id in agency_phase_of_units().items()
            if phase_id is not None and positions[phase_id] == last]
