"""The executive report (§4.9.7) as a real PDF: rendered by WeasyPrint, read back with poppler's
pdftotext and pdftoppm, as a reader would copy or print it."""

import io
import zipfile

import pytest
from PIL import Image

from lms.core import pdf
from lms.core.dates import format_fiscal_year
from lms.core.pdf import render_pdf
from lms.extensions import db
from lms.reports.executive import executive_report, own_development
from tests import factories
from tests.development.plan_factories import agreed_plan
from tests.reports.factories_documents import (
    balanced_year,
    headed_unit,
    pdf_pages_rendered,
    pdf_text,
    people,
    record,
    this_fiscal_year,
)

# า and ำ in every order, with tone marks between the consonant and ำ (น้ำ, ค่ำ), over tall
# consonants (ป่ำ) and in both weights: each must come back as typed.
THAI_LINES = (
    "นา ทำ ค่ำ น้ำ ป่ำ ก๊ำ ต๋ำ นา",
    "ทำ นา สำนักงาน กำหนด ทำงาน ผู้อำนวยการ",
    "ที่ ญี่ปุ่น ฤๅษี ปีงบประมาณ ๒๕๖๙ 2569 office",
)


def test_thai_text_survives_extraction_sara_am_included(app, tmp_path):
    lines = "".join(f"<p>{line}</p><p><b>{line}</b></p>" for line in THAI_LINES)
    html = f"<html><body>{lines}</body></html>"
    with app.app_context():
        rendered = render_pdf(html)
    text = pdf_text(rendered.content, tmp_path)
    extracted = [line.strip() for line in text.splitlines() if line.strip()]
    assert extracted == [line for line in THAI_LINES for _weight in (1, 2)]


def test_the_fonts_embedded_are_the_apps_sarabun(app, tmp_path):
    import subprocess

    with app.app_context():
        content = render_pdf("<p>สำนักงาน <b>office</b></p>").content
    path = tmp_path / "fonts.pdf"
    path.write_bytes(content)
    listing = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    fonts = listing.splitlines()[2:]
    assert fonts and all("Sarabun" in line and " yes yes " in line for line in fonts)  # embedded, subset


def test_the_head_downloads_their_report(client, world, login, tmp_path):
    office, head = headed_unit(world)
    fiscal_year = this_fiscal_year()
    balanced_year(head, fiscal_year)
    for person in people(office, 6):
        balanced_year(person, fiscal_year)
    record(head, "training", 3, fiscal_year - 1, "digital-literacy")
    login(head)

    response = client.get(f"/reports/{office.id}/executive.pdf?fy={fiscal_year}")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="OFF-A2-Kamlai-Thamdee-{fiscal_year}.pdf"'
    text = pdf_text(response.data, tmp_path)
    assert "กำไล ทำดี" in text  # the head's Thai name
    assert "สำนักงานกำหนดมาตรฐานการทำงาน" in text  # ำ and า both as typed
    assert "ผู้อำนวยการสำนักงาน" in text
    assert str(fiscal_year) in text and str(fiscal_year - 1) in text  # B.E., this year and the last
    assert "สัดส่วนการเรียนรู้" in text or "70:20:10" in text  # R2's verdict, in Thai
    pages = pdf_pages_rendered(response.data, tmp_path)
    assert len(pages) == 1
    with Image.open(pages[0]) as page:
        assert page.size[0] < page.size[1]  # portrait
        assert page.convert("L").getextrema()[0] < 100  # something dark is drawn on it


def test_the_report_follows_the_readers_language(client, world, login, tmp_path):
    office, head = headed_unit(world)
    head.language = "en"
    db.session.flush()
    login(head)
    fiscal_year = this_fiscal_year()

    response = client.get(f"/reports/{office.id}/executive.pdf?fy={fiscal_year}")

    text = pdf_text(response.data, tmp_path)
    assert "Own development against the rules" in text
    assert format_fiscal_year(fiscal_year, "en") in text  # "2027 (B.E. 2570)"
    assert "กำไล ทำดี" not in text and "Kamlai Thamdee" in text


def test_the_report_counts_what_the_dashboard_counts(app, world, db):
    office, head = headed_unit(world)
    fiscal_year = this_fiscal_year()
    balanced_year(head, fiscal_year)
    team = people(office, 4)
    balanced_year(team[0], fiscal_year)
    record(team[1], "training", 5, fiscal_year, "digital-literacy")  # all formal: fails R2

    with app.test_request_context():
        report = executive_report(office, fiscal_year, today=None)
        own = own_development(head, fiscal_year)

    assert own.mix.ok and own.foundation_ok and own.horizon is None and own.plan_state == "none"
    assert report.head == head and report.this_year.in_scope == 5  # the head and four people
    assert report.this_year.with_verified_learning.count == 3
    assert report.this_year.meeting_mix.count == 2
    assert report.last_year is None  # nobody in scope then: their accounts are new


def test_the_agreed_plan_is_judged_by_r3(client, world, login, tmp_path):
    office, head = headed_unit(world)
    plan = agreed_plan(head)  # 70:30 exactly, agreed by the director
    login(head)

    response = client.get(f"/reports/{office.id}/executive.pdf?fy={plan.fiscal_year}")

    with client.application.test_request_context():
        own = own_development(head, plan.fiscal_year)
    assert own.plan_state == "agreed" and own.horizon.ok and own.planned_hours == 100
    text = " ".join(pdf_text(response.data, tmp_path).split())
    assert own.horizon.message("th") in text  # "การพัฒนาเพื่องานปัจจุบัน 70% …"


def test_a_report_is_one_page_even_for_a_long_unit_name(client, world, login, tmp_path):
    office, head = headed_unit(world)
    office.name_th = "สำนักงานกำหนดมาตรฐานการทำงานและพัฒนาทักษะด้านดิจิทัลของข้าราชการและบุคลากรภาครัฐ" * 3
    head.position = "ผู้อำนวยการสำนักงานกำหนดมาตรฐานการทำงาน" * 3
    db.session.flush()
    login(head)

    response = client.get(f"/reports/{office.id}/executive.pdf")

    assert response.status_code == 200
    assert len(pdf_pages_rendered(response.data, tmp_path)) == 1


def test_a_unit_without_a_head_has_no_report(client, world, login):
    login(world["agency_admin"])
    assert world["dept_a"].head is None
    assert client.get(f"/reports/{world['dept_a'].id}/executive.pdf").status_code == 404


def test_another_agencys_reports_answer_404(client, world, login):
    office, _head = headed_unit(world)
    world["dept_b"].head = world["other_supervisor"]
    db.session.flush()
    login(world["other_supervisor"])

    for unit in (office, world["dept_a"]):
        for document in ("executive.pdf", "executive.zip", "open-data.zip"):
            assert client.get(f"/reports/{unit.id}/{document}").status_code == 404, document
    assert client.get(f"/reports/{world['dept_b'].id}/executive.pdf").status_code == 200


def test_a_learner_may_not_download_reports(client, world, login):
    office, _head = headed_unit(world)
    login(world["learner"])
    # A unit's documents are object permissions: a unit the person has no report of is not there.
    for document in ("executive.pdf", "executive.zip", "open-data.zip"):
        assert client.get(f"/reports/{office.id}/{document}").status_code == 404


def test_a_fiscal_year_the_report_refuses_is_a_bad_request(client, world, login):
    office, head = headed_unit(world)
    login(head)
    assert client.get(f"/reports/{office.id}/executive.pdf?fy=2400").status_code == 400
    assert client.get(f"/reports/{office.id}/executive.pdf?fy=soon").status_code == 400


def test_the_zip_holds_one_pdf_per_head_of_the_subtree(client, world, login, tmp_path):
    office, head = headed_unit(world)
    world["dept_b"].head = world["other_supervisor"]  # another agency: not in the zip
    db.session.flush()
    login(world["agency_admin"])
    fiscal_year = this_fiscal_year()

    response = client.get(f"/reports/{world['dept_a'].id}/executive.zip?fy={fiscal_year}")

    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = archive.namelist()
        contents = {name: archive.read(name) for name in names}
    assert len(names) == 3  # department A, its division and the office: not department B
    assert all(name.isascii() and name.endswith(f"-{fiscal_year}.pdf") for name in names)
    assert sorted(name[:6] for name in names) == ["DEP-A-", "DIV-A1", "OFF-A2"]
    assert f"OFF-A2-Kamlai-Thamdee-{fiscal_year}.pdf" in names
    for number, (name, content) in enumerate(sorted(contents.items())):
        folder = tmp_path / str(number)
        folder.mkdir()
        assert len(pdf_pages_rendered(content, folder)) == 1, name
    assert "กำไล ทำดี" in pdf_text(contents[f"OFF-A2-Kamlai-Thamdee-{fiscal_year}.pdf"], tmp_path)


def test_without_pango_the_page_says_so(client, world, login, monkeypatch):
    office, head = headed_unit(world)

    def no_pango():
        raise pdf.PdfUnavailable("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "_weasyprint", no_pango)
    login(head)
    response = client.get(f"/reports/{office.id}/executive.pdf")

    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "Pango" in page and "Traceback" not in page


@pytest.mark.parametrize(("code", "name_en", "expected"), [
    ("OFF-A2", "Kamlai Thamdee", "OFF-A2-Kamlai-Thamdee-2569.pdf"),
    ("สำนัก/1", "", "1-2569.pdf"),
    ("X", "O'Brien, Anne", "X-O-Brien-Anne-2569.pdf"),
])
def test_file_names_are_plain_ascii(code, name_en, expected):
    from types import SimpleNamespace

    from lms.reports.executive_pdf import executive_file_name

    report = SimpleNamespace(unit=SimpleNamespace(code=code, id=7), head=SimpleNamespace(name_en=name_en),
                             fiscal_year=2569)
    assert executive_file_name(report) == expected


def test_a_zip_of_too_many_reports_is_refused_with_the_way_out(client, world, login, monkeypatch):
    from lms.reports import download_views

    headed_unit(world)  # department A, its division and the office: three heads
    monkeypatch.setattr(download_views, "ZIP_MAX_REPORTS", 2)
    login(world["agency_admin"])

    response = client.get(f"/reports/{world['dept_a'].id}/executive.zip")

    assert response.status_code == 422
    page = " ".join(response.get_data(as_text=True).split())
    assert "lms reports executive-zip --unit DEP-A" in page


def test_the_command_line_writes_every_heads_report(app, world, tmp_path):
    from lms.reports.documents_cli import reports_cli

    headed_unit(world)
    runner = app.test_cli_runner()
    output = tmp_path / "reports.zip"

    result = runner.invoke(reports_cli, ["executive-zip", "--unit", "DEP-A", "--lang", "en", "-o", str(output)])

    assert result.exit_code == 0, result.output
    assert result.output.startswith("3 executive reports for DEP-A")
    with zipfile.ZipFile(output) as archive:
        names = archive.namelist()
        office = archive.read(next(name for name in names if name.startswith("OFF-A2")))
    assert len(names) == 3
    assert "Own development against the rules" in pdf_text(office, tmp_path)
    refused = runner.invoke(reports_cli, ["open-data", "--unit", "NOPE", "-o", str(tmp_path / "x.zip")])
    assert refused.exit_code == 2 and "no unit has the code 'NOPE'" in refused.output
    written = runner.invoke(reports_cli, ["open-data", "--unit", "DEP-A", "-o", str(tmp_path / "open.zip")])
    assert written.exit_code == 0, written.output
    with zipfile.ZipFile(tmp_path / "open.zip") as package:
        assert package.namelist()[-1].endswith("datapackage.json")


def test_a_cio_sees_the_units_results_but_not_a_head_they_may_not_see(client, world, login):
    """The issue: a person's own row is visible only to those who may already see that person.
    A CIO outside the head's supervisor chain reads the unit's report, not the head's own year."""
    office, head = headed_unit(world)
    cio = factories.person(world["dept_a"], name_th="ซีไอโอ ทดสอบ", email="cio@example.go.th")
    world["dept_a"].cio = cio
    db.session.flush()
    login(cio)
    assert client.get(f"/reports/{office.id}").status_code == 200
    assert client.get(f"/reports/{office.id}/executive.pdf").status_code == 404
    assert client.get(f"/reports/{world['dept_a'].id}/executive.zip").status_code == 200  # none they may see
    with zipfile.ZipFile(io.BytesIO(client.get(f"/reports/{world['dept_a'].id}/executive.zip").data)) as archive:
        assert archive.namelist() == []
    login(head)  # the head themself
    assert client.get(f"/reports/{office.id}/executive.pdf").status_code == 200
