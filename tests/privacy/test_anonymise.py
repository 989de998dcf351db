"""Anonymising a person who left: refused until the retention period has passed, then
their identity and words are gone everywhere while their hours still count."""

import os
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from lms.accounts.models import AccountSession, LoginAttempt, Person
from lms.classes.models import Attendance, Enrolment
from lms.core.dates import fiscal_year_bounds, fiscal_year_of, today_in_bangkok
from lms.core.models import AuditEvent, utcnow
from lms.development.evidence import stored_path
from lms.development.mix import hours_by_bucket_for_people, hours_by_method
from lms.development.models import CoachingSession, EvidenceFile, PlanDecision, PlanItem, RecordReview
from lms.extensions import db as _db
from lms.notifications.models import Notification, NotificationPreference, OutboxMessage
from lms.privacy import anonymise as anonymising
from lms.records.models import LearningRecord
from tests.factories import TEST_PASSWORD
from tests.privacy.builders import life

RETENTION = 730


def _leave(person, days_ago: int):
    person.is_active = False
    person.deactivated_at = utcnow() - timedelta(days=days_ago)
    _db.session.flush()


@pytest.fixture
def left(world, login, uploads, client):
    """The learner, with something in every module, signed in once, left 731 days ago."""
    login(world["learner"])
    client.post("/logout")
    made = life(world, "learner")
    life(world, "peer")  # a colleague whose data must stay whole
    identity = {"email": world["learner"].email, "name_th": world["learner"].name_th,
                "name_en": world["learner"].name_en, "position": world["learner"].position,
                "calendar_token": world["learner"].calendar_token,
                "citizen_id_hash": world["learner"].citizen_id_hash}
    _leave(world["learner"], RETENTION + 1)
    return {**made, **identity, "paths": [stored_path(made["pdf"].stored_name), stored_path(made["png"].stored_name)]}


def _every_value_in_the_database() -> str:
    """Every row of every table as text: a trace of the person anywhere shows up here."""
    chunks = []
    for table in _db.metadata.sorted_tables:
        for row in _db.session.execute(select(table)):
            chunks.append(repr(tuple(row)))
    return "\n".join(chunks)


def _org_totals(world, fiscal_year):
    start, end = fiscal_year_bounds(fiscal_year)
    unit = select(Person.id).where(Person.organisation_id == world["division"].id)
    per_person = hours_by_bucket_for_people(unit, start, end, verified_only=False)
    total = _db.session.scalar(select(func.sum(LearningRecord.hours))
                               .join(Person, Person.id == LearningRecord.person_id)
                               .where(Person.organisation_id == world["division"].id))
    return per_person, total


def test_an_administrator_erases_the_person_after_the_retention_period(client, world, login, left, db):
    learner, tag = world["learner"], left["tag"]
    fiscal_year = fiscal_year_of(today_in_bangkok())
    start, end = fiscal_year_bounds(fiscal_year)
    before_totals = _org_totals(world, fiscal_year)
    before_methods = hours_by_method(learner.id, start, end, verified_only=False)
    peer_before = _db.session.scalar(select(LearningRecord.notes_md).where(LearningRecord.person_id == world["peer"].id,
                                                                             LearningRecord.source == "log"))
    assert all(os.path.exists(path) for path in left["paths"])

    login(world["agency_admin"])
    page = client.get(f"/people/{learner.id}").get_data(as_text=True)
    assert f'href="/admin/people/{learner.id}/anonymise"' in page
    confirm = client.get(f"/admin/people/{learner.id}/anonymise").get_data(as_text=True)
    assert learner.name_th in confirm and 'type="submit"' in confirm
    response = client.post(f"/admin/people/{learner.id}/anonymise")
    assert response.status_code == 302 and response.headers["Location"] == f"/people/{learner.id}"

    person = db.session.get(Person, learner.id)
    assert person.name_th == f"ผู้ใช้ที่ถูกลบข้อมูล #{learner.id}"
    assert person.name_en == f"Anonymised person #{learner.id}"
    assert person.email == f"anonymised-{learner.id}@invalid"
    assert person.position == "" and person.password_hash is None
    assert person.calendar_token != left["calendar_token"] and person.anonymised_at is not None
    assert left["citizen_id_hash"] and person.citizen_id_hash is None
    # Kept: where they worked and the groups they developed in.
    assert person.organisation_id == world["division"].id
    assert [g.slug for g in person.target_groups] == [g.slug for g in learner.target_groups]

    # No trace of who they were or what they wrote, in any table.
    everything = _every_value_in_the_database()
    for trace in (left["email"], left["name_th"], left["name_en"], tag, left["calendar_token"],
                  left["citizen_id_hash"]):
        # Whole values only: "other.learner@…" and "Person Test10" are other people.
        assert not re.search(rf"(?<![\w.]){re.escape(trace)}(?!\w)", everything), trace
    # Each table, as a person would check it.
    records = db.session.scalars(select(LearningRecord).where(LearningRecord.person_id == learner.id)).all()
    assert {r.notes_md for r in records} == {""}
    assert {r.title for r in records if r.source in ("log", "coaching")} == {"[ลบข้อมูลแล้ว]"}
    assert db.session.scalar(select(func.count()).select_from(EvidenceFile)
                             .where(EvidenceFile.record_id.in_([r.id for r in records]))) == 0
    assert not any(os.path.exists(path) for path in left["paths"])
    assert db.session.scalars(select(RecordReview.comment).where(
        RecordReview.record_id.in_([r.id for r in records]), RecordReview.comment != "")).all() == ["[ลบข้อมูลแล้ว]"]
    assert db.session.scalar(select(func.count()).select_from(PlanItem).where(PlanItem.note != "",
                             PlanItem.revision_id == left["plan"].current.id)) == 0
    assert db.session.scalars(select(PlanDecision.comment).where(
        PlanDecision.revision_id == left["plan"].current.id, PlanDecision.comment != "")).all() == ["[ลบข้อมูลแล้ว]"]
    session = db.session.get(CoachingSession, left["session"].id)
    assert (session.notes_md, session.topic, session.minutes) == ("", "[ลบข้อมูลแล้ว]", 90)
    assert db.session.scalars(select(Attendance.note).join(Enrolment).where(Enrolment.person_id == learner.id)).all() \
        == [""]
    for model in (Notification, NotificationPreference, AccountSession):
        assert db.session.scalar(select(func.count()).select_from(model).where(model.person_id == learner.id)) == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage).join(Notification)
                             .where(Notification.person_id == learner.id)) == 0
    assert db.session.scalar(select(func.count()).select_from(LoginAttempt)
                             .where(LoginAttempt.email == left["email"])) == 0
    digest = db.session.get(Notification, left["digest"].id)
    assert [p["name_th"] for p in digest.payload["people"]] == [person.name_th, "คนอื่น ในทีม"]

    # Skills: the levels stay, the words, files and signed credential go; the certificate is revoked.
    assessment, result, certificate = left["assessment"], left["result"], left["certificate"]
    db.session.refresh(assessment.ratings[0]), db.session.refresh(result), db.session.refresh(certificate)
    assert (assessment.ratings[0].self_comment, assessment.ratings[0].self_level) == ("", 2)
    assert (result.title, result.level, result.files) == ("—", 2, [])
    assert certificate.recipient_name == person.name_th and certificate.credential_jwt == ""
    assert certificate.revoked_at is not None and "PDPA" in certificate.revocation_reason
    assert client.get(f"/certificates/verify/{certificate.public_id}").status_code == 200

    # The audit trail keeps every event, with the identity replaced.
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "people",
                                                         AuditEvent.object_id == learner.id)).all()
    assert {"login.succeeded", "login.failed", "learning_record.returned", "person.anonymised"} <= {
        e.kind for e in events}
    assert {e.object_label for e in events} == {person.email}
    [anonymised] = [e for e in events if e.kind == "person.anonymised"]
    assert anonymised.actor_id == world["agency_admin"].id
    assert anonymised.changes["evidence_files"] == 2 and anonymised.changes["retention_days"] == RETENTION

    # Hours, methods and the unit's totals are exactly what they were.
    assert _org_totals(world, fiscal_year) == before_totals
    assert hours_by_method(learner.id, start, end, verified_only=False) == before_methods
    assert db.session.scalar(select(Enrolment.status).where(Enrolment.person_id == learner.id)) == "enrolled"
    # The colleague's data is whole.
    assert db.session.scalar(select(LearningRecord.notes_md).where(
        LearningRecord.person_id == world["peer"].id, LearningRecord.source == "log")) == peer_before


def test_the_person_can_no_longer_log_in(client, world, left, db):
    anonymising.anonymise(world["learner"], None, actor_label="test")
    for email in (left["email"], world["learner"].email):
        world["learner"].is_active = True  # even if someone switched the account back on
        db.session.flush()
        response = client.post("/login", data={"email": email, "password": TEST_PASSWORD})
        assert response.status_code == 200  # the form again, with its error: no redirect home


def test_refused_before_the_retention_period_ends(client, world, login, left, db):
    _leave(world["learner"], RETENTION - 1)
    login(world["agency_admin"])
    page = client.get(f"/admin/people/{world['learner'].id}/anonymise").get_data(as_text=True)
    assert 'id="refusal"' in page and 'type="submit"' not in page.split('id="refusal"')[1].split("</main>")[0]
    response = client.post(f"/admin/people/{world['learner'].id}/anonymise", follow_redirects=True)
    assert "alert-danger" in response.get_data(as_text=True)
    assert db.session.get(Person, world["learner"].id).email == left["email"]
    assert all(os.path.exists(path) for path in left["paths"])


def test_refused_while_active_and_for_site_administrators(world, db):
    with pytest.raises(anonymising.AnonymiseRefused):
        anonymising.anonymise(world["peer"], world["site_admin"])
    _leave(world["site_admin"], RETENTION + 1)
    with pytest.raises(anonymising.AnonymiseRefused):
        anonymising.anonymise(world["site_admin"], None)
    world["peer"].is_active = False  # deactivated before the date was recorded
    db.session.flush()
    assert "ไม่มีวันที่ปิดการใช้งาน" in anonymising.refusal(world["peer"])  # "no date"
    assert world["peer"].anonymised_at is None and world["site_admin"].anonymised_at is None


def test_refused_twice(world, left, db):
    anonymising.anonymise(world["learner"], None)
    with pytest.raises(anonymising.AnonymiseRefused, match="ถูกลบไปแล้ว"):  # "already erased"
        anonymising.anonymise(world["learner"], None)


def test_someone_outside_the_administrators_scope_is_not_found(client, world, login, db):
    _leave(world["other_learner"], RETENTION + 1)
    login(world["agency_admin"])
    assert client.get(f"/admin/people/{world['other_learner'].id}/anonymise").status_code == 404
    assert client.post(f"/admin/people/{world['other_learner'].id}/anonymise").status_code == 404
    login(world["supervisor"])  # a supervisor sees their report, but does not manage people
    _leave(world["peer"], RETENTION + 1)
    assert client.post(f"/admin/people/{world['peer'].id}/anonymise").status_code == 404
    assert db.session.get(Person, world["other_learner"].id).anonymised_at is None
    assert db.session.get(Person, world["peer"].id).anonymised_at is None


def test_the_retention_period_is_configurable(app, world, db):
    _leave(world["peer"], 40)
    assert anonymising.refusal(world["peer"]) is not None
    app.config["PDPA_RETENTION_DAYS"] = 30
    try:
        assert anonymising.refusal(world["peer"]) is None
    finally:
        app.config["PDPA_RETENTION_DAYS"] = RETENTION


def test_the_cli_lists_dry_runs_and_erases_everyone_due(app, world, left, db):
    _leave(world["peer"], 10)  # left, but not long enough ago
    run = app.test_cli_runner().invoke
    listing = run(args=["lms", "people", "anonymise"])
    assert listing.exit_code == 0, listing.output
    assert left["email"] in listing.output and world["peer"].email not in listing.output
    assert "Nothing was changed" in listing.output

    dry = run(args=["lms", "people", "anonymise", "--all-due", "--dry-run"])
    assert dry.exit_code == 0 and f"Would anonymise #{world['learner'].id}" in dry.output
    assert db.session.get(Person, world["learner"].id).anonymised_at is None

    refused = run(args=["lms", "people", "anonymise", world["peer"].email])
    assert refused.exit_code == 1 and "retention period has not ended" in refused.output

    done = run(args=["lms", "people", "anonymise", "--all-due"])
    assert done.exit_code == 0, done.output
    assert db.session.get(Person, world["learner"].id).anonymised_at is not None
    assert db.session.get(Person, world["peer"].id).anonymised_at is None
    assert not any(os.path.exists(path) for path in left["paths"])
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.kind == "person.anonymised"))
    assert event.actor_id is None and event.actor_label == "cli"
    assert run(args=["lms", "people", "anonymise"]).output.startswith("Due for anonymisation (730 days after "
                                                                      "deactivation): 0")


def test_the_audit_trail_stays_append_only(world, left, db):
    anonymising.anonymise(world["learner"], None)
    with pytest.raises(Exception, match="append-only"):
        with db.session.begin_nested():
            db.session.execute(text("DELETE FROM audit_events"))
