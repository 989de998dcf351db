"""What the report's CSV and XLSX files carry beyond the page's tables of figures: the expected
roles of the agency's phase (a section of their own, after the skills), and the drill-down's
person rows (a "People in the unit" section after the units) — every row the reader may see,
on every page, and never a person the reader may not see."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from lms.extensions import db
from lms.reference.models import Phase
from tests import factories
from tests.reports.factories_report import CREATED, by_slug

pytestmark = pytest.mark.usefixtures("in_fiscal_year_2569")


def csv_sections(client, url) -> dict[str, list[list[str]]]:
    """{section title: [headers, rows…]} of the report's CSV, in the file's order."""
    response = client.get(url)
    assert response.status_code == 200, response.get_data()[:500]
    sections, current = {}, None
    for row in csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))):
        if not row:
            current = None
        elif current is None:
            current = sections.setdefault(row[0], [])
        else:
            current.append(row)
    return sections


def workbook(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.get_data()[:500]
    return load_workbook(io.BytesIO(response.get_data()))


def sheet_rows(book, title) -> list[tuple]:
    return list(book[title].iter_rows(values_only=True))


def test_the_csv_has_the_expected_roles_after_the_skills_in_thai(client, login, rw):
    login(rw["cio"])
    sections = csv_sections(client, f"/reports/{rw['agency'].id}/export.csv?fy=2569")
    titles = list(sections)
    assert titles.index("บทบาทที่คาดหวัง") == titles.index("ทักษะ") + 1
    headers, *rows = sections["บทบาทที่คาดหวัง"]
    assert headers == ["ระยะการพัฒนา", "กลุ่มเป้าหมาย", "บทบาทปัจจุบัน", "ระยะการพัฒนาถัดไป", "บทบาทในอนาคต"]
    assert ["ระยะพัฒนา (ปีที่ 3–5)", "ผู้บริหารระดับสูง", "ผู้นำด้านดิจิทัลภาครัฐ", "ระยะสมบูรณ์ (ปีที่ 6–10)",
            "ผู้สร้างวัฒนธรรมองค์กรด้านดิจิทัลภาครัฐ"] in rows
    assert len(rows) == 6  # one per target group (six) of the agency's one phase


def test_the_xlsx_has_an_expected_roles_sheet_in_the_readers_language(client, login, rw):
    rw["cio"].language = "en"
    db.session.flush()
    login(rw["cio"])
    book = workbook(client, f"/reports/{rw['agency'].id}/export.xlsx?fy=2569")
    assert book.sheetnames.index("Expected roles") == book.sheetnames.index("Skills") + 1
    headers, *rows = sheet_rows(book, "Expected roles")
    assert headers == ("Phase", "Target group", "Current role", "Next phase", "Future role")
    assert ("Develop (years 3–5)", "Executive", "Digital government leader", "Maturity (years 6–10)",
            "Digital culture builder") in rows


def test_the_last_phase_exports_no_future_roles(client, login, rw):
    login(rw["cio"])
    maturity = by_slug(Phase, "maturity")
    book = workbook(client, f"/reports/{rw['agency'].id}/export.xlsx?fy=2569&phase={maturity.id}")
    _headers, *rows = sheet_rows(book, "บทบาทที่คาดหวัง")
    assert rows and all(row[0] == "ระยะสมบูรณ์ (ปีที่ 6–10)" and row[2] for row in rows)
    assert all(row[3] is None and row[4] is None for row in rows)  # empty cells, as the page leaves them


def test_an_agency_without_a_phase_exports_the_headers_alone(client, login, rw):
    rw["agency"].phase = None
    db.session.flush()
    login(rw["cio"])
    headers, *rows = csv_sections(client, f"/reports/{rw['agency'].id}/export.csv?fy=2569")["บทบาทที่คาดหวัง"]
    assert headers[0] == "ระยะการพัฒนา" and rows == []


def test_person_rows_follow_the_units_with_the_rules_met_and_the_hours(client, login, rw):
    login(rw["head"])
    sections = csv_sections(client, f"/reports/{rw['div1'].id}/export.csv?fy=2569")
    titles = list(sections)
    assert titles.index("บุคลากรในหน่วยงาน") == titles.index("เจาะลึกรายหน่วยงาน") + 1
    headers, *rows = sections["บุคลากรในหน่วยงาน"]
    assert headers == ["ชื่อ-สกุล", "ตำแหน่ง", "แผนที่ตกลงแล้ว", "มีการเรียนรู้ที่นับแล้ว", "เป็นไปตาม 70:20:10",
                       "ชั่วโมงที่นับแล้ว"]
    by_name = {row[0]: row[2:] for row in rows}
    assert list(by_name) == [rw["c"].name_th, rw["b"].name_th, rw["head"].name_th, rw["a"].name_th]  # by name
    assert by_name[rw["a"].name_th] == ["ใช่", "ใช่", "ใช่", "20.00"]
    assert by_name[rw["b"].name_th] == ["ใช่", "ใช่", "ไม่", "10.00"]
    assert by_name[rw["c"].name_th] == ["ไม่", "ไม่", "ไม่", "0.00"]  # 5 h pending count nothing
    # the team's people are in the team's row, not listed here
    assert rw["t2"].name_th not in {row[0] for row in rows}


def test_person_hours_are_numbers_in_the_xlsx(client, login, rw):
    rw["head"].language = "en"
    db.session.flush()
    login(rw["head"])
    book = workbook(client, f"/reports/{rw['div1'].id}/export.xlsx?fy=2569")
    assert book.sheetnames.index("People in the unit") == book.sheetnames.index("Drill-down") + 1
    sheet = book["People in the unit"]
    row = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == rw["a"].name_en)
    assert [cell.value for cell in row[2:5]] == ["Yes", "Yes", "Yes"]
    assert Decimal(str(row[5].value)) == Decimal("20") and row[5].data_type == "n"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_nobody_the_reader_may_not_see_is_exported(client, login, rw, kind):
    url = f"/reports/{rw['agency'].id}/export.{kind}?fy=2569"

    def exported_text() -> str:
        body = client.get(url).get_data()
        if kind == "csv":
            return body.decode("utf-8-sig")
        book = load_workbook(io.BytesIO(body))
        return "\n".join(str(value) for sheet in book for row in sheet.iter_rows(values_only=True)
                         for value in row if value is not None)

    login(rw["cio"])  # may open the agency's report, and see themself, but not the agency admin
    text = exported_text()
    assert rw["cio"].name_th in text
    assert rw["admin"].name_th not in text
    login(rw["admin"])  # administers the agency: may see everyone in it
    text = exported_text()
    assert rw["cio"].name_th in text and rw["admin"].name_th in text


def test_every_page_of_person_rows_is_exported(client, login, rw):
    from lms.reports.drilldown import PEOPLE_PER_PAGE

    crowd = [factories.person(rw["div2"], rw["cio"], name_th=f"คนที่ {n:03d}", name_en=f"Person {n:03d}",
                              created_at=CREATED) for n in range(PEOPLE_PER_PAGE + 5)]
    login(rw["admin"])
    page = client.get(f"/reports/{rw['div2'].id}?fy=2569").get_data(as_text=True)
    assert crowd[-1].name_th not in page  # the page shows the first page only
    _headers, *rows = csv_sections(client, f"/reports/{rw['div2'].id}/export.csv?fy=2569")["บุคลากรในหน่วยงาน"]
    names = [row[0] for row in rows]
    assert {person.name_th for person in crowd} <= set(names)
    assert rw["d1"].name_th in names and len(names) == len(crowd) + 1  # the one who left is not in scope
