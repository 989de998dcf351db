"""Writing and reading learning records. They flush, never commit."""

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..reference.models import LearningMethod, SkillSet
from ..rules import validate_record_hours
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
