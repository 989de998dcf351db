"""What waits on a learner's dashboard: hours awaiting verification and returned entries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import case, func, select

from ..extensions import db
from ..records.models import LearningRecord

RETURNED_SHOWN = 5


@dataclass(frozen=True)
class ReturnedEntry:
    """A log entry a supervisor sent back: the learner changes and resubmits it."""

    record_id: int
    title: str
    occurred_on: date
    hours: Decimal


def pending_hours(person_id: int, start: date, end: date) -> Decimal:
    """Hours of the person's entries in the period (both days included) awaiting verification."""
    # CASE inside the sum, not WHERE status: the person's own index drives the query (mix._counted_hours).
    hours = func.sum(case((LearningRecord.status == "pending", LearningRecord.hours), else_=0))
    total = db.session.scalar(select(func.coalesce(hours, 0)).where(
        LearningRecord.person_id == person_id, LearningRecord.occurred_on >= start,
        LearningRecord.occurred_on <= end))
    return Decimal(total or 0)


def returned_entries(person_id: int) -> tuple[tuple[ReturnedEntry, ...], int]:
    """The person's newest returned entries (RETURNED_SHOWN at most) and how many there are."""
    returned = (LearningRecord.person_id == person_id, LearningRecord.status == "returned")
    count = db.session.scalar(select(func.count()).select_from(LearningRecord).where(*returned))
    if not count:
        return (), 0
    rows = db.session.execute(
        select(LearningRecord.id, LearningRecord.title, LearningRecord.occurred_on, LearningRecord.hours)
        .where(*returned).order_by(LearningRecord.occurred_on.desc(), LearningRecord.id.desc())
        .limit(RETURNED_SHOWN))
    return tuple(ReturnedEntry(*row) for row in rows), count
