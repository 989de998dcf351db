"""Self-paced courses: a learner completes one by themselves, and their hours are recorded
once per course (a class's completion is recorded by lms.classes). They flush, never commit."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..core import events
from ..extensions import db
from ..records.models import LearningRecord
from ..records.services import record_learning
from ..rules import InvalidDuration
from ..rules.verdict import Bilingual
from .models import CourseVersion

SELF_PACED_SOURCE = "self-paced"


class CompletionRefused(Bilingual, ValueError):
    """A self-paced completion that cannot be recorded; str() is the English reason,
    `message(language)` the reason in the reader's language."""

    def __init__(self, message_th: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_th = message_th
        self.message_en = message_en


def self_paced_completion(person, course_id: int) -> LearningRecord | None:
    """The person's self-paced completion of any version of the course, with its version."""
    return db.session.scalars(
        select(LearningRecord).join(CourseVersion, LearningRecord.course_version_id == CourseVersion.id)
        .where(LearningRecord.person_id == person.id, LearningRecord.source == SELF_PACED_SOURCE,
               CourseVersion.course_id == course_id)
        .options(joinedload(LearningRecord.course_version))
        .order_by(LearningRecord.id).limit(1)
    ).first()


def complete_self_paced(person, version, occurred_on: date) -> tuple[LearningRecord, bool]:
    """Record that `person` finished self-paced `version`; True when a record was created.

    The version's credited hours are recorded once per course, with its credit method and
    skill sets, as status "verified": the content comes from a training institute, so it
    counts without the supervisor's check, like a class completion. Whoever completed an
    earlier version keeps that record (naming that version) and is not credited again for a
    later one. Raises CompletionRefused for a version that is not a published self-paced
    one, or whose hours cannot be one day's learning (over 24).
    """
    if version.status != "published" or version.format != "self-paced":
        raise CompletionRefused("หลักสูตรนี้ไม่ใช่หลักสูตรเรียนด้วยตนเองที่เผยแพร่อยู่",
                                "This is not a published self-paced course")
    earlier = self_paced_completion(person, version.course_id)
    if earlier is not None:
        return earlier, False
    try:
        record, created = record_learning(
            person, method=version.credit_method, hours=version.credit_hours, occurred_on=occurred_on,
            title=version.title_th, source=SELF_PACED_SOURCE, source_key=f"version:{version.id}",
            skill_sets=version.skill_sets, status="verified", course_version=version)
    except InvalidDuration as exc:
        raise CompletionRefused(exc.message_th, exc.message_en) from exc
    if created:
        events.course_completed.send(record, actor=person)
    return record, created
