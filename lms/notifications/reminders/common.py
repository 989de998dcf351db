"""What the reminder jobs share: the run's clock, who may be reminded, windows of people."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from ...accounts.models import Person
from ...core.dates import BANGKOK, local_date
from ...core.models import utcnow
from ...development.mix import counted_only_verified, mix_failures_for_people
from ...extensions import db
from ..settings import setting

# Nobody is reminded after they were deactivated or left their organisation.
REMINDABLE = (Person.is_active.is_(True), Person.organisation_id.is_not(None))


@dataclass(frozen=True)
class RunContext:
    """The moment a run works for: `now` in UTC, `today` in Bangkok."""

    now: datetime
    today: date
    # What a job found that a later job of the same run needs again: judged once per run.
    shared: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def at(cls, now: datetime | None = None) -> "RunContext":
        now = now or utcnow()
        return cls(now, local_date(now))

    def days_ago(self, days: float) -> datetime:
        return self.now - timedelta(days=days)


class MixFailing:
    """Who is outside the 70:20:10 mix, as the mix_check job found window by window: one
    byte per person id (2 MB for 2,000,000 people), so that the supervisors' digest of the
    same run need not judge everyone again. Complete once the job has gone through."""

    def __init__(self, ctx: RunContext, fiscal_year: int):
        self.ctx, self.key = ctx, ("mix_failing", fiscal_year, counted_only_verified())
        self.flags = bytearray()

    def add(self, high: int, failing: Iterable[int]) -> None:
        """One window's failing people; `high` is the window's last id."""
        if len(self.flags) <= high:
            self.flags.extend(bytes(high + 1 - len(self.flags)))
        for person_id in failing:
            self.flags[person_id] = 1

    def complete(self) -> None:
        self.ctx.shared[self.key] = self.flags


def mix_failing_among(ctx: RunContext, fiscal_year: int, people, person_ids: Iterable[int]) -> set[int]:
    """Those of `person_ids` (the ids `people`, a select, gives) outside the mix this fiscal
    year: from what mix_check found earlier in the run, else judged now."""
    flags = ctx.shared.get(("mix_failing", fiscal_year, counted_only_verified()))
    if flags is None:
        return set(mix_failures_for_people(people, fiscal_year))
    return {person_id for person_id in person_ids if person_id < len(flags) and flags[person_id]}


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


def unindexed(column):
    """The column as an expression (`column || ''`) that no one-column index answers: a window's
    query is then driven from the window's people. Given `status = 'agreed'`, SQLite (without
    table statistics) reads the whole site's agreed revisions in every window instead, which
    made the jobs quadratic in the number of people."""
    return column.concat("")


def rows_of(statement) -> list:
    """A select's rows through the session's connection: plain tuples, without the ORM's
    per-row work (the jobs select columns, never entities, often a million rows a run)."""
    return db.session.connection().execute(statement).all()


def scalars_of(statement, parameters: dict | None = None) -> list:
    """A select's first column, as rows_of."""
    return db.session.connection().scalars(statement, parameters).all()


def iso(value: date | datetime | None) -> str | None:
    """A JSON-friendly date or datetime for payloads."""
    return value.isoformat() if value is not None else None
