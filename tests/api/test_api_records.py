"""Learning records through the API: listed and read as the pages show them, posted as learning-log
entries that wait for the supervisor's verification (on the pages) and count once verified; a
person's and a unit's 70:20:10 verdicts as the dashboard and the agency report give them."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import select

from lms.core.models import AuditEvent
from lms.development import log
from lms.records.models import LearningRecord
from tests.api.api_factories import bearer, token_for
from tests.development.test_mix import add_record

TODAY = date(2026, 6, 15)  # FY 2569 (1 Oct 2025 – 30 Sep 2026)


@pytest.fixture(autouse=True)
def in_fiscal_year_2569():
    with time_machine.travel(datetime(2026, 6, 15, 3, 0, tzinfo=UTC), tick=False):
        yield


def _entry(**changes):
    body = {"date": "2026-06-10", "hours": 2.5, "method": "on-the-job", "skill_sets": ["digital-literacy"],
            "title": "ทำแดชบอร์ดข้อมูลหน่วยงาน", "notes_md": "เรียนรู้การใช้ข้อมูลเปิด"}
    body.update(changes)
    return body


def _get(client, person, url, **kwargs):
    return client.get(url, headers=bearer(token_for(person, **kwargs)))


def _post(client, person, body, **kwargs):
    return client.post("/api/v1/records", json=body, headers=bearer(token_for(person, **kwargs)))


def test_the_list_is_the_callers_own_by_default_and_filters(client, world, db):
    learner = world["learner"]
    this_year = add_record(learner, "training", 6, date(2025, 10, 1), source="class")
    pending = add_record(learner, "on-the-job", 2, date(2026, 5, 1), status="pending")
    last_year = add_record(learner, "self-learning", 1, date(2025, 9, 30))
    add_record(world["peer"], "on-the-job", 3, date(2026, 5, 1))

    body = _get(client, learner, "/api/v1/records").get_json()
    assert {item["id"] for item in body["items"]} == {this_year.id, pending.id, last_year.id}
    course = next(item for item in body["items"] if item["id"] == this_year.id)
    assert course["person_email"] == learner.email and course["source"] == "class"
    assert (course["method"], course["bucket"], course["hours"]) == ("training", "formal", 6)
    assert course["date"] == "2025-10-01" and course["status"] == "verified"

    fy = _get(client, learner, "/api/v1/records?fiscal_year=2569").get_json()["items"]
    assert {item["id"] for item in fy} == {this_year.id, pending.id}
    waiting = _get(client, learner, "/api/v1/records?status=pending").get_json()["items"]
    assert [item["id"] for item in waiting] == [pending.id]


def test_someone_elses_records_as_view_development_allows(client, world, db):
    learner = world["learner"]
    record = add_record(learner, "on-the-job", 2, date(2026, 5, 1))
    url = f"/api/v1/records?person_id={learner.id}"
    for viewer in ("supervisor", "director"):  # up the chain
        assert [i["id"] for i in _get(client, world[viewer], url).get_json()["items"]] == [record.id]
    for outsider in ("peer", "other_supervisor", "agency_admin"):
        response = _get(client, world[outsider], url)
        assert response.status_code == 404 and response.get_json()["status"] == 404


def test_one_record_of_any_source_is_seen_as_its_persons_development(client, world, db):
    course = add_record(world["learner"], "training", 6, date(2026, 1, 5), source="class")
    assert _get(client, world["learner"], f"/api/v1/records/{course.id}").get_json()["source"] == "class"
    assert _get(client, world["supervisor"], f"/api/v1/records/{course.id}").status_code == 200
    assert _get(client, world["peer"], f"/api/v1/records/{course.id}").status_code == 404
    assert _get(client, world["other_supervisor"], f"/api/v1/records/{course.id}").status_code == 404
    assert _get(client, world["learner"], "/api/v1/records/999999").status_code == 404


def test_a_posted_entry_waits_for_the_supervisor_then_counts(client, world, db, login):
    learner, supervisor = world["learner"], world["supervisor"]
    created = _post(client, learner, _entry(), scopes=["records:write"])
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert (body["status"], body["source"], body["person_id"]) == ("pending", "log", learner.id)
    assert (body["hours"], body["bucket"], body["skill_sets"]) == (2.5, "experiential", ["digital-literacy"])
    mix_url = f"/api/v1/people/{learner.id}/mix?fiscal_year=2569"
    before = _get(client, learner, mix_url).get_json()
    assert before["counts_only_verified"] is True
    assert before["verdict"]["empty"] is True and before["pending_hours"] == 2.5
    assert before["projected"]["total_hours"] == 2.5

    # The supervisor sees it in the verification queue and verifies it on the existing pages.
    login(supervisor)
    assert "ทำแดชบอร์ดข้อมูลหน่วยงาน" in client.get("/log/reviews").get_data(as_text=True)
    record = db.session.get(LearningRecord, body["id"])
    decided = client.post(f"/log/{record.id}/review", data={"version": log.entry_version(record), "verify": "y"})
    assert decided.status_code == 302

    assert _get(client, learner, f"/api/v1/records/{record.id}").get_json()["status"] == "verified"
    after = _get(client, supervisor, mix_url).get_json()
    assert after["verdict"]["total_hours"] == 2.5 and after["projected"] is None
    experiential = next(b for b in after["verdict"]["buckets"] if b["bucket"] == "experiential")
    assert experiential["hours"] == 2.5 and experiential["shown_share"] == "100"
    assert after["verdict"]["ok"] is False and "70:20:10" in after["verdict"]["message_en"]


def test_an_administrator_records_for_someone_in_their_unit(client, world, db):
    admin, learner = world["agency_admin"], world["learner"]
    by_id = _post(client, admin, _entry(person_id=learner.id))
    assert by_id.status_code == 201 and by_id.get_json()["person_id"] == learner.id
    by_email = _post(client, admin, _entry(email=learner.email.upper(), title="อีกงาน"))
    assert by_email.status_code == 201 and by_email.get_json()["person_email"] == learner.email
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.kind == "learning_record.created"))
    assert event is not None and event.actor_id == admin.id and event.actor_label.startswith("api:")
    assert db.session.scalar(select(LearningRecord.status).where(LearningRecord.id == by_id.get_json()["id"])) \
        == "pending"

    admin.language = "en"
    db.session.flush()
    assert _post(client, admin, _entry(person_id=learner.id, date="2026-06-01", hours=20)).status_code == 201
    full_day = _post(client, admin, _entry(person_id=learner.id, date="2026-06-01", hours=5)).get_json()
    assert full_day["status"] == 409 and learner.name_en in full_day["detail"] and "You" not in full_day["detail"]
    # A supervisor sees their report but records only as the report does, on the log page.
    assert _post(client, world["supervisor"], _entry(person_id=learner.id)).status_code == 403
    # Outside the admin's agency, or a learner for a peer: as if nobody were there.
    assert _post(client, admin, _entry(person_id=world["other_learner"].id)).status_code == 404
    assert _post(client, learner, _entry(email=world["peer"].email)).status_code == 404
    assert _post(client, admin, _entry(email="nobody@example.go.th")).status_code == 404
    mismatch = _post(client, admin, _entry(person_id=learner.id, email=world["peer"].email))
    assert mismatch.status_code == 409


def test_the_logs_rules_refuse_with_409_and_shape_with_422(client, world, db):
    learner = world["learner"]
    learner.language = "en"  # the messages in the token's person's language
    db.session.flush()
    future = _post(client, learner, _entry(date="2026-06-16")).get_json()
    assert future["status"] == 409 and "future" in future["detail"]
    assert _post(client, learner, _entry(date="2024-01-01")).status_code == 409  # before the previous FY
    training = _post(client, learner, _entry(method="training")).get_json()
    assert training["status"] == 409 and "on-the-job" in training["detail"]
    unknown = _post(client, learner, _entry(skill_sets=["juggling"], method="coaching")).get_json()
    assert unknown["status"] == 409 and "juggling" in unknown["detail"] and "coaching" in unknown["detail"]
    assert _post(client, learner, _entry(hours=1.255)).status_code == 409
    assert _post(client, learner, _entry(hours=20)).status_code == 201
    too_much = _post(client, learner, _entry(hours=5)).get_json()
    assert too_much["status"] == 409 and "24" in too_much["detail"]

    zero = _post(client, learner, _entry(hours=0)).get_json()
    assert zero["status"] == 422 and "hours" in zero["errors"]
    blank = _post(client, learner, _entry(title="  ", skill_sets=[])).get_json()
    assert blank["status"] == 422 and {"title", "skill_sets"} <= set(blank["errors"])
    assert db.session.scalar(select(LearningRecord.id).where(LearningRecord.hours == 5)) is None


def test_writing_needs_the_write_scope(client, world):
    refused = _post(client, world["learner"], _entry(), scopes=["records:read"])
    assert refused.status_code == 403 and "records:write" in refused.get_json()["detail"]


def test_a_persons_mix_is_seen_as_the_dashboard(client, world, db):
    learner = world["learner"]
    add_record(learner, "on-the-job", 14, date(2025, 11, 1), skill_sets=["digital-literacy"])
    add_record(learner, "coaching", 4, date(2025, 11, 2), source="coaching")
    add_record(learner, "training", 2, date(2025, 11, 3), source="class")
    body = _get(client, world["director"], f"/api/v1/people/{learner.id}/mix").get_json()
    assert body["fiscal_year"] == 2569 and body["person_id"] == learner.id
    verdict = body["verdict"]
    assert verdict["ok"] is True and verdict["rule"] == "R2" and verdict["policy_version"]
    assert [(b["bucket"], b["hours"], b["shown_share"]) for b in verdict["buckets"]] == [
        ("experiential", 14, "70"), ("social", 4, "20"), ("formal", 2, "10")]
    assert "70:20:10" in verdict["message_th"]
    assert "digital-governance" in body["foundation_missing"]
    assert _get(client, world["peer"], f"/api/v1/people/{learner.id}/mix").status_code == 404
    too_early = _get(client, learner, f"/api/v1/people/{learner.id}/mix?fiscal_year=2500").get_json()
    assert too_early["status"] == 404 and "2500" in too_early["detail"]
    assert _get(client, learner, f"/api/v1/people/{learner.id}/mix?fiscal_year=2571").status_code == 404


def test_a_units_mix_is_counted_as_the_agency_report(client, world, db):
    add_record(world["learner"], "on-the-job", 14, date(2025, 11, 1))
    add_record(world["learner"], "coaching", 4, date(2025, 11, 2), source="coaching")
    add_record(world["learner"], "training", 2, date(2025, 11, 3), source="class")
    add_record(world["peer"], "training", 5, date(2025, 12, 1), source="class")
    add_record(world["peer"], "on-the-job", 4, date(2025, 12, 2), status="pending")  # not counted
    add_record(world["other_learner"], "on-the-job", 9, date(2025, 12, 1))  # another agency
    dept_a = world["dept_a"]
    body = _get(client, world["agency_admin"], f"/api/v1/organisations/{dept_a.id}/mix?fiscal_year=2569").get_json()
    assert (body["org_id"], body["code"], body["fiscal_year"]) == (dept_a.id, "DEP-A", 2569)
    assert body["meeting_mix"]["count"] == 1
    assert body["with_learning_counted"]["count"] == 2
    assert body["hours_by_bucket"] == {"experiential": 14, "social": 4, "formal": 7}
    assert body["hours_total"] == 25
    assert body["people_in_scope"] >= 2 and body["meeting_mix"]["percent"] is not None

    assert _get(client, world["agency_admin"], f"/api/v1/organisations/{world['dept_b'].id}/mix").status_code == 404
    assert _get(client, world["learner"], f"/api/v1/organisations/{dept_a.id}/mix").status_code == 404
