"""The agency report: coverage and rules, skills, training supply, trend, drill-down; its
index (the units a person reports on) and its CSV and XLSX exports. Read-only pages.

A unit's pages declare the object permission "view_unit_report" (which only people with the
"view_reports" role hold) and load the unit with visible_or_404: another agency's unit, or one
above the reader's, answers 404 as if it did not exist."""

import re

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.models import Organisation
from ..core.access import can, executive_reports_among, require, visible_or_404
from ..core.inputs import int_arg
from . import shown
from .coverage import branch_coverage
from .drilldown import drilldown
from .executive import heads_in
from .exports import report_csv, report_xlsx
from .filter_form import ReportFilterForm
from .sections import export_sections, report_roots, unit_report

bp = Blueprint("reports", __name__, url_prefix="/reports", template_folder="templates")

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.context_processor
def inject_number_formats():
    return {"count_shown": shown.count_shown, "hours_shown": shown.hours_shown,
            "percent_shown": shown.percent_shown}


@bp.route("/")
@require("view_reports")
def index():
    form = ReportFilterForm(request.args)
    units = report_roots(current_user._get_current_object())
    filters = form.filters() if form.validate() else None
    coverage = branch_coverage([unit.id for unit in units], filters) if filters and units else {}
    return render_template("reports/index.html", form=form, units=units, filters=filters,
                           rows=[(unit, coverage[unit.id]) for unit in units if unit.id in coverage])


@bp.route("/<int:org_id>")
@require("view_unit_report")
def report(org_id):
    unit = visible_or_404(Organisation, org_id, "view_unit_report")
    form = ReportFilterForm(request.args)
    if not form.validate():
        return render_template("reports/report.html", unit=unit, form=form, report=None, drill=None)
    filters = form.filters()
    viewer = current_user._get_current_object()
    drill = drilldown(unit, filters, viewer, sort=request.args.get("sort", "name"),
                      descending=request.args.get("dir") == "desc", page=int_arg("page", 1, minimum=1))
    person_urls = {row.person.id: url_for("dashboard.person", person_id=row.person.id, fy=filters.fiscal_year)
                   for row in drill.people.rows if can(viewer, "view_development", row.person)}
    return render_template("reports/report.html", unit=unit, form=form, report=unit_report(unit, filters, drill.total),
                           drill=drill, filters=filters, person_urls=person_urls,
                           documents=_document_links(unit, filters.fiscal_year))


@bp.route("/<int:org_id>/export.csv")
@require("view_unit_report")
def export_csv(org_id):
    unit, sections, fiscal_year = _export(org_id)
    return Response(report_csv(sections), mimetype="text/csv",
                    headers={"Content-Disposition": _attachment(unit, fiscal_year, "csv")})


@bp.route("/<int:org_id>/export.xlsx")
@require("view_unit_report")
def export_xlsx(org_id):
    unit, sections, fiscal_year = _export(org_id)
    return Response(report_xlsx(sections), mimetype=XLSX_TYPE,
                    headers={"Content-Disposition": _attachment(unit, fiscal_year, "xlsx")})


def _export(org_id):
    """The unit (404 unless the person may see its report) and its report's tables; 400 for
    filters the page would have refused."""
    unit = visible_or_404(Organisation, org_id, "view_unit_report")
    form = ReportFilterForm(request.args)
    if not form.validate():
        abort(400)
    filters = form.filters()
    drill = drilldown(unit, filters, current_user._get_current_object())
    return unit, export_sections(unit_report(unit, filters, drill.total), drill), filters.fiscal_year


def _document_links(unit, fiscal_year: int) -> list[tuple[str, str]]:
    """(label, URL) of the report's documents (lms.reports.download_views) the reader may have:
    the executive report of the unit's head and of every head below (those the reader may see),
    the open-data package as CSV and as XLSX."""
    heads = executive_reports_among(current_user._get_current_object(), heads_in(unit))
    wanted = [("reports.executive_pdf", _("Executive report of the head of this unit (PDF)"), unit.id in heads),
              ("reports.executive_zip", _("Executive reports of every head below (ZIP)"), bool(heads)),
              ("reports.open_data_zip", _("Open data package (ZIP)"), True),
              ("reports.open_data_workbook", _("Open data (Excel, XLSX)"), True)]
    return [(label, url_for(endpoint, org_id=unit.id, fy=fiscal_year)) for endpoint, label, offered in wanted
            if offered]


def _attachment(unit, fiscal_year: int, extension: str) -> str:
    """A file name any browser keeps: the unit's code in plain letters, and the year."""
    code = re.sub(r"[^A-Za-z0-9_-]+", "-", unit.code).strip("-") or str(unit.id)
    return f'attachment; filename="report-{code}-{fiscal_year}.{extension}"'
