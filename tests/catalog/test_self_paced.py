"""Self-paced courses: read the content, mark it complete, hours recorded once per course."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from lms.catalog.self_paced import CompletionRefused, complete_self_paced
from lms.records.models import LearningRecord
from tests.catalog.factories import published_course, republish
from tests.classes.factories import today


def self_paced(world, **content):
    content = {"format": "self-paced", "credit_method": "self-learning", "credit_hours": 3,
               "skill_sets": ["digital-literacy", "digital-governance"], "title_th": "สุขอนามัยไซเบอร์",
               "content": "## บทที่ 1\n\nรหัสผ่านที่ดี <script>alert(1)</script>", **content}
    return published_course(world["institute"], **content)


def records(db, person):
    return db.session.scalars(select(LearningRecord).where(LearningRecord.person_id == person.id)).all()


def test_learner_reads_sanitised_content(client, login_as, world):
    course = self_paced(world)
    login_as("learner")
    response = client.get(f"/courses/{course.id}/learn")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h2>บทที่ 1</h2>" in html and "รหัสผ่านที่ดี" in html
    assert "<script>alert(1)" not in html
    assert f'action="/courses/{course.id}/learn/complete"' in html


def test_marking_complete_records_verified_self_learning_once(client, login_as, world, db):
    course = self_paced(world)
    learner = login_as("learner")
    first = client.post(f"/courses/{course.id}/learn/complete", follow_redirects=True)
    assert first.status_code == 200
    second = client.post(f"/courses/{course.id}/learn/complete", follow_redirects=True)
    assert second.status_code == 200
    [record] = records(db, learner)
    version = course.published
    assert (record.source, record.source_key, record.status) == ("self-paced", f"version:{version.id}", "verified")
    assert record.hours == Decimal("3") and record.method.slug == "self-learning"
    assert record.occurred_on == today()
    assert record.course_version_id == version.id
    assert sorted(s.slug for s in record.skill_sets) == ["digital-governance", "digital-literacy"]
    assert 'id="completed-notice"' in second.get_data(as_text=True)


def test_after_a_new_version_the_learner_still_sees_they_completed_v1(client, login_as, world, db):
    course = self_paced(world)
    v1 = course.published
    learner = login_as("learner")
    client.post(f"/courses/{course.id}/learn/complete")
    republish(course, content="เนื้อหาฉบับใหม่", credit_hours=4)
    assert course.published.number == 2
    html = client.get(f"/courses/{course.id}/learn").get_data(as_text=True)
    assert "เนื้อหาฉบับใหม่" in html
    assert 'id="completed-notice" data-version="1"' in html
    assert "Mark as complete" not in html and "learn/complete" not in html
    # completing again credits nothing more: the course counts once
    client.post(f"/courses/{course.id}/learn/complete")
    [record] = records(db, learner)
    assert record.course_version_id == v1.id and record.hours == Decimal("3")
    page = client.get(f"/courses/{course.id}").get_data(as_text=True)
    assert 'id="completed-notice" data-version="1"' in page


def test_completion_is_per_person(client, login_as, login, world, db):
    course = self_paced(world)
    login_as("learner")
    client.post(f"/courses/{course.id}/learn/complete")
    client.post("/logout")
    login(world["peer"])
    client.post(f"/courses/{course.id}/learn/complete")
    assert len(records(db, world["learner"])) == 1 and len(records(db, world["peer"])) == 1


def test_a_classroom_course_cannot_be_completed_by_the_learner(client, login_as, world, db):
    course = published_course(world["institute"])
    learner = login_as("learner")
    html = client.get(f"/courses/{course.id}/learn").get_data(as_text=True)
    assert 'id="not-self-paced"' in html and "learn/complete" not in html
    assert client.post(f"/courses/{course.id}/learn/complete").status_code == 404
    assert records(db, learner) == []


def test_a_course_longer_than_a_day_credits_all_its_hours(client, login_as, world, db):
    """A course credits its hours as a whole: the 24-hours-a-day cap is for one day's log."""
    course = self_paced(world, credit_hours=30)
    learner = login_as("learner")
    response = client.post(f"/courses/{course.id}/learn/complete", follow_redirects=True)
    assert response.status_code == 200
    assert [r.hours for r in records(db, learner)] == [30]


def test_completing_needs_a_login(client, world, db):
    course = self_paced(world)
    response = client.post(f"/courses/{course.id}/learn/complete")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(LearningRecord)) == 0


def test_completing_needs_the_form_token(client, world, login_as, app, db):
    course = self_paced(world)
    learner = login_as("learner")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post(f"/courses/{course.id}/learn/complete").status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert records(db, learner) == []


def test_service_refuses_drafts_and_other_formats(world, db):
    from tests.catalog.factories import draft_course

    draft = draft_course(world["institute"], format="self-paced", credit_method="self-learning").draft
    classroom = published_course(world["institute"]).published
    for version in (draft, classroom):
        with pytest.raises(CompletionRefused):
            complete_self_paced(world["learner"], version, today())
    assert db.session.scalar(select(func.count()).select_from(LearningRecord)) == 0
