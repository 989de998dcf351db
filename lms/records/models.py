"""Learning records: what a person learned, whichever module wrote it (a class, a
self-paced course, the learning log, coaching, an import); the 70:20:10 sums read them."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import UTCDateTime, utcnow
from ..extensions import db

# Where a record came from. Institute completions count without verification.
RECORD_SOURCES = ("class", "self-paced", "log", "coaching", "import")
# Completed courses credit their hours as a whole, not as one day's learning.
COURSE_SOURCES = ("class", "self-paced")
# pending: waits for the supervisor; verified: counts; returned: sent back with a comment.
RECORD_STATES = ("pending", "verified", "returned")

record_skill_sets = db.Table(
    "learning_record_skill_sets",
    db.Column("record_id", ForeignKey("learning_records.id", ondelete="CASCADE"), primary_key=True),
    db.Column("skill_set_id", ForeignKey("skill_sets.id", ondelete="CASCADE"), primary_key=True),
)


class LearningRecord(db.Model):
    """Hours of learning by one person on one day, by one method.

    `source` + `source_key` identify what produced it (a class enrolment, a self-paced
    course version, a log entry, an imported row), unique per person, so recording the
    same completion twice never counts twice.
    """

    __tablename__ = "learning_records"
    __table_args__ = (
        UniqueConstraint("person_id", "source", "source_key"),
        CheckConstraint(f"source IN {RECORD_SOURCES}", name="source"),
        CheckConstraint(f"status IN {RECORD_STATES}", name="status"),
        CheckConstraint("hours >= 0 AND (hours <= 24 OR source IN ('class', 'self-paced'))",
                        name="hours_range"),
        Index("ix_learning_records_person_day", "person_id", "occurred_on"),
        # A person's pending entries (verification queues); not status alone, which
        # SQLite without statistics would pick to read every pending row on the site.
        Index("ix_learning_records_person_status", "person_id", "status"),
        Index("ix_learning_records_source_key", "source", "source_key"),  # imports by external id
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    learning_method_id: Mapped[int] = mapped_column(ForeignKey("learning_methods.id"))
    occurred_on: Mapped[date]
    hours: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    title: Mapped[str] = mapped_column(String(300))
    notes_md: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(20))
    source_key: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    course_version_id: Mapped[int | None] = mapped_column(ForeignKey("course_versions.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))

    person = relationship("Person", foreign_keys=[person_id])
    reviewed_by = relationship("Person", foreign_keys=[reviewed_by_id])
    method = relationship("LearningMethod")
    course_version = relationship("CourseVersion")
    skill_sets = relationship("SkillSet", secondary=record_skill_sets, order_by="SkillSet.position")


# Sums of learning records kept in step with them by database triggers (migration 0015), in
# the same transaction as the change, whichever module or driver wrote it: agency reports
# read these instead of millions of records. `skill_set_key` 0 holds every record of the
# person's year and method, whatever its skill sets; a skill set's id holds the records
# tagged with it (a record with two skill sets counts under each). Hours by status: what
# counts depends on the site's setting (development.mix.counted_statuses).
ALL_SKILL_SETS = 0


class PersonYearHours(db.Model):
    """One person's hours in one fiscal year (B.E.) by learning method and skill set."""

    __tablename__ = "person_year_hours"
    __table_args__ = {"sqlite_with_rowid": False}  # read by key, person first (migration 0015)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(primary_key=True)
    learning_method_id: Mapped[int] = mapped_column(primary_key=True)
    skill_set_key: Mapped[int] = mapped_column(primary_key=True)
    verified_hours: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0.00"))
    pending_hours: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0.00"))
    records: Mapped[int] = mapped_column(default=0)  # how many records, whatever their status


class PersonMonthHours(db.Model):
    """One person's hours in one calendar month (1–12) of a fiscal year (B.E.), every method
    and skill set together: the report's month-by-month trend."""

    __tablename__ = "person_month_hours"
    __table_args__ = {"sqlite_with_rowid": False}
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[int] = mapped_column(primary_key=True)
    verified_hours: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0.00"))
    pending_hours: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0.00"))


class PersonYearTotals(db.Model):
    """One person's fiscal year in one row: the counted hours of each bucket (every skill set)
    and how many foundation skill sets have hours, from their PersonYearHours rows (migration
    0015's triggers recompute it with them). What the report's coverage reads per person.

    The trend's months are here too (month_1_verified … month_12_pending, the person's
    PersonMonthHours rows pivoted).

    Bucket and foundation sets as they were when the rows last changed: after an admin changes
    a method's bucket or the foundation sets, `lms records rebuild-sums` brings them up to date."""

    __tablename__ = "person_year_totals"
    __table_args__ = {"sqlite_with_rowid": False}
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(primary_key=True)
    experiential_verified: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0.00"))
    experiential_pending: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0.00"))
    social_verified: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0.00"))
    social_pending: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0.00"))
    formal_verified: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0.00"))
    formal_pending: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0.00"))
    foundation_verified: Mapped[int] = mapped_column(default=0)  # foundation sets with verified hours
    foundation_counted: Mapped[int] = mapped_column(default=0)  # … with verified or pending hours
    # The month rows (PersonMonthHours) pivoted, month_1_verified … month_12_pending: the
    # report's trend reads one row per person.
    for _month in range(1, 13):
        for _side in ("verified", "pending"):
            locals()[f"month_{_month}_{_side}"] = mapped_column(Numeric(12, 2), nullable=False, default=Decimal("0.00"))
    del _month, _side
