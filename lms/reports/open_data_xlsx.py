"""The open data as one Excel workbook, for readers who open a spreadsheet rather than a Data
Package: a sheet per table of the package (open_data.open_data_tables: the same suppressed values,
empty cells where suppressed) and a first sheet of notes saying what the columns hold and why
some cells are empty. Suppression so holds whichever format the open data is taken in.
"""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from ..accounts.models import Organisation
from ..core.models import utcnow
from .open_data import (
    COUNT,
    DEVELOPMENT_FIELDS,
    SUPPRESSED_NOTE,
    UNIT_FIELDS,
    counted_hours_note,
    open_data_tables,
    package_descriptor,
)

NOTES_SHEET = "หมายเหตุ (notes)"
NUMBER_FORMATS = {"fiscal_year": "0", COUNT: "#,##0", "number": "#,##0.0#"}


def open_data_xlsx(unit: Organisation, fiscal_year: int, now: datetime | None = None) -> tuple[str, bytes]:
    """(file name, workbook) of a unit's subtree's open data for a fiscal year (B.E.)."""
    tables = open_data_tables(unit, fiscal_year)
    descriptor = package_descriptor(tables.name, unit, fiscal_year, now or utcnow())
    workbook = Workbook()
    _write_notes(workbook.active, descriptor)
    _write_table(workbook.create_sheet("units"), UNIT_FIELDS, tables.units)
    _write_table(workbook.create_sheet("development"), DEVELOPMENT_FIELDS, tables.development)
    out = io.BytesIO()
    workbook.save(out)
    return f"{tables.name}.xlsx", out.getvalue()


def _write_notes(sheet, descriptor: dict) -> None:
    """What datapackage.json says, for people: the data set, why cells are empty, the licence,
    then every column's description."""
    sheet.title = NOTES_SHEET
    licence = descriptor["licenses"][0]
    sheet.append([descriptor["title"]])
    sheet["A1"].font = Font(bold=True, size=13)
    for label, text in (
        ("คำอธิบาย / Description", descriptor["description"]),
        ("ช่องว่าง / Empty cells", SUPPRESSED_NOTE),
        ("ชั่วโมงที่นับ / Hours counted", counted_hours_note()),
        ("สัญญาอนุญาต / Licence", f"{licence['title']} {licence['path']}"),
        ("จัดทำเมื่อ / Created", descriptor["created"]),
    ):
        sheet.append([label, text])
    sheet.append([])
    sheet.append(["ตาราง / Sheet", "คอลัมน์ / Column", "คำอธิบาย / Description"])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            sheet.append([resource["name"], field["name"], field["description"]])
    for row in sheet.iter_rows(min_row=2):
        row[-1].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 34
    sheet.column_dimensions["C"].width = 90


def _write_table(sheet, fields, rows: list[list]) -> None:
    """The table as the CSV has it: the columns' names as the header, numbers as numbers,
    suppressed cells (None) empty, and text kept as text even when it looks like a formula."""
    sheet.append([name for name, *_rest in fields])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    formats = [NUMBER_FORMATS.get(name, NUMBER_FORMATS.get(kind)) for name, kind, *_rest in fields]
    for row_number, values in enumerate(rows, start=2):  # (sheet.max_row scans every cell: not per row)
        sheet.append(values)
        for column, (value, number_format) in enumerate(zip(values, formats, strict=True), start=1):
            if isinstance(value, str):
                sheet.cell(row_number, column).data_type = "s"  # "=…" stays the unit's name, never a formula
            elif isinstance(value, int | Decimal) and number_format:
                sheet.cell(row_number, column).number_format = number_format
    for column, (name, *_rest) in enumerate(fields):
        sheet.column_dimensions[sheet.cell(row=1, column=column + 1).column_letter].width = \
            max(12, min(40, len(name) + 4))
    sheet.freeze_panes = "A2"
