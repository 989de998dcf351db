"""The guideline's reference data: groups, phases, roles, skill sets, methods, policies."""

from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import BilingualName
from ..extensions import db

BUCKETS = ("experiential", "social", "formal")
SESSION_KINDS = ("lecture", "active")

group_skill_sets = db.Table(
    "group_skill_sets",
    db.Column("target_group_id", ForeignKey("target_groups.id", ondelete="CASCADE"), primary_key=True),
    db.Column("skill_set_id", ForeignKey("skill_sets.id", ondelete="CASCADE"), primary_key=True),
)


class TargetGroup(BilingualName, db.Model):
    __tablename__ = "target_groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    name_th: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    description_th: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    recommended_skill_sets: Mapped[list["SkillSet"]] = relationship(
        secondary=group_skill_sets, order_by="SkillSet.position"
    )


class EmploymentType(BilingualName, db.Model):
    """ข้าราชการพลเรือนสามัญ, พนักงานราชการ, ลูกจ้าง …: which people §4.4 puts in scope, and from
    which fiscal year (B.E.). A report of a year counts the people whose type is in scope then."""

    __tablename__ = "employment_types"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    name_th: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    in_scope_from_fiscal_year: Mapped[int]


class Phase(BilingualName, db.Model):
    __tablename__ = "phases"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    position: Mapped[int] = mapped_column(unique=True)
    name_th: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))


class ExpectedRole(BilingualName, db.Model):
    __tablename__ = "expected_roles"
    __table_args__ = (UniqueConstraint("target_group_id", "phase_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    target_group_id: Mapped[int] = mapped_column(ForeignKey("target_groups.id"))
    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id"))
    name_th: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    description_th: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    target_group: Mapped[TargetGroup] = relationship()
    phase: Mapped[Phase] = relationship()


class SkillDimension(BilingualName, db.Model):
    __tablename__ = "skill_dimensions"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    name_th: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))


class SkillSet(BilingualName, db.Model):
    __tablename__ = "skill_sets"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    dimension_id: Mapped[int] = mapped_column(ForeignKey("skill_dimensions.id"))
    name_th: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    is_foundation: Mapped[bool] = mapped_column(default=False)
    retired_on: Mapped[date | None]  # left out of the framework version in force (assessment.frameworks)
    dimension: Mapped[SkillDimension] = relationship()


class LearningMethod(BilingualName, db.Model):
    """A way of learning (§4.8.4) and the 70:20:10 bucket it counts toward."""

    __tablename__ = "learning_methods"
    __table_args__ = (CheckConstraint(f"bucket IN {BUCKETS}", name="bucket"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    name_th: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    bucket: Mapped[str] = mapped_column(String(20))


class SessionMethod(BilingualName, db.Model):
    """A classroom session method; R1 counts `lecture` against the active ones."""

    __tablename__ = "session_methods"
    __table_args__ = (CheckConstraint(f"kind IN {SESSION_KINDS}", name="kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    name_th: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))


class PolicyVersion(db.Model):
    """The guideline's ratios as data; a period is judged by the version in force at its start."""

    __tablename__ = "policy_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(40), unique=True)
    effective_on: Mapped[date] = mapped_column(unique=True)
    title_th: Mapped[str] = mapped_column(String(300), default="")
    title_en: Mapped[str] = mapped_column(String(300), default="")
    lecture_max_percent: Mapped[int]
    experiential_percent: Mapped[int]
    social_percent: Mapped[int]
    formal_percent: Mapped[int]
    mix_tolerance_points: Mapped[int]
    current_percent: Mapped[int]
    future_percent: Mapped[int]


class ReferenceVersion(db.Model):
    """One row whose token changes with every edit of the reference data: each process keeps
    that data in memory and reloads it when the token is not the one it loaded (lms.reference.cache)."""

    __tablename__ = "reference_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32))
