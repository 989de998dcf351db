"""The HR directory's bulk upserts: PUT /people and PUT /organisations. All or nothing,
idempotent, with the HR CSV import's and the organisation form's checks, within the
caller's reach; each change audited as made through the token."""

import pytest
from sqlalchemy import func, select

from lms.accounts.models import Organisation, Person
from lms.core.models import AuditEvent
from lms.extensions import db as database
from tests.api.api_factories import bearer, token_for


@pytest.fixture
def put(client):
    """PUT as a person, with one token per person and scopes: a second call audits no new token."""
    secrets = {}

    def call(person, url, body, scopes=None):
        key = (person.id, tuple(scopes or ()))
        if key not in secrets:
            secrets[key] = token_for(person) if scopes is None else token_for(person, scopes=scopes)
        return client.put(url, json=body, headers=bearer(secrets[key]))

    return call


def _person_row(n: int, organisation_code="DIV-A1", **fields) -> dict:
    return {"email": f"hr{n}@example.go.th", "name_th": f"ข้าราชการ ทดสอบ{n}", "name_en": f"Officer {n}",
            "position": "นักวิเคราะห์นโยบายและแผน", "organisation_code": organisation_code, **fields}


def _count(model, *where) -> int:
    return database.session.scalar(select(func.count()).select_from(model).where(*where))


def _find(email: str) -> Person | None:
    return database.session.scalar(select(Person).where(Person.email == email))


def _events(kind: str) -> list[AuditEvent]:
    return database.session.scalars(select(AuditEvent).where(AuditEvent.kind == kind).order_by(AuditEvent.id)).all()


def test_people_are_created_then_an_identical_call_changes_nothing(put, world):
    admin = world["agency_admin"]
    rows = [
        _person_row(1, supervisor_email="hr2@example.go.th", target_group="service",
                    employment_type="civil-servant", language="en"),
        _person_row(2, organisation_code="DEP-A", supervisor_email=world["director"].email),
        {"email": world["learner"].email, "name_th": world["learner"].name_th, "organisation_code": "DIV-A1",
         "position": "นักวิชาการคอมพิวเตอร์ชำนาญการ"},
        {"email": world["peer"].email, "name_th": world["peer"].name_th, "organisation_code": "DIV-A1"},
    ]
    first = put(admin, "/api/v1/people", {"people": rows})

    assert first.status_code == 200, first.get_json()
    body = first.get_json()
    assert (body["created"], body["updated"], body["unchanged"]) == (2, 1, 1)
    assert [(r["email"], r["outcome"]) for r in body["results"]] == [
        ("hr1@example.go.th", "created"), ("hr2@example.go.th", "created"),
        (world["learner"].email, "updated"), (world["peer"].email, "unchanged")]
    one, two = _find("hr1@example.go.th"), _find("hr2@example.go.th")
    assert body["results"][0]["id"] == one.id and body["results"][2]["id"] == world["learner"].id
    assert one.supervisor is two and two.supervisor is world["director"]
    assert one.organisation is world["division"] and one.language == "en"
    assert one.hr_target_group.slug == "service" and one.employment_type.slug == "civil-servant"
    assert one.password_hash is None  # as the CSV import: set by an administrator later
    assert world["learner"].position == "นักวิชาการคอมพิวเตอร์ชำนาญการ"
    assert world["learner"].supervisor is world["supervisor"]  # not given: kept
    [event] = _events("people.imported")
    assert event.actor_label.startswith("api:") and event.actor_id == admin.id
    assert event.changes == {"source": "api", "rows": 4, "created": 2, "updated": 1, "unchanged": 1}

    events_before = _count(AuditEvent)
    again = put(admin, "/api/v1/people", {"people": rows}).get_json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 4)
    assert {r["outcome"] for r in again["results"]} == {"unchanged"}
    assert _count(AuditEvent) == events_before + 1  # the import's own event, as the CSV import records


def test_a_thousand_people_in_one_call(put, world):
    rows = [_person_row(n, employment_type="civil-servant") for n in range(1000)]
    before = _count(Person)
    first = put(world["agency_admin"], "/api/v1/people", {"people": rows})

    assert first.status_code == 200
    assert first.get_json()["created"] == 1000
    assert _count(Person) == before + 1000
    in_division = Person.organisation_id == world["division"].id
    assert _count(Person, Person.email.like("hr%@example.go.th"), in_division) == 1000
    again = put(world["agency_admin"], "/api/v1/people", {"people": rows}).get_json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 1000)
    assert _count(Person) == before + 1000


def test_only_an_administrator_with_the_write_scope(put, world):
    body = {"people": [_person_row(1)]}
    learner = put(world["learner"], "/api/v1/people", body)
    read_only = put(world["agency_admin"], "/api/v1/people", body, scopes=["people:read"])
    organisations = put(world["learner"], "/api/v1/organisations",
                         {"organisations": [{"code": "NEW", "name_th": "หน่วยใหม่", "parent_code": "DIV-A1"}]})

    assert (learner.status_code, read_only.status_code, organisations.status_code) == (403, 403, 403)
    assert read_only.get_json()["status"] == 403 and "people:write" in read_only.get_json()["detail"]
    assert _find("hr1@example.go.th") is None and _count(Organisation, Organisation.code == "NEW") == 0


def test_a_person_sent_into_another_agency_refuses_the_whole_call(put, world):
    world["agency_admin"].language = "en"
    rows = [_person_row(1), _person_row(2, organisation_code="DEP-B"), _person_row(3)]
    response = put(world["agency_admin"], "/api/v1/people", {"people": rows})

    assert response.status_code == 409
    body = response.get_json()
    assert list(body["errors"]["people"]) == ["1"]
    assert "is not one you administer" in body["errors"]["people"]["1"]["organisation_code"][0]
    assert "Nothing was written" in body["detail"]
    assert all(_find(f"hr{n}@example.go.th") is None for n in (1, 2, 3))
    assert _events("people.imported") == []


def test_a_bad_email_in_row_7_of_10_is_named_and_nothing_is_written(put, world):
    world["agency_admin"].language = "en"  # the problems in English: the API answers in its person's language
    rows = [_person_row(n) for n in range(10)]
    rows[6]["email"] = "hr6@localhost"  # an address, but not one that could log in (the CSV import's check)
    refused = put(world["agency_admin"], "/api/v1/people", {"people": rows})

    assert refused.status_code == 409
    assert list(refused.get_json()["errors"]["people"]) == ["6"]
    assert "is not a valid address" in refused.get_json()["errors"]["people"]["6"]["email"][0]

    rows[6]["email"] = "not an email"
    malformed = put(world["agency_admin"], "/api/v1/people", {"people": rows})
    assert malformed.status_code == 422
    assert list(malformed.get_json()["errors"]["people"]) == ["6"]
    assert "email" in malformed.get_json()["errors"]["people"]["6"]
    assert _count(Person, Person.email.like("hr%")) == 0


def test_every_problem_is_listed_by_row_and_field(put, world):
    rows = [
        _person_row(0, supervisor_email="nobody@example.go.th"),
        _person_row(1, target_group="astronauts"),
        _person_row(2, organisation_code="NO-SUCH-UNIT"),
        _person_row(3, supervisor_email="hr4@example.go.th"),
        _person_row(4, supervisor_email="hr3@example.go.th"),
        _person_row(0),
        {"email": world["site_admin"].email, "name_th": "ผู้ดูแล", "organisation_code": "DEP-A"},
    ]
    world["agency_admin"].language = "en"
    errors = put(world["agency_admin"], "/api/v1/people", {"people": rows}).get_json()["errors"]["people"]

    assert set(errors) == {"0", "1", "2", "3", "4", "5", "6"}
    assert "unknown supervisor_email" in errors["0"]["supervisor_email"][0]
    assert "email" in errors["0"] and "is also on line(s) 5" in errors["0"]["email"][0]
    assert "unknown target_group" in errors["1"]["target_group"][0]
    assert "unknown organisation_code" in errors["2"]["organisation_code"][0]
    assert "supervisor cycle" in errors["3"]["supervisor_email"][0]
    assert "supervisor cycle" in errors["4"]["supervisor_email"][0]
    assert "is not a person you administer" in errors["6"]["email"][0]
    assert world["site_admin"].name_th != "ผู้ดูแล"


def _rows_with_problems() -> list[dict]:
    """Rows the schema accepts and the import's own checks refuse, one problem each."""
    return [
        _person_row(1, organisation_code="NO-SUCH-UNIT"),
        _person_row(2), _person_row(2),  # one email on rows 1 and 2
        _person_row(3, supervisor_email="hr3@example.go.th"),
        _person_row(4, target_group="astronauts"),
        {**_person_row(5), "email": "hr5@localhost"},  # an address, but not one that could log in
    ]


def test_a_thai_caller_reads_each_row_problem_in_thai_under_its_field(put, world):
    """The problems in the caller's language, Thai by default (needs the import's messages in
    the Thai catalogue, lms/translations/th); each under the field it is about."""
    admin = world["agency_admin"]
    assert admin.language == "th"

    response = put(admin, "/api/v1/people", {"people": _rows_with_problems()})

    assert response.status_code == 409
    errors = response.get_json()["errors"]["people"]
    assert {row: list(found) for row, found in errors.items()} == {
        "0": ["organisation_code"], "1": ["email"], "2": ["email"], "3": ["supervisor_email"],
        "4": ["target_group"], "5": ["email"]}
    assert errors["0"]["organisation_code"] == ['ไม่พบ organisation_code "NO-SUCH-UNIT" ในระบบ']
    assert errors["1"]["email"] == ["email hr2@example.go.th ปรากฏในบรรทัดที่ 2 ด้วย"]
    assert errors["2"]["email"] == ["email hr2@example.go.th ปรากฏในบรรทัดที่ 1 ด้วย"]
    assert errors["3"]["supervisor_email"] == ["บุคคลไม่สามารถเป็นผู้บังคับบัญชาของตนเองได้"]
    [unknown_group] = errors["4"]["target_group"]
    assert unknown_group.startswith('ไม่พบ target_group "astronauts" ในระบบ: ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้ ')
    assert "service" in unknown_group
    [address] = errors["5"]["email"]
    assert address.startswith('email "hr5@localhost" ไม่ใช่ที่อยู่อีเมลที่ถูกต้อง (')  # then email_validator's English
    assert _count(Person, Person.email.like("hr%")) == 0


def test_an_english_caller_reads_the_same_problems_in_english(put, world):
    admin = world["agency_admin"]
    admin.language = "en"
    database.session.flush()

    errors = put(admin, "/api/v1/people", {"people": _rows_with_problems()}).get_json()["errors"]["people"]

    assert errors["0"] == {"organisation_code": ['unknown organisation_code "NO-SUCH-UNIT"']}
    assert errors["1"] == {"email": ["email hr2@example.go.th is also on line(s) 2"]}
    assert errors["2"] == {"email": ["email hr2@example.go.th is also on line(s) 1"]}
    assert errors["3"] == {"supervisor_email": ["a person cannot supervise themselves"]}
    [unknown_group] = errors["4"]["target_group"]
    assert unknown_group.startswith('unknown target_group "astronauts": one of ') and "service" in unknown_group
    [address] = errors["5"]["email"]
    assert address.startswith('email "hr5@localhost" is not a valid address (')
    assert set(errors) == {"0", "1", "2", "3", "4", "5"}


def test_organisations_with_parents_in_the_same_call_then_unchanged(put, world):
    admin = world["agency_admin"]
    rows = [
        {"code": "DIV-A2-1", "name_th": "กลุ่มงาน ก2-1", "parent_code": "DIV-A2", "kind": "unit"},
        {"code": "DIV-A2", "name_th": "กอง ก2", "name_en": "Division A2", "parent_code": "DEP-A", "kind": "division"},
        {"code": "DIV-A1", "name_th": "กองทดสอบ ก1 (ใหม่)"},
    ]
    first = put(admin, "/api/v1/organisations", {"organisations": rows})

    assert first.status_code == 200, first.get_json()
    body = first.get_json()
    assert (body["created"], body["updated"], body["unchanged"]) == (2, 1, 0)
    assert [(r["code"], r["outcome"]) for r in body["results"]] == [
        ("DIV-A2-1", "created"), ("DIV-A2", "created"), ("DIV-A1", "updated")]
    unit = database.session.scalar(select(Organisation).where(Organisation.code == "DIV-A2-1"))
    assert unit.parent.code == "DIV-A2" and unit.parent.parent is world["dept_a"] and unit.kind == "unit"
    assert world["division"].name_th == "กองทดสอบ ก1 (ใหม่)" and world["division"].parent is world["dept_a"]
    created = _events("organisation.created")
    assert len(created) == 2 and all(e.actor_label.startswith("api:") and e.actor_id == admin.id for e in created)

    events_before = _count(AuditEvent)
    again = put(admin, "/api/v1/organisations", {"organisations": rows}).get_json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    assert _count(AuditEvent) == events_before


def test_organisations_out_of_reach_or_in_a_cycle_are_refused_by_row(put, world):
    admin = world["agency_admin"]
    admin.language = "en"  # the messages in English; the API answers in its person's language
    database.session.flush()
    rows = [
        {"code": "NEW-A", "name_th": "หน่วยใหม่", "parent_code": "DEP-A"},
        {"code": "NEW-B", "name_th": "หน่วยในกรมอื่น", "parent_code": "DEP-B"},
        {"code": "DEP-B", "name_th": "กรมทดสอบ ข"},
        {"code": "DEP-A", "name_th": "กรมทดสอบ ก", "parent_code": "DIV-A1"},
        {"code": "NEW-C", "name_th": "ไม่มีหน่วยแม่", "parent_code": "NO-SUCH"},
    ]
    response = put(admin, "/api/v1/organisations", {"organisations": rows})

    assert response.status_code == 409
    errors = response.get_json()["errors"]["organisations"]
    assert set(errors) == {"2", "3", "4"}
    assert errors["2"]["code"] == ["This organisation is not one you administer."]
    assert errors["3"]["parent_code"] == ["A unit cannot be part of itself or of a unit below it."]
    assert errors["4"]["parent_code"] == ["No organisation has the code NO-SUCH."]

    # With the batch's own problems gone, the form's check finds the parent out of reach.
    response = put(admin, "/api/v1/organisations", {"organisations": rows[:2]})
    assert response.status_code == 409
    assert response.get_json()["errors"]["organisations"] == {"1": {"parent_code": ["Choose a unit you manage."]}}
    assert _count(Organisation, Organisation.code.in_(["NEW-A", "NEW-B", "NEW-C"])) == 0
    assert world["dept_a"].parent is world["ministry"]
    assert _events("organisation.created") == []


def test_a_site_admin_may_place_units_at_the_top_and_move_them(put, world):
    rows = [{"code": "MIN-2", "name_th": "กระทรวงใหม่", "parent_code": None, "kind": "ministry"},
            {"code": "DEP-B", "name_th": world["dept_b"].name_th, "parent_code": "MIN-2"}]
    body = put(world["site_admin"], "/api/v1/organisations", {"organisations": rows}).get_json()

    assert [r["outcome"] for r in body["results"]] == ["created", "updated"]
    assert world["dept_b"].parent.code == "MIN-2" and world["dept_b"].parent.parent is None
    assert world["dept_b"].is_agency  # not given: kept
    [moved] = _events("organisation.updated")
    assert moved.changes == {"parent": ["MIN", "MIN-2"]}
