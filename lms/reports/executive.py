"""The executive report (§4.9.7): one page for a head of unit to attach to a performance review,
with their own development in a fiscal year against the rules and their unit's results beside
the year before.

Their own development is what their learning dashboard says (development.dashboard: R2 on
counted hours, R4 on the skill sets they learned in) and what their plan page says of the
agreed plan (development.plan_rules: R3 on the planned current/future split). The unit's
results are section 1 of the agency report (coverage.unit_coverage) for the unit's subtree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from ..accounts.models import Organisation, Person
from ..accounts.services import organisation_subtree_ids
from ..core.dates import fiscal_year_bounds
from ..development.dashboard import SkillSetHours, learner_dashboard
from ..development.models import PlanRevision
from ..development.plan_rules import plan_verdicts
from ..extensions import db
from ..rules import HorizonVerdict, MixVerdict, Policy
from .coverage import Coverage, CoverageComparison, unit_coverage
from .filters import ReportFilters, in_units


@dataclass(frozen=True)
class OwnDevelopment:
    """The head's own year, judged as their dashboard and plan page judge it."""

    policy: Policy
    verified_only: bool  # only verified records count (the site's setting)
    mix: MixVerdict  # R2 on counted hours
    foundation: tuple[SkillSetHours, ...]  # R4: each foundation skill set's counted hours
    plan_state: str  # "none", or the newest revision's status (draft, submitted, returned, agreed)
    horizon: HorizonVerdict | None  # R3 on the agreed plan's items; None without an agreed plan
    planned_hours: Decimal | None  # the agreed plan's hours
    pending_hours: Decimal  # hours awaiting verification in the year

    @property
    def foundation_ok(self) -> bool:
        """R4 on what was learned: counted hours in every foundation skill set."""
        return all(row.covered for row in self.foundation)


@dataclass(frozen=True)
class ExecutiveReport:
    unit: Organisation
    head: Person
    fiscal_year: int
    start: date
    end: date
    own: OwnDevelopment
    unit_results: CoverageComparison
    generated_on: date

    @property
    def this_year(self) -> Coverage:
        return self.unit_results.current

    @property
    def last_year(self) -> Coverage | None:
        return self.unit_results.previous


def executive_report(unit: Organisation, fiscal_year: int, today: date) -> ExecutiveReport | None:
    """The report of the unit's head for a fiscal year (B.E.), or None when it has no head.
    The year must be one a policy judges (development.dashboard.valid_fiscal_years)."""
    head = unit.head
    if head is None:
        return None
    start, end = fiscal_year_bounds(fiscal_year)
    filters = ReportFilters(fiscal_year=fiscal_year)
    org_ids = organisation_subtree_ids(unit)
    previous = unit_coverage(org_ids, filters.previous_year())
    return ExecutiveReport(
        unit=unit, head=head, fiscal_year=fiscal_year, start=start, end=end,
        own=own_development(head, fiscal_year),
        unit_results=CoverageComparison(unit_coverage(org_ids, filters), previous if previous.in_scope else None),
        generated_on=today,
    )


def own_development(person: Person, fiscal_year: int) -> OwnDevelopment:
    """A person's year against R2, R3 and R4: four statements for the dashboard's figures, a few
    more for the agreed plan's verdicts when there is one."""
    dashboard = learner_dashboard(person, fiscal_year)
    horizon = planned = None
    plan = dashboard.plan
    if plan is not None and plan.revision.status == "agreed":
        revision = db.session.scalar(select(PlanRevision).where(PlanRevision.id == plan.revision.id))
        verdicts = plan_verdicts(revision)
        horizon, planned = verdicts.horizon, verdicts.planned_hours
    return OwnDevelopment(
        policy=dashboard.policy, verified_only=dashboard.verified_only, mix=dashboard.verdict,
        foundation=tuple(row for row in dashboard.skill_sets if row.skill_set.is_foundation),
        plan_state=plan.state if plan is not None else "none",
        horizon=horizon, planned_hours=planned, pending_hours=dashboard.pending_hours,
    )


def heads_in(unit: Organisation) -> list[Organisation]:
    """The units of the subtree that have a head, ordered by code: one report each."""
    return list(db.session.scalars(
        select(Organisation).where(in_units(Organisation.id, organisation_subtree_ids(unit)),
                                   Organisation.head_id.is_not(None))
        .order_by(Organisation.code)))
