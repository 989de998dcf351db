"""70:20:10 (R2) verdicts: a person's, as their dashboard shows it, and a unit's, as the agency
report counts it. The figures come from the dashboard's and the report's own functions, and the
verdicts from lms.rules; nothing is judged here. Routes on the records blueprint."""

from flask_babel import gettext as _
from marshmallow import Schema, fields, validate
from sqlalchemy import func, literal, select

from ...accounts.models import Organisation, Person
from ...accounts.services import organisation_subtree_ids
from ...core.access import visible_or_404
from ...core.dates import format_fiscal_year, today_in_bangkok
from ...core.i18n import current_language
from ...development import dashboard, mix
from ...extensions import db
from ...reports.coverage import unit_coverage
from ...reports.coverage_sums import hours_of, person_hours_subquery
from ...reports.filters import ReportFilters, in_units, person_conditions
from ...rules import BUCKETS, MixVerdict
from ...rules.verdict import as_number
from ..auth import ApiError, requires
from ..spec import scoped
from .records import FISCAL_YEARS, bp


class MixYearArguments(Schema):
    fiscal_year = fields.Integer(load_default=None, validate=FISCAL_YEARS, metadata={
        "description": "Buddhist Era (1 October to 30 September); default: the current fiscal year."})


class R2BucketSchema(Schema):
    bucket = fields.String(validate=validate.OneOf(BUCKETS))
    name_th = fields.String()
    name_en = fields.String()
    hours = fields.Float()
    target_percent = fields.Integer()
    shown_share = fields.String(allow_none=True, metadata={
        "description": "The share in percent as the pages show it (\"80.1\"); null when nothing is recorded."})
    within_tolerance = fields.Boolean()
    add_hours = fields.String(metadata={
        "description": "Hours to add to this bucket to meet the rule, rounded up to the half hour (\"0\": none)."})


class R2VerdictSchema(Schema):
    rule = fields.String()
    ok = fields.Boolean()
    empty = fields.Boolean(metadata={"description": "Nothing counted yet: not ok, but nothing to fix either."})
    policy_version = fields.String(allow_none=True)
    total_hours = fields.Float()
    tolerance_points = fields.Integer()
    buckets = fields.List(fields.Nested(R2BucketSchema))
    message_th = fields.String()
    message_en = fields.String()


class PersonMixSchema(Schema):
    person_id = fields.Integer()
    fiscal_year = fields.Integer()
    counts_only_verified = fields.Boolean(metadata={
        "description": "The site's setting: only verified records count (else pending ones too)."})
    verdict = fields.Nested(R2VerdictSchema, metadata={"description": "R2 on the hours that count."})
    pending_count = fields.Integer(metadata={"description": "Entries waiting for the supervisor (any date)."})
    pending_hours = fields.Float(metadata={"description": "Their hours within the fiscal year."})
    projected = fields.Nested(R2VerdictSchema, allow_none=True, metadata={
        "description": "R2 once the pending hours are verified; null when they count already or there are none."})
    foundation_missing = fields.List(fields.String(), metadata={
        "description": "Foundation skill sets (R4) without hours that count this year."})


class PeopleFigureSchema(Schema):
    count = fields.Integer()
    percent = fields.Float(allow_none=True, metadata={"description": "Of the people in scope, one decimal."})


class UnitMixSchema(Schema):
    org_id = fields.Integer()
    code = fields.String()
    fiscal_year = fields.Integer()
    policy_version = fields.String()
    counts_only_verified = fields.Boolean()
    people_in_scope = fields.Integer(metadata={"description": "People the report counts in the unit and below."})
    with_learning_counted = fields.Nested(PeopleFigureSchema)
    meeting_mix = fields.Nested(PeopleFigureSchema, metadata={"description": "People whose hours meet 70:20:10 (R2)."})
    hours_total = fields.Float()
    hours_per_person = fields.Float(allow_none=True)
    hours_by_bucket = fields.Dict(keys=fields.String(validate=validate.OneOf(BUCKETS)), values=fields.Float())


def _judged_year(arguments) -> int:
    """The year asked for, else the current one; 404 for a year the dashboards cannot judge."""
    years = dashboard.valid_fiscal_years(today_in_bangkok())
    fiscal_year = arguments["fiscal_year"] or years[0]
    if fiscal_year not in years:
        shown = {name: format_fiscal_year(year, current_language())
                 for name, year in (("year", fiscal_year), ("first", years[-1]), ("last", years[0]))}
        raise ApiError(404, _("No 70:20:10 verdicts for fiscal year %(year)s: from %(first)s to %(last)s only.",
                              **shown))
    return fiscal_year


def _verdict_data(verdict: MixVerdict) -> dict:
    return {
        "rule": verdict.rule, "ok": verdict.ok, "empty": verdict.empty, "policy_version": verdict.policy_version,
        "total_hours": as_number(verdict.total_hours), "tolerance_points": verdict.tolerance_points,
        "message_th": verdict.message_th, "message_en": verdict.message_en,
        "buckets": [{"bucket": f.bucket, "name_th": f.name_th, "name_en": f.name_en, "hours": as_number(f.hours),
                     "target_percent": f.target_percent, "shown_share": f.shown_share,
                     "within_tolerance": f.within_tolerance, "add_hours": dashboard.add_hours_text(f)}
                    for f in verdict.buckets],
    }


@bp.route("/people/<int:person_id>/mix")
@scoped(bp, "records:read")
@bp.arguments(MixYearArguments, location="query")
@bp.response(200, PersonMixSchema)
@requires("records:read", "view_development")
def person_mix(arguments, person_id):
    """A person's 70:20:10 verdict (R2) for a fiscal year, as their dashboard shows it."""
    person = visible_or_404(Person, person_id, "view_development")
    data = dashboard.learner_dashboard(person, _judged_year(arguments))
    return {
        "person_id": person.id, "fiscal_year": data.fiscal_year, "counts_only_verified": data.verified_only,
        "verdict": _verdict_data(data.verdict), "pending_count": data.pending_count,
        "pending_hours": as_number(data.pending_hours),
        "projected": _verdict_data(data.projected) if data.projected is not None else None,
        "foundation_missing": list(data.foundation_missing),
    }


@bp.route("/organisations/<int:org_id>/mix")
@scoped(bp, "records:read")
@bp.arguments(MixYearArguments, location="query")
@bp.response(200, UnitMixSchema)
@requires("records:read", "view_unit_report")
def unit_mix(arguments, org_id):
    """A unit's 70:20:10 figures (it and every unit below) for a fiscal year, as the agency report counts them."""
    unit = visible_or_404(Organisation, org_id, "view_unit_report")
    filters = ReportFilters(fiscal_year=_judged_year(arguments))
    org_ids = organisation_subtree_ids(unit)
    coverage = unit_coverage(org_ids, filters)
    return {
        "org_id": unit.id, "code": unit.code, "fiscal_year": filters.fiscal_year,
        "policy_version": dashboard.policy_for_year(filters.fiscal_year).version,
        "counts_only_verified": mix.counted_only_verified(), "people_in_scope": coverage.in_scope,
        "with_learning_counted": _figure(coverage.with_verified_learning),
        "meeting_mix": _figure(coverage.meeting_mix), "hours_total": as_number(coverage.hours_total),
        "hours_per_person": as_number(coverage.hours_per_person),
        "hours_by_bucket": _unit_bucket_hours(org_ids, filters),
    }


def _figure(figure) -> dict:
    return {"count": figure.count, "percent": as_number(figure.percent, 1)}


def _unit_bucket_hours(org_ids: list[int], filters: ReportFilters) -> dict:
    """The counted hours of each bucket of the people the report counts (its per-person sums)."""
    people = select(Person.id.label("person_id"), literal(0).label("key"), Person.organisation_id) \
        .where(in_units(Person.organisation_id, org_ids), *person_conditions(filters)).subquery("report_people")
    per_person = person_hours_subquery(people, filters)
    totals = db.session.execute(select(*(func.coalesce(func.sum(per_person.c[b]), 0) for b in BUCKETS))).one()
    return {bucket: as_number(hours_of(int(amount))) for bucket, amount in zip(BUCKETS, totals, strict=True)}
