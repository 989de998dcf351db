"""Anonymising a person who left (PDPA s.33 erasure, s.37(3) retention), once the retention
period after their deactivation has passed.

Erased: name, email, position, password, calendar token, citizen-ID hash, the free text of their learning
records, plans and the coaching, reviews and attendance about them, their evidence (rows
here; files by the caller after the commit), notifications, preferences, sessions and
failed logins, and their identity inside the audit trail (lms.privacy.redaction).
Kept, de-identified: hours, methods, skill sets, dates and statuses of their learning
records, their organisation and target groups, enrolments and attendance marks, so that
agency totals and 70:20:10 sums stay true. Services flush, never commit.
"""

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update

from ..accounts.models import AccountSession, LoginAttempt, Person
from ..accounts.sessions import end_all_sessions
from ..api.tokens import erase_credentials_of
from ..assessment.certificates.services import erase_certificates_of
from ..assessment.ratings.personal_data import erase_ratings_text_and_files
from ..classes.models import Attendance, Enrolment
from ..core.audit import record_event
from ..core.dates import format_date
from ..core.i18n import current_language
from ..core.models import utcnow
from ..development.evidence import paths_of
from ..development.models import (
    CoachingAttendee,
    CoachingSession,
    DevelopmentPlan,
    EvidenceFile,
    PlanDecision,
    PlanItem,
    PlanRevision,
    RecordReview,
)
from ..extensions import db
from ..integrations.xapi.personal_data import erase_xapi_traces_of
from ..notifications.models import Notification, NotificationPreference, OutboxMessage
from ..records.models import COURSE_SOURCES, LearningRecord
from . import redaction
from .redaction import REDACTED


class AnonymiseRefused(Exception):
    """Why this person cannot be anonymised (yet): a message for the administrator."""


@dataclass
class Anonymised:
    """What anonymising did: counts for the audit event, and the evidence files to remove
    from disk once the transaction is committed."""

    person_id: int
    counts: dict = field(default_factory=dict)
    paths: list[str] = field(default_factory=list)


def placeholder_names(person_id: int) -> tuple[str, str]:
    """The Thai and English names an anonymised person is shown by."""
    return f"ผู้ใช้ที่ถูกลบข้อมูล #{person_id}", f"Anonymised person #{person_id}"


def anonymised_email(person_id: int) -> str:
    """Unique and unusable: .invalid is reserved (RFC 2606), no mail can reach it."""
    return f"anonymised-{person_id}@invalid"


def retention_days() -> int:
    """Days after deactivation before a person's data may be erased (PDPA_RETENTION_DAYS)."""
    return int(current_app.config["PDPA_RETENTION_DAYS"])


def due_from(person: Person) -> datetime | None:
    """When the person's retention period ends; None while active or never deactivated."""
    if person.is_active or person.deactivated_at is None:
        return None
    return person.deactivated_at + timedelta(days=retention_days())


def refusal(person: Person, now: datetime | None = None) -> str | None:
    """Why `person` may not be anonymised now, in the reader's language; None when they may."""
    now = now or utcnow()
    if person.anonymised_at is not None:
        return _("The personal data of this person has already been erased.")
    if person.is_site_admin:
        return _("A site administrator cannot be anonymised. Remove the site administrator role first.")
    if person.is_active:
        return _("This person is still active. Deactivate the account first; the data can be "
                 "erased %(days)s days after that.", days=retention_days())
    if person.deactivated_at is None:
        return _("Thaksa has no date for when this account was deactivated (it was deactivated "
                 "before the date was recorded), so the retention period cannot be counted. "
                 "Activate the account and deactivate it again to start the period.")
    if now < due_from(person):
        return _("The retention period has not ended: the data can be erased from %(day)s.",
                 day=format_date(due_from(person), current_language()))
    return None


def due_people_query(now: datetime | None = None):
    """People whose retention period has ended and who are not yet anonymised, oldest first."""
    now = now or utcnow()
    return (select(Person).where(
        Person.is_active.is_(False), Person.anonymised_at.is_(None), Person.is_site_admin.is_(False),
        Person.deactivated_at.is_not(None),
        Person.deactivated_at <= now - timedelta(days=retention_days()))
        .order_by(Person.deactivated_at, Person.id))


def _record_ids(person):
    return select(LearningRecord.id).where(LearningRecord.person_id == person.id).scalar_subquery()


def _revision_ids(person):
    return (select(PlanRevision.id).join(DevelopmentPlan, DevelopmentPlan.id == PlanRevision.plan_id)
            .where(DevelopmentPlan.person_id == person.id).scalar_subquery())


def _count(statement) -> int:
    return db.session.scalar(select(func.count()).select_from(statement.subquery()))


def preview(person: Person) -> dict:
    """How many rows anonymising would erase or keep: shown before the administrator confirms."""
    return {
        "learning_records": _count(select(LearningRecord.id).where(LearningRecord.person_id == person.id)),
        "evidence_files": _count(select(EvidenceFile.id).where(EvidenceFile.record_id.in_(_record_ids(person)))),
        "plans": _count(select(DevelopmentPlan.id).where(DevelopmentPlan.person_id == person.id)),
        "coaching_sessions": _count(select(CoachingAttendee.id).where(CoachingAttendee.person_id == person.id)),
        "enrolments": _count(select(Enrolment.id).where(Enrolment.person_id == person.id)),
        "notifications": _count(select(Notification.id).where(Notification.person_id == person.id)),
        "sessions": _count(select(AccountSession.id).where(AccountSession.person_id == person.id)),
    }


def _erase_free_text(person: Person) -> None:
    records = _record_ids(person)
    db.session.execute(update(LearningRecord).where(LearningRecord.person_id == person.id)
                       .values(notes_md=""))
    # A course's title is the catalogue's; any other title is the person's or their coach's words.
    db.session.execute(update(LearningRecord).where(LearningRecord.person_id == person.id,
                                                    LearningRecord.source.not_in(COURSE_SOURCES))
                       .values(title=REDACTED))
    db.session.execute(update(RecordReview).where(RecordReview.record_id.in_(records), RecordReview.comment != "")
                       .values(comment=REDACTED))
    revisions = _revision_ids(person)
    db.session.execute(update(PlanItem).where(PlanItem.revision_id.in_(revisions), PlanItem.note != "")
                       .values(note=""))
    db.session.execute(update(PlanDecision).where(PlanDecision.revision_id.in_(revisions),
                                                  PlanDecision.comment != "").values(comment=REDACTED))
    attended = select(CoachingAttendee.session_id).where(CoachingAttendee.person_id == person.id)
    # A session's notes may be about anyone in it and cannot be split by person: all go.
    db.session.execute(update(CoachingSession).where(CoachingSession.id.in_(attended.scalar_subquery()))
                       .values(notes_md=""))
    alone = (select(CoachingAttendee.session_id).group_by(CoachingAttendee.session_id)
             .having(func.count() == 1).scalar_subquery())
    db.session.execute(update(CoachingSession).where(CoachingSession.id.in_(attended.scalar_subquery()),
                                                     CoachingSession.id.in_(alone)).values(topic=REDACTED))
    enrolments = select(Enrolment.id).where(Enrolment.person_id == person.id).scalar_subquery()
    db.session.execute(update(Attendance).where(Attendance.enrolment_id.in_(enrolments), Attendance.note != "")
                       .values(note=""))


def _delete_evidence(person: Person) -> tuple[list[int], list[str]]:
    files = list(db.session.scalars(select(EvidenceFile).where(EvidenceFile.record_id.in_(_record_ids(person)))))
    db.session.execute(delete(EvidenceFile).where(EvidenceFile.id.in_([f.id for f in files])))
    return [f.id for f in files], paths_of(files)


def _delete_account_traces(person: Person, emails: set[str], now: datetime) -> dict:
    notifications = select(Notification.id).where(Notification.person_id == person.id).scalar_subquery()
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.notification_id.in_(notifications)))
    end_all_sessions(person, now=now)
    return {
        "notifications": db.session.execute(
            delete(Notification).where(Notification.person_id == person.id)).rowcount,
        "preferences": db.session.execute(
            delete(NotificationPreference).where(NotificationPreference.person_id == person.id)).rowcount,
        "sessions": db.session.execute(
            delete(AccountSession).where(AccountSession.person_id == person.id)).rowcount,
        "failed_logins": db.session.execute(
            delete(LoginAttempt).where(func.lower(LoginAttempt.email).in_(sorted(emails)))).rowcount,
    }


def anonymise(person: Person, actor: Person | None, now: datetime | None = None, *,
              actor_label: str = "") -> Anonymised:
    """Erase `person`'s identity and personal content, keeping their de-identified hours.

    Raises AnonymiseRefused (see `refusal`) unless the person is inactive, not a site
    administrator, not yet anonymised, and deactivated longer than the retention period ago.
    Writes the audit event "person.anonymised" (counts only). The caller commits, then
    removes `result.paths` from disk (lms.development.evidence.remove_files).
    """
    now = now or utcnow()
    # Lock the row: two administrators confirming at once anonymise once.
    db.session.scalar(select(Person.id).where(Person.id == person.id).with_for_update())
    db.session.refresh(person)
    reason = refusal(person, now)
    if reason:
        raise AnonymiseRefused(reason)
    identity = redaction.Identity.of(person)
    result = Anonymised(person.id)
    _erase_free_text(person)
    evidence_ids, result.paths = _delete_evidence(person)
    result.counts = _delete_account_traces(person, identity.emails, now)
    result.counts["evidence_files"] = len(evidence_ids)
    result.counts["learning_records_kept"] = _count(
        select(LearningRecord.id).where(LearningRecord.person_id == person.id))

    name_th, name_en = placeholder_names(person.id)
    person.name_th, person.name_en, person.position = name_th, name_en, ""
    person.email = anonymised_email(person.id)
    person.password_hash = None
    person.calendar_token = secrets.token_urlsafe(24)
    person.citizen_id_hash = None
    person.anonymised_at = now
    db.session.flush()
    result.counts["certificates_revoked"] = erase_certificates_of(person, actor)
    result.counts["api_credentials"] = erase_credentials_of(person)
    result.counts["xapi_statements"] = erase_xapi_traces_of(person)
    result.paths += erase_ratings_text_and_files(person)

    result.counts["audit_events_redacted"] = redaction.redact_audit_trail(person, identity, evidence_ids)
    result.counts["digests_redacted"] = redaction.redact_others_notifications(person, identity)
    record_event("person.anonymised", person, actor=actor, actor_label=actor_label,
                 changes={**result.counts, "retention_days": retention_days()})
    return result
