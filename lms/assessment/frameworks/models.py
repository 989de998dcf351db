"""Framework versions: which skill sets are in force from a date, their proficiency levels and
the level each target group needs in each phase.

A skill set (reference.models.SkillSet) is a stable row that records, courses and plans point
at; a version lists the sets in it as editions (the names, description, dimension and
foundation flag of that version). A set with no edition in a version is retired from it;
renaming it in a new version keeps the row, so what was tagged with it keeps its tag. The
version in force on a date is the newest whose `effective_on` is not after that date, as with
policy versions.
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...core.models import BilingualName, UTCDateTime, utcnow
from ...extensions import db
from ...reference.models import Phase, SkillDimension, SkillSet, TargetGroup


class SkillFramework(BilingualName, db.Model):
    """One version of the skills framework (e.g. the Commission's 2566–2570 framework)."""

    __tablename__ = "skill_frameworks"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_label: Mapped[str] = mapped_column(String(60), unique=True)
    effective_on: Mapped[date] = mapped_column(unique=True)
    name_th: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300), default="")
    # The CASE CFDocument identifier (a UUID): the same framework exports to the same document.
    identifier: Mapped[str] = mapped_column(String(36), unique=True)
    # CASE's author of the document (the Commission for its frameworks), kept for the export.
    creator: Mapped[str] = mapped_column(String(300), default="Thaksa")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    editions: Mapped[list["SkillSetEdition"]] = relationship(
        back_populates="framework", order_by="SkillSetEdition.position", cascade="all, delete-orphan")
    required_levels: Mapped[list["RequiredLevel"]] = relationship(
        back_populates="framework", cascade="all, delete-orphan")


class SkillSetEdition(BilingualName, db.Model):
    """A skill set as one framework version has it."""

    __tablename__ = "skill_set_editions"
    __table_args__ = (UniqueConstraint("framework_id", "skill_set_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("skill_frameworks.id", ondelete="CASCADE"))
    skill_set_id: Mapped[int] = mapped_column(ForeignKey("skill_sets.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    dimension_id: Mapped[int | None] = mapped_column(ForeignKey("skill_dimensions.id"))
    name_th: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300), default="")
    description_th: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    is_foundation: Mapped[bool] = mapped_column(default=False)

    framework: Mapped[SkillFramework] = relationship(back_populates="editions")
    skill_set: Mapped[SkillSet] = relationship()
    dimension: Mapped[SkillDimension | None] = relationship()
    levels: Mapped[list["ProficiencyLevel"]] = relationship(
        back_populates="edition", order_by="ProficiencyLevel.number", cascade="all, delete-orphan")


class ProficiencyLevel(BilingualName, db.Model):
    """A level of a skill set in one version (1 = lowest) and the behaviours that show it."""

    __tablename__ = "proficiency_levels"
    __table_args__ = (UniqueConstraint("edition_id", "number"),
                      CheckConstraint("number >= 1", name="number_positive"))
    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("skill_set_editions.id", ondelete="CASCADE"))
    number: Mapped[int]
    name_th: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300), default="")
    descriptor_th: Mapped[str] = mapped_column(Text, default="")
    descriptor_en: Mapped[str] = mapped_column(Text, default="")

    edition: Mapped[SkillSetEdition] = relationship(back_populates="levels")


class RequiredLevel(db.Model):
    """The level a target group needs in a skill set in a phase, in one version (§4.7.2)."""

    __tablename__ = "required_levels"
    __table_args__ = (UniqueConstraint("framework_id", "target_group_id", "phase_id", "skill_set_id"),
                      CheckConstraint("level >= 1", name="level_positive"))
    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("skill_frameworks.id", ondelete="CASCADE"))
    target_group_id: Mapped[int] = mapped_column(ForeignKey("target_groups.id"))
    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id"))
    skill_set_id: Mapped[int] = mapped_column(ForeignKey("skill_sets.id"))
    level: Mapped[int]

    framework: Mapped[SkillFramework] = relationship(back_populates="required_levels")
    target_group: Mapped[TargetGroup] = relationship()
    phase: Mapped[Phase] = relationship()
    skill_set: Mapped[SkillSet] = relationship()
