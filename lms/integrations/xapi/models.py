"""The xAPI tables: the outbox of statements to send, the statements received (recorded or
refused, each once by its id) and the fetch watermark of each LRS read from."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...core.models import UTCDateTime, utcnow
from ...extensions import db

OUTBOX_STATES = ("pending", "sending", "sent", "failed")
RECEIVED_OUTCOMES = ("recorded", "refused")


class XapiStatement(db.Model):
    """A statement to send, written in the transaction of what it tells. `statement_id` is a
    UUID5 of the site and the source ("record:12"), so queuing or posting it again never makes a
    second statement. pending → sending (claimed) → sent; failed only when the LRS refuses it for
    good (a different statement under the same id, or one it cannot accept)."""

    __tablename__ = "xapi_statements"
    __table_args__ = (
        CheckConstraint(f"status IN {OUTBOX_STATES}", name="status"),
        Index("ix_xapi_statements_status_next_attempt_at", "status", "next_attempt_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[str] = mapped_column(String(36), unique=True)
    source: Mapped[str] = mapped_column(String(80))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    statement: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")


class XapiReceivedStatement(db.Model):
    """A statement fetched from an LRS, once by its id: recorded (the pending log entry it made)
    or refused (why: an unknown person, an unmapped verb, an entry the log's rules refuse)."""

    __tablename__ = "xapi_received_statements"
    __table_args__ = (
        CheckConstraint(f"outcome IN {RECEIVED_OUTCOMES}", name="outcome"),
        Index("ix_xapi_received_statements_outcome_received_at", "outcome", "received_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[str] = mapped_column(String(64), unique=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    outcome: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(30), default="")  # a code; the page says it in words
    detail: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(300), default="")  # the mbox or account, as sent
    verb_id: Mapped[str] = mapped_column(String(300), default="")
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    record_id: Mapped[int | None] = mapped_column(ForeignKey("learning_records.id", ondelete="SET NULL"),
                                                  index=True)
    statement: Mapped[dict] = mapped_column(JSON, default=dict)

    person = relationship("Person")


class XapiFetchWatermark(db.Model):
    """How far fetching from one LRS got: the latest statement time read and the ids read at
    exactly that time (the next fetch starts there; those ids are skipped)."""

    __tablename__ = "xapi_fetch_watermarks"
    id: Mapped[int] = mapped_column(primary_key=True)
    lrs_url: Mapped[str] = mapped_column(String(500), unique=True)
    last_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ids_at_last: Mapped[list] = mapped_column(JSON, default=list)
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
