"""The report's documents: the whole report as PDF, the executive report as PDF (one, or all of
a unit's heads' as a zip), and the open data (the package, and the same tables as XLSX). Routes
on the reports blueprint (lms.reports.views); read-only.

Each answers 404 for a unit the person may not see the report of (another agency's), and 400
for a fiscal year (or, for the report's PDF, any filter) the report page would refuse.
"""

import tempfile

from flask import Response, abort, render_template, request, send_file
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.models import Organisation
from ..core.access import executive_reports_among, require, visible_or_404
from ..core.dates import today_in_bangkok
from ..core.pdf import PdfUnavailable
from .drilldown import drilldown
from .executive import executive_report, heads_in
from .executive_pdf import executive_file_name, executive_pdf_bytes, executive_zip_name, write_executive_zip
from .filter_form import ReportFilterForm
from .open_data import open_data_package
from .open_data_xlsx import open_data_xlsx
from .report_pdf import chosen_filters, report_file_name, report_pdf_bytes
from .sections import unit_report
from .views import XLSX_TYPE, bp

# A PDF takes about a second to make (docs/performance.md): more reports than this would
# outlast a web worker's timeout. Larger subtrees: a zip per unit below, or the command line.
ZIP_MAX_REPORTS = 20
ZIP_IN_MEMORY_BYTES = 8 * 1024 * 1024  # a bigger zip spills to a temporary file


@bp.route("/<int:org_id>/report.pdf")
@require("view_unit_report")
def report_pdf(org_id):
    """The report as the page shows it for these filters (units only), to print or file."""
    unit = visible_or_404(Organisation, org_id, "view_unit_report")
    form = _valid_filter_form()
    filters = form.filters()
    # Gathered as the page gathers it (views.report): the drill-down's total is section 1's year.
    drill = drilldown(unit, filters, current_user._get_current_object(), sort=request.args.get("sort", "name"),
                      descending=request.args.get("dir") == "desc")
    report = unit_report(unit, filters, drill.total)
    try:
        content = report_pdf_bytes(report, drill, chosen_filters(form), today_in_bangkok())
    except PdfUnavailable:
        return _pdf_unavailable()
    name = report_file_name(unit.code, unit.id, filters.fiscal_year)
    return Response(content, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/<int:org_id>/executive.pdf")
@require("view_executive_report")
def executive_pdf(org_id):
    unit = visible_or_404(Organisation, org_id, "view_executive_report")
    report = executive_report(unit, _fiscal_year(), today_in_bangkok())
    if report is None:
        abort(404)
    try:
        content = executive_pdf_bytes(report)
    except PdfUnavailable:
        return _pdf_unavailable()
    return Response(content, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{executive_file_name(report)}"'})


@bp.route("/<int:org_id>/executive.zip")
@require("view_unit_report")
def executive_zip(org_id):
    unit = visible_or_404(Organisation, org_id, "view_unit_report")
    fiscal_year = _fiscal_year()
    # A head's own development is shown only to those who may already see that person.
    units = heads_in(unit)
    allowed = executive_reports_among(current_user._get_current_object(), units)
    heads = [head for head in units if head.id in allowed]
    if len(heads) > ZIP_MAX_REPORTS:
        return render_template(
            "core/error.html", status=422, title=_("Too many reports for one download"),
            message=_("%(unit)s and the units below it have %(count)s heads; one download holds at most "
                      "%(most)s reports. Download the reports of each unit below it, or ask an "
                      "administrator to run: flask --app wsgi lms reports executive-zip --unit %(code)s",
                      unit=unit.name, count=len(heads), most=ZIP_MAX_REPORTS, code=unit.code)), 422
    archive = tempfile.SpooledTemporaryFile(max_size=ZIP_IN_MEMORY_BYTES)
    try:
        write_executive_zip(heads, fiscal_year, today_in_bangkok(), archive)
    except PdfUnavailable:
        archive.close()
        return _pdf_unavailable()
    archive.seek(0)
    return send_file(archive, mimetype="application/zip", as_attachment=True,
                     download_name=executive_zip_name(unit, fiscal_year))


@bp.route("/<int:org_id>/open-data.zip")
@require("view_unit_report")
def open_data_zip(org_id):
    unit = visible_or_404(Organisation, org_id, "view_unit_report")
    package = open_data_package(unit, _fiscal_year())
    return Response(package.zip_bytes(), mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{package.name}.zip"'})


@bp.route("/<int:org_id>/open-data.xlsx")
@require("view_unit_report")
def open_data_workbook(org_id):
    """The open-data package's tables as one workbook: the same suppressed cells, a notes sheet."""
    unit = visible_or_404(Organisation, org_id, "view_unit_report")
    name, content = open_data_xlsx(unit, _fiscal_year())
    return Response(content, mimetype=XLSX_TYPE, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _valid_filter_form() -> ReportFilterForm:
    """The report's filters from the query string; 400 for any the report page would refuse."""
    form = ReportFilterForm(request.args)
    if not form.validate():
        abort(400)
    return form


def _fiscal_year() -> int:
    """?fy= as the report's filter form checks it (the current fiscal year when absent)."""
    return _valid_filter_form().filters().fiscal_year


def _pdf_unavailable():
    return render_template(
        "core/error.html", status=503, title=_("PDF not available"),
        message=_("This server cannot make PDF files: the Pango library that WeasyPrint needs is not "
                  "installed. Ask the system administrator to install it (see docs/operations.md).")), 503
