"""The agency report put together: every section's figures for one unit's subtree and one set
of filters, for the page and its exports alike.

Sections 2, 3, 7 and 8 come from their own modules (skills, supply, indicators, budget); each
is looked up when the report is made, so the report works with the sections that exist.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.models import Organisation
from ..accounts.services import organisation_subtree_ids
from ..core.access import can
from ..extensions import db
from .coverage import Coverage, CoverageComparison, unit_coverage
from .drilldown import Drilldown
from .exports import Section
from .filters import ReportFilters
from .trend import Trend, trend_of, unit_trend


@dataclass(frozen=True)
class UnitReport:
    unit: Organisation
    filters: ReportFilters
    coverage: CoverageComparison
    trend: Trend
    skills: Any = None  # reports.skills.SkillsFigures, when that module exists
    supply: Any = None  # reports.supply.SupplyFigures
    indicators: Any = None  # reports.indicators.AgencyIndicators
    budget: Any = None  # reports.budget.BudgetSummary


def unit_report(unit: Organisation, filters: ReportFilters, current: Coverage | None = None) -> UnitReport:
    """Sections 1–4, 7 and 8 of the report of `unit` and everything below it; `current` is the
    year's coverage when the caller has it already (the drill-down's total)."""
    org_ids = organisation_subtree_ids(unit)
    current = current if current is not None else unit_coverage(org_ids, filters)
    previous = unit_coverage(org_ids, filters.previous_year())
    # The trend comes with section 1's figures; under a skill-set filter it is read on its own.
    trend = trend_of(current, previous) or unit_trend(org_ids, filters)
    return UnitReport(
        unit=unit, filters=filters, coverage=CoverageComparison(current, previous), trend=trend,
        skills=_section("skills", "skills_figures", org_ids, filters),
        supply=_section("supply", "supply_figures", org_ids, filters),
        indicators=_section("indicators", "indicators_of", unit, filters.fiscal_year),
        budget=_section("budget", "budget_summary", unit, filters.fiscal_year, current.hours_total,
                        current.with_verified_learning.count),
    )


def _section(module: str, function: str, *args):
    """The figures of a section from its module, or None while that module is not there."""
    name = f"{__package__}.{module}"
    try:
        make = getattr(importlib.import_module(name), function, None)
    except ModuleNotFoundError as missing:
        if missing.name != name:
            raise  # the module is there but something it needs is not: a bug to see
        return None
    return make(*args) if make is not None else None


def export_sections(report: UnitReport, drill: Drilldown) -> list[Section]:
    """The report's tables in the page's order, each titled, for the CSV and XLSX files. The
    drill-down's person rows are a section of their own after the units (their columns say
    yes or no where the units' give percentages); every row the viewer may see, all pages."""
    titled = [
        (_("Coverage and rules"), report.coverage),
        (_("Skills"), report.skills),
        (_("Expected roles"), report.skills.expected_roles if report.skills is not None else None),
        (_("Training supply"), report.supply),
        (_("Trend"), report.trend),
        (_("Drill-down"), drill),
        (_("People in the unit"), drill.people_table),
        (_("Agency indicators"), report.indicators),
        (_("Budget"), report.budget),
    ]
    return [Section.of(title, figures) for title, figures in titled
            if figures is not None and hasattr(figures, "table")]


def report_roots(person) -> list[Organisation]:
    """The units whose reports a person opens from the reports' index: for the site admin every
    agency (the Commission's view); for others the units they administer, are CIO or head of,
    leaving out any that lies below another of them."""
    if person.is_site_admin:
        agencies = db.session.scalars(select(Organisation).where(Organisation.is_agency)).all()
        return sorted(agencies, key=lambda unit: unit.name.casefold())
    led = db.session.scalars(select(Organisation).where(
        (Organisation.id == person.admin_of_id) | (Organisation.cio_id == person.id)
        | (Organisation.head_id == person.id))).all()
    ids = {unit.id for unit in led}
    roots = [unit for unit in led if not any(above.id in ids for above in unit.ancestors())]
    return sorted((unit for unit in roots if can(person, "view_unit_report", unit)),
                  key=lambda unit: unit.name.casefold())
