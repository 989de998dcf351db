"""The digest job: one e-mail per person per day (or per week) with every reminder waiting.

Reminders that go by e-mail are written without an outbox row (services.record_reminders)
and wait, marked `awaiting_digest`. Once a day, after the reminder jobs, this job takes the
people with reminders waiting whose digest is due, one window of people at a time:

1. INSERT a digest per person for today … ON CONFLICT (person, day) DO NOTHING RETURNING:
   only the people the database gives a new digest go on, so a second run the same day,
   or two runs at once, send nothing more;
2. UPDATE their waiting reminders to point at it (one statement per window);
3. INSERT one outbox row per digest; then commit.

The outbox composes the e-mail from the reminders the digest carries, at send time, in the
person's language. Weekly choosers are due on DIGEST_WEEKDAY, or later in the week when
that day's run was missed, and at most once a week.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, exists, func, literal_column, or_, select

from ..accounts.models import Person
from ..core.dates import local_date
from ..extensions import db
from . import bulk
from .models import DigestPreference, Notification, NotificationDigest, OutboxMessage
from .reminders.common import RunContext, id_windows, rows_of, scalars_of
from .settings import setting

# Written as the partial index's own condition (not `IS 1` with a bound parameter) so that
# SQLite sees the index applies.
AWAITING = (literal_column("notifications.awaiting_digest"),)


@dataclass
class DigestReport:
    """What one digest run did."""

    digests: int = 0  # e-mails: one per person
    items: int = 0  # reminders they carry


def week_start(today: date) -> date:
    """The latest DIGEST_WEEKDAY (ISO: Monday 1 … Sunday 7) on or before today."""
    return today - timedelta(days=(today.isoweekday() - setting("DIGEST_WEEKDAY")) % 7)


def _waiting(low: int, high: int):
    return (*AWAITING, Notification.person_id.between(low, high))


def weekly_due(today: date, last_run: datetime | None) -> bool:
    """Whether weekly choosers get their digest today: on DIGEST_WEEKDAY, or on a later day
    when no run succeeded since that day began (the scheduler was stopped)."""
    start = week_start(today)
    return today == start or (last_run is not None and local_date(last_run) < start)


def _people_waiting(low: int, high: int) -> list[int]:
    """People in the id window with reminders waiting for a digest (on the partial index)."""
    return scalars_of(select(Notification.person_id).distinct().where(*_waiting(low, high)))


def due_among(person_ids: list[int], today: date, weekly: bool) -> list[tuple[int, str]]:
    """(person, cadence) of those whose digest is due: daily choosers without one today;
    when `weekly`, weekly choosers without one this week. One query per 5,000 people, asked
    by their ids' range (two parameters, not 5,000) and kept to those given."""
    found = []
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), 5000):
        chunk = ids[start:start + 5000]
        cadence = func.coalesce(DigestPreference.cadence, "daily")
        had_today = exists().where(NotificationDigest.person_id == Person.id, NotificationDigest.day == today)
        due = and_(cadence == "daily", ~had_today)
        if weekly:
            had_this_week = exists().where(NotificationDigest.person_id == Person.id,
                                           NotificationDigest.day >= week_start(today))
            due = or_(due, and_(cadence == "weekly", ~had_this_week))
        wanted = set(chunk)
        found += [row for row in rows_of(
            select(Person.id, cadence).outerjoin(DigestPreference, DigestPreference.person_id == Person.id)
            .where(Person.id.between(chunk[0], chunk[-1]), due).order_by(Person.id)) if row[0] in wanted]
    return [(person_id, chosen) for person_id, chosen in found]


def people_waiting() -> list[int]:
    """Everyone with reminders waiting for a digest (for a dry run)."""
    return [person_id for low, high in _windows() for person_id in _people_waiting(low, high)]


def _windows():
    return id_windows(Notification.person_id, *AWAITING)


_DIGEST_COLUMNS = ("person_id", "day", "cadence", "created_at")
_OUTBOX_COLUMNS = ("digest_id", "status", "attempts", "next_attempt_at", "last_error", "created_at")
_ROWS_PER_INSERT = 2000  # 4 parameters a row: well under SQLite's 32,766 and PostgreSQL's 65,535


def _new_digests(connection, due: list[tuple[int, str]], today: date, now: datetime) -> list[tuple[int, int]]:
    """Step 1: (digest id, person) of the digests the database gave this run."""
    table, dialect = NotificationDigest.__table__, connection.dialect
    _person, day, _cadence, stamp = bulk.converters(table, _DIGEST_COLUMNS, dialect)
    the_day, created_at = day(today), stamp(now)
    written = []
    for start in range(0, len(due), _ROWS_PER_INSERT):
        chunk = due[start:start + _ROWS_PER_INSERT]
        sql = bulk.insert_sql(table, _DIGEST_COLUMNS, dialect, rows=len(chunk),
                              ignoring=("person_id", "day"), returning=("id", "person_id"))
        values = [value for person_id, chosen in chunk for value in (person_id, the_day, chosen, created_at)]
        written += connection.exec_driver_sql(sql, tuple(values)).all()
    return written


def _attach(connection, people: list[int], today: date, low: int, high: int) -> int:
    """Step 2: the waiting reminders of these people (of the window low-high) now point at
    today's digest, the one this run just gave them. One set-based UPDATE per window,
    asked from the partial index: a third cheaper than an UPDATE per person, for the
    millions attached on the heaviest day. Returns how many."""
    mark = bulk.mark(connection.dialect)
    flag = bulk.converters(Notification.__table__, ["awaiting_digest"], connection.dialect)[0]
    day = bulk.converters(NotificationDigest.__table__, ["day"], connection.dialect)[0]
    attached = 0
    for start in range(0, len(people), _ROWS_PER_INSERT):
        chunk = people[start:start + _ROWS_PER_INSERT]
        # `notifications.awaiting_digest` as written is the partial index's own condition,
        # so that SQLite uses it; the range lets it read only the window's part.
        attached += connection.exec_driver_sql(
            "UPDATE notifications SET awaiting_digest = {m}, digest_id = ("
            "SELECT d.id FROM notification_digests d WHERE d.person_id = notifications.person_id AND d.day = {m}) "
            "WHERE notifications.awaiting_digest AND notifications.person_id BETWEEN {m} AND {m} "
            "AND notifications.person_id IN ({people})".format(m=mark, people=", ".join([mark] * len(chunk))),
            (flag(False), day(today), low, high, *chunk)).rowcount
    return attached


def write_digests(due: list[tuple[int, str]], today: date, now: datetime, low: int, high: int) -> tuple[int, int]:
    """Steps 1-3 for one window's due people (flushes; the caller commits). (digests, items).

    Through the database driver (lms.notifications.bulk): a whole civil service gets a
    digest on the heaviest day."""
    if not due:
        return 0, 0
    connection = db.session.connection()
    written = _new_digests(connection, due, today, now)
    if not written:
        return 0, 0
    items = _attach(connection, sorted(person_id for _digest_id, person_id in written), today, low, high)
    outbox = OutboxMessage.__table__
    status, attempts, due_at, error, stamp = bulk.converters(outbox, _OUTBOX_COLUMNS[1:], connection.dialect)
    fixed = (status("pending"), attempts(0), due_at(now), error(""), stamp(now))
    connection.exec_driver_sql(bulk.insert_sql(outbox, _OUTBOX_COLUMNS, connection.dialect),
                               [(digest_id, *fixed) for digest_id, _person in written])
    return len(written), items


def run_digests(ctx: RunContext, last_run: datetime | None = None) -> DigestReport:
    """Make the digests due now, committing each window of people (see the module's doc).

    `last_run`: when the last successful run started (weekly choosers catch up after a stop).
    """
    report = DigestReport()
    weekly = weekly_due(ctx.today, last_run)
    for low, high in _windows():
        due = due_among(_people_waiting(low, high), ctx.today, weekly)
        if due:
            digests, items = write_digests(due, ctx.today, ctx.now, low, high)
            report.digests += digests
            report.items += items
        db.session.commit()
    return report


def waiting_items(person_ids: list[int]) -> dict[int, list[Notification]]:
    """The reminders waiting for these people's digests (a dry run lists them)."""
    found: dict[int, list[Notification]] = {}
    for start in range(0, len(person_ids), 1000):
        chunk = person_ids[start:start + 1000]
        for notification in db.session.scalars(
                select(Notification).where(*AWAITING, Notification.person_id.in_(chunk)).order_by(Notification.id)):
            found.setdefault(notification.person_id, []).append(notification)
    return found
