"""Agency report figures per unit and fiscal year.

The figures are the report page's (lms.reports.views.report): the same unit_report of the unit
and everything below it, for the same fiscal year, passed on section by section with a
schema of its own. The page shows every figure to whoever may open it, unsuppressed (small-cell
suppression, lms.reports.suppression, is for open data only); so does the API, to the same
people. Another agency's unit answers 404, as the page does.
"""

from flask_babel import gettext as _
from marshmallow import Schema, fields

from ...accounts.models import Organisation
from ...core.access import visible_or_404
from ...core.dates import format_fiscal_year, today_in_bangkok
from ...core.i18n import current_language
from ...development.dashboard import valid_fiscal_years
from ...reports.coverage import HOUR_BANDS
from ...reports.filters import ReportFilters
from ...reports.sections import unit_report
from ..auth import ApiError, requires
from ..spec import blueprint, scoped
from .plans import FISCAL_YEARS, decimal_text

bp = blueprint("reports", "Agency report figures per unit and fiscal year.")


def _decimal(description: str = "An exact figure as a decimal string.", **kwargs) -> fields.String:
    return decimal_text(description, **kwargs)


class ReportArguments(Schema):
    fiscal_year = fields.Integer(load_default=None, validate=FISCAL_YEARS, metadata={
        "description": "Buddhist Era (1 October – 30 September); default the current one. The page's years "
                       "(from the first policy's to the current one) are reported; any other answers 404."})


class ReportFigureSchema(Schema):
    count = fields.Integer(required=True)
    percent = _decimal("Percent of the people in scope, one decimal; null when nobody is.", allow_none=True)


class ReportHoursBandSchema(Schema):
    band = fields.String(metadata={"description": "none, then the bands by counted hours: under_10, 10_to_20 …"})
    label = fields.String(metadata={"description": "The band as the page names it, in the request's language."})
    people = fields.Integer()


class ReportCoverageSchema(Schema):
    """Section 1, coverage and rules, for one fiscal year."""

    fiscal_year = fields.Integer()
    in_scope = fields.Integer(metadata={"description": "People the report counts (in scope that year)."})
    with_agreed_plan = fields.Nested(ReportFigureSchema)
    with_verified_learning = fields.Nested(ReportFigureSchema, metadata={"description": "Counted hours above 0."})
    meeting_mix = fields.Nested(ReportFigureSchema, metadata={"description": "R2 70:20:10 on counted hours."})
    foundation_covered = fields.Nested(ReportFigureSchema, metadata={
        "description": "R4: counted hours in both foundation skill sets."})
    meeting_horizon = fields.Nested(ReportFigureSchema, metadata={
        "description": "R3 70:30 on the agreed plan's items."})
    hours_total = _decimal("Counted hours.")
    hours_per_person = _decimal("Counted hours per person in scope; null when nobody is.", allow_none=True)
    hours_median = _decimal()
    hours_distribution = fields.List(fields.Nested(ReportHoursBandSchema))


class ReportSkillCellSchema(Schema):
    group = fields.String(allow_none=True, metadata={"description": "Target-group slug; null: all people."})
    people = fields.Integer()
    hours = _decimal()
    per_person = _decimal(allow_none=True)


class ReportSkillRowSchema(Schema):
    skill_set = fields.String(metadata={"description": "Skill-set slug."})
    cells = fields.List(fields.Nested(ReportSkillCellSchema))


class ReportGroupColumnSchema(Schema):
    group = fields.String(allow_none=True, metadata={"description": "Target-group slug; null: all people, once each."})
    people = fields.Integer()


class ReportRoleNameSchema(Schema):
    name_th = fields.String()
    name_en = fields.String()


class ReportRoleRowSchema(Schema):
    group = fields.String()
    current_role = fields.Nested(ReportRoleNameSchema, allow_none=True)
    future_role = fields.Nested(ReportRoleNameSchema, allow_none=True)


class ReportPhaseRolesSchema(Schema):
    phase = fields.String()
    next_phase = fields.String(allow_none=True)
    roles = fields.List(fields.Nested(ReportRoleRowSchema))


class ReportSkillsSchema(Schema):
    """Section 2: counted hours by skill set and target group; the expected roles (R6)."""

    people = fields.Integer()
    in_several_groups = fields.Integer()
    without_group = fields.Integer()
    columns = fields.List(fields.Nested(ReportGroupColumnSchema))
    rows = fields.List(fields.Nested(ReportSkillRowSchema))
    phase_roles = fields.List(fields.Nested(ReportPhaseRolesSchema))


class ReportSupplyLineSchema(Schema):
    subject = fields.String(allow_none=True, metadata={"description": "Skill-set or target-group slug; null: all."})
    courses = fields.Integer()
    classes = fields.Integer(metadata={"description": "Classes held (not cancelled)."})
    seats = fields.Integer()
    enrolled = fields.Integer(metadata={"description": "Seats taken."})
    completions = fields.Integer()
    fill_percent = _decimal(allow_none=True)
    plan_judged = fields.Integer(metadata={"description": "Classes held whose session plan R1 judges."})
    plan_met = fields.Integer(metadata={"description": "Of those, classes whose plan met R1 (lecture share)."})
    met_percent = _decimal(allow_none=True)


class ReportSupplySchema(Schema):
    """Section 3: classes the units' institutes held, and their lecture share (R1)."""

    lecture_max_percent = fields.Integer()
    institutes = fields.Integer()
    cancelled = fields.Integer()
    without_plan = fields.Integer()
    total = fields.Nested(ReportSupplyLineSchema)
    by_skill_set = fields.List(fields.Nested(ReportSupplyLineSchema))
    by_group = fields.List(fields.Nested(ReportSupplyLineSchema))


class ReportUnitSchema(Schema):
    id = fields.Integer()
    code = fields.String()
    name_th = fields.String()
    name_en = fields.String()


class ReportSchema(Schema):
    unit = fields.Nested(ReportUnitSchema)
    fiscal_year = fields.Integer()
    coverage = fields.Nested(ReportCoverageSchema)
    previous_coverage = fields.Nested(ReportCoverageSchema, allow_none=True, metadata={
        "description": "The previous fiscal year's, as the page shows it beside; null when it cannot be reported."})
    skills = fields.Nested(ReportSkillsSchema, allow_none=True)
    supply = fields.Nested(ReportSupplySchema, allow_none=True)


def _band_keys() -> list[str]:
    """Stable names of the page's hour bands (reports.coverage.HOUR_BANDS), "none" first."""
    edges = [int(below) for below, _label in HOUR_BANDS if below is not None]
    return ["none", f"under_{edges[0]}", *(f"{low}_to_{high}" for low, high in zip(edges, edges[1:], strict=False)),
            f"{edges[-1]}_or_more"]


def coverage_data(coverage) -> dict | None:
    if coverage is None:
        return None
    return {
        "fiscal_year": coverage.fiscal_year, "in_scope": coverage.in_scope,
        **{name: getattr(coverage, name) for name in ("with_agreed_plan", "with_verified_learning", "meeting_mix",
                                                      "foundation_covered", "meeting_horizon")},
        "hours_total": coverage.hours_total, "hours_per_person": coverage.hours_per_person,
        "hours_median": coverage.hours_median,
        "hours_distribution": [{"band": band, "label": label, "people": people} for band, (label, people)
                               in zip(_band_keys(), coverage.hours_distribution, strict=True)],
    }


def _slug(thing):
    return thing.slug if thing is not None else None


def _role(role):
    return {"name_th": role.name_th, "name_en": role.name_en} if role is not None else None


def skills_data(skills) -> dict | None:
    if skills is None:
        return None
    groups = [_slug(column.group) for column in skills.columns]
    return {
        "people": skills.people, "in_several_groups": skills.in_several_groups, "without_group": skills.without_group,
        "columns": [{"group": group, "people": column.people}
                    for group, column in zip(groups, skills.columns, strict=True)],
        "rows": [{"skill_set": row.skill_set.slug, "cells": [
            {"group": group, "people": cell.people, "hours": cell.hours, "per_person": cell.per_person}
            for group, cell in zip(groups, row.cells, strict=True)]} for row in skills.rows],
        "phase_roles": [{"phase": block.phase.slug, "next_phase": _slug(block.next_phase), "roles": [
            {"group": row.group.slug, "current_role": _role(row.current), "future_role": _role(row.future)}
            for row in block.roles]} for block in skills.phase_roles],
    }


def _line(line) -> dict:
    return {"subject": _slug(line.subject), "courses": line.courses, "classes": line.classes, "seats": line.seats,
            "enrolled": line.enrolled, "completions": line.completions, "fill_percent": line.fill_percent,
            "plan_judged": line.plan_judged, "plan_met": line.plan_met, "met_percent": line.met_percent}


def supply_data(supply) -> dict | None:
    if supply is None:
        return None
    return {"lecture_max_percent": supply.lecture_max_percent, "institutes": supply.institutes,
            "cancelled": supply.cancelled, "without_plan": supply.without_plan, "total": _line(supply.total),
            "by_skill_set": [_line(line) for line in supply.by_skill_set],
            "by_group": [_line(line) for line in supply.by_group]}


def report_data(report) -> dict:
    unit = report.unit
    return {
        "unit": unit, "fiscal_year": report.filters.fiscal_year,
        "coverage": coverage_data(report.coverage.current),
        "previous_coverage": coverage_data(report.coverage.previous),
        "skills": skills_data(report.skills), "supply": supply_data(report.supply),
    }


def _fiscal_year(asked: int | None) -> int:
    """The year asked for, if the report page offers it (else 404); the current one by default."""
    years = valid_fiscal_years(today_in_bangkok())
    if asked is None:
        return years[0]
    if asked not in years:
        language = current_language()
        raise ApiError(404, _("No report for fiscal year %(year)s: choose a fiscal year from %(oldest)s to %(newest)s.",
                              year=asked, oldest=format_fiscal_year(years[-1], language),
                              newest=format_fiscal_year(years[0], language)))
    return asked


@bp.route("/organisations/<int:org_id>/report")
@scoped(bp, "reports:read")
@bp.arguments(ReportArguments, location="query")
@bp.response(200, ReportSchema)
@requires("reports:read", "view_unit_report")
def get_report(arguments, org_id):
    """The agency report's figures for a unit and everything below it, in one fiscal year."""
    unit = visible_or_404(Organisation, org_id, "view_unit_report")
    return report_data(unit_report(unit, ReportFilters(fiscal_year=_fiscal_year(arguments["fiscal_year"]))))
