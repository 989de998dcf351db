"""Log entries with evidence, and coaching sessions, made through the services."""

import io
from datetime import timedelta

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from lms.core.dates import today_in_bangkok
from lms.development import coaching, evidence, log
from lms.extensions import db
from lms.reference.models import SkillSet

PDF = b"%PDF-1.4\n%%EOF\n"


def entry_with_file(person):
    """A pending log entry of `person` from yesterday, with one PDF attached (needs `uploads`)."""
    skill_set_id = db.session.scalar(select(SkillSet.id).where(SkillSet.slug == "digital-literacy"))
    record = log.create_entry(person, log.EntryData(
        occurred_on=today_in_bangkok() - timedelta(days=1), hours_text="1", method_slug="on-the-job",
        skill_set_ids=[skill_set_id], title="งาน", notes_md="บันทึก"))
    upload, _problem = evidence.check_upload(FileStorage(io.BytesIO(PDF), "หลักฐาน.pdf"))
    with evidence.removed_unless_committed() as files:
        [evidence_file] = files.attach(record, [upload])
    return record, evidence_file


def coaching_session_for(coach, person):
    """A 30-minute coaching session of `coach` with `person` yesterday."""
    skill_set_id = db.session.scalar(select(SkillSet.id).where(SkillSet.slug == "digital-leadership"))
    return coaching.record_session(coach, coaching.SessionData(
        occurred_on=today_in_bangkok() - timedelta(days=1), minutes=30, topic="สอนงาน",
        attendee_ids=[person.id], skill_set_ids=[skill_set_id]))
