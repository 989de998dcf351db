"""An agency records its innovations, links and open data sets per fiscal year (§4.3, §4.9.8):
through its pages, with field errors in the reader's language, audited, and only its own."""

import re

import pytest
from flask import render_template
from sqlalchemy import select

from lms.core.models import AuditEvent
from lms.reports.indicators import indicators_of
from lms.reports.models import AgencyIndicator
from tests.reports.factories_indicators import FISCAL_YEAR, indicator

FY = f"fy={FISCAL_YEAR}"


def _form(**changes) -> dict:
    data = {"kind": "open-data", "link_kind": "", "title": "ชุดข้อมูลสถิติการฝึกอบรม",
            "description": "เผยแพร่บน data.go.th", "evidence_url": "https://data.go.th/dataset/training-stats"}
    data.update(changes)
    return data


def _indicators(db, agency) -> list[AgencyIndicator]:
    return db.session.scalars(select(AgencyIndicator).where(AgencyIndicator.organisation_id == agency.id)
                              .order_by(AgencyIndicator.id)).all()


def _events(db, kind) -> list[AuditEvent]:
    return db.session.scalars(select(AuditEvent).where(AuditEvent.kind == kind).order_by(AuditEvent.id)).all()


def _field_errors(page: str) -> list[str]:
    return [text.strip() for text in re.findall(r'<div class="invalid-feedback d-block">([^<]*)</div>', page)]


# --- adding, editing, deleting -------------------------------------------------------------

def test_an_agency_admin_adds_an_indicator_and_sees_it_under_its_kind(client, db, world, login_as):
    admin = login_as("agency_admin")
    dept_a = world["dept_a"]
    page = client.get(f"/agency/{dept_a.id}/indicators?{FY}").get_data(as_text=True)
    assert "ปีงบประมาณ 2569" in page and "ตัวชี้วัดของส่วนราชการ" in page

    response = client.post(f"/agency/{dept_a.id}/indicators?{FY}", data=_form())
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/agency/{dept_a.id}/indicators?{FY}")
    [row] = _indicators(db, dept_a)
    assert (row.fiscal_year, row.kind, row.link_kind, row.created_by_id) == (FISCAL_YEAR, "open-data", None, admin.id)
    assert row.evidence_url == "https://data.go.th/dataset/training-stats"

    page = client.get(f"/agency/{dept_a.id}/indicators?{FY}").get_data(as_text=True)
    assert "ชุดข้อมูลเปิดที่เผยแพร่" in page  # the kind's heading
    assert "ชุดข้อมูลสถิติการฝึกอบรม" in page
    assert 'href="https://data.go.th/dataset/training-stats" rel="noopener noreferrer nofollow"' in page
    [event] = _events(db, "agency_indicator.created")
    assert (event.actor_id, event.organisation_id, event.object_id) == (admin.id, dept_a.id, row.id)
    assert event.changes["evidence_url"] == [None, "https://data.go.th/dataset/training-stats"]


def test_a_link_records_whom_it_links_with(client, db, world, login_as):
    login_as("agency_admin")
    dept_a = world["dept_a"]
    client.post(f"/agency/{dept_a.id}/indicators?{FY}", data=_form(
        kind="link", link_kind="G2B", title="เชื่อมโยงข้อมูลใบอนุญาตกับภาคธุรกิจ"))
    [row] = _indicators(db, dept_a)
    assert (row.kind, row.link_kind) == ("link", "G2B")


def test_editing_an_indicator_is_audited_with_what_changed(client, db, world, login_as):
    login_as("agency_admin")
    dept_a = world["dept_a"]
    row = indicator(dept_a, title="ระบบจองห้องประชุม")
    page = client.get(f"/agency/{dept_a.id}/indicators/{row.id}").get_data(as_text=True)
    assert 'value="ระบบจองห้องประชุม"' in page

    response = client.post(f"/agency/{dept_a.id}/indicators/{row.id}", data=_form(
        kind="innovation", title="ระบบจองห้องประชุมออนไลน์", evidence_url=row.evidence_url))
    assert response.status_code == 302
    db.session.refresh(row)
    assert row.title == "ระบบจองห้องประชุมออนไลน์"
    [event] = _events(db, "agency_indicator.updated")
    assert event.changes["title"] == ["ระบบจองห้องประชุม", "ระบบจองห้องประชุมออนไลน์"]
    assert "evidence_url" not in event.changes


def test_deleting_an_indicator_keeps_what_it_said_in_the_audit_trail(client, db, world, login_as):
    login_as("agency_admin")
    dept_a = world["dept_a"]
    row = indicator(dept_a, title="แอปพลิเคชันรับเรื่องร้องเรียน")
    row_id = row.id
    response = client.post(f"/agency/{dept_a.id}/indicators/{row_id}/delete")
    assert response.status_code == 302
    assert _indicators(db, dept_a) == []
    [event] = _events(db, "agency_indicator.deleted")
    assert event.object_id == row_id and event.changes["title"] == ["แอปพลิเคชันรับเรื่องร้องเรียน", None]


def test_a_cio_records_for_their_agency_and_a_page_below_it_works_on_the_agency(client, db, world, login):
    dept_a, division = world["dept_a"], world["division"]
    dept_a.cio = world["director"]
    db.session.flush()
    indicator(dept_a, title="ระบบงานสารบรรณอิเล็กทรอนิกส์")
    login(world["director"])
    page = client.get(f"/agency/{division.id}/indicators?{FY}").get_data(as_text=True)
    assert "ระบบงานสารบรรณอิเล็กทรอนิกส์" in page and dept_a.name_th in page
    client.post(f"/agency/{division.id}/indicators?{FY}", data=_form(title="ชุดข้อมูลผู้รับบริการ"))
    assert [row.title for row in _indicators(db, dept_a)] == ["ระบบงานสารบรรณอิเล็กทรอนิกส์", "ชุดข้อมูลผู้รับบริการ"]


# --- bad input -----------------------------------------------------------------------------

def test_field_errors_are_in_thai_and_keep_what_was_typed(client, db, world, login_as):
    login_as("agency_admin")  # reads Thai (the default)
    dept_a = world["dept_a"]
    response = client.post(f"/agency/{dept_a.id}/indicators?{FY}", data=_form(
        title="", evidence_url="javascript:alert(1)", description="คำอธิบายที่พิมพ์ไว้"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _field_errors(page) == ["กรุณากรอกชื่อ", "กรุณากรอกที่อยู่เว็บที่ขึ้นต้นด้วย http:// หรือ https://"]
    assert "คำอธิบายที่พิมพ์ไว้" in page and 'value="javascript:alert(1)"' in page
    assert 'href="javascript' not in page
    assert _indicators(db, dept_a) == [] and _events(db, "agency_indicator.created") == []


def test_field_errors_are_in_english_for_a_person_who_reads_english(client, db, world, login_as):
    world["agency_admin"].language = "en"
    db.session.flush()
    login_as("agency_admin")
    page = client.post(f"/agency/{world['dept_a'].id}/indicators?{FY}",
                       data=_form(kind="", evidence_url="")).get_data(as_text=True)
    assert _field_errors(page) == ["Choose what kind of indicator this is.", "Enter a link to the evidence."]


@pytest.mark.parametrize("url", [
    "javascript:alert(document.cookie)", "JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>",
    "ftp://files.example.go.th/report.pdf", "/relative/path", "https://", "https://exa mple.go.th/",
    "vbscript:msgbox(1)",
])
def test_the_evidence_link_must_be_a_web_address(client, db, world, login_as, url):
    world["agency_admin"].language = "en"
    db.session.flush()
    login_as("agency_admin")
    page = client.post(f"/agency/{world['dept_a'].id}/indicators?{FY}",
                       data=_form(evidence_url=url)).get_data(as_text=True)
    assert _field_errors(page) == ["Enter a web address starting with http:// or https://."]
    assert _indicators(db, world["dept_a"]) == []


def test_an_edit_refuses_a_dangerous_link_and_keeps_the_old_one(client, db, world, login_as):
    login_as("agency_admin")
    dept_a = world["dept_a"]
    row = indicator(dept_a, evidence_url="https://example.go.th/evidence")
    response = client.post(f"/agency/{dept_a.id}/indicators/{row.id}",
                           data=_form(evidence_url="data:text/html;base64,PHNjcmlwdD4="))
    assert response.status_code == 200
    db.session.refresh(row)
    assert row.evidence_url == "https://example.go.th/evidence"


@pytest.mark.parametrize(("changes", "message"), [
    ({"kind": "link", "link_kind": ""}, "Choose whom the link connects with: G2G, G2B or G2C."),
    ({"kind": "innovation", "link_kind": "G2C"},
     "Only a data or service link says whom it connects with; leave this empty."),
    ({"kind": "link", "link_kind": "G2X"}, "Not a valid choice."),
    ({"kind": "gossip"}, "Not a valid choice."),
    ({"title": "ก" * 301}, "Field cannot be longer than 300 characters."),
])
def test_kinds_and_lengths_are_checked(client, db, world, login_as, changes, message):
    world["agency_admin"].language = "en"
    db.session.flush()
    login_as("agency_admin")
    page = client.post(f"/agency/{world['dept_a'].id}/indicators?{FY}", data=_form(**changes)).get_data(as_text=True)
    assert message in _field_errors(page)
    assert _indicators(db, world["dept_a"]) == []


def test_a_fiscal_year_nobody_records_is_not_found(client, world, login_as):
    login_as("agency_admin")
    for year in ("2400", "2560", "9999"):
        assert client.get(f"/agency/{world['dept_a'].id}/indicators?fy={year}").status_code == 404
    assert client.get(f"/agency/{world['dept_a'].id}/indicators?fy=abc").status_code == 200  # the current year


# --- another agency's ----------------------------------------------------------------------

@pytest.mark.parametrize("role", ["agency_admin", "learner", "supervisor", "author"])
def test_another_agencys_pages_are_not_found(client, world, login_as, role):
    login_as(role)
    assert client.get(f"/agency/{world['dept_b'].id}/indicators?{FY}").status_code == 404
    assert client.post(f"/agency/{world['dept_b'].id}/indicators?{FY}", data=_form()).status_code == 404


def test_only_those_who_lead_the_agency_record_for_it(client, db, world, login):
    division = world["division"]
    division.head = world["supervisor"]  # heads a unit below the agency: sees that unit's report only
    world["ministry"].cio = world["other_supervisor"]  # the CIO above both agencies
    db.session.flush()
    login(world["supervisor"])
    assert client.get(f"/agency/{division.id}/indicators?{FY}").status_code == 404
    login(world["other_supervisor"])
    assert client.get(f"/agency/{world['dept_a'].id}/indicators?{FY}").status_code == 200
    assert client.get(f"/agency/{world['ministry'].id}/indicators?{FY}").status_code == 404  # in no agency


@pytest.mark.parametrize("role", ["agency_admin", "site_admin"])
def test_an_indicator_of_another_agency_is_not_found_under_ones_own(client, db, world, login_as, role):
    login_as(role)
    dept_a = world["dept_a"]
    theirs = indicator(world["dept_b"], title="ของกรมอื่น")
    assert client.get(f"/agency/{dept_a.id}/indicators/{theirs.id}").status_code == 404
    assert client.post(f"/agency/{dept_a.id}/indicators/{theirs.id}", data=_form()).status_code == 404
    assert client.post(f"/agency/{dept_a.id}/indicators/{theirs.id}/delete").status_code == 404
    db.session.refresh(theirs)
    assert theirs.title == "ของกรมอื่น"


def test_posts_without_the_csrf_token_are_refused(client, db, world, login_as, request):
    login_as("agency_admin")
    request.getfixturevalue("csrf")  # on once logged in: the login helper posts without a token
    dept_a = world["dept_a"]
    row = indicator(dept_a)
    assert client.post(f"/agency/{dept_a.id}/indicators?{FY}", data=_form()).status_code == 400
    assert client.post(f"/agency/{dept_a.id}/indicators/{row.id}/delete").status_code == 400
    assert len(_indicators(db, dept_a)) == 1

    page = client.get(f"/agency/{dept_a.id}/indicators?{FY}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    assert client.post(f"/agency/{dept_a.id}/indicators/{row.id}/delete",
                       data={"csrf_token": token}).status_code == 302
    assert _indicators(db, dept_a) == []


# --- for the report ------------------------------------------------------------------------

def test_indicators_of_an_agency_by_kind_and_as_a_table(app, db, world):
    dept_a = world["dept_a"]
    indicator(dept_a, kind="open-data", title="ข")
    indicator(dept_a, kind="link", link_kind="G2C", title="ก", evidence_url="https://x.example.go.th/")
    indicator(dept_a, kind="innovation", title="ค")
    indicator(dept_a, kind="innovation", title="ไม่นับ: ปีก่อน", fiscal_year=FISCAL_YEAR - 1)
    indicator(world["dept_b"], title="ไม่นับ: กรมอื่น")
    with app.test_request_context():
        found = indicators_of(world["division"], FISCAL_YEAR)  # a unit below: its agency's
        assert [(item.kind, item.title) for item in found] == [("innovation", "ค"), ("link", "ก"), ("open-data", "ข")]
        assert found.counts() == {"innovation": 1, "link": 1, "open-data": 1}
        assert found.agency is dept_a
        headers, rows = found.table()
        assert headers == ["ปีงบประมาณ", "ตัวชี้วัด", "เชื่อมโยงกับ", "ชื่อ", "คำอธิบาย", "ลิงก์หลักฐาน"]
        assert rows[1] == ["2569", "การเชื่อมโยงข้อมูลหรือบริการ", "G2C: กับประชาชน", "ก", "",
                           "https://x.example.go.th/"]
        assert indicators_of(world["ministry"], FISCAL_YEAR) == []  # in no agency


def test_the_report_section_shows_each_kind_with_its_evidence(app, db, world):
    indicator(world["dept_a"], kind="link", link_kind="G2G", title="เชื่อมโยงข้อมูลทะเบียนราษฎร",
              evidence_url="https://link.example.go.th/")
    with app.test_request_context():
        html = render_template("reports/_indicators.html", indicators=indicators_of(world["dept_a"], FISCAL_YEAR))
    assert "เชื่อมโยงข้อมูลทะเบียนราษฎร" in html and "G2G" in html
    assert 'href="https://link.example.go.th/"' in html
    assert "นวัตกรรมดิจิทัลในการทำงานและการให้บริการ (0)" in html and "ยังไม่มีการบันทึก" in html
