"""Learning records: written once per source, summed for the 70:20:10 mix."""

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from ..extensions import db
from ..reference.models import LearningMethod, SkillSet
from ..rules import validate_record_hours
from .models import LearningRecord


def record_learning(person, *, method: LearningMethod, hours: Decimal, occurred_on: date, title: str,
                    source: str, source_key: str, skill_sets: list[SkillSet] = (),
                    status: str = "pending", course_version=None) -> tuple[LearningRecord, bool]:
    """The record for (person, source, source_key), created if missing; True when created.

    Recording the same completion twice returns the first record unchanged, so hours are
    never counted twice. Hours are checked by the rules (0–24 in one day).
    """
    existing = db.session.scalar(select(LearningRecord).where(
        LearningRecord.person_id == person.id, LearningRecord.source == source,
        LearningRecord.source_key == source_key))
    if existing is not None:
        return existing, False
    record = LearningRecord(
        person_id=person.id, method=method, hours=validate_record_hours(hours),
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
