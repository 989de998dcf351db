"""Notifications: writing them (with their e-mail in the outbox, or waiting for the person's
digest), reading them, choosing channels and how often reminder e-mail comes.

Services flush, never commit: the view, job or command that owns the work commits, so a
notification and its outbox row are written in the caller's transaction and mail leaves
only after that commit (ARCHITECTURE.md rule 2).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ..core.models import utcnow
from ..extensions import db
from . import bulk
from .kinds import ACCOUNT, CENTRE_KINDS, CHANNELS, KINDS
from .models import CADENCES, DigestPreference, Notification, NotificationPreference, OutboxMessage

_UNSUBSCRIBE_SALT = "notifications.unsubscribe"
_KEY = ("person_id", "kind", "subject", "period")
# The unsubscribe token's "kind" for the digest e-mail: unsubscribing switches every kind
# it carries to in-app only.
DIGEST = "digest"
# Kinds whose e-mail waits for the person's digest (at most one e-mail a day). Account mail
# (password links, a paused account) and notices of events just happened go at once.
DIGESTED_KINDS = tuple(slug for slug, kind in KINDS.items()
                       if kind.in_centre and kind.family != ACCOUNT and not kind.immediate)


@dataclass(frozen=True)
class Reminder:
    """What a job wants one person told: the unique key's subject and period, and the facts."""

    person_id: int
    subject: str = ""
    period: str = ""
    payload: dict = field(default_factory=dict)
    # Delivered by e-mail even when the person switched the kind off (overdue approvals).
    urgent: bool = False


def upsert_statement(table):
    """An INSERT that can take ON CONFLICT clauses, for this database (PostgreSQL or SQLite)."""
    dialect = db.session.get_bind().dialect.name
    return (postgresql if dialect == "postgresql" else sqlite).insert(table)


def _insert_ignoring_duplicates(table):
    """INSERT … ON CONFLICT (person, kind, subject, period) DO NOTHING."""
    return upsert_statement(table).on_conflict_do_nothing(index_elements=list(_KEY))


def _chosen_channels(kind: str, person_ids: Iterable[int]) -> dict[int, str]:
    """The channels people chose for `kind` (few: most never choose), among these people.

    Asked by the ids' range when they are dense (a window of people: two parameters
    whatever the batch's size), else by the ids themselves, through the driver: a batch
    scattered over the site (one class's people, then the next's) has 5,000, and
    SQLAlchemy rendering an IN of 5,000 parameters cost twenty times the query. The
    caller looks its own people up, so people in the range but not in the batch do no harm."""
    ids = set(person_ids)
    if not ids:
        return {}
    low, high = min(ids), max(ids)
    person = NotificationPreference.person_id
    if high - low < 4 * len(ids):
        return dict(db.session.execute(
            select(person, NotificationPreference.channel)
            .where(NotificationPreference.kind == kind, person.between(low, high))).all())
    connection = db.session.connection()
    mark = bulk.mark(connection.dialect)
    return dict(connection.exec_driver_sql(
        f"SELECT person_id, channel FROM {NotificationPreference.__tablename__} "
        f"WHERE kind = {mark} AND person_id IN ({', '.join([mark] * len(ids))})", (kind, *sorted(ids))).all())


def channels_for(kind: str, person_ids: Iterable[int]) -> dict[int, str]:
    """Each person's channel for `kind`: their choice, else the kind's default (one query)."""
    ids = set(person_ids)
    chosen = _chosen_channels(kind, ids)
    default = KINDS[kind].default_channel
    return {person_id: chosen.get(person_id, default) for person_id in ids}


def delivery_channel(chosen: str, urgent: bool) -> str | None:
    """How a reminder goes given the person's choice: None when switched off, except that an
    urgent one (an overdue approval) still goes by e-mail."""
    if chosen == "off":
        return "email" if urgent else None
    return chosen


def record_reminders(kind: str, reminders: Sequence[Reminder], now: datetime | None = None) -> list[tuple[int, str]]:
    """Write the reminders not written before; those that go by e-mail wait for the person's
    digest (the digest job mails them), except kinds that go at once, which get their own
    outbox row.

    Set-based: one query for the channels, one INSERT … ON CONFLICT DO NOTHING for the
    notifications and, for kinds sent at once, one INSERT for their outbox rows, whatever
    the batch size. A reminder whose key exists (an earlier run, or another process at the
    same time) is skipped by the database. Returns (notification id, channel) of those
    written now.
    """
    if not reminders:
        return []
    now = now or utcnow()
    mail_only = not KINDS[kind].in_centre  # account security mail: e-mail, whatever was chosen
    channels = {} if mail_only else channels_for(kind, (r.person_id for r in reminders))
    digested = kind in DIGESTED_KINDS
    rows = []
    for reminder in reminders:
        channel = "email" if mail_only else delivery_channel(channels[reminder.person_id], reminder.urgent)
        if channel is None:
            continue
        rows.append({"person_id": reminder.person_id, "kind": kind, "subject": reminder.subject,
                     "period": reminder.period, "payload": reminder.payload, "channel": channel,
                     "awaiting_digest": digested and channel == "email", "created_at": now})
    if not rows:
        return []
    table = Notification.__table__
    written = db.session.execute(
        _insert_ignoring_duplicates(table).returning(table.c.id, table.c.channel), rows).all()
    if digested:
        return [(notification_id, channel) for notification_id, channel in written]
    mails = [{"notification_id": notification_id, "status": "pending", "attempts": 0,
              "next_attempt_at": now, "last_error": "", "created_at": now}
             for notification_id, channel in written if channel == "email"]
    if mails:
        db.session.execute(insert(OutboxMessage.__table__), mails)
    return [(notification_id, channel) for notification_id, channel in written]


_BATCH_COLUMNS = ("person_id", "kind", "subject", "period", "payload", "channel", "awaiting_digest", "created_at")


def record_reminder_batch(kind: str, reminders: Sequence[Reminder], now: datetime | None = None) -> tuple[int, int]:
    """Write a job's batch of reminders not written before: (written, of which by e-mail).

    What record_reminders does, for the many: kinds held for the digest need no outbox
    row and so no ids back, and their rows go straight to the database driver (one
    executemany per channel, counted by its rowcount) instead of through SQLAlchemy's
    per-row parameter processing. ON CONFLICT DO NOTHING on the notification's key keeps
    it exactly once, whoever wrote first. A payload shared by many reminders (one class,
    many people) is serialised once. Other kinds go through record_reminders.
    """
    if kind not in DIGESTED_KINDS:
        written = record_reminders(kind, reminders, now)
        return len(written), sum(1 for _id, channel in written if channel == "email")
    if not reminders:
        return 0, 0
    now = now or utcnow()
    connection = db.session.connection()
    table, dialect = Notification.__table__, connection.dialect
    sql = bulk.insert_sql(table, _BATCH_COLUMNS, dialect, ignoring=_KEY)
    _pid, _kind, _subject, _period, dump, _channel, flag, stamp = bulk.converters(table, _BATCH_COLUMNS, dialect)
    created_at, by_email, in_app = stamp(now), flag(True), flag(False)
    chosen = _chosen_channels(kind, (r.person_id for r in reminders))
    default = KINDS[kind].default_channel
    dumped: dict[int, object] = {}  # id(payload) → its JSON: the reminders keep the payloads alive
    rows: dict[str, list[tuple]] = {"email": [], "in_app": []}
    awaiting = {"email": by_email, "in_app": in_app}
    for reminder in reminders:
        channel = chosen.get(reminder.person_id, default) if chosen else default
        if channel == "off":  # delivery_channel, inline: this loop runs for millions
            if not reminder.urgent:
                continue
            channel = "email"
        payload = dumped.get(id(reminder.payload))
        if payload is None:
            payload = dumped[id(reminder.payload)] = dump(reminder.payload)
        rows[channel].append((reminder.person_id, kind, reminder.subject, reminder.period, payload, channel,
                              awaiting[channel], created_at))
    counts = {channel: connection.exec_driver_sql(sql, batch).rowcount if batch else 0
              for channel, batch in rows.items()}
    return counts["email"] + counts["in_app"], counts["email"]


def notify(person, kind: str, subject: str = "", period: str = "", payload: dict | None = None,
           urgent: bool = False) -> Notification | None:
    """Tell one person something now (from any module): the notification and, when it goes
    by e-mail, its outbox row, in the caller's transaction. None when the person switched
    the kind off or was told already under the same key."""
    written = record_reminders(kind, [Reminder(person.id, subject, period, payload or {}, urgent)])
    return db.session.get(Notification, written[0][0]) if written else None


def existing_keys(kind: str, person_ids: Iterable[int]) -> set[tuple[int, str, str]]:
    """(person, subject, period) already written for `kind` among these people: for dry runs."""
    ids = list(set(person_ids))
    if not ids:
        return set()
    rows = db.session.execute(
        select(Notification.person_id, Notification.subject, Notification.period)
        .where(Notification.kind == kind, Notification.person_id.in_(ids)))
    return {tuple(row) for row in rows}


# --- the notification centre -------------------------------------------------------------

# Built once: the header shows the count on every page.
_UNREAD_COUNT = select(func.count()).select_from(Notification).where(
    Notification.person_id == bindparam("person_id"), Notification.read_at.is_(None),
    Notification.kind.in_(CENTRE_KINDS))


def unread_count(person_id: int) -> int:
    """How many of the person's notifications are unread: one COUNT on an index."""
    return db.session.execute(_UNREAD_COUNT, {"person_id": person_id}).scalar()


def notifications_query(person):
    """The person's notifications of the kinds this version shows, newest first (for pagination)."""
    return (select(Notification).where(Notification.person_id == person.id, Notification.kind.in_(CENTRE_KINDS))
            .order_by(Notification.id.desc()))


def mark_read(notification: Notification, now: datetime | None = None) -> None:
    """Mark one notification read (kept read if it was already)."""
    if notification.read_at is None:
        notification.read_at = now or utcnow()
    db.session.flush()


def mark_all_read(person, now: datetime | None = None) -> int:
    """Mark every unread notification of the person read; returns how many."""
    result = db.session.execute(
        update(Notification).where(Notification.person_id == person.id, Notification.read_at.is_(None),
                                   Notification.kind.in_(CENTRE_KINDS))
        .values(read_at=now or utcnow()))
    return result.rowcount


# --- preferences and unsubscribing -------------------------------------------------------

def preferences_of(person) -> dict[str, str]:
    """The person's channel for every kind (their choice, else the default)."""
    chosen = dict(db.session.execute(
        select(NotificationPreference.kind, NotificationPreference.channel)
        .where(NotificationPreference.person_id == person.id)).all())
    return {slug: chosen.get(slug, kind.default_channel) for slug, kind in KINDS.items()}


def set_preference(person_id: int, kind: str, channel: str) -> None:
    """Choose how one kind reaches the person: 'email', 'in_app' or 'off'."""
    if kind not in CENTRE_KINDS or channel not in CHANNELS:
        raise ValueError(f"unknown kind or channel: {kind!r}, {channel!r}")
    row = db.session.get(NotificationPreference, (person_id, kind))
    if row is None:
        db.session.add(NotificationPreference(person_id=person_id, kind=kind, channel=channel,
                                              updated_at=utcnow()))
    elif row.channel != channel:
        row.channel, row.updated_at = channel, utcnow()
    db.session.flush()


def digest_cadence(person_id: int) -> str:
    """How often the person's reminder e-mails come: 'daily' (the default) or 'weekly'."""
    row = db.session.get(DigestPreference, person_id)
    return row.cadence if row else "daily"


def set_digest_cadence(person_id: int, cadence: str) -> None:
    """Choose one reminder e-mail a day ('daily') or a week ('weekly')."""
    if cadence not in CADENCES:
        raise ValueError(f"unknown cadence: {cadence!r}")
    row = db.session.get(DigestPreference, person_id)
    if row is None:
        db.session.add(DigestPreference(person_id=person_id, cadence=cadence, updated_at=utcnow()))
    elif row.cadence != cadence:
        row.cadence, row.updated_at = cadence, utcnow()
    db.session.flush()


def unsubscribe_from_digest(person_id: int) -> list[str]:
    """The digest's unsubscribe: every kind the digest carries that came by e-mail now comes
    in the app only (kinds switched off stay off). Returns the kinds changed."""
    chosen = dict(db.session.execute(
        select(NotificationPreference.kind, NotificationPreference.channel)
        .where(NotificationPreference.person_id == person_id)).all())
    changed = [slug for slug in DIGESTED_KINDS if chosen.get(slug, KINDS[slug].default_channel) == "email"]
    for slug in changed:
        set_preference(person_id, slug, "in_app")
    # What waits for the next digest is not mailed either: it stays in the centre.
    db.session.execute(update(Notification).where(Notification.person_id == person_id, Notification.awaiting_digest)
                       .values(channel="in_app", awaiting_digest=False).execution_options(synchronize_session=False))
    return changed


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=_UNSUBSCRIBE_SALT)


def unsubscribe_token(person_id: int, kind: str) -> str:
    """The signed token of an e-mail's one-click unsubscribe link (one person, one kind, or
    DIGEST for the digest e-mail).

    It does not expire: an old e-mail's link keeps working, and it can do nothing but
    switch that kind off for that person (the digest: its kinds to in-app only).
    """
    return _serializer().dumps([person_id, kind])


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(person id, kind) from a token, or None when it is forged, damaged or names no kind."""
    try:
        person_id, kind = _serializer().loads(token)
    except (BadSignature, TypeError, ValueError):
        return None
    if not isinstance(person_id, int) or (kind not in CENTRE_KINDS and kind != DIGEST):
        return None
    return person_id, kind
