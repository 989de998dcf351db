"""An agency's budget for developing and assessing its people (§4.9.3), the cost of its classes,
and what development cost per learning hour and per person developed: figures worked by hand."""

import re
from decimal import Decimal

import pytest
from flask import render_template
from sqlalchemy import select

from lms.core.models import AuditEvent
from lms.reports.budget import budget_summary, per
from lms.reports.models import AgencyBudget
from tests import factories
from tests.classes.factories import course_class
from tests.reports.factories_indicators import FISCAL_YEAR, bangkok, budget, sessions_from

FY = f"fy={FISCAL_YEAR}"


def _events(db, kind) -> list[AuditEvent]:
    return db.session.scalars(select(AuditEvent).where(AuditEvent.kind == kind).order_by(AuditEvent.id)).all()


def _field_errors(page: str) -> list[str]:
    return [text.strip() for text in re.findall(r'<div class="invalid-feedback d-block">([^<]*)</div>', page)]


def _rows(db, agency) -> dict[str, tuple]:
    rows = db.session.scalars(select(AgencyBudget).where(AgencyBudget.organisation_id == agency.id))
    return {row.purpose: (row.fiscal_year, row.requested_baht, row.spent_baht) for row in rows}


@pytest.fixture
def classes(world):
    """Classes around fiscal year 2569 (1 Oct 2568 – 30 Sep 2569, Bangkok dates): three count.

    counted: A on its first minutes (30,000), B of an institute of a division (12,500.50), C on
    its last evening (no cost); not counted: D the evening before the year, E which began
    before it, F cancelled, G another agency's, H the year after.
    """
    inst, other = world["institute"], world["other_institute"]
    division_inst = factories.institute(world["division"], code="INST-A1")
    made = {
        "A": course_class(inst, meetings=sessions_from(bangkok(2025, 10, 1, 0)), cost_baht=Decimal("30000")),
        "B": course_class(division_inst, meetings=sessions_from(bangkok(2026, 3, 15), 2),
                          cost_baht=Decimal("12500.50")),
        "C": course_class(inst, meetings=sessions_from(bangkok(2026, 9, 30, 23))),
        "D": course_class(inst, meetings=sessions_from(bangkok(2025, 9, 30, 23)), cost_baht=Decimal("99999")),
        "E": course_class(inst, meetings=sessions_from(bangkok(2025, 9, 20), 1) + sessions_from(bangkok(2025, 10, 5))),
        "F": course_class(inst, meetings=sessions_from(bangkok(2026, 2, 1)), cost_baht=Decimal("5000"),
                          is_cancelled=True),
        "G": course_class(other, meetings=sessions_from(bangkok(2026, 2, 1)), cost_baht=Decimal("7000")),
        "H": course_class(inst, meetings=sessions_from(bangkok(2026, 10, 1, 0)), cost_baht=Decimal("1000")),
    }
    return made


# --- the figures ---------------------------------------------------------------------------

def test_budget_summary_worked_by_hand(app, db, world, classes):
    dept_a = world["dept_a"]
    budget(dept_a, "development", "150000", "120000")
    budget(dept_a, "assessment", "40000", None)
    budget(dept_a, "development", "1", "1", fiscal_year=FISCAL_YEAR - 1)  # another year
    budget(world["dept_b"], "development", "2", "2")  # another agency
    summary = budget_summary(dept_a, FISCAL_YEAR, Decimal("1500"), 45)
    assert (summary.development.requested, summary.development.spent) == (Decimal("150000.00"), Decimal("120000.00"))
    assert (summary.assessment.requested, summary.assessment.spent) == (Decimal("40000.00"), None)
    # Classes A, B and C; two with a cost: 30,000 + 12,500.50.
    assert (summary.classes_held, summary.classes_costed, summary.classes_cost) == (3, 2, Decimal("42500.50"))
    assert summary.cost_per_hour == Decimal("80.00")  # 120,000 / 1,500
    assert summary.cost_per_person == Decimal("2666.67")  # 120,000 / 45 = 2,666.666…, halves up
    # A unit below the agency reads its agency's budget.
    assert budget_summary(world["division"], FISCAL_YEAR, Decimal("1500"), 45) == summary


def test_nothing_to_divide_gives_no_figure(db, world):
    dept_a = world["dept_a"]
    assert budget_summary(dept_a, FISCAL_YEAR, Decimal("10"), 2).cost_per_hour is None  # nothing spent recorded
    budget(dept_a, "development", None, "1000")
    summary = budget_summary(dept_a, FISCAL_YEAR, Decimal("0"), 0)
    assert (summary.cost_per_hour, summary.cost_per_person) == (None, None)
    assert (summary.classes_held, summary.classes_cost) == (0, Decimal("0.00"))
    assert per(Decimal("1000"), 3) == Decimal("333.33") and per(Decimal("1000"), 6) == Decimal("166.67")
    empty = budget_summary(world["ministry"], FISCAL_YEAR, Decimal("10"), 2)  # in no agency
    assert (empty.agency, empty.development.spent, empty.classes_held) == (None, None, 0)


def test_the_summary_as_a_table_for_the_exports(app, db, world, classes):
    budget(world["dept_a"], "development", "150000", "120000")
    with app.test_request_context():
        headers, rows = budget_summary(world["dept_a"], FISCAL_YEAR, Decimal("1500"), 45).table()
    assert headers == ["รายการ", "ค่า"]
    values = dict(rows)
    assert values["งบประมาณด้านการพัฒนาที่ใช้จริง (บาท)"] == Decimal("120000.00")
    assert values["งบประมาณด้านการประเมินที่ขอ (บาท)"] is None
    assert values["ค่าใช้จ่ายของรุ่นเหล่านั้น (บาท)"] == Decimal("42500.50")
    assert values["งบประมาณด้านการพัฒนาที่ใช้ต่อชั่วโมงการเรียนรู้ (บาท)"] == Decimal("80.00")
    assert values["งบประมาณด้านการพัฒนาที่ใช้ต่อผู้ได้รับการพัฒนาหนึ่งคน (บาท)"] == Decimal("2666.67")


def test_the_report_section_shows_the_figures(app, db, world, classes):
    budget(world["dept_a"], "development", "150000", "120000")
    with app.test_request_context():
        html = render_template("reports/_budget.html",
                               budget=budget_summary(world["dept_a"], FISCAL_YEAR, Decimal("1500"), 45))
    assert "150,000.00" in html and "120,000.00" in html and "42,500.50" in html
    assert "80.00" in html and "2,666.67" in html
    assert "(1500)" in html and "(45)" in html


# --- the budget page -----------------------------------------------------------------------

def test_an_agency_admin_records_the_budget_as_people_write_amounts(client, db, world, login_as):
    admin = login_as("agency_admin")
    dept_a = world["dept_a"]
    response = client.post(f"/agency/{dept_a.id}/budget?{FY}", data={
        "development_requested": "1,250,000.50", "development_spent": "980 000",
        "assessment_requested": "200000", "assessment_spent": ""})
    assert response.status_code == 302
    assert _rows(db, dept_a) == {
        "development": (FISCAL_YEAR, Decimal("1250000.50"), Decimal("980000.00")),
        "assessment": (FISCAL_YEAR, Decimal("200000.00"), None),
    }
    events = _events(db, "agency_budget.updated")
    assert [(e.actor_id, e.organisation_id, e.changes["purpose"]) for e in events] == [
        (admin.id, dept_a.id, "development"), (admin.id, dept_a.id, "assessment")]
    assert events[0].changes["requested_baht"] == [None, "1250000.50"]

    page = client.get(f"/agency/{dept_a.id}/budget?{FY}").get_data(as_text=True)
    assert 'value="1250000.50"' in page and 'value="980000.00"' in page

    client.post(f"/agency/{dept_a.id}/budget?{FY}", data={
        "development_requested": "1250000.50", "development_spent": "990000",
        "assessment_requested": "200000", "assessment_spent": ""})
    later = _events(db, "agency_budget.updated")[2:]
    assert [e.changes for e in later] == [{"fiscal_year": FISCAL_YEAR, "purpose": "development",
                                           "spent_baht": ["980000.00", "990000.00"]}]


def test_budget_field_errors_are_in_thai(client, db, world, login_as):
    login_as("agency_admin")
    response = client.post(f"/agency/{world['dept_a'].id}/budget?{FY}", data={
        "development_requested": "-5", "development_spent": "12.345",
        "assessment_requested": "หนึ่งแสน", "assessment_spent": "1,000"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _field_errors(page) == ["กรุณากรอกจำนวนเงินตั้งแต่ศูนย์ขึ้นไป",
                                   "กรุณากรอกจำนวนเงินที่มีทศนิยมไม่เกินสองตำแหน่ง",
                                   "กรุณากรอกตัวเลข เช่น 12 หรือ 7.5"]
    assert 'value="-5"' in page and 'value="หนึ่งแสน"' in page  # as typed
    assert _rows(db, world["dept_a"]) == {} and _events(db, "agency_budget.updated") == []


@pytest.mark.parametrize(("typed", "message"), [
    ("1000000000000", "Enter an amount no larger than 999,999,999,999.99 baht."),
    ("1e5", "Enter a number such as 12 or 7.5."),
    ("NaN", "Enter a number such as 12 or 7.5."),
    ("-0.01", "Enter an amount of zero or more."),
])
def test_budget_amounts_are_checked_in_english_too(client, db, world, login_as, typed, message):
    world["agency_admin"].language = "en"
    db.session.flush()
    login_as("agency_admin")
    page = client.post(f"/agency/{world['dept_a'].id}/budget?{FY}",
                       data={"development_spent": typed}).get_data(as_text=True)
    assert _field_errors(page) == [message]


def test_the_page_lists_the_years_classes_and_saves_their_costs(client, db, world, login_as, classes):
    admin = login_as("agency_admin")
    dept_a = world["dept_a"]
    page = client.get(f"/agency/{dept_a.id}/budget?{FY}").get_data(as_text=True)
    listed = re.findall(r'name="classes-(\d+)-class_id" type="hidden" value="(\d+)"', page)
    assert [int(class_id) for _index, class_id in listed] == [classes[k].id for k in "ABC"]
    assert "3 รุ่น บันทึกค่าใช้จ่ายแล้ว 2 รุ่น รวม 42,500.50 บาท" in page
    assert "1 ต.ค. 2568" in page  # A's first session, Bangkok date, B.E.

    response = client.post(f"/agency/{dept_a.id}/budget/classes?{FY}", data={
        "classes-0-class_id": classes["A"].id, "classes-0-cost_baht": "31,000",
        "classes-1-class_id": classes["B"].id, "classes-1-cost_baht": "",
        "classes-2-class_id": classes["C"].id, "classes-2-cost_baht": "8000.5"})
    assert response.status_code == 302
    for key in "ABC":
        db.session.refresh(classes[key])
    assert [classes[k].cost_baht for k in "ABC"] == [Decimal("31000.00"), None, Decimal("8000.50")]
    events = _events(db, "course_class.cost_changed")
    assert [(e.object_id, e.actor_id, e.changes["cost_baht"]) for e in events] == [
        (classes["A"].id, admin.id, ["30000.00", "31000.00"]), (classes["B"].id, admin.id, ["12500.50", None]),
        (classes["C"].id, admin.id, [None, "8000.50"])]


def test_the_classes_come_a_page_at_a_time(app, client, db, world, login_as, classes, monkeypatch):
    monkeypatch.setitem(app.config, "PER_PAGE", 2)
    login_as("agency_admin")
    ids = []
    for number in (1, 2):
        page = client.get(f"/agency/{world['dept_a'].id}/budget?{FY}&page={number}").get_data(as_text=True)
        ids.append([int(i) for i in re.findall(r'name="classes-\d+-class_id" type="hidden" value="(\d+)"', page)])
        assert f"หน้า {number} จาก 2" in page
    assert ids == [[classes["A"].id, classes["B"].id], [classes["C"].id]]


def test_class_cost_errors_show_beside_the_class_and_save_nothing(client, db, world, login_as, classes):
    login_as("agency_admin")
    response = client.post(f"/agency/{world['dept_a'].id}/budget/classes?{FY}", data={
        "classes-0-class_id": classes["A"].id, "classes-0-cost_baht": "-100",
        "classes-1-class_id": classes["C"].id, "classes-1-cost_baht": "500"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and _field_errors(page) == ["กรุณากรอกจำนวนเงินตั้งแต่ศูนย์ขึ้นไป"]
    assert 'value="-100"' in page
    db.session.refresh(classes["C"])
    assert classes["C"].cost_baht is None and _events(db, "course_class.cost_changed") == []


@pytest.mark.parametrize("key", ["G", "D", "F"])  # another agency's; another year's; cancelled
def test_a_class_the_agency_did_not_hold_that_year_is_not_found(client, db, world, login_as, classes, key):
    login_as("agency_admin")
    response = client.post(f"/agency/{world['dept_a'].id}/budget/classes?{FY}", data={
        "classes-0-class_id": classes["A"].id, "classes-0-cost_baht": "1",
        "classes-1-class_id": classes[key].id, "classes-1-cost_baht": "1"})
    assert response.status_code == 404
    db.session.refresh(classes["A"])
    assert classes["A"].cost_baht == Decimal("30000.00")


def test_another_agencys_budget_is_not_found(client, db, world, login_as):
    login_as("agency_admin")
    dept_b = world["dept_b"]
    assert client.get(f"/agency/{dept_b.id}/budget?{FY}").status_code == 404
    assert client.post(f"/agency/{dept_b.id}/budget?{FY}", data={"development_spent": "1"}).status_code == 404
    assert client.post(f"/agency/{dept_b.id}/budget/classes?{FY}", data={}).status_code == 404
    assert _rows(db, dept_b) == {}


def test_budget_posts_without_the_csrf_token_are_refused(client, db, world, login_as, request, classes):
    login_as("agency_admin")
    request.getfixturevalue("csrf")  # on once logged in: the login helper posts without a token
    dept_a = world["dept_a"]
    assert client.post(f"/agency/{dept_a.id}/budget?{FY}", data={"development_spent": "1"}).status_code == 400
    assert client.post(f"/agency/{dept_a.id}/budget/classes?{FY}", data={
        "classes-0-class_id": classes["A"].id, "classes-0-cost_baht": "1"}).status_code == 400
    assert _rows(db, dept_a) == {}
    page = client.get(f"/agency/{dept_a.id}/budget?{FY}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    assert client.post(f"/agency/{dept_a.id}/budget?{FY}",
                       data={"csrf_token": token, "development_spent": "1"}).status_code == 302
    assert _rows(db, dept_a)["development"][2] == Decimal("1.00")
