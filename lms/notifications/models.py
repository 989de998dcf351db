"""Notifications, their e-mail outbox and daily digests, people's delivery choices, and the
reminder jobs' runs."""

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import UTCDateTime, utcnow
from ..extensions import db
from .kinds import CENTRE_KINDS

OUTBOX_STATES = ("pending", "sending", "sent", "failed", "cancelled")
CADENCES = ("daily", "weekly")
# Reminders by e-mail not yet put in a digest: what the digest job looks for (a partial index,
# so it holds only those, however many notifications there are).
AWAITING_DIGEST = "awaiting_digest"


class Notification(db.Model):
    """One reminder or message to one person; shown in their notification centre.

    (person, kind, subject, period) is unique: a job run twice, two jobs at once, or a run
    resumed after a crash never writes the same reminder twice. `payload` holds the facts
    the message is composed from, in the reader's language when it is shown or sent.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("person_id", "kind", "subject", "period"),
        CheckConstraint("channel IN ('email', 'in_app')", name="channel"),
        Index("ix_notifications_person_read", "person_id", "read_at"),
        Index("ix_notifications_awaiting_digest", "person_id",
              sqlite_where=text(AWAITING_DIGEST), postgresql_where=text(AWAITING_DIGEST)),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(60), default="")  # what it is about: "meeting:12"
    period: Mapped[str] = mapped_column(String(40), default="")  # when: "2026-11", "2026-W48"
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    channel: Mapped[str] = mapped_column(String(10))  # how it was delivered
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A reminder by e-mail waiting for the person's digest; the digest job sets digest_id, the
    # digest that carried it, and clears this.
    awaiting_digest: Mapped[bool] = mapped_column(default=False, server_default=false())
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("notification_digests.id", ondelete="SET NULL"),
                                                  index=True)  # the sender reads a digest's reminders

    person = relationship("Person")

    @property
    def in_centre(self) -> bool:
        """Whether the notification centre shows it (some kinds are only mailed)."""
        return self.kind in CENTRE_KINDS


class NotificationDigest(db.Model):
    """One e-mail combining a person's reminders: at most one per person per day.

    (person, day) is unique, so a digest job run twice the same day, or two at once, sends
    nothing more. `day` is the Bangkok day it was made for.
    """

    __tablename__ = "notification_digests"
    __table_args__ = (
        UniqueConstraint("person_id", "day"),
        CheckConstraint(f"cadence IN {CADENCES}", name="cadence"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    cadence: Mapped[str] = mapped_column(String(10), default="daily")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DigestPreference(db.Model):
    """How often a person's reminder e-mails come: 'daily' or 'weekly' (no row: daily)."""

    __tablename__ = "digest_preferences"
    __table_args__ = (CheckConstraint(f"cadence IN {CADENCES}", name="cadence"),)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    cadence: Mapped[str] = mapped_column(String(10))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OutboxMessage(db.Model):
    """An e-mail to send, written in the same transaction as what it carries: one
    notification sent at once (account mail, event notices) or one digest of reminders.

    The sender claims a row (status 'sending', claimed_by, claimed_at) before talking to the
    SMTP server and marks it 'sent' only once the server accepted it; failures wait
    `next_attempt_at` (exponential backoff).
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (
        CheckConstraint(f"status IN {OUTBOX_STATES}", name="status"),
        CheckConstraint("(notification_id IS NULL) <> (digest_id IS NULL)", name="one_source"),
        Index("ix_outbox_messages_status_due", "status", "next_attempt_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int | None] = mapped_column(
        ForeignKey("notifications.id", ondelete="CASCADE"), unique=True)
    digest_id: Mapped[int | None] = mapped_column(
        ForeignKey("notification_digests.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    notification: Mapped[Notification | None] = relationship()
    digest: Mapped[NotificationDigest | None] = relationship()


class NotificationPreference(db.Model):
    """A person's choice for one kind: 'email', 'in_app' or 'off' (no row: the kind's default)."""

    __tablename__ = "notification_preferences"
    __table_args__ = (CheckConstraint("channel IN ('email', 'in_app', 'off')", name="channel"),)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    channel: Mapped[str] = mapped_column(String(10))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReminderJobRun(db.Model):
    """The last run of each reminder job: what the scheduler catches up on after a stop."""

    __tablename__ = "reminder_job_runs"
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the last run that finished without error had started: runs due since are missed.
    last_succeeded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_status: Mapped[str] = mapped_column(String(10), default="")
    last_created: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
