"""Learning records: written once per source, summed for the 70:20:10 mix."""

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select, union
from sqlalchemy.orm import joinedload, selectinload

from ..catalog.models import CourseVersion
from ..classes.models import CourseClass, Enrolment
from ..extensions import db
from ..reference.models import LearningMethod, SkillSet
from ..rules import InvalidDuration, validate_record_hours
from ..rules.verdict import Bilingual
from .models import COURSE_SOURCES, RECORD_STATES, LearningRecord


def record_learning(person, *, method: LearningMethod, hours: Decimal, occurred_on: date, title: str,
                    source: str, source_key: str, skill_sets: list[SkillSet] = (),
                    status: str = "pending", course_version=None) -> tuple[LearningRecord, bool]:
    """The record for (person, source, source_key), created if missing; True when created.

    Recording the same completion twice returns the first record unchanged, so hours are
    never counted twice. Hours of what happened on one day (log entries, coaching,
    imports) are checked by the rules (0–24 in one day); a completed course credits its
    hours as a whole, however many days it took.
    """
    existing = db.session.scalar(select(LearningRecord).where(
        LearningRecord.person_id == person.id, LearningRecord.source == source,
        LearningRecord.source_key == source_key))
    if existing is not None:
        return existing, False
    record = LearningRecord(
        person_id=person.id, method=method,
        hours=Decimal(hours) if source in COURSE_SOURCES else validate_record_hours(hours),
        occurred_on=occurred_on, title=title[:300], source=source, source_key=source_key,
        status=status, course_version=course_version, skill_sets=list(skill_sets),
    )
    db.session.add(record)
    db.session.flush()
    return record, True


def records_of(person, limit: int | None = None) -> list[LearningRecord]:
    """A person's records, newest first."""
    query = (select(LearningRecord).where(LearningRecord.person_id == person.id)
             .order_by(LearningRecord.occurred_on.desc(), LearningRecord.id.desc()))
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))


# --- Self-paced courses and "my learning" (catalogue issue) ---------------------------

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
        return record_learning(
            person, method=version.credit_method, hours=version.credit_hours, occurred_on=occurred_on,
            title=version.title_th, source=SELF_PACED_SOURCE, source_key=f"version:{version.id}",
            skill_sets=version.skill_sets, status="verified", course_version=version)
    except InvalidDuration as exc:
        raise CompletionRefused(exc.message_th, exc.message_en) from exc


def my_records_query(person):
    """A person's learning records, newest first, with what the "my learning" list shows."""
    return (select(LearningRecord).where(LearningRecord.person_id == person.id)
            .order_by(LearningRecord.occurred_on.desc(), LearningRecord.id.desc())
            .options(joinedload(LearningRecord.method), joinedload(LearningRecord.course_version),
                     selectinload(LearningRecord.skill_sets)))


def hours_by_status(person, first_day: date, last_day: date) -> dict[str, Decimal]:
    """The person's recorded hours between two days (inclusive) for each record status
    (zero when none), summed in SQL."""
    rows = db.session.execute(
        select(LearningRecord.status, func.sum(LearningRecord.hours))
        .where(LearningRecord.person_id == person.id, LearningRecord.occurred_on >= first_day,
               LearningRecord.occurred_on <= last_day)
        .group_by(LearningRecord.status))
    totals = dict.fromkeys(RECORD_STATES, Decimal(0))
    totals.update({status: Decimal(str(total)) for status, total in rows})
    return totals


def completed_course_ids(person) -> set[int]:
    """Courses the person has finished: a learning record from one of its versions, or a
    completed class enrolment (one query)."""
    from_records = (select(CourseVersion.course_id)
                    .join(LearningRecord, LearningRecord.course_version_id == CourseVersion.id)
                    .where(LearningRecord.person_id == person.id))
    from_classes = (select(CourseVersion.course_id)
                    .join(CourseClass, CourseClass.course_version_id == CourseVersion.id)
                    .join(Enrolment, Enrolment.class_id == CourseClass.id)
                    .where(Enrolment.person_id == person.id, Enrolment.status == "completed"))
    return set(db.session.scalars(union(from_records, from_classes)))
