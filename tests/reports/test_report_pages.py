"""The report pages as their readers see them: the index, a unit's report with the previous year
beside it, the filters, and who may open what (another agency's unit answers 404)."""


import pytest

from lms.reference.models import EmploymentType, TargetGroup
from tests.reports.factories_report import by_slug, table_rows

pytestmark = pytest.mark.usefixtures("in_fiscal_year_2569")


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.get_data()[:2000]
    return response.get_data().decode("utf-8", errors="replace")


def test_the_cio_reads_the_agency_this_year_and_last(client, login, rw):
    login(rw["cio"])
    html = page(client, f"/reports/{rw['agency'].id}")
    figures = table_rows(html, "data-figure")
    # figure, people and percent this year (FY 2569), then last year (FY 2568)
    assert figures["in_scope"] == ["ผู้อยู่ในขอบเขต", "9", "", "10", ""]
    assert figures["agreed_plan"][1:] == ["3", "33.3%", "1", "10%"]
    assert figures["learning"][1:] == ["3", "33.3%", "3", "30%"]
    assert figures["mix"][1:] == ["2", "22.2%", "0", "0%"]
    assert figures["foundation"][1:] == ["1", "11.1%", "0", "0%"]
    assert figures["horizon"][1:] == ["2", "22.2%", "1", "10%"]
    assert figures["hours_total"][1::2] == ["40", "13"]
    assert figures["hours_per_person"][1::2] == ["4.4", "1.3"]
    assert "รายงานปีงบประมาณ 2569" in html and "ปีงบประมาณ 2568" in html
    assert 'id="trend-chart"' in html and "<polyline" in html
    months = table_rows(html, "data-month")
    assert months["10"][1:] == ["10", "0"] and months["9"][1:] == ["–", "13"]


def test_the_index_lists_the_units_a_person_reports_on(client, login, rw):
    login(rw["head"])
    units = table_rows(page(client, "/reports/"), "data-unit")
    assert list(units) == [str(rw["div1"].id)]
    assert units[str(rw["div1"].id)][1:] == ["6", "50%", "50%", "33.3%", "16.7%", "6.7"]

    login(rw["site_admin"])
    units = table_rows(page(client, "/reports/"), "data-unit")
    assert {str(rw["agency"].id), str(rw["other"].id)} <= set(units)
    assert units[str(rw["agency"].id)][1] == "9"


def test_the_menu_offers_reports_to_those_who_may_read_them(client, login, rw):
    login(rw["head"])
    assert 'id="nav-reports-link"' in page(client, "/reports/")
    login(rw["a"])
    assert 'id="nav-reports-link"' not in page(client, "/")
    page(client, "/reports/", status=403)


@pytest.mark.parametrize("path", ["", "/export.csv", "/export.xlsx"])
def test_another_agencys_unit_answers_404(client, login, rw, path):
    login(rw["cio"])
    page(client, f"/reports/{rw['other'].id}{path}", status=404)
    page(client, f"/reports/{rw['agency'].id}{path}", status=200)
    login(rw["head"])  # head of a division: not of the agency above it
    page(client, f"/reports/{rw['agency'].id}{path}", status=404)
    page(client, f"/reports/{rw['team'].id}{path}", status=200)
    login(rw["other_cio"])
    page(client, f"/reports/{rw['div1'].id}{path}", status=404)


def test_each_filter_narrows_the_report(client, login, rw):
    login(rw["admin"])
    base = f"/reports/{rw['agency'].id}?fy=2569"

    def in_scope(query):
        return table_rows(page(client, base + query), "data-figure")["in_scope"][1]

    assert in_scope("") == "9"
    assert in_scope(f"&group={by_slug(TargetGroup, 'service').id}") == "3"
    assert in_scope(f"&employment={by_slug(EmploymentType, 'government-employee').id}") == "1"
    html = page(client, base + f"&group={by_slug(TargetGroup, 'service').id}")
    # the links down keep the filters
    assert f"/reports/{rw['div1'].id}?fy=2569&amp;group={by_slug(TargetGroup, 'service').id}" in html


@pytest.mark.parametrize("query, field, message", [
    ("fy=2400", "fy", "เลือกปีงบประมาณตั้งแต่ 2561 ถึง 2569"),
    ("fy=2571", "fy", "เลือกปีงบประมาณตั้งแต่ 2561 ถึง 2569"),  # next year: nothing to report yet
    ("fy=abc", "fy", "เลือกปีงบประมาณจากรายการ"),
    ("fy=", "fy", "เลือกปีงบประมาณจากรายการ"),
    ("group=999999", "group", "เลือกกลุ่มเป้าหมายจากรายการ"),
    ("phase=x", "phase", "เลือกระยะการพัฒนาจากรายการ"),
    ("employment=0", "employment", "เลือกประเภทบุคลากรจากรายการ"),
    ("skill_set=99999999999", "skill_set", "เลือกกลุ่มทักษะจากรายการ"),
])
def test_a_bad_filter_is_a_field_error_in_thai_and_no_report(client, login, rw, query, field, message):
    login(rw["cio"])
    html = page(client, f"/reports/{rw['agency'].id}?{query}")
    assert f'<div class="invalid-feedback d-block" id="{field}-error">{message}</div>' in html
    assert 'id="filter-errors"' in html and 'id="coverage"' not in html
    page(client, f"/reports/{rw['agency'].id}/export.csv?{query}", status=400)


def test_the_errors_are_in_english_for_an_english_reader(client, login, rw, db):
    rw["cio"].language = "en"
    db.session.flush()
    login(rw["cio"])
    html = page(client, f"/reports/{rw['agency'].id}?fy=2400")
    assert "Choose a fiscal year from 2018 (B.E. 2561) to 2026 (B.E. 2569)." in html


def test_a_unit_below_another_of_the_readers_is_not_listed_twice(client, login, rw, db):
    rw["div2"].head = rw["cio"]  # the CIO also heads a division of their own agency
    db.session.flush()
    login(rw["cio"])
    assert list(table_rows(page(client, "/reports/"), "data-unit")) == [str(rw["agency"].id)]


def test_an_english_reader_gets_common_era_years_beside_buddhist_ones(client, login, rw, db):
    rw["admin"].language = "en"
    db.session.flush()
    login(rw["admin"])
    html = page(client, f"/reports/{rw['agency'].id}")
    assert "Report for fiscal year 2026 (B.E. 2569)" in html and "FY 2025 (B.E. 2568)" in html
    assert table_rows(html, "data-figure")["agreed_plan"] == ["With an agreed development plan", "3", "33.3%",
                                                               "1", "10%"]


def test_the_report_links_its_downloads_with_its_filters(client, login, rw):
    login(rw["cio"])
    service = by_slug(TargetGroup, "service").id
    html = page(client, f"/reports/{rw['div1'].id}?fy=2568&group={service}")
    downloads = html.split('id="report-downloads"')[1].split("</div>")[0]
    assert f"/reports/{rw['div1'].id}/export.csv?fy=2568&amp;group={service}" in downloads
    assert f"/reports/{rw['div1'].id}/export.xlsx?fy=2568&amp;group={service}" in downloads
