"""Column helpers shared by every module's models, and the audit trail's table (every module
writes it, through lms.core.audit)."""

from datetime import UTC, datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from ..extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on SQLite too (which stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given for a UTC column")
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class BilingualName:
    """Mixin for rows with Thai and English names; `name` picks the current language."""

    def localized(self, field: str = "name") -> str:
        from flask_babel import get_locale

        locale = get_locale()
        lang = locale.language if locale else "th"
        value = getattr(self, f"{field}_{lang}", None)
        return value or getattr(self, f"{field}_th")

    @property
    def name(self) -> str:
        return self.localized("name")


class AuditEvent(db.Model):
    """One privileged or consequential change: who, when, from where, what, before → after.

    Append-only: written in the same transaction as the change (lms.core.audit), never
    edited or deleted by any route. `organisation_id` is the unit the change concerns, so an
    agency administrator sees the events of their subtree.
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_occurred", "occurred_at"),
        Index("ix_audit_events_kind_occurred", "kind", "occurred_at"),
        Index("ix_audit_events_object", "object_type", "object_id"),
        Index("ix_audit_events_actor_occurred", "actor_id", "occurred_at"),
        Index("ix_audit_events_organisation_occurred", "organisation_id", "occurred_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    # Who acted when no person did, or how: "cli", "scheduler", "import" …
    actor_label: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str] = mapped_column(String(64), default="")
    kind: Mapped[str] = mapped_column(String(60))  # "person.updated", "login.failed" …
    object_type: Mapped[str] = mapped_column(String(40), default="")
    object_id: Mapped[int | None] = mapped_column()
    object_label: Mapped[str] = mapped_column(String(300), default="")
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"))
    # {field: [before, after]} for updates; plain facts ({"rows": 120}) for other kinds.
    changes: Mapped[dict] = mapped_column(JSON, default=dict)

    actor = relationship("Person", foreign_keys=[actor_id])
    organisation = relationship("Organisation")
