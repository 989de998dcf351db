"""Development plans and their decisions, coaching sessions, and what the learning log adds to
a learning record (lms.records): its reviews and evidence files."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..core.models import UTCDateTime, utcnow
from ..extensions import db


class RecordReview(db.Model):
    """Every verification or return of a learning record, with who, when and why."""

    __tablename__ = "record_reviews"
    __table_args__ = (CheckConstraint("decision IN ('verified', 'returned', 'resubmitted')",
                                      name="decision"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("learning_records.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    decision: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The supervisor an acting supervisor decided for (accounts.models.Delegation).
    on_behalf_of_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))

    actor = relationship("Person", foreign_keys=[actor_id])
    on_behalf_of = relationship("Person", foreign_keys=[on_behalf_of_id])


class EvidenceFile(db.Model):
    """A file attached to a log entry, stored under instance/uploads with a generated name."""

    __tablename__ = "evidence_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("learning_records.id", ondelete="CASCADE"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(120))
    size_bytes: Mapped[int]
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # The database deletes evidence rows with their record (ON DELETE CASCADE).
    record = relationship("LearningRecord", backref=backref("evidence", passive_deletes=True))


PLAN_STATES = ("draft", "submitted", "agreed", "returned")
HORIZONS = ("current", "future")


class DevelopmentPlan(db.Model):
    """A person's individual development plan (IDP) for one fiscal year (Buddhist Era)."""

    __tablename__ = "development_plans"
    __table_args__ = (UniqueConstraint("person_id", "fiscal_year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    fiscal_year: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    person = relationship("Person")
    revisions: Mapped[list["PlanRevision"]] = relationship(
        back_populates="plan", order_by="PlanRevision.number", cascade="all, delete-orphan"
    )

    @property
    def current(self) -> "PlanRevision":
        """The newest revision: the one being drafted, decided, or in force."""
        return self.revisions[-1]

    @property
    def agreed(self) -> "PlanRevision | None":
        """The newest agreed revision: what is in force while a new one is drafted."""
        return next((r for r in reversed(self.revisions) if r.status == "agreed"), None)


plan_target_groups = db.Table(
    "plan_revision_target_groups",
    db.Column("revision_id", ForeignKey("plan_revisions.id", ondelete="CASCADE"), primary_key=True),
    db.Column("target_group_id", ForeignKey("target_groups.id", ondelete="CASCADE"), primary_key=True),
)


class PlanRevision(db.Model):
    """One version of a plan; an agreed revision is never changed, a new one is made."""

    __tablename__ = "plan_revisions"
    __table_args__ = (
        UniqueConstraint("plan_id", "number"),
        CheckConstraint(f"status IN {PLAN_STATES}", name="status"),
        Index("ix_plan_revisions_status", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("development_plans.id", ondelete="CASCADE"))
    number: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default="draft")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    plan: Mapped[DevelopmentPlan] = relationship(back_populates="revisions")
    target_groups = relationship("TargetGroup", secondary=plan_target_groups, order_by="TargetGroup.position")
    items: Mapped[list["PlanItem"]] = relationship(
        back_populates="revision", order_by="PlanItem.id", cascade="all, delete-orphan"
    )
    decisions: Mapped[list["PlanDecision"]] = relationship(
        back_populates="revision", order_by="PlanDecision.created_at", cascade="all, delete-orphan"
    )


class PlanItem(db.Model):
    __tablename__ = "plan_items"
    __table_args__ = (
        CheckConstraint(f"horizon IN {HORIZONS}", name="horizon"),
        CheckConstraint("planned_hours > 0", name="planned_hours_positive"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("plan_revisions.id", ondelete="CASCADE"), index=True)
    skill_set_id: Mapped[int] = mapped_column(ForeignKey("skill_sets.id"))
    learning_method_id: Mapped[int] = mapped_column(ForeignKey("learning_methods.id"))
    planned_hours: Mapped[Decimal] = mapped_column(Numeric(7, 2))
    horizon: Mapped[str] = mapped_column(String(10))
    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")

    revision: Mapped[PlanRevision] = relationship(back_populates="items")
    skill_set = relationship("SkillSet")
    method = relationship("LearningMethod")
    course = relationship("Course")


# submitted / resubmitted by the learner; agreed / returned by the immediate supervisor;
# second_level_agreed / second_level_returned by the next-level supervisor (R5).
PLAN_DECISIONS = ("submitted", "agreed", "returned", "second_level_agreed", "second_level_returned")


class PlanDecision(db.Model):
    """Who did what to a revision, and when: the plan's history."""

    __tablename__ = "plan_decisions"
    __table_args__ = (CheckConstraint(f"kind IN {PLAN_DECISIONS}", name="kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("plan_revisions.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(30))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    on_behalf_of_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))

    revision: Mapped[PlanRevision] = relationship(back_populates="decisions")
    actor = relationship("Person", foreign_keys=[actor_id])
    on_behalf_of = relationship("Person", foreign_keys=[on_behalf_of_id])


class CoachingSession(db.Model):
    """A supervisor's coaching of one or more reports; counts as `coaching` for each."""

    __tablename__ = "coaching_sessions"
    __table_args__ = (CheckConstraint("minutes > 0 AND minutes <= 720", name="minutes_range"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    occurred_on: Mapped[date]
    minutes: Mapped[int]
    topic: Mapped[str] = mapped_column(String(300))
    notes_md: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    on_behalf_of_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))

    coach = relationship("Person", foreign_keys=[coach_id])
    on_behalf_of = relationship("Person", foreign_keys=[on_behalf_of_id])
    attendees: Mapped[list["CoachingAttendee"]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )
    skill_sets = relationship("SkillSet", secondary="coaching_session_skill_sets",
                              order_by="SkillSet.position")


coaching_skill_sets = db.Table(
    "coaching_session_skill_sets",
    db.Column("session_id", ForeignKey("coaching_sessions.id", ondelete="CASCADE"), primary_key=True),
    db.Column("skill_set_id", ForeignKey("skill_sets.id", ondelete="CASCADE"), primary_key=True),
)


class CoachingAttendee(db.Model):
    __tablename__ = "coaching_attendees"
    __table_args__ = (UniqueConstraint("session_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("coaching_sessions.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    record_id: Mapped[int | None] = mapped_column(ForeignKey("learning_records.id", ondelete="SET NULL"))

    session: Mapped[CoachingSession] = relationship(back_populates="attendees")
    person = relationship("Person")
    record = relationship("LearningRecord")
