"""The 70:20:10 dashboards: what a learner and a supervisor see, gathered in few queries.

Read-only services: sums come from `mix` (SQL aggregates), verdicts from the rules.
The learner dashboard runs four statements at most whatever the number of records; the
supervisor table runs one statement for a page of people and the team's totals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from sqlalchemy import Date, Float, and_, bindparam, case, cast, func, literal, select
from sqlalchemy.orm import aliased

from ..accounts.models import Person
from ..assessment.certificates.queries import certified_skill_set_slugs
from ..core.dates import fiscal_year_bounds, fiscal_year_of, today_in_bangkok
from ..core.pagination import CountedPage
from ..extensions import db
from ..records.models import LearningRecord
from ..reference.cache import SkillSetRef, reference_data
from ..reference.services import first_policy_effective_on, policy_for
from ..rules import BUCKETS, BucketFigures, MixVerdict, Policy, check_foundation, check_mix
from ..rules.formatting import format_hours_up
from . import dashboard_sums as sums
from . import dashboard_waiting as waiting
from . import mix
from .dashboard_chart import ChartSegment, stacked_segments  # noqa: F401  (re-exported)
from .dashboard_plan import PlanProgress, plan_progress, plan_progress_from  # noqa: F401  (plan_progress: re-exported)
from .dashboard_verdicts import RowVerdict, row_verdicts
from .models import DevelopmentPlan, PlanRevision
from .plan_queue import waiting_count

# Plan states from least to most advanced: the order of the supervisor table's "plan" sort.
PLAN_STATE_ORDER = ("none", "draft", "returned", "submitted", "agreed")
TEAM_SORTS = ("name", "experiential", "social", "formal", "plan", "pending", "last")


def share_text(figures: BucketFigures) -> str:
    """A bucket's share as the rule shows it ("80.1"), or "—" when nothing is recorded."""
    return "—" if figures.shown_share is None else figures.shown_share


def add_hours_text(figures: BucketFigures) -> str:
    """R2's fix for a bucket that fails it, rounded up to the next half hour as the rule's
    message says it; "0" for a bucket within tolerance (its share already meets the rule,
    even when the exact mix would need a few more hours there) or with nothing to add."""
    if figures.within_tolerance or figures.share is None or figures.add_hours <= 0:
        return "0"
    return format_hours_up(figures.add_hours)


def valid_fiscal_years(today: date) -> list[int]:
    """The fiscal years a dashboard offers, newest first: from the year the first policy
    took effect (nothing can be judged before it) to the current one."""
    first = first_policy_effective_on()
    current = fiscal_year_of(today)
    oldest = min(fiscal_year_of(first), current) if first else current
    return list(range(current, oldest - 1, -1))


def policy_for_year(fiscal_year: int) -> Policy:
    """The policy a fiscal year is judged by: the one in force on its first day."""
    return policy_for(fiscal_year_bounds(fiscal_year)[0])


def _pending_entries(record=LearningRecord):
    """How many of the selected records await verification (0 when none).

    Counted with a CASE rather than WHERE status = 'pending' for the reason given in
    mix._counted_hours: the person's own index must drive the query, not the status index.
    """
    return func.coalesce(func.sum(case((record.status == "pending", 1), else_=0)), 0)


def _pending_of_person():
    """Correlated subquery: the pending entries of the Person row of the enclosing query."""
    record = aliased(LearningRecord)
    return (select(_pending_entries(record)).where(record.person_id == Person.id)
            .correlate(Person).scalar_subquery())


def year_mix_verdict(person: Person, fiscal_year: int) -> MixVerdict:
    """R2 for one person over a fiscal year, as mix.mix_verdict judges it (the site's counting
    setting, the policy in force on the year's first day) but on the dashboard's prebuilt sums
    and the cached reference data: one statement. Raises PolicyError as mix_verdict does."""
    start, end = fiscal_year_bounds(fiscal_year)
    policy = policy_for_year(fiscal_year)
    reference = reference_data()
    counted = mix.counted_statuses(mix.counted_only_verified())
    by_method = sums.method_sums(person.id, start, end, counted)
    hours = {reference.methods_by_id[m].slug: h for m, h in by_method.counted.items()}
    return check_mix(hours, reference.bucket_of_methods, policy, reference.bucket_names)


# ---------------------------------------------------------------- learner dashboard


@dataclass(frozen=True)
class SkillSetHours:
    skill_set: SkillSetRef
    hours: Decimal
    covered: bool  # for a foundation skill set: some counted hours in the period


@dataclass(frozen=True)
class LearnerDashboard:
    person: Person
    fiscal_year: int
    start: date
    end: date
    policy: Policy
    verified_only: bool
    verdict: MixVerdict
    skill_sets: tuple[SkillSetHours, ...]
    untagged_hours: Decimal
    foundation_missing: tuple[str, ...]  # slugs of foundation skill sets with no hours
    plan: PlanProgress | None
    pending_count: int  # entries awaiting a supervisor's verification (any date)
    pending_hours: Decimal  # their hours within the fiscal year
    # The mix once the pending hours are verified: only when they do not count yet.
    projected: MixVerdict | None
    returned: tuple[waiting.ReturnedEntry, ...]  # the newest returned entries (any date)
    returned_count: int

    @property
    def waiting_only(self) -> bool:
        """Nothing counts yet, but hours wait for verification: not "nothing recorded"."""
        return self.verdict.empty and self.pending_hours > 0


def learner_dashboard(person: Person, fiscal_year: int, *, verified_only: bool | None = None) -> LearnerDashboard:
    """Everything the learner dashboard shows for one person and fiscal year (Buddhist Era).

    Four statements at most over the person's records and plan; the reference data (policy,
    methods, skill sets, names) comes from the process's cache. Raises PolicyError for a
    year before any policy took effect.
    """
    start, end = fiscal_year_bounds(fiscal_year)
    if verified_only is None:
        verified_only = mix.counted_only_verified()
    policy = policy_for_year(fiscal_year)
    reference = reference_data()
    methods, names = reference.methods_by_id, reference.bucket_names
    counted = mix.counted_statuses(verified_only)

    by_method = sums.method_sums(person.id, start, end, counted)
    hours = {methods[m].slug: h for m, h in by_method.counted.items()}
    verdict = check_mix(hours, reference.bucket_of_methods, policy, names)
    projected = None
    if verified_only and by_method.pending:
        with_pending = dict(hours)
        for method_id, pending in by_method.pending.items():
            slug = methods[method_id].slug
            with_pending[slug] = with_pending.get(slug, Decimal(0)) + pending
        projected = check_mix(with_pending, reference.bucket_of_methods, policy, names)

    by_pair = sums.skill_set_method_sums(person.id, start, end, counted)
    by_skill_set: dict[int | None, Decimal] = {}
    for (skill_set_id, _method_id), amount in by_pair.items():
        by_skill_set[skill_set_id] = by_skill_set.get(skill_set_id, Decimal(0)) + amount
    foundation = {s.slug: (s.name_th, s.name_en) for s in reference.skill_sets if s.is_foundation}
    covered = [s.slug for s in reference.skill_sets if by_skill_set.get(s.id, 0) > 0]
    # R4 counts a current certified level as covering its set (on the year's last day, or today).
    certified = certified_skill_set_slugs(person, min(end, today_in_bangkok()))
    missing = check_foundation(covered, foundation, certified).missing
    rows = tuple(SkillSetHours(s, by_skill_set.get(s.id, Decimal(0)), s.slug not in missing)
                 for s in reference.skill_sets)

    returned = ()
    if by_method.returned_count:
        returned = tuple(waiting.ReturnedEntry(*row)
                         for row in sums.returned_rows(person.id, waiting.RETURNED_SHOWN))
    return LearnerDashboard(
        person=person, fiscal_year=fiscal_year, start=start, end=end, policy=policy,
        verified_only=verified_only, verdict=verdict, skill_sets=rows,
        untagged_hours=by_skill_set.get(None, Decimal(0)), foundation_missing=missing,
        plan=plan_progress_from(person.id, fiscal_year, by_pair, reference),
        pending_count=by_method.pending_count, pending_hours=by_method.pending_hours, projected=projected,
        returned=returned, returned_count=by_method.returned_count,
    )


# ---------------------------------------------------------------- supervisor table


@dataclass(frozen=True)
class TeamRow:
    """One report in the supervisor table."""

    person_id: int
    name_th: str
    name_en: str
    position: str
    email: str
    hours: dict[str, Decimal]  # per bucket; zeros when nothing counted
    verdict: RowVerdict  # R2 as check_mix judges it, without its messages
    plan_state: str  # one of PLAN_STATE_ORDER
    pending_verifications: int
    last_activity_on: date | None
    report_count: int

    @property
    def pending_approvals(self) -> int:
        """Plans waiting for a supervisor's decision (a submitted revision)."""
        return 1 if self.plan_state == "submitted" else 0

    def name(self, language: str) -> str:
        return (self.name_en or self.name_th) if language == "en" else self.name_th


@dataclass(frozen=True)
class TeamPage(CountedPage):
    """A page of the supervisor table, shaped for the shared `pager` macro."""

    rows: list[TeamRow]
    page: int
    per_page: int
    total: int
    plans_waiting: int  # plans of any year awaiting this supervisor's decision
    entries_waiting: int


def _team_filter(supervisor_id):
    return and_(Person.supervisor_id == supervisor_id, Person.is_active)


def _plan_states(people, fiscal_year):
    """Subquery: person_id and the status of the newest revision of their plan for the year."""
    newest = (select(func.max(PlanRevision.number)).where(PlanRevision.plan_id == DevelopmentPlan.id)
              .correlate(DevelopmentPlan).scalar_subquery())
    return (
        select(DevelopmentPlan.person_id, PlanRevision.status)
        .join(PlanRevision, PlanRevision.plan_id == DevelopmentPlan.id)
        .where(DevelopmentPlan.fiscal_year == fiscal_year, DevelopmentPlan.person_id.in_(people),
               PlanRevision.number == newest)
        .subquery("plan_states")
    )


def _team_statement(supervisor: Person, fiscal_year: int, verified_only: bool, language: str):
    """One row per active direct report: bucket sums, plan state, pending entries, last date."""
    start, end = fiscal_year_bounds(fiscal_year)
    return _team_subquery(supervisor.id, fiscal_year, start, end, verified_only, language)


def _team_subquery(supervisor_id, fiscal_year, start, end, verified_only: bool, language: str):
    """The team statement on values or on bound parameters (see _team_query)."""
    people = select(Person.id).where(_team_filter(supervisor_id))
    sums = mix.bucket_hours_subquery(people, start, end, verified_only=verified_only)
    plans = _plan_states(people.scalar_subquery(), fiscal_year)
    record = aliased(LearningRecord)
    report = aliased(Person)
    # Correlated subqueries: each is an index lookup on (person_id, …), inside one statement.
    last_on = (select(func.max(record.occurred_on)).where(record.person_id == Person.id)
               .correlate(Person).scalar_subquery())
    pending = _pending_of_person()
    reports = (select(func.count()).select_from(report)
               .where(report.supervisor_id == Person.id, report.is_active)
               .correlate(Person).scalar_subquery())
    name = func.coalesce(func.nullif(Person.name_en, ""), Person.name_th) if language == "en" else Person.name_th
    return (
        select(
            Person.id.label("person_id"), Person.name_th, Person.name_en, Person.position, Person.email,
            name.label("sort_name"),
            *(func.coalesce(sums.c[b], 0).label(b) for b in BUCKETS),
            func.coalesce(sums.c.total, 0).label("total"),
            func.coalesce(plans.c.status, literal("none")).label("plan_state"),
            pending.label("pending_verifications"), last_on.label("last_activity_on"),
            reports.label("report_count"),
        )
        .outerjoin(sums, sums.c.person_id == Person.id)
        .outerjoin(plans, plans.c.person_id == Person.id)
        .where(_team_filter(supervisor_id))
        .subquery("team")
    )


@lru_cache(maxsize=64)
def _team_query(sort: str, descending: bool, verified_only: bool, language: str, paged: bool):
    """The sorted team statement on bound parameters (supervisor_id, fiscal_year, start, end,
    and limit/offset when paged), built once per variant: building it costs more than running it."""
    team = _team_subquery(bindparam("supervisor_id"), bindparam("fiscal_year"), bindparam("start", type_=Date),
                          bindparam("end", type_=Date), verified_only, language)
    if not paged:
        return select(team).order_by(*_order_by(team, sort, descending))
    # A page also carries the whole team's size and entries waiting: windows, taken before LIMIT.
    totals = (func.count().over().label("team_size"),
              func.sum(team.c.pending_verifications).over().label("team_pending"))
    return (select(team, *totals).order_by(*_order_by(team, sort, descending))
            .limit(bindparam("limit")).offset(bindparam("offset")))


@lru_cache(maxsize=1)
def _team_totals():
    """The whole team's size and entries waiting, for a page past the last (built on first
    use, once every model is mapped)."""
    team = (select(Person.id, _pending_of_person().label("pending"))
            .where(_team_filter(bindparam("supervisor_id"))).subquery())
    return select(func.count(), func.coalesce(func.sum(team.c.pending), 0)).select_from(team)


def _order_by(team, sort: str, descending: bool) -> list:
    """ORDER BY for a sort key; people with nothing to compare come lowest, ties by name."""
    if sort in BUCKETS:
        # Floats for ordering only: SQLite divides integers as integers.
        share = cast(team.c[sort], Float) * 100 / cast(team.c.total, Float)
        key = case((team.c.total > 0, share), else_=-1)
    elif sort == "plan":
        key = case({state: rank for rank, state in enumerate(PLAN_STATE_ORDER)},
                   value=team.c.plan_state, else_=0)
    elif sort == "pending":
        key = team.c.pending_verifications + case((team.c.plan_state == "submitted", 1), else_=0)
    elif sort == "last":
        key = func.coalesce(team.c.last_activity_on, date(1, 1, 1))
    else:
        key = team.c.sort_name
    key = key.desc() if descending else key.asc()
    return [key, team.c.sort_name, team.c.person_id]


def team_rows(supervisor: Person, fiscal_year: int, *, sort: str = "name", descending: bool = False,
              verified_only: bool | None = None, language: str = "th",
              limit: int | None = None, offset: int = 0) -> list[TeamRow]:
    """The supervisor's active direct reports with their mix for the fiscal year, sorted in SQL
    by one of TEAM_SORTS (shares by percent of the person's total) — one statement."""
    return _team_rows(supervisor, fiscal_year, sort=sort, descending=descending, verified_only=verified_only,
                      language=language, limit=limit, offset=offset)[0]


def _team_rows(supervisor: Person, fiscal_year: int, *, sort: str, descending: bool, verified_only: bool | None,
               language: str, limit: int | None, offset: int) -> tuple[list[TeamRow], tuple[int, int] | None]:
    """team_rows, and for a page the team's (size, entries waiting); None when the page is empty."""
    if sort not in TEAM_SORTS:
        raise ValueError(f"unknown sort {sort!r}; expected one of {TEAM_SORTS}")
    if verified_only is None:
        verified_only = mix.counted_only_verified()
    policy = policy_for_year(fiscal_year)
    start, end = fiscal_year_bounds(fiscal_year)
    query = _team_query(sort, descending, verified_only, language, limit is not None)
    parameters = {"supervisor_id": supervisor.id, "fiscal_year": fiscal_year, "start": start, "end": end}
    if limit is not None:
        parameters.update(limit=limit, offset=offset)
    elif offset:
        raise ValueError("an offset needs a limit")
    found = db.session.execute(query, parameters).all()
    hours = [{b: Decimal(getattr(row, b)) for b in BUCKETS} for row in found]
    rows = [
        TeamRow(
            person_id=row.person_id, name_th=row.name_th, name_en=row.name_en, position=row.position,
            email=row.email, hours=row_hours, verdict=verdict,
            plan_state=row.plan_state, pending_verifications=row.pending_verifications,
            last_activity_on=row.last_activity_on, report_count=row.report_count,
        )
        for row, row_hours, verdict in zip(found, hours, row_verdicts(hours, policy), strict=True)
    ]
    return rows, ((found[0].team_size, found[0].team_pending) if found and limit is not None else None)


def team_page(supervisor: Person, fiscal_year: int, *, sort: str = "name", descending: bool = False,
              page: int = 1, per_page: int = 50, verified_only: bool | None = None,
              language: str = "th") -> TeamPage:
    """A page of `team_rows`, with the team's totals of plans and entries waiting."""
    page = max(1, page)
    rows, totals = _team_rows(supervisor, fiscal_year, sort=sort, descending=descending,
                              verified_only=verified_only, language=language, limit=per_page,
                              offset=(page - 1) * per_page)
    if totals is None:  # a page past the last: no row carries the team's totals
        # Per person, as in the table: one index lookup each (a grouped IN over the team's
        # records made PostgreSQL scan the people table in parallel instead).
        totals = db.session.execute(_team_totals(), {"supervisor_id": supervisor.id}).one()
    total, entries_waiting = totals
    # The plans module knows who decides next under R5 (second-level approvals included).
    plans_waiting = waiting_count(supervisor)
    return TeamPage(rows=rows, page=page, per_page=per_page, total=total,
                    plans_waiting=plans_waiting, entries_waiting=entries_waiting)
