"""Consequential changes in the domain write one audit event each, in the same transaction:
plan decisions, verifications and returns, deletions, completions, cancellations, publishing.
A refused action writes none."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from lms.catalog.authoring import editable_version
from lms.core.models import AuditEvent
from lms.development import log, plans
from lms.extensions import db as database
from tests.catalog.factories import draft_course, published_course
from tests.classes import factories as class_factories
from tests.development.log_factories import coaching_session_for, entry_with_file
from tests.development.plan_factories import item_form, submitted_plan, switch_to
from tests.development.test_coaching import session_form
from tests.development.test_log_review import make_entry


def events(kind):
    return list(database.session.scalars(select(AuditEvent).where(AuditEvent.kind == kind).order_by(AuditEvent.id)))


def only_event(kind):
    found = events(kind)
    assert len(found) == 1, [(e.kind, e.changes) for e in found]
    return found[0]


def about(event):
    return event.actor_id, event.object_type, event.object_id, event.organisation_id


# --- plans ----------------------------------------------------------------------------------

def test_a_supervisor_agreeing_a_plan_is_audited(client, login, world, db):
    learner, supervisor = world["learner"], world["supervisor"]
    plan = submitted_plan(learner)
    switch_to(client, login, supervisor)
    submission = plans.latest_submission(plan.current).id
    assert client.post(f"/plans/{plan.id}/agree", data={"submission": submission}).status_code == 302
    event = only_event("plan.agreed")
    assert about(event) == (supervisor.id, "people", learner.id, world["division"].id)
    assert event.object_label == learner.email
    assert event.changes == {"plan": plan.id, "fiscal_year": plan.fiscal_year, "revision": 1,
                             "status": ["submitted", "agreed"], "target_groups": "service"}
    assert event.address == "127.0.0.1"

    # Agreeing again (a second tab) is refused and writes nothing.
    client.post(f"/plans/{plan.id}/agree", data={"submission": submission})
    assert len(events("plan.agreed")) == 1


def test_a_return_is_audited_without_the_comment(client, login, world, db):
    plan = submitted_plan(world["learner"])
    switch_to(client, login, world["supervisor"])
    submission = plans.latest_submission(plan.current).id
    client.post(f"/plans/{plan.id}/return", data={"submission": submission, "comment": " "})
    assert events("plan.returned") == []  # no comment: refused
    client.post(f"/plans/{plan.id}/return", data={"submission": submission, "comment": "เพิ่มชั่วโมง"})
    event = only_event("plan.returned")
    assert about(event) == (world["supervisor"].id, "people", world["learner"].id, world["division"].id)
    assert event.changes["status"] == ["submitted", "returned"]
    assert "เพิ่มชั่วโมง" not in str(event.changes)


def test_the_second_level_approval_is_its_own_event(client, login, world, db):
    plan = submitted_plan(world["learner"], groups=("service", "academic"))
    submission = plans.latest_submission(plan.current).id
    switch_to(client, login, world["supervisor"])
    client.post(f"/plans/{plan.id}/agree", data={"submission": submission})
    first = only_event("plan.agreed")
    assert "status" not in first.changes  # still waiting for the second level
    switch_to(client, login, world["director"])
    client.post(f"/plans/{plan.id}/agree", data={"submission": submission})
    second = only_event("plan.second_level_agreed")
    assert second.actor_id == world["director"].id
    assert second.changes["status"] == ["submitted", "agreed"]
    assert second.changes["target_groups"] == "academic, service"  # in the reference data's order


def test_someone_else_cannot_decide_and_nothing_is_audited(client, login, world, db):
    plan = submitted_plan(world["learner"])
    switch_to(client, login, world["other_supervisor"])
    submission = plans.latest_submission(plan.current).id
    assert client.post(f"/plans/{plan.id}/agree", data={"submission": submission}).status_code == 404
    assert database.session.scalar(select(AuditEvent).where(AuditEvent.kind.like("plan.%"))) is None


def test_removing_a_plan_item_is_audited_and_refused_once_submitted(client, login, world, db):
    learner = world["learner"]
    switch_to(client, login, learner)
    year = plans.open_fiscal_years()[0]
    client.post("/plans/new", data={"fiscal_year": year})
    plan = plans.plan_for(learner, year)
    client.post(f"/plans/{plan.id}/items", data=item_form("digital-literacy", "self-learning", 12.5))
    (item,) = plan.current.items
    assert client.post(f"/plans/{plan.id}/items/{item.id}/delete").status_code == 302
    event = only_event("plan_item.deleted")
    assert about(event) == (learner.id, "people", learner.id, world["division"].id)
    assert event.changes == {"plan": plan.id, "fiscal_year": year, "revision": 1,
                             "skill_set": "digital-literacy", "method": "self-learning",
                             "planned_hours": "12.50", "horizon": "current"}

    submitted = submitted_plan(world["peer"])
    switch_to(client, login, world["peer"])
    kept = submitted.current.items[0]
    client.post(f"/plans/{submitted.id}/items/{kept.id}/delete")
    assert len(events("plan_item.deleted")) == 1


# --- learning log -------------------------------------------------------------------------

def _decide(client, record, button, comment=""):
    return client.post(f"/log/{record.id}/review", data={
        "version": log.entry_version(record), "comment": comment, button: "y"})


def test_verifying_and_returning_entries_are_audited(client, login_as, world, db):
    first = make_entry(world["learner"], hours="2.5")
    second = make_entry(world["learner"], days_ago=2)
    supervisor = login_as("supervisor")
    assert _decide(client, first, "verify").status_code == 302
    event = only_event("learning_record.verified")
    assert about(event) == (supervisor.id, "people", world["learner"].id, world["division"].id)
    assert event.changes == {"record": first.id, "occurred_on": first.occurred_on.isoformat(),
                             "hours": "2.50", "method": "on-the-job", "status": ["pending", "verified"]}

    _decide(client, second, "send_back")  # a return needs a comment: refused
    assert events("learning_record.returned") == []
    _decide(client, second, "send_back", "แนบหลักฐาน")
    assert only_event("learning_record.returned").changes["status"] == ["pending", "returned"]


def test_bulk_verification_writes_one_event_per_verified_entry(client, login_as, world, db):
    first, second = make_entry(world["learner"], "หนึ่ง"), make_entry(world["peer"], "สอง")
    stranger = make_entry(world["other_learner"], "คนอื่น")
    versions = {r.id: log.entry_version(r) for r in (first, second, stranger)}
    login_as("supervisor")
    data = {"entry": [str(i) for i in versions], **{f"version-{i}": v for i, v in versions.items()}}
    assert client.post("/log/reviews/verify", data=data).status_code == 302
    found = events("learning_record.verified")
    assert sorted((e.object_id, e.changes["record"], e.changes["bulk"]) for e in found) == sorted(
        [(world["learner"].id, first.id, True), (world["peer"].id, second.id, True)])


def test_deleting_an_entry_and_a_file_is_audited(client, login, world, db, uploads):
    learner = world["learner"]
    record, evidence_file = entry_with_file(learner)
    other, _file = entry_with_file(learner)
    size, other_id, other_day = evidence_file.size_bytes, other.id, other.occurred_on.isoformat()
    login(learner)
    assert client.post(f"/log/evidence/{evidence_file.id}/delete").status_code == 302
    event = only_event("evidence_file.deleted")
    assert about(event) == (learner.id, "people", learner.id, world["division"].id)
    assert event.changes == {"record": record.id, "file": "หลักฐาน.pdf", "size_bytes": size}

    assert client.post(f"/log/{other_id}/delete").status_code == 302
    event = only_event("learning_record.deleted")
    assert event.changes == {"record": other_id, "occurred_on": other_day, "hours": "1.00",
                             "method": "on-the-job", "status": "pending", "evidence_files": 1}


def test_nobody_else_deletes_an_entry_and_nothing_is_audited(client, login, world, db, uploads):
    record, _file = entry_with_file(world["learner"])
    login(world["supervisor"])
    assert client.post(f"/log/{record.id}/delete").status_code == 403
    assert events("learning_record.deleted") == []


# --- coaching -------------------------------------------------------------------------------

def test_recording_and_deleting_coaching_is_audited(client, login_as, world, db):
    supervisor = login_as("supervisor")
    assert client.post("/coaching/new", data=session_form(world["learner"])).status_code == 302
    recorded = only_event("coaching_session.recorded")
    assert about(recorded) == (supervisor.id, "people", world["learner"].id, world["division"].id)
    assert recorded.changes["minutes"] == 90 and recorded.changes["hours"] == "1.50"
    session_id = recorded.changes["session"]
    assert client.post(f"/coaching/{session_id}/delete").status_code == 302
    deleted = only_event("coaching_session.deleted")
    assert about(deleted) == (supervisor.id, "people", world["learner"].id, world["division"].id)
    assert (deleted.changes["session"], deleted.changes["record"]) == (session_id, recorded.changes["record"])


def test_an_acknowledged_session_cannot_be_deleted_and_nothing_is_audited(client, login_as, world, db):
    session = coaching_session_for(world["supervisor"], world["learner"])
    session.attendees[0].acknowledged_at = datetime.now(UTC)
    db.session.flush()
    login_as("supervisor")
    assert client.post(f"/coaching/{session.id}/delete").status_code == 403
    assert events("coaching_session.deleted") == []


# --- classes and courses --------------------------------------------------------------------

def _class_with_learner(world, **class_fields):
    cls = class_factories.course_class(world["institute"], **class_fields)
    (enrolment,) = class_factories.enrol(cls, world["learner"])
    return cls, enrolment


def test_completion_is_audited_once(client, login_as, world, db):
    began = datetime.now(UTC) - timedelta(hours=1)  # completion waits for the last session to begin
    cls, enrolment = _class_with_learner(world, meetings=[("วันที่ 1", began, began + timedelta(hours=3))])
    author = login_as("author")
    for _ in range(2):
        client.post(f"/classes/manage/{cls.id}/complete", data={"enrolment_id": [enrolment.id]})
    event = only_event("enrolment.completed")
    assert about(event) == (author.id, "people", world["learner"].id, world["division"].id)
    assert event.changes == {"enrolment": enrolment.id, "class": cls.id, "course": cls.version.course.code,
                             "version": 1, "hours": "3.00", "status": ["enrolled", "completed"]}


def test_attendance_and_cancellation_are_audited(client, login_as, world, db):
    cls, enrolment = _class_with_learner(world)
    author = login_as("author")
    meeting = cls.meetings[0]
    client.post(f"/classes/manage/{cls.id}/attendance",
                data={"meeting_id": meeting.id, f"present-{enrolment.id}": "1"})
    event = only_event("attendance.recorded")
    assert about(event) == (author.id, "course_classes", cls.id, world["dept_a"].id)
    assert event.changes == {"meeting": meeting.id, "present": 1, "absent": 0}

    for _ in range(2):
        client.post(f"/classes/manage/{cls.id}/cancel")
    event = only_event("course_class.cancelled")
    assert about(event) == (author.id, "course_classes", cls.id, world["dept_a"].id)
    assert event.object_label == cls.name
    assert event.changes["is_cancelled"] == [False, True]


def test_another_institute_cannot_cancel_and_nothing_is_audited(client, login_as, world, db):
    cls = class_factories.course_class(world["other_institute"])
    login_as("author")
    assert client.post(f"/classes/manage/{cls.id}/cancel").status_code == 404
    assert events("course_class.cancelled") == []


def test_publishing_a_version_is_audited(client, login_as, world, db):
    course = published_course(world["institute"], code="T-AUD-1")
    editable_version(course, world["author"])  # draft v2, as "Edit as v2" opens it
    published_by_factory = events("course.published")
    author = login_as("author")
    assert client.post(f"/author/courses/{course.id}/publish").status_code == 302
    event = events("course.published")[-1]
    assert len(events("course.published")) == len(published_by_factory) + 1
    assert about(event) == (author.id, "courses", course.id, world["dept_a"].id)
    assert event.object_label == "T-AUD-1"
    assert event.changes == {"version": 2, "status": ["draft", "published"], "superseded": 1}


def test_a_refused_publication_writes_nothing(client, login_as, world, db):
    course = draft_course(world["institute"], description="")
    login_as("author")
    client.post(f"/author/courses/{course.id}/publish")
    assert course.published is None
    assert events("course.published") == []


def test_the_event_rolls_back_with_a_change_that_fails(db, world, app):
    """Same transaction: an event whose change is rolled back is gone too."""
    record = make_entry(world["learner"])
    with app.test_request_context():
        savepoint = db.session.begin_nested()
        log.delete_entry(record, world["learner"])
        assert len(events("learning_record.deleted")) == 1
        savepoint.rollback()
    assert events("learning_record.deleted") == []
