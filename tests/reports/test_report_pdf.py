"""The whole agency report as a PDF (A4 landscape, units only): rendered by WeasyPrint, read back
with poppler's pdftotext and pdftoppm, as a reader would copy or print it. The figures are those
of tests/reports/factories_report.py, the same the report's page shows."""


import pytest
from PIL import Image

from lms.extensions import db
from lms.reference.models import TargetGroup
from tests.reports.factories_documents import pdf_pages_rendered, pdf_text
from tests.reports.factories_report import by_slug

pytestmark = pytest.mark.usefixtures("in_fiscal_year_2569")


def printed(client, url, tmp_path) -> tuple[bytes, list[str]]:
    response = client.get(url)
    assert response.status_code == 200, response.get_data()[:500]
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.data, tmp_path)
    return response, [" ".join(line.split()) for line in text.splitlines()]


def test_the_cio_prints_the_agencys_report(client, login, rw, tmp_path):
    login(rw["cio"])
    response, lines = printed(client, f"/reports/{rw['agency'].id}/report.pdf?fy=2569", tmp_path)

    assert response.headers["Content-Disposition"] == 'attachment; filename="report-R-AG-2569.pdf"'
    assert "กรมรายงาน" in lines  # the unit's Thai name, as the title
    assert "รายงานปีงบประมาณ 2569: หน่วยงานนี้และหน่วยงานย่อยทั้งหมด" in lines  # the year in B.E.
    for title in ("ความครอบคลุมและเกณฑ์", "ทักษะ", "การจัดฝึกอบรม", "แนวโน้ม", "เจาะลึกรายหน่วยงาน",
                  "ตัวชี้วัดของส่วนราชการ", "งบประมาณ"):
        assert title in lines, title
    # Section 1 as the page has it: this year and last.
    assert "ผู้อยู่ในขอบเขต 9 10" in lines
    assert "มีแผนพัฒนารายบุคคลที่ตกลงแล้ว 3 33.3% 1 10%" in lines
    assert "ชั่วโมงที่นับแล้ว 40 13" in lines
    # The drill-down: the divisions, each with its subtree's figures.
    assert "กองหนึ่ง 6 50% 50% 33.3% 6.7" in lines
    assert "กองสอง 1 0% 0% 0% 0" in lines
    assert "ต.ค. 10 0" in lines and "ก.ย. – 13" in lines  # the trend's table, month by month
    assert "นวัตกรรมดิจิทัลในการทำงานและการให้บริการ (0)" in lines  # ำ comes back as typed


def test_the_printed_report_lists_units_never_people(client, login, rw, tmp_path):
    login(rw["admin"])  # who may see everyone in the agency: the page lists its people
    _response, lines = printed(client, f"/reports/{rw['div1'].id}/report.pdf?fy=2569", tmp_path)

    text = "\n".join(lines)
    assert "ทีมเอ 2" in text  # the team below the division
    for key in ("head", "a", "b", "c", "t1", "t2", "cio", "admin"):
        assert rw[key].name_th not in text and rw[key].name_en not in text, key
    # head, a, b, c: counted, said so, not named (the line in the reader's language)
    assert any(" 4 " in f" {line} " and ("directly" in line or "โดยตรง" in line) for line in lines)


def test_the_pages_are_a4_landscape_with_something_drawn(client, login, rw, tmp_path):
    login(rw["cio"])
    response, _lines = printed(client, f"/reports/{rw['agency'].id}/report.pdf?fy=2569", tmp_path)

    pages = pdf_pages_rendered(response.data, tmp_path)
    assert len(pages) >= 2
    for page in pages:
        with Image.open(page) as image:
            width, height = image.size
            assert width > height  # landscape
            assert abs(width / height - 297 / 210) < 0.02  # A4
            assert image.convert("L").getextrema()[0] < 100


def test_the_filters_of_the_page_narrow_the_print_and_are_named(client, login, rw, tmp_path):
    login(rw["cio"])
    service = by_slug(TargetGroup, "service")
    _response, lines = printed(client, f"/reports/{rw['agency'].id}/report.pdf?fy=2569&group={service.id}",
                               tmp_path)

    assert "ผู้อยู่ในขอบเขต 3 3" in lines  # a, c, d1 (the page's figure too)
    assert any("กลุ่มเป้าหมาย: ผู้ทำงานด้านบริการ" in line for line in lines)


def test_the_report_follows_the_readers_language(client, login, rw, tmp_path):
    rw["cio"].language = "en"
    db.session.flush()
    login(rw["cio"])
    _response, lines = printed(client, f"/reports/{rw['agency'].id}/report.pdf?fy=2569", tmp_path)

    assert "Department of Reports" in lines
    assert "Coverage and rules" in lines
    assert any("2026 (B.E. 2569)" in line for line in lines)


@pytest.mark.parametrize("who, unit", [("other_cio", "agency"), ("cio", "other"), ("head", "agency")])
def test_a_unit_the_reader_may_not_report_on_answers_404(client, login, rw, who, unit):
    login(rw[who])  # another agency's CIO; a head of division for the agency above their division
    assert client.get(f"/reports/{rw[unit].id}/report.pdf?fy=2569").status_code == 404


@pytest.mark.parametrize("query", ["fy=2400", "fy=abc", "group=999999", "skill_set=x"])
def test_filters_the_page_refuses_answer_400(client, login, rw, query):
    login(rw["cio"])
    assert client.get(f"/reports/{rw['agency'].id}/report.pdf?{query}").status_code == 400


def test_someone_who_leads_no_unit_finds_no_report_to_print(client, login, rw):
    login(rw["a"])  # a member of the division, not its head: the unit's report is not there for them
    assert client.get(f"/reports/{rw['div1'].id}/report.pdf?fy=2569").status_code == 404
