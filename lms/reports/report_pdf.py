"""The agency report as a document to print or file: every section the page shows, for the
same unit and filters, as an A4 landscape PDF (core.pdf: WeasyPrint, the app's Sarabun).

Units only: the drill-down's person rows stay on the page, where each is shown to those who may
already see that person; the printed report says how many people it counts without listing them.
"""

from __future__ import annotations

from datetime import date

from flask import render_template

from ..core.i18n import current_language
from ..core.pdf import render_pdf
from . import shown
from .drilldown import Drilldown
from .executive_pdf import ascii_name
from .filter_form import ReportFilterForm
from .sections import UnitReport


def chosen_filters(form: ReportFilterForm) -> list[tuple[str, str]]:
    """(filter, choice) of each filter narrowed from "All", as the form labels them, so the
    printed report says whom it counts."""
    chosen = []
    for field in (form.group, form.phase, form.employment, form.skill_set):
        if field.data is not None:
            labels = {choice.value: choice.label for choice in field.choices}
            chosen.append((str(field.label.text), str(labels.get(field.data, field.data))))
    return chosen


def report_pdf_bytes(report: UnitReport, drill: Drilldown, chosen: list[tuple[str, str]],
                     printed_on: date) -> bytes:
    """The report as a PDF in the reader's language (the number formats passed here, not left
    to the reports blueprint's context processor, so a command could print it too)."""
    html = render_template(
        "reports/report_pdf.html", report=report, unit=report.unit, drill=drill, chosen=chosen,
        printed_on=printed_on, language=current_language(),
        count_shown=shown.count_shown, hours_shown=shown.hours_shown, percent_shown=shown.percent_shown)
    return render_pdf(html).content


def report_file_name(unit_code: str, unit_id: int, fiscal_year: int) -> str:
    """The unit's code in plain ASCII letters (its id when it has none) and the year, as the
    report's CSV and XLSX files are named."""
    return f"report-{ascii_name(unit_code) or unit_id}-{fiscal_year}.pdf"
