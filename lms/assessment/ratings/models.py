"""Tables of lms.assessment.ratings: a person's yearly self-assessment with the supervisor's
confirmed levels, and external results (a TPQI certificate, a vendor certification) with their
evidence files."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...core.models import UTCDateTime, utcnow
from ...extensions import db

ASSESSMENT_STATES = ("draft", "submitted", "confirmed")
RESULT_STATES = ("pending", "verified", "returned")


class SkillAssessment(db.Model):
    """A person's assessment of their skill sets for one fiscal year (Buddhist Era), against the
    framework version in force when it was started; confirmed once by the supervisor."""

    __tablename__ = "skill_assessments"
    __table_args__ = (
        UniqueConstraint("person_id", "fiscal_year"),
        CheckConstraint(f"state IN {ASSESSMENT_STATES}", name="state"),
        Index("ix_skill_assessments_state", "state"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    fiscal_year: Mapped[int]
    framework_id: Mapped[int] = mapped_column(ForeignKey("skill_frameworks.id"))
    state: Mapped[str] = mapped_column(String(20), default="draft")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person = relationship("Person", foreign_keys=[person_id])
    confirmed_by = relationship("Person", foreign_keys=[confirmed_by_id])
    framework = relationship("SkillFramework")
    ratings: Mapped[list["SkillRating"]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="SkillRating.id")

    @property
    def audit_label(self) -> str:
        return f"{self.fiscal_year}"

    @property
    def audit_organisation_id(self) -> int | None:
        return self.person.organisation_id if self.person else None


class SkillRating(db.Model):
    """One skill set of an assessment: the level the person gives themself (0 = not yet level 1)
    and the level the supervisor confirms; the confirmed one is the assessed level."""

    __tablename__ = "skill_ratings"
    __table_args__ = (
        UniqueConstraint("assessment_id", "skill_set_id"),
        CheckConstraint("self_level >= 0", name="self_level_not_negative"),
        CheckConstraint("supervisor_level IS NULL OR supervisor_level >= 0", name="supervisor_level_not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("skill_assessments.id", ondelete="CASCADE"))
    skill_set_id: Mapped[int] = mapped_column(ForeignKey("skill_sets.id"))
    self_level: Mapped[int]
    self_comment: Mapped[str] = mapped_column(Text, default="")
    supervisor_level: Mapped[int | None]
    supervisor_comment: Mapped[str] = mapped_column(Text, default="")

    assessment: Mapped[SkillAssessment] = relationship(back_populates="ratings")
    skill_set = relationship("SkillSet")


class ExternalResult(db.Model):
    """A result from outside Thaksa that attests a level of a skill set; it counts as an
    assessed level once the supervisor has verified it, until it expires."""

    __tablename__ = "external_results"
    __table_args__ = (
        CheckConstraint(f"status IN {RESULT_STATES}", name="status"),
        CheckConstraint("level >= 1", name="level_positive"),
        CheckConstraint("expires_on IS NULL OR expires_on >= issued_on", name="expires_after_issued"),
        Index("ix_external_results_person_status", "person_id", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    issuer: Mapped[str] = mapped_column(String(300))
    skill_set_id: Mapped[int] = mapped_column(ForeignKey("skill_sets.id"))
    level: Mapped[int]
    issued_on: Mapped[date]
    expires_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_comment: Mapped[str] = mapped_column(Text, default="")

    person = relationship("Person", foreign_keys=[person_id])
    reviewed_by = relationship("Person", foreign_keys=[reviewed_by_id])
    skill_set = relationship("SkillSet")
    files: Mapped[list["ExternalResultFile"]] = relationship(
        back_populates="result", order_by="ExternalResultFile.id", passive_deletes=True)

    @property
    def audit_label(self) -> str:
        return self.title

    @property
    def audit_organisation_id(self) -> int | None:
        return self.person.organisation_id if self.person else None


class ExternalResultFile(db.Model):
    """An evidence file of an external result, stored with lms.core.uploads."""

    __tablename__ = "external_result_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("external_results.id", ondelete="CASCADE"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(120))
    size_bytes: Mapped[int]
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    result: Mapped[ExternalResult] = relationship(back_populates="files")
