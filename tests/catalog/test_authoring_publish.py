"""Draft → published, and published courses edited as new versions that never rewrite history."""

from datetime import date
from decimal import Decimal

import pytest

from lms.catalog import authoring
from lms.catalog.models import CourseVersion
from lms.records.services import record_learning
from lms.reference.services import policy_for
from tests.catalog.authoring_helpers import course_by_code, course_form
from tests.catalog.factories import draft_course, published_course


@pytest.fixture
def author(world, login_as, db):
    world["author"].language = "en"
    db.session.flush()
    return login_as("author")


def flashes(response) -> str:
    return response.get_data(as_text=True)


def test_publishing_a_draft_records_who_and_when(client, world, author, db):
    course = draft_course(world["institute"], code="T-PUB-1")
    response = client.post(f"/author/courses/{course.id}/publish", follow_redirects=True)
    assert "Version 1 of T-PUB-1 is published." in flashes(response)
    version = course_by_code(db, "T-PUB-1").versions[0]
    assert version.status == "published" and version.published_by_id == world["author"].id
    assert version.published_at is not None
    page = client.get(f"/author/courses/{course.id}").get_data(as_text=True)
    assert world["author"].name_en in page  # the versions table names who published


@pytest.mark.parametrize(("content", "reason"), [
    ({"sessions": [("lecture", 140), ("learning-by-doing", 60)]},
     "Lecture is 70% of the plan, above the 60% limit — add at least 34 minutes of active learning"),
    ({"skill_sets": ()}, "Choose at least one skill set."),
    ({"target_groups": ()}, "Choose at least one target group."),
    ({"sessions": ()}, "A classroom or blended course needs at least one session in its plan."),
    ({"format": "blended", "sessions": ()}, "A classroom or blended course needs at least one session"),
])
def test_publishing_is_refused_with_the_reason(client, world, author, db, content, reason):
    course = draft_course(world["institute"], code="T-REFUSE-1", **content)
    assert reason in client.get(f"/author/courses/{course.id}").get_data(as_text=True)  # said before trying
    response = client.post(f"/author/courses/{course.id}/publish", follow_redirects=True)
    assert "Not published: " + reason in flashes(response)
    assert course_by_code(db, "T-REFUSE-1").versions[0].status == "draft"


def test_a_failing_plan_is_fixed_then_published(client, world, author, db):
    rows = [("Talk", "lecture", "140"), ("Practice", "learning-by-doing", "60")]
    client.post("/author/courses/new", data=course_form(sessions=rows))
    course = course_by_code(db, "T-NEW-1")
    client.post(f"/author/courses/{course.id}/publish")
    assert course_by_code(db, "T-NEW-1").published is None
    rows.append(("Case", "case-study", "34"))
    assert client.post(f"/author/courses/{course.id}/edit", data=course_form(sessions=rows)).status_code == 302
    client.post(f"/author/courses/{course.id}/publish")
    assert course_by_code(db, "T-NEW-1").published.number == 1


def test_a_published_course_is_edited_as_a_new_version(client, world, author, db):
    course = published_course(world["institute"], code="T-VER-1", title_en="First edition",
                              sessions=[("lecture", 60), ("discussion", 60)], credit_hours=3)
    first = course.published
    learner = world["learner"]
    record, _created = record_learning(  # someone completed v1 (the classes module stores the version id)
        learner, method=first.credit_method, hours=Decimal(3), occurred_on=date(2026, 1, 15),
        title=first.title_th, source="class", source_key="enrolment-1", course_version=first)
    first_id, record_id = first.id, record.id

    page = client.get(f"/author/courses/{course.id}").get_data(as_text=True)
    assert "Edit as v2" in page
    response = client.post(f"/author/courses/{course.id}/edit", data=course_form(
        code="T-VER-1", title_en="Second edition", credit_hours="6", credit_reason="Two hours of reading a week",
        sessions=[("New talk", "lecture", "30"), ("New practice", "learning-by-doing", "90")]))
    assert response.status_code == 302
    course = course_by_code(db, "T-VER-1")
    assert [(v.number, v.status) for v in course.versions] == [(1, "published"), (2, "draft")]
    assert course.published.title_en == "First edition"  # learners still see v1 until v2 is published

    client.post(f"/author/courses/{course.id}/publish")
    course = course_by_code(db, "T-VER-1")
    assert [(v.number, v.status) for v in course.versions] == [(1, "superseded"), (2, "published")]
    old = db.session.get(CourseVersion, first_id)
    assert old.title_en == "First edition" and old.credit_hours == 3
    assert [(s.method.slug, s.minutes) for s in old.sessions] == [("lecture", 60), ("discussion", 60)]
    from lms.records.models import LearningRecord

    kept = db.session.get(LearningRecord, record_id)
    assert kept.course_version_id == first_id and kept.hours == 3  # what they earned, and what they took


def test_saving_twice_edits_the_same_draft(client, world, author, db):
    course = published_course(world["institute"], code="T-TWICE-1")
    for title in ("One", "Two"):
        client.post(f"/author/courses/{course.id}/edit", data=course_form(code="T-TWICE-1", title_en=title))
    course = course_by_code(db, "T-TWICE-1")
    assert [(v.number, v.status, v.title_en) for v in course.versions][1:] == [(2, "draft", "Two")]


def test_a_draft_of_a_published_course_can_be_discarded(client, world, author, db):
    course = published_course(world["institute"], code="T-DISCARD-1")
    authoring.editable_version(course, world["author"])
    client.post(f"/author/courses/{course.id}/discard-draft")
    assert [v.status for v in course_by_code(db, "T-DISCARD-1").versions] == ["published"]
    only_draft = draft_course(world["institute"], code="T-DISCARD-2")
    assert client.post(f"/author/courses/{only_draft.id}/discard-draft").status_code == 400


def test_published_versions_cannot_be_written(world, db):
    course = published_course(world["institute"])
    content = authoring.version_content(course.published)
    with pytest.raises(authoring.VersionLocked):
        authoring.save_draft(course.published, world["author"], content)


def test_a_second_publish_of_the_same_version_is_refused(world, db):
    course = published_course(world["institute"])
    policy = policy_for(date.today())
    with pytest.raises(authoring.PublishRefused):
        authoring.publish(course.published, world["author"], policy)


def test_publish_without_a_draft_says_so(client, world, author, db):
    course = published_course(world["institute"], code="T-NODRAFT-1")
    response = client.post(f"/author/courses/{course.id}/publish", follow_redirects=True)
    assert "There is no draft to publish." in flashes(response)
