"""Attendance per session and completion: one verified learning record per completion, ever."""

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from lms.classes import enrolment as enrolling
from lms.classes import services
from lms.classes.models import Attendance
from lms.records.models import LearningRecord
from tests.catalog.factories import published_course
from tests.classes import factories


def _class_with_learners(world, capacity=2, **course):
    version = published_course(world["institute"], credit_hours=course.pop("credit_hours", 6),
                               skill_sets=("digital-literacy", "digital-governance"), **course).published
    cls = factories.course_class(world["institute"], version=version, capacity=capacity, meetings=[
        ("วันที่ 1", datetime(2026, 1, 5, 2, 0, tzinfo=UTC), datetime(2026, 1, 5, 9, 0, tzinfo=UTC)),
        # 18:00 UTC on 6 Jan is 01:00 on 7 Jan in Bangkok: the class ends on 7 Jan.
        ("วันที่ 2", datetime(2026, 1, 6, 18, 0, tzinfo=UTC), datetime(2026, 1, 6, 20, 0, tzinfo=UTC))])
    return cls, factories.enrol(cls, world["learner"], world["peer"], world["other_learner"])


def _records(db, person):
    return list(db.session.scalars(select(LearningRecord).where(LearningRecord.person_id == person.id)))


def test_completing_twice_records_the_learning_once(client, db, world, login_as):
    cls, (learner, peer, waiting) = _class_with_learners(world)
    login_as("author")
    for _ in range(2):
        response = client.post(f"/classes/manage/{cls.id}/complete", data={"enrolment_id": [learner.id]})
        assert response.status_code == 302
    (record,) = _records(db, world["learner"])
    assert (record.source, record.source_key, record.status) == ("class", f"enrolment:{learner.id}", "verified")
    assert record.hours == Decimal("6.00")
    assert record.method.slug == "training"
    assert record.occurred_on == date(2026, 1, 7)  # the last session's day in Bangkok
    assert record.course_version_id == cls.course_version_id
    assert [s.slug for s in record.skill_sets] == ["digital-literacy", "digital-governance"]
    db.session.refresh(learner)
    assert learner.status == "completed" and learner.completed_by_id == world["author"].id
    assert _records(db, world["peer"]) == []


def test_completion_through_the_service_is_idempotent(db, world, in_request):
    cls, (learner, peer, _waiting) = _class_with_learners(world)
    first = services.complete_enrolments(cls, world["author"], [learner.id, peer.id])
    again = services.complete_enrolments(cls, world["author"], [learner.id])
    assert again[0] is first[0]
    assert db.session.query(LearningRecord).count() == 2


LAST_SESSION_BEGINS = datetime(2026, 1, 6, 18, 0, tzinfo=UTC)  # 01:00 on 7 Jan in Bangkok


def test_completion_waits_until_the_last_session_has_begun(db, world, in_request):
    cls, (learner, *_rest) = _class_with_learners(world)
    with pytest.raises(enrolling.EnrolmentRefused) as refused:
        services.complete_enrolments(cls, world["author"], [learner.id],
                                     now=LAST_SESSION_BEGINS - timedelta(minutes=1))
    assert str(refused.value) == ("Completion can be recorded once the last session has begun"
                                  " (7 Jan 2026 01:00).")
    assert db.session.query(LearningRecord).count() == 0
    db.session.refresh(learner)
    assert learner.status == "enrolled"
    (record,) = services.complete_enrolments(cls, world["author"], [learner.id], now=LAST_SESSION_BEGINS)
    assert record.occurred_on == date(2026, 1, 7)  # the day the last session began, in Bangkok
    assert learner.completed_at == LAST_SESSION_BEGINS


def test_a_class_still_ahead_cannot_be_completed_and_the_page_says_why(client, db, world, login_as):
    cls, (learner, *_rest) = _class_with_learners(world)
    cls.meetings[-1].starts_at = datetime.now(UTC) + timedelta(days=2)
    cls.meetings[-1].ends_at = cls.meetings[-1].starts_at + timedelta(hours=3)
    db.session.flush()
    login_as("author")
    page = client.get(f"/classes/manage/{cls.id}").get_data(as_text=True)
    button = re.search(r"<button[^>]*>Record completion for the chosen learners</button>", page).group(0)
    assert "disabled" in button and 'aria-describedby="completion-problem"' in button
    assert re.search(r'id="completion-problem">Completion can be recorded once the last session has begun'
                     r" \(\d+ \w+ \d{4} \d\d:\d\d\)\.<", page)
    # a request that gets past the button is refused by the service, in the reader's language
    response = client.post(f"/classes/manage/{cls.id}/complete", data={"enrolment_id": [learner.id]},
                           follow_redirects=True)
    assert "Completion can be recorded once the last session has begun" in response.get_data(as_text=True)
    assert db.session.query(LearningRecord).count() == 0


def test_the_completion_button_is_enabled_once_the_last_session_has_begun(client, world, login_as):
    cls, _enrolments = _class_with_learners(world)  # its sessions were in January 2026
    login_as("author")
    page = client.get(f"/classes/manage/{cls.id}").get_data(as_text=True)
    button = re.search(r"<button[^>]*>Record completion for the chosen learners</button>", page).group(0)
    assert "disabled" not in button and 'id="completion-problem"' not in page


def test_only_learners_with_a_seat_complete_and_nothing_is_half_saved(client, db, world, login_as):
    cls, (learner, peer, waiting) = _class_with_learners(world)
    login_as("author")
    response = client.post(f"/classes/manage/{cls.id}/complete",
                           data={"enrolment_id": [learner.id, waiting.id]}, follow_redirects=True)
    assert world["other_learner"].name_en in response.get_data(as_text=True)
    assert db.session.query(LearningRecord).count() == 0
    db.session.refresh(learner)
    assert learner.status == "enrolled"


def test_a_course_over_24_hours_credits_all_its_hours(db, world, in_request):
    """A multi-day class credits its hours as one record; the daily cap is for log entries."""
    cls, (learner, *_rest) = _class_with_learners(world, credit_hours=30)
    services.complete_enrolments(cls, world["author"], [learner.id])
    record = db.session.scalar(select(LearningRecord).where(LearningRecord.source == "class"))
    assert record.hours == 30


def test_attendance_is_recorded_per_session_and_can_be_corrected(client, db, world, login_as):
    cls, (learner, peer, waiting) = _class_with_learners(world)
    first, second = cls.meetings
    login_as("author")
    page = client.get(f"/classes/manage/{cls.id}/attendance?meeting_id={second.id}").get_data(as_text=True)
    assert world["learner"].name_en in page and world["other_learner"].name_en not in page
    client.post(f"/classes/manage/{cls.id}/attendance", data={
        "meeting_id": first.id, f"present-{learner.id}": "1", f"present-{peer.id}": "0",
        f"present-{waiting.id}": "1", "present-999999": "1"})
    client.post(f"/classes/manage/{cls.id}/attendance", data={"meeting_id": first.id, f"present-{peer.id}": "1"})
    marks = {(a.meeting_id, a.enrolment_id): a.present for a in db.session.scalars(select(Attendance))}
    assert marks == {(first.id, learner.id): True, (first.id, peer.id): True}
    page = client.get(f"/classes/manage/{cls.id}/attendance?meeting_id={first.id}").get_data(as_text=True)
    assert page.count("checked") == 2
    detail = client.get(f"/classes/manage/{cls.id}").get_data(as_text=True)
    assert detail.count('<td class="text-end">2</td>') == 1


def test_a_cancelled_class_cannot_be_completed(db, world, in_request):
    cls, (learner, *_rest) = _class_with_learners(world)
    cls.is_cancelled = True
    with pytest.raises(enrolling.EnrolmentRefused, match="cancelled"):
        services.complete_enrolments(cls, world["author"], [learner.id])


def test_the_learner_sees_the_completion(client, db, world, login):
    cls, (learner, *_rest) = _class_with_learners(world)
    login(world["author"])
    client.post(f"/classes/manage/{cls.id}/complete", data={"enrolment_id": [learner.id]})
    client.post("/logout")
    login(world["learner"])
    for path in (f"/classes/{cls.id}", "/classes/mine"):
        page = client.get(path).get_data(as_text=True)
        assert "badge text-bg-primary" in page  # the completed state
        assert f'action="/classes/{cls.id}/withdraw"' not in page
