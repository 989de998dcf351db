"""Everything Thaksa holds about one person, as JSON and a zip with their evidence files
(PDPA s.30 access and s.31 portability).

What the person shares with others is included as far as it is theirs: a supervisor's
name, not their email; the coaching sessions they gave with how many attended, not who;
the audit events they caused on other objects with what happened and when, not the other
object's details. Secrets (password hash, calendar-feed token) are left out.
"""

import io
import json
import os
import shutil
import tempfile
import zipfile
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ..accounts.models import AccountSession, LoginAttempt, Person
from ..assessment.ratings.personal_data import ratings_export
from ..classes.models import Attendance, ClassMeeting, Enrolment
from ..core.models import AuditEvent, utcnow
from ..development.evidence import stored_path
from ..development.models import (
    CoachingAttendee,
    CoachingSession,
    DevelopmentPlan,
    EvidenceFile,
    PlanRevision,
    RecordReview,
)
from ..extensions import db
from ..notifications.models import Notification, NotificationPreference, OutboxMessage
from ..records.models import LearningRecord
from . import export_assessment, export_connections

FORMAT = "thaksa-personal-data/1"
DATA_NAME = "thaksa-data.json"
# Below this the archive stays in memory; above it, it moves to a temporary file.
SPOOL_BYTES = 4 * 1024 * 1024
COPY_CHUNK = 256 * 1024

README = """\
ข้อมูลส่วนบุคคลของคุณในระบบ Thaksa (ทักษะ)
==========================================

ไฟล์นี้คือข้อมูลทั้งหมดที่ระบบเก็บเกี่ยวกับคุณ ตามสิทธิของเจ้าของข้อมูลส่วนบุคคล
ตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562 (มาตรา 30 และ 31)

- thaksa-data.json  ข้อมูลในรูปแบบ JSON (UTF-8): ข้อมูลส่วนตัว หน่วยงาน ประเภทบุคลากร
  ผู้บังคับบัญชา กลุ่มเป้าหมาย การเข้าสู่ระบบ บันทึกการเรียนรู้ แผนพัฒนารายบุคคล การสอนงาน
  การลงทะเบียนเรียนและการเข้าเรียน การแจ้งเตือน และประวัติการใช้งาน (audit trail)
- evidence/         ไฟล์หลักฐานที่คุณแนบกับบันทึกการเรียนรู้ ตามชื่อเดิมของไฟล์

วันที่และเวลาเป็นรูปแบบ ISO 8601 ตามเวลาสากล (UTC) ชั่วโมงเป็นทศนิยมสองตำแหน่ง
ไม่มีรหัสผ่านหรือรหัสลับของปฏิทินอยู่ในไฟล์นี้

Your personal data in Thaksa
============================

This archive is everything Thaksa holds about you, under your rights as a data subject
in the Personal Data Protection Act B.E. 2562 (2019), sections 30 and 31.

- thaksa-data.json  the data as JSON (UTF-8): your profile, organisation, employment
  type, supervisor, target groups, sign-ins, learning records, development plans, coaching, enrolments
  and attendance, skill assessments, external results, quiz attempts, certificates,
  notifications, and the audit trail of your account
- evidence/         the evidence files you attached to learning records, by their names

Dates and times are ISO 8601 in UTC; hours have two decimal places. Neither your
password nor your calendar-feed secret is in this archive.
"""


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _name(row) -> dict | None:
    """A person's, unit's or reference row's names (no email: that is another's data)."""
    if row is None:
        return None
    names = {"name_th": row.name_th, "name_en": row.name_en}
    for attribute in ("slug", "code"):
        if getattr(row, attribute, None):
            return {attribute: getattr(row, attribute), **names}
    return names


def _course(version) -> dict | None:
    if version is None:
        return None
    return {"code": version.course.code, "version": version.number,
            "title_th": version.title_th, "title_en": version.title_en}


def evidence_files(person) -> list[EvidenceFile]:
    """The person's evidence files, oldest record first: the order of the archive."""
    return list(db.session.scalars(
        select(EvidenceFile).join(LearningRecord, LearningRecord.id == EvidenceFile.record_id)
        .where(LearningRecord.person_id == person.id)
        .order_by(LearningRecord.occurred_on, LearningRecord.id, EvidenceFile.id)))


def _on_disk(evidence_file: EvidenceFile) -> str | None:
    path = stored_path(evidence_file.stored_name)
    return path if path and os.path.isfile(path) else None


def archive_names(files: list[EvidenceFile]) -> dict[int, str]:
    """evidence/<original name> for each file found on disk; a repeated name gets " (2)" …"""
    names, taken = {}, set()
    for evidence_file in files:
        if _on_disk(evidence_file) is None:
            continue
        stem, dot, extension = evidence_file.original_name.rpartition(".")
        if not dot:
            stem, extension = extension, ""
        candidate, n = evidence_file.original_name, 1
        while candidate.lower() in taken:
            n += 1
            candidate = f"{stem} ({n}){dot}{extension}"
        taken.add(candidate.lower())
        names[evidence_file.id] = f"evidence/{candidate}"
    return names


def _profile(person: Person) -> dict:
    organisation = person.organisation
    return {
        "id": person.id, "email": person.email, "name_th": person.name_th, "name_en": person.name_en,
        "position": person.position, "language": person.language, "is_active": person.is_active,
        "citizen_id_hash": person.citizen_id_hash,
        "is_site_admin": person.is_site_admin, "created_at": _plain(person.created_at),
        "deactivated_at": _plain(person.deactivated_at), "anonymised_at": _plain(person.anonymised_at),
        "organisation": _name(organisation),
        "agency": _name(organisation.agency) if organisation else None,
        "supervisor": _name(person.supervisor),
        "course_author_at": _name(person.institute),
        "administrator_of": _name(person.admin_of),
        "target_groups": [_name(group) for group in person.target_groups],
        "target_group_in_hr_record": _name(person.hr_target_group),
        "employment_type": _name(person.employment_type),
    }


def _sessions(person) -> list[dict]:
    rows = db.session.scalars(select(AccountSession).where(AccountSession.person_id == person.id)
                              .order_by(AccountSession.created_at, AccountSession.id))
    return [{"signed_in_at": _plain(s.created_at), "last_seen_at": _plain(s.last_seen_at),
             "expires_at": _plain(s.expires_at), "ended_at": _plain(s.revoked_at), "address": s.address,
             "browser": s.user_agent, "remember_me": s.remember} for s in rows]


def _failed_logins(person) -> list[dict]:
    rows = db.session.execute(select(LoginAttempt.attempted_at, LoginAttempt.address)
                              .where(LoginAttempt.email == func.lower(person.email))
                              .order_by(LoginAttempt.attempted_at))
    return [{"at": _plain(at), "address": address} for at, address in rows]


def _learning_records(person, names: dict[int, str]) -> list[dict]:
    records = db.session.scalars(
        select(LearningRecord).where(LearningRecord.person_id == person.id)
        .options(selectinload(LearningRecord.method), selectinload(LearningRecord.skill_sets),
                 selectinload(LearningRecord.reviewed_by), selectinload(LearningRecord.evidence),
                 selectinload(LearningRecord.course_version))
        .order_by(LearningRecord.occurred_on, LearningRecord.id)).all()
    reviews = defaultdict(list)
    for review in db.session.scalars(
            select(RecordReview).where(RecordReview.record_id.in_([r.id for r in records]))
            .options(selectinload(RecordReview.actor)).order_by(RecordReview.created_at, RecordReview.id)):
        reviews[review.record_id].append({"decision": review.decision, "comment": review.comment,
                                          "at": _plain(review.created_at), "by": _name(review.actor)})
    return [{
        "id": r.id, "occurred_on": _plain(r.occurred_on), "hours": _plain(r.hours), "method": _name(r.method),
        "title": r.title, "notes": r.notes_md, "source": r.source, "status": r.status,
        "course": _course(r.course_version), "skill_sets": [_name(s) for s in r.skill_sets],
        "created_at": _plain(r.created_at), "updated_at": _plain(r.updated_at),
        "reviewed_at": _plain(r.reviewed_at), "reviewed_by": _name(r.reviewed_by),
        "reviews": reviews[r.id],
        "evidence": [{"name": f.original_name, "content_type": f.content_type, "size_bytes": f.size_bytes,
                      "uploaded_at": _plain(f.uploaded_at), "file_in_archive": names.get(f.id),
                      **({} if f.id in names else {"missing": True})}
                     for f in sorted(r.evidence, key=lambda f: f.id)],
    } for r in records]


def _plans(person) -> list[dict]:
    plans = db.session.scalars(
        select(DevelopmentPlan).where(DevelopmentPlan.person_id == person.id)
        .options(selectinload(DevelopmentPlan.revisions).selectinload(PlanRevision.items),
                 selectinload(DevelopmentPlan.revisions).selectinload(PlanRevision.decisions),
                 selectinload(DevelopmentPlan.revisions).selectinload(PlanRevision.target_groups))
        .order_by(DevelopmentPlan.fiscal_year))
    return [{"fiscal_year": plan.fiscal_year, "created_at": _plain(plan.created_at), "revisions": [{
        "number": revision.number, "status": revision.status, "created_at": _plain(revision.created_at),
        "submitted_at": _plain(revision.submitted_at),
        "target_groups": [_name(group) for group in revision.target_groups],
        "items": [{"skill_set": _name(item.skill_set), "method": _name(item.method),
                   "planned_hours": _plain(item.planned_hours), "horizon": item.horizon,
                   "course": item.course.code if item.course else None, "note": item.note}
                  for item in revision.items],
        "decisions": [{"kind": decision.kind, "comment": decision.comment, "at": _plain(decision.created_at),
                       "by": _name(decision.actor)} for decision in revision.decisions],
    } for revision in plan.revisions]} for plan in plans]


def _coaching(person) -> tuple[list[dict], list[dict]]:
    received = db.session.scalars(
        select(CoachingAttendee).where(CoachingAttendee.person_id == person.id)
        .options(selectinload(CoachingAttendee.session).selectinload(CoachingSession.coach),
                 selectinload(CoachingAttendee.session).selectinload(CoachingSession.skill_sets))
        .order_by(CoachingAttendee.id))
    attended = [{"occurred_on": _plain(a.session.occurred_on), "minutes": a.session.minutes,
                 "topic": a.session.topic, "notes": a.session.notes_md, "coach": _name(a.session.coach),
                 "skill_sets": [_name(s) for s in a.session.skill_sets],
                 "acknowledged_at": _plain(a.acknowledged_at)} for a in received]
    attendees = (select(func.count()).where(CoachingAttendee.session_id == CoachingSession.id)
                 .correlate(CoachingSession).scalar_subquery())
    given = db.session.execute(
        select(CoachingSession, attendees).where(CoachingSession.coach_id == person.id)
        .options(selectinload(CoachingSession.skill_sets))
        .order_by(CoachingSession.occurred_on, CoachingSession.id))
    return attended, [{"occurred_on": _plain(s.occurred_on), "minutes": s.minutes, "topic": s.topic,
                       "notes": s.notes_md, "people_coached": count,
                       "skill_sets": [_name(k) for k in s.skill_sets]} for s, count in given]


def _enrolments(person) -> list[dict]:
    enrolments = db.session.scalars(
        select(Enrolment).where(Enrolment.person_id == person.id)
        .options(selectinload(Enrolment.course_class)).order_by(Enrolment.joined_at, Enrolment.id)).all()
    marks = defaultdict(list)
    for attendance, meeting in db.session.execute(
            select(Attendance, ClassMeeting).join(ClassMeeting, ClassMeeting.id == Attendance.meeting_id)
            .where(Attendance.enrolment_id.in_([e.id for e in enrolments])).order_by(ClassMeeting.starts_at)):
        marks[attendance.enrolment_id].append({
            "meeting": meeting.title, "starts_at": _plain(meeting.starts_at), "present": attendance.present,
            "note": attendance.note, "recorded_at": _plain(attendance.recorded_at)})
    return [{"class": e.course_class.name, "course": _course(e.course_class.version), "status": e.status,
             "joined_at": _plain(e.joined_at), "seated_at": _plain(e.seated_at),
             "withdrawn_at": _plain(e.withdrawn_at), "completed_at": _plain(e.completed_at),
             "attendance": marks[e.id]} for e in enrolments]


def _notifications(person) -> tuple[list[dict], list[dict]]:
    rows = db.session.execute(
        select(Notification, OutboxMessage.status, OutboxMessage.sent_at)
        .outerjoin(OutboxMessage, or_(OutboxMessage.notification_id == Notification.id,  # sent at once
                                      OutboxMessage.digest_id == Notification.digest_id))  # in a digest
        .where(Notification.person_id == person.id).order_by(Notification.created_at, Notification.id))
    notifications = [{"kind": n.kind, "subject": n.subject, "period": n.period, "facts": n.payload,
                      "channel": n.channel, "created_at": _plain(n.created_at), "read_at": _plain(n.read_at),
                      "email_status": status, "email_sent_at": _plain(sent_at)} for n, status, sent_at in rows]
    preferences = db.session.scalars(select(NotificationPreference)
                                     .where(NotificationPreference.person_id == person.id)
                                     .order_by(NotificationPreference.kind))
    return notifications, [{"kind": p.kind, "channel": p.channel, "updated_at": _plain(p.updated_at)}
                           for p in preferences]


def _audit_events(person) -> list[dict]:
    about_them = (AuditEvent.object_type == "people") & (AuditEvent.object_id == person.id)
    rows = db.session.scalars(select(AuditEvent).where(or_(about_them, AuditEvent.actor_id == person.id))
                              .order_by(AuditEvent.occurred_at, AuditEvent.id))
    events = []
    for event in rows:
        entry = {"occurred_at": _plain(event.occurred_at), "kind": event.kind,
                 "by_you": event.actor_id == person.id, "by": event.actor_label or None,
                 "address": event.address, "object_type": event.object_type, "object_id": event.object_id}
        # On another object the label and changes describe someone else: left out.
        if event.object_type == "people" and event.object_id == person.id:
            entry.update(object_label=event.object_label, changes=event.changes)
        events.append(entry)
    return events


def personal_data(person: Person, now: datetime | None = None) -> dict:
    """Everything Thaksa holds about `person`, as JSON-ready values (dates as ISO 8601 text,
    hours as decimal text); evidence files are listed with their name in the archive."""
    names = archive_names(evidence_files(person))
    coaching_received, coaching_given = _coaching(person)
    notifications, preferences = _notifications(person)
    return {
        "format": FORMAT,
        "exported_at": _plain(now or utcnow()),
        "person": _profile(person),
        "account_sessions": _sessions(person),
        "failed_logins": _failed_logins(person),
        "learning_records": _learning_records(person, names),
        "development_plans": _plans(person),
        "coaching_received": coaching_received,
        "coaching_given": coaching_given,
        "enrolments": _enrolments(person),
        "notifications": notifications,
        "notification_preferences": preferences,
        **ratings_export(person),
        "quiz_attempts": export_assessment.quiz_attempts(person),
        "certificates": export_assessment.certificates(person),
        "api_access": export_connections.api_credentials(person),
        "xapi_statements": export_connections.xapi_statements(person),
        "audit_events": _audit_events(person),
    }


def export_zip(person: Person, now: datetime | None = None) -> tempfile.SpooledTemporaryFile:
    """The archive: README.txt, thaksa-data.json and evidence/<name> for each file, written
    to a spooled temporary file (memory while small, disk beyond) rewound for reading.
    A file missing from the upload folder is listed in the JSON with `"missing": true`."""
    data = personal_data(person, now)
    files = evidence_files(person)
    names = archive_names(files)
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README)
        with archive.open(DATA_NAME, "w") as raw, io.TextIOWrapper(raw, encoding="utf-8") as text:
            json.dump(data, text, ensure_ascii=False, indent=2)
        for evidence_file in files:
            if evidence_file.id not in names:
                continue
            with open(_on_disk(evidence_file), "rb") as source, \
                    archive.open(names[evidence_file.id], "w") as target:
                shutil.copyfileobj(source, target, COPY_CHUNK)
    spool.seek(0)
    return spool
