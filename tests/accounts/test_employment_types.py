"""Employment types on people (the admin form, the people import, the data export), heads of
units (the organisation form), and who a fiscal year's reports count (accounts.scope, §4.4)."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from lms.accounts.models import Person
from lms.accounts.people_import import import_people, parse_people_csv
from lms.accounts.scope import fiscal_year_instants, in_scope
from lms.core.access import can
from lms.core.csv_import import in_english
from lms.core.dates import BANGKOK
from lms.core.models import AuditEvent
from lms.extensions import db as database
from lms.privacy.export import personal_data
from lms.reference.models import EmploymentType
from tests import factories


def kind(slug: str) -> EmploymentType:
    return database.session.scalar(select(EmploymentType).where(EmploymentType.slug == slug))


def errors_on(page: str) -> list[str]:
    return re.findall(r'<div class="invalid-feedback d-block">(.*?)</div>', page)


def last_event(kind_name: str) -> AuditEvent:
    return database.session.scalar(select(AuditEvent).where(AuditEvent.kind == kind_name)
                                   .order_by(AuditEvent.id.desc()).limit(1))


# ---------------------------------------------------------------- the person form

def _person_form(person, **overrides):
    data = {"email": person.email, "name_th": person.name_th, "name_en": person.name_en,
            "position": person.position, "organisation_id": person.organisation_id,
            "supervisor_email": person.supervisor.email if person.supervisor else "", "language": "th",
            "is_active": "y", "institute_id": 0, "admin_of_id": 0, "hr_target_group_id": 0,
            "employment_type_id": 0}
    data.update(overrides)
    return data


def test_an_agency_admin_records_a_persons_employment_type(client, world, login_as):
    login_as("agency_admin")
    learner = world["learner"]
    form = client.get(f"/admin/people/{learner.id}").get_data(as_text=True)
    assert "ประเภทบุคลากร" in form and "— ไม่ได้ระบุ —" in form and "พนักงานราชการ" in form

    response = client.post(f"/admin/people/{learner.id}", data=_person_form(
        learner, employment_type_id=kind("government-employee").id))

    assert response.status_code == 302
    assert learner.employment_type.slug == "government-employee"
    assert last_event("person.updated").changes == {"employment_type": [None, "government-employee"]}
    page = client.get(f"/people/{learner.id}").get_data(as_text=True)
    assert "พนักงานราชการ" in page
    selected = client.get(f"/admin/people/{learner.id}").get_data(as_text=True)
    assert f'<option selected value="{kind("government-employee").id}">' in selected

    client.post(f"/admin/people/{learner.id}", data=_person_form(learner, employment_type_id=0))
    assert learner.employment_type is None


def test_an_unknown_employment_type_is_a_field_error_in_thai(client, world, login_as):
    login_as("agency_admin")
    learner = world["learner"]
    response = client.post(f"/admin/people/{learner.id}", data=_person_form(learner, employment_type_id=99999))
    assert response.status_code == 200
    assert errors_on(response.get_data(as_text=True)) == ["กรุณาเลือกประเภทบุคลากรจากรายการ"]
    assert learner.employment_type is None


# ---------------------------------------------------------------- the head of a unit

def _organisation_form(org, **overrides):
    data = {"code": org.code, "name_th": org.name_th, "name_en": org.name_en, "kind": org.kind,
            "parent_id": org.parent_id or 0, "phase_id": org.phase_id or 0, "cio_email": "", "head_email": ""}
    if org.is_agency:
        data["is_agency"] = "y"
    data.update(overrides)
    return data


def test_an_agency_admin_names_the_head_of_a_division_who_then_sees_its_reports(client, world, login_as):
    login_as("agency_admin")
    division, supervisor = world["division"], world["supervisor"]
    assert not can(supervisor, "view_unit_report", division)
    form = client.get(f"/admin/organisations/{division.id}").get_data(as_text=True)
    assert 'data-picker="people"' in re.search(r'<input[^>]*name="head_email"[^>]*>', form).group(0)

    response = client.post(f"/admin/organisations/{division.id}", data=_organisation_form(
        division, head_email="Supervisor@Example.go.th"))

    assert response.status_code == 302
    assert division.head is supervisor
    assert last_event("organisation.updated").changes == {"head": [None, "supervisor@example.go.th"]}
    assert can(supervisor, "view_reports") and can(supervisor, "view_unit_report", division)
    assert not can(supervisor, "view_unit_report", world["dept_a"])  # the unit and below, not above
    tree = client.get("/admin/organisations").get_data(as_text=True)
    assert f"หัวหน้า {supervisor.name}" in tree
    assert client.get(f"/admin/organisations/{division.id}").get_data(as_text=True).count(
        'value="supervisor@example.go.th"') == 1

    client.post(f"/admin/organisations/{division.id}", data=_organisation_form(division, head_email=""))
    assert division.head is None


def test_a_head_out_of_an_agency_admins_reach_is_refused_in_thai(client, world, login_as):
    login_as("agency_admin")
    division = world["division"]
    response = client.post(f"/admin/organisations/{division.id}", data=_organisation_form(
        division, head_email=world["other_learner"].email))
    assert response.status_code == 200
    assert errors_on(response.get_data(as_text=True)) == [
        "กรุณาเลือกบุคคลในหน่วยงานที่ท่านดูแล ไม่พบผู้ใช้ที่มีอีเมลนี้ในหน่วยงานดังกล่าว"]
    not_an_email = client.post(f"/admin/organisations/{division.id}", data=_organisation_form(
        division, head_email="not an email"))
    assert len(errors_on(not_an_email.get_data(as_text=True))) == 1
    assert division.head is None


def test_the_site_admin_names_anyone_head_and_a_cio_beside_them(client, world, login_as):
    login_as("site_admin")
    dept = world["dept_b"]
    response = client.post(f"/admin/organisations/{dept.id}", data=_organisation_form(
        dept, cio_email=world["other_supervisor"].email, head_email=world["director"].email))
    assert response.status_code == 302
    assert dept.cio is world["other_supervisor"] and dept.head is world["director"]


# ---------------------------------------------------------------- the people import

HEADER = "email,name_th,organisation_code,employment_type"


def _import(*lines, header=HEADER):
    parsed = parse_people_csv(("\r\n".join([header, *lines]) + "\r\n").encode())
    assert parsed.file_problems == []
    return import_people(parsed.rows)


def test_the_import_takes_a_slug_or_the_thai_or_english_name(world):
    result = _import("a@example.go.th,เอ ทดสอบ,DEP-A,civil-servant",
                     "b@example.go.th,บี ทดสอบ,DEP-A,พนักงานราชการ",
                     "c@example.go.th,ซี ทดสอบ,DEP-A,  temporary   EMPLOYEE ",
                     "d@example.go.th,ดี ทดสอบ,DEP-A,OTHER-CIVIL-SERVANT",
                     "e@example.go.th,อี ทดสอบ,DEP-A,")
    assert result.accepted and result.created == 5
    emails = [f"{letter}@example.go.th" for letter in "abcde"]
    types = dict(database.session.execute(select(Person.email, EmploymentType.slug)
                                          .outerjoin(Person.employment_type).where(Person.email.in_(emails))).all())
    assert types == {"a@example.go.th": "civil-servant", "b@example.go.th": "government-employee",
                     "c@example.go.th": "temporary-employee", "d@example.go.th": "other-civil-servant",
                     "e@example.go.th": None}


def test_an_unknown_employment_type_names_its_line_and_column_and_writes_nothing(world):
    before = database.session.scalar(select(func.count()).select_from(Person))
    result = _import("good@example.go.th,ดี มาก,DEP-A,civil-servant",
                     "bad@example.go.th,ผิด ประเภท,DEP-A,contractor")
    assert not result.accepted
    assert [(error.line, in_english(error.reasons)) for error in result.errors] == [(3, (
        'unknown employment_type "contractor": one of civil-servant, other-civil-servant, government-employee, '
        "permanent-employee, temporary-employee, other-personnel (or its Thai or English name)",))]
    assert database.session.scalar(select(func.count()).select_from(Person)) == before


def test_a_reimport_changes_clears_or_keeps_the_type(world):
    learner = world["learner"]
    permanent = kind("permanent-employee").id
    assert _import(f"{learner.email},{learner.name_th},DIV-A1,ลูกจ้างประจำ").updated == 1
    assert learner.employment_type_id == permanent
    again = _import(f"{learner.email},{learner.name_th},DIV-A1,permanent-employee")
    assert (again.updated, again.unchanged) == (0, 1)
    kept = _import(f"{learner.email},{learner.name_th},DIV-A1", header="email,name_th,organisation_code")
    assert kept.unchanged == 1 and learner.employment_type_id == permanent
    assert _import(f"{learner.email},{learner.name_th},DIV-A1,").updated == 1
    assert learner.employment_type_id is None


# ---------------------------------------------------------------- who is in scope (§4.4)

def _counted(fiscal_year: int, people) -> set[str]:
    ids = [person.id for person in people]
    return set(database.session.scalars(select(Person.email).where(Person.id.in_(ids), in_scope(fiscal_year))))


@pytest.fixture
def staff(world):
    """One person of each type (and one with none), added long before FY 2562."""
    added = datetime(2017, 1, 1, tzinfo=UTC)
    people = {slug: factories.person(world["division"], email=f"{slug}@example.go.th",
                                     employment_type=kind(slug), created_at=added)
              for slug in ("civil-servant", "other-civil-servant", "government-employee", "permanent-employee",
                           "temporary-employee", "other-personnel")}
    people["none"] = factories.person(world["division"], email="none@example.go.th", created_at=added)
    return people


def test_scope_widens_year_by_year_as_section_4_4_says(staff):
    everyone = set(p.email for p in staff.values())
    assert _counted(2562, staff.values()) == {"civil-servant@example.go.th", "none@example.go.th"}
    assert _counted(2563, staff.values()) == {"civil-servant@example.go.th", "other-civil-servant@example.go.th",
                                              "none@example.go.th"}
    assert _counted(2564, staff.values()) == everyone
    assert _counted(2570, staff.values()) == everyone


def test_a_type_brought_into_scope_earlier_counts_earlier(staff):
    kind("government-employee").in_scope_from_fiscal_year = 2562
    database.session.flush()
    assert "government-employee@example.go.th" in _counted(2562, staff.values())


def test_people_count_only_in_the_years_they_held_an_account(world):
    begins, after = fiscal_year_instants(2566)  # 1 Oct 2022 – 30 Sep 2023, Bangkok
    assert (begins, after) == (datetime(2022, 10, 1, tzinfo=BANGKOK), datetime(2023, 10, 1, tzinfo=BANGKOK))
    one_hour = after - datetime(2023, 9, 30, 23, tzinfo=BANGKOK)
    long_ago = datetime(2017, 1, 1, tzinfo=UTC)
    people = {
        "left-before": dict(created_at=long_ago, is_active=False, deactivated_at=begins - one_hour),
        "left-during": dict(created_at=long_ago, is_active=False, deactivated_at=begins + one_hour),
        "joined-last-hour": dict(created_at=after - one_hour),  # 30 Sep 23:00 Bangkok, 16:00 UTC
        "joined-after": dict(created_at=after),  # 1 Oct 00:00 Bangkok: the next fiscal year
        "always": dict(created_at=long_ago),
    }
    made = [factories.person(world["division"], email=f"{name}@example.go.th", **fields)
            for name, fields in people.items()]

    assert _counted(2566, made) == {"left-during@example.go.th", "joined-last-hour@example.go.th",
                                    "always@example.go.th"}
    assert _counted(2567, made) == {"joined-last-hour@example.go.th", "joined-after@example.go.th",
                                    "always@example.go.th"}
    assert _counted(2565, made) == {"left-before@example.go.th", "left-during@example.go.th", "always@example.go.th"}


# ---------------------------------------------------------------- the person's own data

def test_the_personal_data_export_names_the_employment_type(world):
    learner = world["learner"]
    learner.employment_type = kind("other-civil-servant")
    database.session.flush()
    assert personal_data(learner)["person"]["employment_type"] == {
        "slug": "other-civil-servant", "name_th": "ข้าราชการฝ่ายพลเรือนประเภทอื่น",
        "name_en": "Other civilian civil servant"}
    learner.employment_type = None
    database.session.flush()
    assert personal_data(learner)["person"]["employment_type"] is None
