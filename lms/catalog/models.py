"""Courses and their versions: what an institute teaches, and exactly what each learner took."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import UTCDateTime, utcnow
from ..extensions import db
from ..reference.models import LearningMethod, Phase, SessionMethod, SkillSet, TargetGroup
from .coursefile_types import COURSE_FORMATS

# draft: being edited; published: the version learners see; superseded: an earlier
# published version, kept so those who took it still see what they took.
VERSION_STATES = ("draft", "published", "superseded")


def _link_table(name, column, target):
    return db.Table(
        name,
        db.Column("course_version_id", ForeignKey("course_versions.id", ondelete="CASCADE"),
                  primary_key=True),
        db.Column(column, ForeignKey(f"{target}.id", ondelete="CASCADE"), primary_key=True),
    )


version_skill_sets = _link_table("course_version_skill_sets", "skill_set_id", "skill_sets")
version_target_groups = _link_table("course_version_target_groups", "target_group_id", "target_groups")
version_phases = _link_table("course_version_phases", "phase_id", "phases")


class Course(db.Model):
    """A course of an institute; its content lives in versions."""

    __tablename__ = "courses"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    institute_id: Mapped[int] = mapped_column(ForeignKey("institutes.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    institute = relationship("Institute")
    versions: Mapped[list["CourseVersion"]] = relationship(
        back_populates="course", order_by="CourseVersion.number",
        foreign_keys="CourseVersion.course_id", cascade="all, delete-orphan",
    )

    def version_in(self, state: str) -> "CourseVersion | None":
        return next((v for v in self.versions if v.status == state), None)

    @property
    def published(self) -> "CourseVersion | None":
        return self.version_in("published")

    @property
    def draft(self) -> "CourseVersion | None":
        return self.version_in("draft")

    @property
    def latest(self) -> "CourseVersion":
        return self.versions[-1]


class CourseVersion(db.Model):
    __tablename__ = "course_versions"
    __table_args__ = (
        UniqueConstraint("course_id", "number"),
        CheckConstraint(f"status IN {VERSION_STATES}", name="status"),
        CheckConstraint(f"format IN {COURSE_FORMATS}", name="format"),
        CheckConstraint("credit_hours > 0", name="credit_hours_positive"),
        Index("ix_course_versions_status", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default="draft")
    title_th: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    summary_th: Mapped[str] = mapped_column(Text, default="")
    summary_en: Mapped[str] = mapped_column(Text, default="")
    description_md: Mapped[str] = mapped_column(Text, default="")  # the course file's body
    content_md: Mapped[str] = mapped_column(Text, default="")  # what a self-paced learner reads
    format: Mapped[str] = mapped_column(String(20))
    credit_hours: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    credit_method_id: Mapped[int] = mapped_column(ForeignKey("learning_methods.id"))
    # Why the credit differs from the session plan's total (see lms/catalog/credit.py).
    credit_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))

    course: Mapped[Course] = relationship(back_populates="versions", foreign_keys=[course_id])
    credit_method: Mapped[LearningMethod] = relationship()
    skill_sets: Mapped[list[SkillSet]] = relationship(secondary=version_skill_sets,
                                                      order_by="SkillSet.position")
    target_groups: Mapped[list[TargetGroup]] = relationship(secondary=version_target_groups,
                                                            order_by="TargetGroup.position")
    phases: Mapped[list[Phase]] = relationship(secondary=version_phases, order_by="Phase.position")
    sessions: Mapped[list["CourseSession"]] = relationship(
        back_populates="version", order_by="CourseSession.position", cascade="all, delete-orphan"
    )

    @property
    def title(self) -> str:
        from ..core.i18n import current_language

        return self.title_en if current_language() == "en" and self.title_en else self.title_th

    @property
    def summary(self) -> str:
        from ..core.i18n import current_language

        return self.summary_en if current_language() == "en" and self.summary_en else self.summary_th

    @property
    def has_sessions(self) -> bool:
        return self.format in ("classroom", "blended")


class CourseSession(db.Model):
    """One item of a classroom session plan: R1 weighs lecture against the others."""

    __tablename__ = "course_sessions"
    __table_args__ = (CheckConstraint("minutes > 0 AND minutes <= 720", name="minutes_range"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("course_versions.id", ondelete="CASCADE"),
                                            index=True)
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    session_method_id: Mapped[int] = mapped_column(ForeignKey("session_methods.id"))
    minutes: Mapped[int]

    version: Mapped[CourseVersion] = relationship(back_populates="sessions")
    method: Mapped[SessionMethod] = relationship()
