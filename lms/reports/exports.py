"""The report's tables as files: CSV (UTF-8 with a byte-order mark, so Excel reads the Thai) and
XLSX (openpyxl: one sheet per section, Thai headers, numbers as numbers with formats).

Each section gives its figures as plain values (`table()`: str, int, Decimal, None); here they
are written as they are: numbers stay numbers, text is made safe from spreadsheet formulas.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..core.csv_export import spreadsheet_safe

BYTE_ORDER_MARK = "\ufeff"
WHOLE_NUMBER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0#"
# What a sheet's name may not hold (Excel), and its longest length.
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
_SHEET_NAME_LENGTH = 31


@dataclass(frozen=True)
class Section:
    """A titled table: what a section's `table()` gives, with its name."""

    title: str
    headers: list[str]
    rows: list[list]

    @classmethod
    def of(cls, title: str, figures) -> Section:
        headers, rows = figures.table()
        return cls(title, [str(header) for header in headers], rows)


def _is_number(value) -> bool:
    return isinstance(value, int | Decimal | float) and not isinstance(value, bool)


def csv_cell(value) -> str:
    """A value as a CSV cell: numbers plainly ("1234.5"), nothing as empty, text made safe."""
    if value is None:
        return ""
    if _is_number(value):
        return format(value, "f") if isinstance(value, Decimal) else str(value)
    return spreadsheet_safe(value)


def report_csv(sections: list[Section]) -> str:
    """Every section one after another: its title, its headers, its rows, then a blank line."""
    out = io.StringIO()
    writer = csv.writer(out)
    for section in sections:
        writer.writerow([spreadsheet_safe(section.title)])
        writer.writerow([spreadsheet_safe(header) for header in section.headers])
        writer.writerows([csv_cell(value) for value in row] for row in section.rows)
        writer.writerow([])
    return BYTE_ORDER_MARK + out.getvalue()


def report_xlsx(sections: list[Section]) -> bytes:
    """One sheet per section, named after it; a bold header row that stays in view."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for section in sections:
        sheet = workbook.create_sheet(_sheet_name(section.title, used))
        sheet.append(section.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [len(header) for header in section.headers]
        for row in section.rows:
            sheet.append([_xlsx_value(value) for value in row])
            for column, value in enumerate(row[:len(widths)]):
                widths[column] = max(widths[column], len(str(value)) if value is not None else 0)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if _is_number(cell.value):
                    cell.number_format = WHOLE_NUMBER_FORMAT if isinstance(cell.value, int) else DECIMAL_FORMAT
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 10), 60)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_value(value):
    """Numbers as numbers; text as text (openpyxl writes a leading "=" as a formula, so such
    text is made safe as in the CSV)."""
    if value is None or _is_number(value):
        return value
    return spreadsheet_safe(value)


def _sheet_name(title: str, used: set[str]) -> str:
    """A sheet name Excel takes, different from the ones already used."""
    base = _NOT_IN_SHEET_NAMES.sub(" ", title).strip()[:_SHEET_NAME_LENGTH] or "Sheet"
    name, n = base, 2
    while name.casefold() in used:
        suffix = f" ({n})"
        name = base[:_SHEET_NAME_LENGTH - len(suffix)] + suffix
        n += 1
    used.add(name.casefold())
    return name
