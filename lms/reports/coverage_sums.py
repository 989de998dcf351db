"""The per-person work behind section 1 (coverage.py): grouped statements over the per-person
sums and the agreed plans, for any grouping of people (`keyed`: person_id, key,
organisation_id), judged in batches by the rules.

Hours travel as whole hundredths of an hour: SQL rounds each person's sum once (exact on
SQLite, which adds NUMERIC columns as floating point), and a hundred thousand rows of small
integers cost little to read, where Decimals would cost more than the statement.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import compress

from sqlalchemy import Integer, and_, case, cast, exists, func, literal, select
from sqlalchemy.sql import Subquery

from ..core.dates import fiscal_year_bounds
from ..development.mix import counted_only_verified, counted_statuses
from ..development.models import DevelopmentPlan, PlanItem, PlanRevision
from ..extensions import db
from ..records.models import PersonYearHours, PersonYearTotals
from ..reference.models import LearningMethod, Phase, SkillSet
from ..reference.services import policy_for
from ..rules import BUCKETS, CURRENT, FUTURE, Policy, PolicyError, check_current_future, mix_ok, mix_outcomes
from .filters import ReportFilters, agency_phase_of_units


@dataclass
class KeyCounts:
    """What section 1 counts for one group of people; hours in hundredths of an hour."""

    in_scope: int = 0
    with_agreed_plan: int = 0
    meeting_mix: int = 0
    foundation_covered: int = 0
    meeting_horizon: int = 0
    hours: list[int] = field(default_factory=list)  # each person with a sums row that year


def merged(parts: Iterable[KeyCounts]) -> KeyCounts:
    """The counts of several groups of people as one (groups that share nobody)."""
    total = KeyCounts()
    for part in parts:
        total.in_scope += part.in_scope
        total.with_agreed_plan += part.with_agreed_plan
        total.meeting_mix += part.meeting_mix
        total.foundation_covered += part.foundation_covered
        total.meeting_horizon += part.meeting_horizon
        total.hours.extend(part.hours)
    return total


@dataclass(frozen=True)
class CountsByKey:
    counts: dict[Hashable, KeyCounts]
    judged: bool  # False for a year before any policy: R2 and R3 cannot be judged


def counts_by_key(people: Subquery, filters: ReportFilters) -> CountsByKey:
    """Section 1's counts for each key of `people` (a subquery: person_id, key, organisation_id),
    in three statements whatever the number of keys."""
    fiscal_year = filters.fiscal_year
    counts: dict[Hashable, KeyCounts] = defaultdict(KeyCounts)
    agreed = case((_has_agreed_plan(people.c.person_id, fiscal_year), 1), else_=0)
    for key, number, with_plan in db.session.execute(
            select(people.c.key, func.count(), func.sum(agreed)).group_by(people.c.key)):
        counts[key].in_scope, counts[key].with_agreed_plan = number, with_plan or 0
    try:
        policy = policy_for(fiscal_year_bounds(fiscal_year)[0])
    except PolicyError:
        policy = None
    rows, foundation_sets = _person_hours(people, filters)
    keys, experiential, social, formal, foundation = zip(*rows, strict=True) if rows else ((),) * 5
    # Column by column, no per-row attribute updates: a hundred thousand rows each pass.
    hours_by_key: dict[Hashable, list[int]] = defaultdict(list)
    for key, amount in zip(keys, map(_added, experiential, social, formal), strict=True):
        hours_by_key[key].append(amount)
    for key, amounts in hours_by_key.items():
        counts[key].hours = amounts
    if foundation_sets:
        for key, number in Counter(compress(keys, (sets == foundation_sets for sets in foundation))).items():
            counts[key].foundation_covered = number
    if policy is not None:
        # The verdicts depend only on the buckets' proportions: hundredths of an hour judged as
        # hours give the rule's own verdicts.
        outcomes = mix_outcomes(experiential, social, formal, policy)
        for key, number in Counter(compress(keys, map(mix_ok, outcomes))).items():
            counts[key].meeting_mix = number
        for key, number in _meeting_horizon(people, fiscal_year, policy).items():
            counts[key].meeting_horizon = number
    return CountsByKey(counts, policy is not None)


def _added(experiential: int, social: int, formal: int) -> int:
    return experiential + social + formal


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


def _has_agreed_plan(person_id, fiscal_year: int):
    """The person has a plan for the year with an agreed revision (one in force)."""
    return exists().where(DevelopmentPlan.person_id == person_id, DevelopmentPlan.fiscal_year == fiscal_year,
                          PlanRevision.plan_id == DevelopmentPlan.id, PlanRevision.status == "agreed")


def _person_hours(people: Subquery, filters: ReportFilters) -> tuple[list[tuple], int]:
    """For each person with a sums row that year: (key, experiential, social, formal, foundation
    sets), the counted hundredths of each bucket (all skill sets, or the filter's one) and how
    many foundation skill sets have counted hours (R4); and how many foundation sets there are.
    Without a skill-set filter one totals row per person; with one, a pass over the person's
    sums rows of that year."""
    foundation_ids = list(db.session.scalars(select(SkillSet.id).where(SkillSet.is_foundation)))
    if filters.skill_set_id is None:
        return _person_totals(people, filters.fiscal_year), len(foundation_ids)
    hours_key = filters.skill_set_id  # that skill set's rows (without a filter: the totals above)
    buckets = dict(db.session.execute(select(LearningMethod.id, LearningMethod.bucket)).all())
    sums, counted = PersonYearHours, counted_hours()
    columns = [
        hundredths(func.sum(case((and_(sums.skill_set_key == hours_key, sums.learning_method_id.in_(
            [method for method, its in buckets.items() if its == bucket])), counted), else_=0)))
        for bucket in BUCKETS]
    # 1 for each foundation set with counted hours, added up (no COUNT(DISTINCT): it sorts)
    foundation_sets = sum((func.max(case((and_(sums.skill_set_key == skill_set_id, counted > 0), 1), else_=0))
                           for skill_set_id in foundation_ids), literal(0))
    rows = db.session.connection().execute(  # Core execution, as _person_totals
        select(people.c.key, *columns, foundation_sets)
        .join(sums, sums.person_id == people.c.person_id)
        .where(sums.fiscal_year == filters.fiscal_year, sums.skill_set_key.in_([hours_key, *foundation_ids]))
        .group_by(people.c.key, people.c.person_id)).all()
    return rows, len(foundation_ids)


def _person_totals(people: Subquery, fiscal_year: int) -> list[tuple]:
    """_person_hours' rows without a skill-set filter, from each person's one totals row of the
    year (records.models.PersonYearTotals) instead of their several sums rows."""
    totals, pending = PersonYearTotals, "pending" in counted_statuses(counted_only_verified())
    buckets = [hundredths(getattr(totals, f"{bucket}_verified") + getattr(totals, f"{bucket}_pending") if pending
                          else getattr(totals, f"{bucket}_verified")) for bucket in BUCKETS]
    foundation = totals.foundation_counted if pending else totals.foundation_verified
    # Core execution (the session's connection, same transaction): plain rows of integers,
    # without the ORM's per-row loading, for 100,000 people.
    return db.session.connection().execute(
        select(people.c.key, *buckets, foundation)
        .join(totals, and_(totals.person_id == people.c.person_id, totals.fiscal_year == fiscal_year))).all()


def _meeting_horizon(people: Subquery, fiscal_year: int, policy: Policy) -> Counter:
    """People per key whose agreed plan (its newest agreed revision) meets R3 on its items'
    planned hours, judged as the plan page judges it (lms.rules.check_current_future, the
    agency's phase deciding whether there is a future): once per distinct split, not per person."""
    newest_agreed = (select(func.max(PlanRevision.number))
                     .where(PlanRevision.plan_id == DevelopmentPlan.id, PlanRevision.status == "agreed")
                     .correlate(DevelopmentPlan).scalar_subquery())
    planned = [hundredths(func.sum(case((PlanItem.horizon == side, PlanItem.planned_hours), else_=0)))
               for side in (CURRENT, FUTURE)]
    rows = db.session.execute(
        select(people.c.key, people.c.organisation_id, *planned)
        .join(DevelopmentPlan, and_(DevelopmentPlan.person_id == people.c.person_id,
                                    DevelopmentPlan.fiscal_year == fiscal_year))
        .join(PlanRevision, and_(PlanRevision.plan_id == DevelopmentPlan.id, PlanRevision.number == newest_agreed))
        .join(PlanItem, PlanItem.revision_id == PlanRevision.id)
        .group_by(people.c.key, people.c.person_id, people.c.organisation_id)).all()
    meeting: Counter = Counter()
    if not rows:
        return meeting
    has_future = _units_with_a_future()
    verdicts: dict[tuple, bool] = {}
    for key, org_id, current, future in rows:
        split = (current, future, has_future(org_id))
        ok = verdicts.get(split)
        if ok is None:
            ok = verdicts[split] = check_current_future(
                [(CURRENT, hours_of(current)), (FUTURE, hours_of(future))], policy, split[2]).ok
        meeting[key] += ok
    return meeting


def _units_with_a_future():
    """unit id -> whether its agency's phase has a next one (R6; no phase set: it has, as the
    plan page says)."""
    positions = dict(db.session.execute(select(Phase.id, Phase.position)).all())
    last = max(positions.values(), default=None)
    phase_of = agency_phase_of_units()
    return lambda org_id: phase_of.get(org_id) is None or positions[phase_of[org_id]] != last
