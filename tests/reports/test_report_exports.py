"""The report's CSV and XLSX files: what Excel opens (UTF-8 with a byte-order mark, Thai intact),
numbers as numbers, text that cannot run as a formula, one sheet per section."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests import factories
from tests.reports.factories_report import CREATED, build_report_world

pytestmark = pytest.mark.usefixtures("in_fiscal_year_2569")


@pytest.fixture
def rw(db):
    world = build_report_world()
    # A unit named like a formula: a spreadsheet must show the name, not run it.
    trap = factories.organisation('=HYPERLINK("http://evil.example","กดที่นี่")', parent=world["agency"],
                                  kind="division", code="R-TRAP")
    factories.person(trap, world["cio"], created_at=CREATED)
    return world


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.get_data()[:500]
    return response


def test_the_csv_opens_in_excel_with_thai_intact(client, login, rw):
    login(rw["cio"])
    response = download(client, f"/reports/{rw['agency'].id}/export.csv?fy=2569")
    assert response.mimetype == "text/csv"
    assert 'filename="report-R-AG-2569.csv"' in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel looks for
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert ["กองหนึ่ง", "6", "50.0", "50.0", "33.3", "6.7"] in rows  # the drill-down, numbers plain
    assert ["กองสอง", "1", "0.0", "0.0", "0.0", "0.0"] in rows
    # the trap unit's person makes 10 in scope this year, 11 last year
    assert ["ผู้อยู่ในขอบเขต", "10", "", "11", ""] in rows  # Thai labels
    assert ["มีแผนพัฒนารายบุคคลที่ตกลงแล้ว", "3", "30.0", "1", "9.1"] in rows
    assert ["ความครอบคลุมและเกณฑ์"] in rows and ["เจาะลึกรายหน่วยงาน"] in rows  # each section titled


def test_no_csv_cell_starts_a_formula(client, login, rw):
    login(rw["cio"])
    body = download(client, f"/reports/{rw['agency'].id}/export.csv").get_data().decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert "'=HYPERLINK(\"http://evil.example\",\"กดที่นี่\")" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@")]


def test_the_xlsx_has_a_sheet_per_section_with_thai_headers_and_numbers(client, login, rw):
    login(rw["cio"])
    response = download(client, f"/reports/{rw['agency'].id}/export.xlsx?fy=2569")
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(response.get_data()))
    assert {"ความครอบคลุมและเกณฑ์", "แนวโน้ม", "เจาะลึกรายหน่วยงาน"} <= set(book.sheetnames)
    coverage = book["ความครอบคลุมและเกณฑ์"]
    headers = [cell.value for cell in coverage[1]]
    assert headers[0] == "รายการ" and "2569" in headers[1] and "2568" in headers[3]
    rows = {row[0]: row[1:] for row in coverage.iter_rows(min_row=2, values_only=True)}
    assert rows["ผู้อยู่ในขอบเขต"] == (10, None, 11, None)
    agreed = rows["มีแผนพัฒนารายบุคคลที่ตกลงแล้ว"]
    assert agreed == (3, 30.0, 1, 9.1)
    agreed_cells = next(row for row in coverage.iter_rows(min_row=2) if row[0].value == "มีแผนพัฒนารายบุคคลที่ตกลงแล้ว")
    assert [cell.data_type for cell in agreed_cells[1:5]] == ["n"] * 4  # numbers, not text
    assert agreed_cells[2].number_format == "#,##0.0#"
    drill = book["เจาะลึกรายหน่วยงาน"]
    units = {row[0]: row[1:] for row in drill.iter_rows(min_row=2, values_only=True)}
    assert units["กองหนึ่ง"] == (6, 50.0, 50.0, 33.3, 6.7)
    assert "'=HYPERLINK(\"http://evil.example\",\"กดที่นี่\")" in units  # text, not a formula
    assert drill["B2"].number_format == "#,##0"
    trend = book["แนวโน้ม"]
    assert [row[1] for row in trend.iter_rows(min_row=2, max_row=4, values_only=True)] == [10, 24, 31]
    assert Decimal(str(trend["B3"].value)) == Decimal("24")
