"""Classes and enrolments through the API: the same rules as the learner's enrol button and the
institute's roster page (lms.classes), the same access as the pages; a refusal changes nothing."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from lms.accounts.models import Person
from lms.assessment.certificates.models import Certificate
from lms.classes.models import Enrolment
from lms.records.models import LearningRecord
from lms.reference.models import TargetGroup
from tests.api.api_factories import bearer, token_for
from tests.catalog.factories import published_course
from tests.classes import factories


@pytest.fixture(autouse=True)
def _english(world, db):
    """Callers read English (the source language), so messages are checked by their source text."""
    for value in world.values():
        if isinstance(value, Person):
            value.language = "en"
    db.session.flush()


def _headers(person, scopes=None):
    return bearer(token_for(person, scopes=scopes) if scopes else token_for(person))


def _roster(db, cls) -> list[tuple[int, str]]:
    db.session.expire_all()
    rows = db.session.execute(select(Enrolment.person_id, Enrolment.status)
                              .where(Enrolment.class_id == cls.id).order_by(Enrolment.id))
    return [tuple(row) for row in rows]


def _enrol(client, caller, cls, **body):
    return client.post(f"/api/v1/classes/{cls.id}/enrolments", json=body, headers=_headers(caller))


PAST_MEETINGS = [("วันที่ 1", datetime(2026, 1, 5, 2, 0, tzinfo=UTC), datetime(2026, 1, 5, 9, 0, tzinfo=UTC)),
                 ("วันที่ 2", datetime(2026, 1, 6, 18, 0, tzinfo=UTC), datetime(2026, 1, 6, 20, 0, tzinfo=UTC))]


def test_a_class_answers_its_sessions_seats_and_window(client, world, db):
    cls = factories.course_class(world["institute"], capacity=2, meetings=PAST_MEETINGS)
    factories.enrol(cls, world["learner"], world["peer"], world["other_learner"])
    body = client.get(f"/api/v1/classes/{cls.id}", headers=_headers(world["learner"])).get_json()
    assert body["course_code"] == cls.version.course.code and body["name"] == cls.name
    assert body["institute"]["code"] == "INST-A"
    assert (body["capacity"], body["enrolled_count"], body["waiting_count"], body["seats_left"]) == (2, 2, 1, 0)
    assert body["state"] == "open"
    assert body["enrol_closes_on"] == cls.enrol_closes_on.isoformat()
    # 18:00 UTC on 6 Jan is 01:00 on 7 Jan in Bangkok
    assert (body["starts_on"], body["ends_on"]) == ("2026-01-05", "2026-01-07")
    assert body["meetings"][1] == {"title": "วันที่ 2", "date": "2026-01-07", "start_time": "01:00",
                                   "end_time": "03:00", "starts_at": "2026-01-06T18:00:00+00:00",
                                   "ends_at": "2026-01-06T20:00:00+00:00"}
    assert body["place"] == cls.place


def test_the_list_shows_what_the_caller_may_see_and_filters(client, world, db):
    course = published_course(world["institute"])
    january = factories.course_class(world["institute"], version=course.published, meetings=PAST_MEETINGS)
    ahead = factories.course_class(world["institute"], version=course.published)
    elsewhere = factories.course_class(world["other_institute"])
    cancelled = factories.course_class(world["institute"], is_cancelled=True)

    def ids(person, query=""):
        body = client.get(f"/api/v1/classes?limit=200{query}", headers=_headers(person)).get_json()
        return {item["id"] for item in body["items"]}

    seen = ids(world["learner"])
    assert {january.id, ahead.id, elsewhere.id} <= seen and cancelled.id not in seen
    assert cancelled.id in ids(world["author"])  # its institute's staff still see it
    assert ids(world["learner"], f"&course_id={course.id}") == {january.id, ahead.id}
    assert ids(world["learner"], f"&institute_id={world['other_institute'].id}") == {elsewhere.id}
    assert ids(world["learner"], "&from=2026-01-07&to=2026-01-07") == {january.id}  # Bangkok's day
    assert january.id not in ids(world["learner"], "&from=2026-01-08")
    assert ids(world["learner"], "&from=2026-01-01&to=2026-01-04") & {january.id, ahead.id} == set()
    first = client.get("/api/v1/classes?limit=1", headers=_headers(world["learner"])).get_json()
    assert len(first["items"]) == 1 and first["next_cursor"] == str(first["items"][0]["id"])


def test_a_learner_enrols_themself_once(client, world, db):
    cls = factories.course_class(world["institute"])
    response = _enrol(client, world["learner"], cls)
    assert response.status_code == 201
    body = response.get_json()
    assert (body["person_id"], body["email"], body["status"]) == (world["learner"].id, world["learner"].email,
                                                                   "enrolled")
    assert body["waiting_position"] is None and body["seated_at"]
    again = _enrol(client, world["learner"], cls, email=world["learner"].email.upper())
    assert again.status_code == 409
    assert again.get_json()["detail"] == "You are already enrolled in this class."
    assert _roster(db, cls) == [(world["learner"].id, "enrolled")]


def test_a_full_class_puts_the_learner_on_its_waiting_list(client, world, db):
    cls = factories.course_class(world["institute"], capacity=1)
    factories.enrol(cls, world["peer"])
    body = _enrol(client, world["learner"], cls, person_id=world["learner"].id).get_json()
    assert (body["status"], body["waiting_position"], body["seated_at"]) == ("waitlisted", 1, None)
    listed = client.get(f"/api/v1/classes/{cls.id}", headers=_headers(world["learner"])).get_json()
    assert (listed["enrolled_count"], listed["waiting_count"], listed["seats_left"]) == (1, 1, 0)


def test_staff_enrol_another_person_even_after_the_window(client, world, db):
    today = factories.today()
    cls = factories.course_class(world["institute"], opens_on=today - timedelta(days=10),
                                 closes_on=today - timedelta(days=1))
    response = _enrol(client, world["author"], cls, email=world["other_learner"].email)
    assert response.status_code == 201 and response.get_json()["status"] == "enrolled"
    assert _roster(db, cls) == [(world["other_learner"].id, "enrolled")]
    # the learner's own button is bound by the window
    refused = _enrol(client, world["learner"], cls)
    assert refused.status_code == 409 and refused.get_json()["detail"].startswith("Enrolment closed on ")
    assert _roster(db, cls) == [(world["other_learner"].id, "enrolled")]


def test_a_learner_may_not_enrol_someone_else(client, world, db):
    cls = factories.course_class(world["institute"])
    # someone the caller cannot see: as if nobody had that id or email
    assert _enrol(client, world["learner"], cls, person_id=world["peer"].id).status_code == 404
    assert _enrol(client, world["learner"], cls, email=world["other_learner"].email).status_code == 404
    assert _enrol(client, world["learner"], cls, email="nobody@example.go.th").status_code == 404
    # someone the caller sees (their report) but may not enrol: 403
    refused = _enrol(client, world["supervisor"], cls, person_id=world["learner"].id)
    assert refused.status_code == 403 and "only yourself" in refused.get_json()["detail"]
    mixed = _enrol(client, world["author"], cls, person_id=world["learner"].id, email=world["peer"].email)
    assert mixed.status_code == 409
    assert _roster(db, cls) == []


def test_rules_refuse_with_a_reason_and_change_nothing(client, world, db):
    group = db.session.scalar(select(TargetGroup).where(TargetGroup.slug == "executive"))
    for_executives = factories.course_class(world["institute"], target_groups=[group])
    refused = _enrol(client, world["learner"], for_executives)
    assert refused.status_code == 409 and "target group" in refused.get_json()["detail"]
    not_yet = factories.course_class(world["institute"], opens_on=factories.today() + timedelta(days=3),
                                     closes_on=factories.today() + timedelta(days=9))
    assert _enrol(client, world["learner"], not_yet).get_json()["detail"].startswith("Enrolment opens on ")
    cancelled = factories.course_class(world["institute"], is_cancelled=True)
    assert _enrol(client, world["learner"], cancelled).status_code == 404  # learners do not see it
    staff = _enrol(client, world["author"], cancelled, person_id=world["learner"].id)
    assert staff.status_code == 409 and staff.get_json()["detail"] == "This class has been cancelled."
    elsewhere = factories.course_class(world["other_institute"])
    assert _enrol(client, world["author"], elsewhere, person_id=world["learner"].id).status_code == 404
    assert db.session.scalar(select(func.count(Enrolment.id))) == 0


def test_a_token_without_the_write_scope_cannot_enrol(client, world, db):
    cls = factories.course_class(world["institute"])
    response = client.post(f"/api/v1/classes/{cls.id}/enrolments", json={},
                           headers=_headers(world["learner"], scopes=["classes:read"]))
    assert response.status_code == 403 and "classes:write" in response.get_json()["detail"]
    assert _roster(db, cls) == []


def test_the_roster_is_for_the_institutes_staff(client, world, db):
    cls = factories.course_class(world["institute"], capacity=1)
    seated, waiting = factories.enrol(cls, world["learner"], world["peer"])
    url = f"/api/v1/classes/{cls.id}/enrolments"
    body = client.get(url, headers=_headers(world["author"])).get_json()
    assert [(e["id"], e["email"], e["status"], e["waiting_position"]) for e in body["items"]] == [
        (seated.id, world["learner"].email, "enrolled", None), (waiting.id, world["peer"].email, "waitlisted", 1)]
    only = client.get(url + "?status=waitlisted", headers=_headers(world["author"])).get_json()
    assert [e["id"] for e in only["items"]] == [waiting.id]
    assert client.get(url, headers=_headers(world["learner"])).status_code == 404
    assert client.get(url, headers=_headers(world["site_admin"])).status_code == 404


def test_completion_records_the_learning_and_issues_the_certificate(client, world, db):
    version = published_course(world["institute"], credit_hours=6).published
    cls = factories.course_class(world["institute"], version=version, capacity=1, meetings=PAST_MEETINGS)
    seated, waiting = factories.enrol(cls, world["learner"], world["peer"])
    url = f"/api/v1/classes/{cls.id}/enrolments/{seated.id}/completion"
    response = client.post(url, headers=_headers(world["author"]))
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "completed" and body["completed_at"]
    (record,) = db.session.scalars(select(LearningRecord).where(LearningRecord.person_id == world["learner"].id))
    assert record.id == body["learning_record_id"]
    assert (record.source, record.source_key, record.status) == ("class", f"enrolment:{seated.id}", "verified")
    assert record.hours == 6 and record.occurred_on == date(2026, 1, 7)
    assert record.course_version_id == version.id
    certificate = db.session.scalar(select(Certificate).where(Certificate.person_id == world["learner"].id))
    assert certificate.kind == "course" and certificate.course_version_id == version.id
    # again: the same record, nothing new
    assert client.post(url, headers=_headers(world["author"])).get_json()["learning_record_id"] == record.id
    assert db.session.scalar(select(func.count(LearningRecord.id))) == 1
    # refused: someone waiting has no seat; a learner cannot record completion
    refused = client.post(f"/api/v1/classes/{cls.id}/enrolments/{waiting.id}/completion",
                          headers=_headers(world["author"]))
    assert refused.status_code == 409 and "Only learners with a seat" in refused.get_json()["detail"]
    assert client.post(url, headers=_headers(world["learner"])).status_code == 404
    assert client.post(f"/api/v1/classes/{cls.id}/enrolments/999999/completion",
                       headers=_headers(world["author"])).status_code == 404
    assert _roster(db, cls) == [(world["learner"].id, "completed"), (world["peer"].id, "waitlisted")]
    assert db.session.scalar(select(func.count(Certificate.id))) == 1


def test_completion_waits_for_the_last_session(client, world, db):
    cls = factories.course_class(world["institute"])  # its sessions are next month
    (seated,) = factories.enrol(cls, world["learner"])
    response = client.post(f"/api/v1/classes/{cls.id}/enrolments/{seated.id}/completion",
                           headers=_headers(world["author"]))
    assert response.status_code == 409
    assert response.get_json()["detail"].startswith("Completion can be recorded once the last session has begun")
    assert _roster(db, cls) == [(world["learner"].id, "enrolled")]
    assert db.session.scalar(select(func.count(LearningRecord.id))) == 0


def test_withdrawing_frees_the_seat_for_the_first_waiting(client, world, db):
    cls = factories.course_class(world["institute"], capacity=1)
    seated, waiting = factories.enrol(cls, world["learner"], world["peer"])
    url = f"/api/v1/classes/{cls.id}/enrolments/{seated.id}"
    assert client.delete(url, headers=_headers(world["peer"])).status_code == 404  # not theirs
    assert _roster(db, cls) == [(world["learner"].id, "enrolled"), (world["peer"].id, "waitlisted")]
    response = client.delete(url, headers=_headers(world["learner"]))
    assert response.status_code == 200 and response.get_json()["status"] == "withdrawn"
    assert _roster(db, cls) == [(world["learner"].id, "withdrawn"), (world["peer"].id, "enrolled")]
    again = client.delete(url, headers=_headers(world["learner"]))
    assert again.status_code == 409 and again.get_json()["detail"] == "You are not enrolled in this class."
    removed = client.delete(f"/api/v1/classes/{cls.id}/enrolments/{waiting.id}", headers=_headers(world["author"]))
    assert removed.status_code == 200 and removed.get_json()["status"] == "removed"
    assert _roster(db, cls) == [(world["learner"].id, "withdrawn"), (world["peer"].id, "removed")]
    # taken off by staff: the learner cannot enrol again by themself
    back = _enrol(client, world["peer"], cls)
    assert back.status_code == 409 and "took you off" in back.get_json()["detail"]
    assert _roster(db, cls) == [(world["learner"].id, "withdrawn"), (world["peer"].id, "removed")]
