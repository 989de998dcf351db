"""The site admin lists, adds and edits employment types (§4.4's population by fiscal year):
field errors in Thai, the slug set once, the audit trail, and every worker's copy refreshed."""

import re
from datetime import date

from sqlalchemy import func, select

from lms.core.models import AuditEvent
from lms.reference.cache import reference_data
from lms.reference.models import EmploymentType, ReferenceVersion
from lms.reference.services import scope_year_problem, scope_year_range

SEEDED = ("civil-servant", "other-civil-servant", "government-employee", "permanent-employee",
          "temporary-employee", "other-personnel")


def _type(db, slug):
    return db.session.scalar(select(EmploymentType).where(EmploymentType.slug == slug))


def _count(db):
    return db.session.scalar(select(func.count()).select_from(EmploymentType))


def _form(**overrides):
    data = {"slug": "contract-employee", "name_th": "พนักงานจ้างเหมา", "name_en": "Contract employee",
            "position": "7", "in_scope_from_fiscal_year": "2566"}
    data.update(overrides)
    return data


def _errors(page: str) -> list[str]:
    """The field errors the form shows, top to bottom."""
    return re.findall(r'<div class="invalid-feedback d-block">(.*?)</div>', page)


def test_the_overview_lists_the_seeded_types_with_the_year_each_comes_into_scope(client, login_as):
    login_as("site_admin")
    page = client.get("/admin/reference/").get_data(as_text=True)
    section = page.split('id="employment-types"')[1].split("</section>")[0]
    for slug in SEEDED:
        assert slug in section
    assert "ข้าราชการพลเรือนสามัญ" in section and "พนักงานราชการ" in section
    assert section.index("2561") < section.index("2563") < section.index("2564")
    assert "/admin/reference/employment-types/new" in section


def test_add_a_type_audited_and_read_at_once_through_the_reference_cache(client, login_as, db):
    admin = login_as("site_admin")
    assert "contract-employee" not in [t.slug for t in reference_data().employment_types]
    token = db.session.scalar(select(ReferenceVersion.token))

    response = client.post("/admin/reference/employment-types/new", data=_form())

    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/reference/#employment-types")
    added = _type(db, "contract-employee")
    assert (added.name_th, added.name_en, added.position, added.in_scope_from_fiscal_year) == (
        "พนักงานจ้างเหมา", "Contract employee", 7, 2566)
    assert db.session.scalar(select(ReferenceVersion.token)) != token
    db.session.commit()  # a new transaction reads the token again, as a worker's next request
    cached = {t.slug: t for t in reference_data().employment_types}["contract-employee"]
    assert cached.in_scope(2566) and not cached.in_scope(2565)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.kind == "reference.created"))
    assert event.actor_id == admin.id and event.object_type == "employment_types"
    assert event.changes["slug"] == [None, "contract-employee"]
    assert event.changes["in_scope_from_fiscal_year"] == [None, 2566]


def test_edit_names_position_and_year_but_never_the_slug(client, login_as, db):
    login_as("site_admin")
    kind = _type(db, "government-employee")
    form_page = client.get(f"/admin/reference/employment-types/{kind.id}").get_data(as_text=True)
    assert 'name="slug"' not in form_page and "government-employee" in form_page

    response = client.post(f"/admin/reference/employment-types/{kind.id}", data=_form(
        slug="renamed", name_th="พนักงานราชการทั่วไป", name_en="Government employee", position="3",
        in_scope_from_fiscal_year="2565"))

    assert response.status_code == 302
    assert (kind.slug, kind.name_th, kind.position, kind.in_scope_from_fiscal_year) == (
        "government-employee", "พนักงานราชการทั่วไป", 3, 2565)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.kind == "reference.updated",
                                                       AuditEvent.object_type == "employment_types"))
    assert event.changes == {"name_th": ["พนักงานราชการ", "พนักงานราชการทั่วไป"],
                             "in_scope_from_fiscal_year": [2564, 2565]}  # the position was 3 already


def test_bad_input_gives_field_errors_in_thai_and_writes_nothing(client, login_as, db):
    login_as("site_admin")
    before = _count(db)

    shape = client.post("/admin/reference/employment-types/new", data=_form(
        slug="Contract Employee", name_th="ข้าราชการพลเรือนสามัญ", in_scope_from_fiscal_year="2025"))
    taken = client.post("/admin/reference/employment-types/new", data=_form(
        slug="civil-servant", name_en="government EMPLOYEE", position="10000", in_scope_from_fiscal_year="2700"))
    typed = client.post("/admin/reference/employment-types/new", data=_form(
        slug="", name_th="", position="สาม", in_scope_from_fiscal_year="ปีหน้า"))

    assert (shape.status_code, taken.status_code, typed.status_code) == (200, 200, 200)
    assert _errors(shape.get_data(as_text=True)) == [
        "ใช้อักษรภาษาอังกฤษตัวเล็ก a-z ตัวเลข และขีด (-) คั่นทีละหนึ่งตัว เช่น contract-employee",
        "ชื่อนี้เป็นของประเภทบุคลากรอื่นแล้ว",
        "2025 เป็นปี ค.ศ. กรุณากรอกปีงบประมาณเป็นปี พ.ศ. เช่น 2568",
    ]
    last = scope_year_range()[-1]
    assert _errors(taken.get_data(as_text=True)) == [
        "รหัสอ้างอิงนี้เป็นของประเภทบุคลากรอื่นแล้ว",
        "ชื่อนี้เป็นของประเภทบุคลากรอื่นแล้ว",
        "กรุณากรอกจำนวนเต็มตั้งแต่ 0 ถึง 9999",
        f"กรุณากรอกปีงบประมาณ (พ.ศ.) ตั้งแต่ 2561 ถึง {last}",
    ]
    typed_page = typed.get_data(as_text=True)
    assert "กรุณากรอกรหัสอ้างอิง (slug)" in typed_page and "กรุณากรอกชื่อภาษาไทย" in typed_page
    assert _errors(typed_page)[2:] == ["กรุณากรอกลำดับเป็นจำนวนเต็ม",
                                       "กรุณากรอกปีงบประมาณเป็นปี พ.ศ. สี่หลัก เช่น 2564"]
    assert 'value="ปีหน้า"' in typed_page  # what was typed stays
    assert _count(db) == before


def test_a_type_keeps_its_own_names_when_edited(client, login_as, db):
    login_as("site_admin")
    kind = _type(db, "temporary-employee")
    response = client.post(f"/admin/reference/employment-types/{kind.id}", data=_form(
        name_th=kind.name_th, name_en=kind.name_en.upper(), position="5", in_scope_from_fiscal_year="2564"))
    assert response.status_code == 302
    assert kind.name_en == "TEMPORARY EMPLOYEE"


def test_the_scope_years_run_from_the_guidelines_first_to_ten_ahead():
    today = date(2026, 12, 1)  # FY 2570
    assert (scope_year_range(today)[0], scope_year_range(today)[-1]) == (2561, 2580)
    assert scope_year_problem(2561, today) is None and scope_year_problem(2580, today) is None
    assert scope_year_problem(2560, today) and scope_year_problem(2581, today)


def test_only_the_site_admin_edits_employment_types(client, login_as, db):
    kind = _type(db, "civil-servant")
    login_as("agency_admin")
    assert client.get("/admin/reference/employment-types/new").status_code == 403
    assert client.post(f"/admin/reference/employment-types/{kind.id}", data=_form(
        name_th="x", name_en="y", in_scope_from_fiscal_year="2570")).status_code == 403
    assert kind.in_scope_from_fiscal_year == 2561
