"""The executive report as a document: one head's one-page PDF, and the zip of every head's in
a subtree. Used by the download views and by `flask lms reports executive-zip`."""

import re
import zipfile
from datetime import date
from typing import BinaryIO

from flask import render_template

from ..accounts.models import Organisation
from ..core.i18n import current_language
from ..core.pdf import render_one_page
from . import shown
from .executive import ExecutiveReport, executive_report


def executive_pdf_bytes(report: ExecutiveReport) -> bytes:
    """The report as a one-page PDF in the reader's language (in a command or a job too: the
    number formats are passed here, not left to the reports blueprint's context processor)."""
    language = current_language()
    return render_one_page(lambda compact: render_template(
        "reports/executive.html", report=report, compact=compact, language=language,
        count_shown=shown.count_shown, hours_shown=shown.hours_shown, percent_shown=shown.percent_shown))


def executive_file_name(report: ExecutiveReport) -> str:
    """The unit's code and the head's English name in plain ASCII letters (the code alone when
    the name has none), and the year: a name every browser and zip tool keeps."""
    parts = [ascii_name(report.unit.code) or str(report.unit.id), ascii_name(report.head.name_en)]
    return "-".join(part for part in parts if part) + f"-{report.fiscal_year}.pdf"


def write_executive_zip(heads: list[Organisation], fiscal_year: int, today: date, out: BinaryIO) -> int:
    """Write the report of each of these units' heads (heads_in) to a zip; how many."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped:
        for unit in heads:
            report = executive_report(unit, fiscal_year, today)
            zipped.writestr(executive_file_name(report), executive_pdf_bytes(report))
    return len(heads)


def executive_zip_name(unit: Organisation, fiscal_year: int) -> str:
    return f"executive-{ascii_name(unit.code) or unit.id}-{fiscal_year}.zip"


def ascii_name(text: str) -> str:
    """Letters and digits of `text` in ASCII, runs of anything else as one "-"."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text or "").strip("-")


