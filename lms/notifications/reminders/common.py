"""What the reminder jobs share: the run's clock, who may be reminded, windows of people."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from ...accounts.models import Person
from ...core.dates import BANGKOK, local_date
from ...core.models import utcnow
from ...extensions import db
from ..settings import setting

# Nobody is reminded after they were deactivated or left their organisation.
REMINDABLE = (Person.is_active.is_(True), Person.organisation_id.is_not(None))


@dataclass(frozen=True)
class RunContext:
    """The moment a run works for: `now` in UTC, `today` in Bangkok."""

    now: datetime
    today: date

    @classmethod
    def at(cls, now: datetime | None = None) -> "RunContext":
        now = now or utcnow()
        return cls(now, local_date(now))

    def days_ago(self, days: float) -> datetime:
        return self.now - timedelta(days=days)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """A Bangkok calendar day as a half-open range of aware datetimes."""
    start = datetime.combine(day, time(0), tzinfo=BANGKOK)
    return start, start + timedelta(days=1)


def iso_week(day: date) -> str:
    """The ISO week a day falls in, as a period key: '2026-W48'."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def id_windows(column, *conditions) -> Iterator[tuple[int, int]]:
    """Consecutive id ranges [low, high] covering `column` where `conditions` hold.

    Jobs run their grouped queries one window at a time, so memory stays bounded and each
    window's reminders are committed before the next is computed.
    """
    low, high = db.session.execute(select(func.min(column), func.max(column)).where(*conditions)).one()
    if low is None:
        return
    size = setting("REMINDER_PEOPLE_WINDOW")
    for start in range(low, high + 1, size):
        yield start, start + size - 1


def people_windows() -> Iterator[tuple[int, int]]:
    """Windows over the ids of people who may be reminded."""
    return id_windows(Person.id, *REMINDABLE)


def iso(value: date | datetime | None) -> str | None:
    """A JSON-friendly date or datetime for payloads."""
    return value.isoformat() if value is not None else None
