"""The agency report in Chromium (issue 13, "Done when"): a CIO, a head of division and the site
admin each log in, reach their report from the menu, read their unit's figures, change a filter
and see the figures change, drill down one level with the filters kept, and download the CSV,
the XLSX, the executive PDF and the open-data package. A CIO gets the not-found page for another
agency's report.

The people and their learning are tests/reports/factories_report.build_report_world (its
docstring works the figures out by hand), committed on the live server's database beside the
shared e2e world. It is built on a day inside fiscal year 2569, as the report's own tests build
it; the server runs on today's date, so each walk chooses fiscal year 2569 (or 2568) in the
filters instead of relying on the current year.
"""

import csv
import io
import json
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.reports.factories_documents import pdf_text
from tests.reports.factories_report import build_report_world, by_slug

SCREENSHOT = "/tmp/e2e-reports.png"
BUILT_ON = datetime(2026, 8, 15, 3, 0, tzinfo=UTC)  # in fiscal year 2569, like tests/reports
BYTE_ORDER_MARK = b"\xef\xbb\xbf"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@pytest.fixture(scope="module")
def rw(live_server):
    """The report world committed: {key: {"id", "email", "name_th"}} for its units and people,
    and the ids of the filter choices the walks pick."""
    from lms.extensions import db
    from lms.reference.models import EmploymentType, TargetGroup

    with live_server.app.app_context():
        with time_machine.travel(BUILT_ON, tick=False):
            world = build_report_world()
        data = {key: {"id": row.id, "email": getattr(row, "email", None), "name_th": row.name_th}
                for key, row in world.items()}
        data["service"] = by_slug(TargetGroup, "service").id
        data["civil_servant"] = by_slug(EmploymentType, "civil-servant").id
        db.session.commit()
        db.session.remove()
    return data


# --- What the reader does ------------------------------------------------------------------------


def open_reports_from_the_menu(page, th):
    menu_link = page.locator("#nav-reports-link")
    expect(menu_link).to_have_text(th("Reports"))
    with page.expect_navigation():
        menu_link.click()
    expect(page.locator("h1")).to_have_text(th("Reports"))


def show(page, th, **choices):
    """Choose filter values (select name → option value) and press Show."""
    filters = page.locator("#report-filters")
    for name, value in choices.items():
        filters.locator(f"select[name={name}]").select_option(str(value))
    with page.expect_navigation():
        filters.get_by_role("button", name=th("Show"), exact=True).click()


def follow(page, selector):
    with page.expect_navigation():
        page.locator(selector).click()


def cells(page, row_selector) -> list[str]:
    """The text of each cell of a table row, spaces collapsed."""
    texts = page.locator(f"{row_selector} > th, {row_selector} > td").all_inner_texts()
    return [" ".join(text.split()) for text in texts]


def figure(page, key) -> list[str]:
    """A coverage row after its label: this year's people and percent, then last year's."""
    return cells(page, f"#coverage-table tr[data-figure='{key}']")[1:]


def expect_filters_kept(page, **choices):
    for name, value in choices.items():
        expect(page.locator(f"#report-filters select[name={name}]")).to_have_value(str(value))
        assert f"{name}={value}" in page.url


def download(page, path_start: str) -> tuple[str, bytes]:
    """Click the report's download link whose address starts with `path_start`."""
    with page.expect_download() as info:
        page.locator(f"#report-downloads a[href^='{path_start}']").click()
    file = info.value
    assert file.failure() is None
    return file.suggested_filename, Path(file.path()).read_bytes()


# --- What the files must hold --------------------------------------------------------------------


def csv_rows(content: bytes, th) -> list[list[str]]:
    assert content.startswith(BYTE_ORDER_MARK)  # Excel reads the Thai only with it
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    title = rows.index([th("Coverage and rules")])
    assert rows[title + 1][0] == th("Figure")  # a Thai header under each section's title
    assert [th("Drill-down")] in rows
    return rows


def xlsx_sheets(content: bytes, th):
    book = load_workbook(io.BytesIO(content))
    assert {th("Coverage and rules"), th("Trend"), th("Drill-down")} <= set(book.sheetnames)
    coverage = book[th("Coverage and rules")]
    assert coverage["A1"].value == th("Figure")
    return book


def first_row(sheet, label):
    return next(row for row in sheet.iter_rows(min_row=2) if row[0].value == label)


def pdf_says(content: bytes, tmp_path, *texts):
    assert content.startswith(b"%PDF")
    text = " ".join(pdf_text(content, tmp_path).split())
    for expected in texts:
        assert expected in text, text[:800]


def check_open_data(name: str, content: bytes, unit_name: str, rw):
    assert name.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        files = {path.split("/", 1)[-1]: archive.read(path) for path in archive.namelist()}
    assert "datapackage.json" in files and "development.csv" in files
    assert unit_name in json.loads(files["datapackage.json"])["title"]
    everything = b"\n".join(files.values()).decode("utf-8")
    people = [row for row in rw.values() if isinstance(row, dict) and row["email"]]
    assert people and not [row["email"] for row in people if row["email"] in everything]
    assert not EMAIL.search(everything)  # nobody's address at all


# --- The walks -----------------------------------------------------------------------------------


def test_the_cio_walks_the_agency_report(page, live_server, log_in, th, rw, console_errors, tmp_path):
    agency, div1, other = rw["agency"], rw["div1"], rw["other"]
    log_in(page, rw["cio"]["email"])
    open_reports_from_the_menu(page, th)
    units = page.locator("#units-table tbody tr")
    expect(units).to_have_count(1)  # their own agency only
    assert cells(page, f"#units-table tr[data-unit='{agency['id']}']")[:2] == [agency["name_th"], "9"]

    follow(page, f"#units-table tr[data-unit='{agency['id']}'] a")
    expect(page.locator("h1")).to_have_text(agency["name_th"])
    show(page, th, fy=2569)
    # 9 people in scope in FY 2569 (10 in 2568, when one who has left was still there);
    # a, b and t2 have verified hours, c's are pending.
    assert figure(page, "in_scope") == ["9", "", "10", ""]
    assert figure(page, "learning") == ["3", "33.3%", "3", "30%"]
    assert figure(page, "agreed_plan") == ["3", "33.3%", "1", "10%"]
    page.screenshot(path=SCREENSHOT, full_page=True)

    name, content = download(page, f"/reports/{agency['id']}/export.csv")
    assert name == "report-R-AG-2569.csv"
    rows = csv_rows(content, th)
    assert [th("People in scope"), "9", "", "10", ""] in rows
    assert [div1["name_th"], "6", "50.0", "50.0", "33.3", "6.7"] in rows  # the drill-down, plain numbers
    name, content = download(page, f"/reports/{agency['id']}/export.xlsx")
    assert name == "report-R-AG-2569.xlsx"
    book = xlsx_sheets(content, th)
    in_scope = first_row(book[th("Coverage and rules")], th("People in scope"))
    assert (in_scope[1].value, in_scope[1].data_type) == (9, "n")

    # Service workers only: a, c and d1; of them only a has counted learning.
    show(page, th, group=rw["service"])
    expect_filters_kept(page, fy=2569, group=rw["service"])
    assert figure(page, "in_scope")[0] == "3"
    assert figure(page, "learning")[:2] == ["1", "33.3%"]

    # One level down, the filters kept: the division's service workers are a and c.
    follow(page, f"#drilldown-table tr[data-unit='{div1['id']}'] a")
    expect(page.locator("h1")).to_have_text(div1["name_th"])
    expect_filters_kept(page, fy=2569, group=rw["service"])
    assert figure(page, "in_scope")[0] == "2"
    assert figure(page, "learning")[:2] == ["1", "50%"]
    expect(page.locator(f"#drilldown-table tr[data-person='{rw['a']['id']}']")).to_contain_text(rw["a"]["name_th"])

    name, content = download(page, f"/reports/{div1['id']}/executive.pdf")
    assert name == "R-D1-Hathai-Head-2569.pdf"
    pdf_says(content, tmp_path, rw["head"]["name_th"], div1["name_th"])
    name, content = download(page, f"/reports/{div1['id']}/open-data.zip")
    check_open_data(name, content, div1["name_th"], rw)

    assert console_errors == []

    # Another agency's report, and its export, do not exist for this CIO.
    for path in (f"/reports/{other['id']}?fy=2569", f"/reports/{other['id']}/export.csv?fy=2569"):
        response = page.goto(live_server(path))
        assert response.status == 404
        expect(page.locator("h1")).to_have_text(th("Page not found"))
        expect(page.locator("main")).not_to_contain_text(other["name_th"])
    # The only errors: Chromium logging the two pages' own 404 answers.
    assert [error for error in console_errors if "status of 404" not in error] == []


def test_the_head_of_a_division_walks_their_report(page, log_in, th, rw, console_errors, tmp_path):
    div1, team = rw["div1"], rw["team"]
    log_in(page, rw["head"]["email"])
    open_reports_from_the_menu(page, th)
    expect(page.locator("#units-table tbody tr")).to_have_count(1)  # their division, not the agency
    assert cells(page, f"#units-table tr[data-unit='{div1['id']}']")[:2] == [div1["name_th"], "6"]

    show(page, th, fy=2569)
    follow(page, f"#units-table tr[data-unit='{div1['id']}'] a")
    expect(page.locator("h1")).to_have_text(div1["name_th"])
    expect_filters_kept(page, fy=2569)
    # head, a, b, c, t1, t2; a, b and t2 have verified hours; a and t2 meet 70:20:10.
    assert figure(page, "in_scope")[0] == "6"
    assert figure(page, "learning")[:2] == ["3", "50%"]
    assert figure(page, "mix")[:2] == ["2", "33.3%"]

    name, content = download(page, f"/reports/{div1['id']}/export.csv")
    assert name == "report-R-D1-2569.csv"
    rows = csv_rows(content, th)
    assert [th("People in scope"), "6", "", "6", ""] in rows
    assert [team["name_th"], "2", "50.0", "50.0", "50.0", "5.0"] in rows
    name, content = download(page, f"/reports/{div1['id']}/export.xlsx")
    book = xlsx_sheets(content, th)
    team_row = first_row(book[th("Drill-down")], team["name_th"])
    assert [cell.value for cell in team_row] == [team["name_th"], 2, 50.0, 50.0, 50.0, 5.0]
    assert team_row[1].data_type == "n" and team_row[1].number_format == "#,##0"
    name, content = download(page, f"/reports/{div1['id']}/executive.pdf")  # their own, for their review
    pdf_says(content, tmp_path, rw["head"]["name_th"])
    name, content = download(page, f"/reports/{div1['id']}/open-data.zip")
    check_open_data(name, content, div1["name_th"], rw)

    # The year before: only a had counted learning (6 hours on the job).
    show(page, th, fy=2568)
    assert figure(page, "in_scope")[0] == "6"
    assert figure(page, "learning")[:2] == ["1", "16.7%"]

    follow(page, f"#drilldown-table tr[data-unit='{team['id']}'] a")
    expect(page.locator("h1")).to_have_text(team["name_th"])
    expect_filters_kept(page, fy=2568)
    assert figure(page, "in_scope") == ["2", "", "2", ""]
    assert figure(page, "learning")[:2] == ["0", "0%"]
    assert console_errors == []


def test_the_site_admin_compares_agencies_and_opens_one(page, log_in, th, rw, console_errors, tmp_path):
    agency, other, div1 = rw["agency"], rw["other"], rw["div1"]
    log_in(page, rw["site_admin"]["email"])
    open_reports_from_the_menu(page, th)
    # Every agency side by side: the report world's two beside the e2e world's.
    assert cells(page, f"#units-table tr[data-unit='{agency['id']}']")[:2] == [agency["name_th"], "9"]
    assert cells(page, f"#units-table tr[data-unit='{other['id']}']")[:2] == [other["name_th"], "2"]
    assert page.locator("#units-table tbody tr").count() >= 4

    show(page, th, fy=2569)
    assert cells(page, f"#units-table tr[data-unit='{agency['id']}']")[3] == "33.3%"
    # Civil servants only: c is a government employee and t1 a temporary one.
    show(page, th, employment=rw["civil_servant"])
    expect_filters_kept(page, fy=2569, employment=rw["civil_servant"])
    assert cells(page, f"#units-table tr[data-unit='{agency['id']}']")[1:4] == ["7", "42.9%", "42.9%"]

    follow(page, f"#units-table tr[data-unit='{agency['id']}'] a")
    expect(page.locator("h1")).to_have_text(agency["name_th"])
    expect_filters_kept(page, fy=2569, employment=rw["civil_servant"])
    assert figure(page, "in_scope")[0] == "7"
    assert figure(page, "learning")[:2] == ["3", "42.9%"]

    name, content = download(page, f"/reports/{agency['id']}/export.csv")
    rows = csv_rows(content, th)
    assert [th("People in scope"), "7", "", "8", ""] in rows
    name, content = download(page, f"/reports/{agency['id']}/export.xlsx")
    in_scope = first_row(xlsx_sheets(content, th)[th("Coverage and rules")], th("People in scope"))
    assert [cell.value for cell in in_scope[1:5]] == [7, None, 8, None]
    # The agency has no head of its own: every head's report below it, as a zip.
    name, content = download(page, f"/reports/{agency['id']}/executive.zip")
    assert name == "executive-R-AG-2569.zip"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.namelist() == ["R-D1-Hathai-Head-2569.pdf"]
        pdf_says(archive.read("R-D1-Hathai-Head-2569.pdf"), tmp_path, rw["head"]["name_th"])
    name, content = download(page, f"/reports/{agency['id']}/open-data.zip")
    check_open_data(name, content, agency["name_th"], rw)

    follow(page, f"#drilldown-table tr[data-unit='{div1['id']}'] a")
    expect(page.locator("h1")).to_have_text(div1["name_th"])
    expect_filters_kept(page, fy=2569, employment=rw["civil_servant"])
    assert figure(page, "in_scope")[0] == "4"  # head, a, b and t2
    assert figure(page, "learning")[:2] == ["3", "75%"]
    assert console_errors == []
