"""Classes (รุ่น) of a published course version, their meetings, enrolment and attendance."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import UTCDateTime, utcnow
from ..extensions import db

# enrolled: has a seat; waitlisted: waits for one, in order of joining; withdrawn: left;
# completed: the institute recorded completion (the learning record exists); removed: taken
# off by the institute's staff; no_show: had a seat but never came (marked by staff once the
# class began).
ENROLMENT_STATES = ("enrolled", "waitlisted", "withdrawn", "completed", "removed", "no_show")
SEATED_STATES = ("enrolled", "completed")
# Ended by the institute, not the learner: the learner cannot enrol again by themselves.
ENDED_BY_STAFF = ("removed", "no_show")

class_target_groups = db.Table(
    "course_class_target_groups",
    db.Column("class_id", ForeignKey("course_classes.id", ondelete="CASCADE"), primary_key=True),
    db.Column("target_group_id", ForeignKey("target_groups.id", ondelete="CASCADE"), primary_key=True),
)
class_organisations = db.Table(
    "course_class_organisations",
    db.Column("class_id", ForeignKey("course_classes.id", ondelete="CASCADE"), primary_key=True),
    db.Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
)


class CourseClass(db.Model):
    """A scheduled run of one published course version, with its seats and window."""

    __tablename__ = "course_classes"
    __table_args__ = (
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("enrol_closes_on >= enrol_opens_on", name="window_order"),
        CheckConstraint("cost_baht IS NULL OR cost_baht >= 0", name="cost_not_negative"),
        Index("ix_course_classes_window", "enrol_opens_on", "enrol_closes_on"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    course_version_id: Mapped[int] = mapped_column(ForeignKey("course_versions.id"), index=True)
    institute_id: Mapped[int] = mapped_column(ForeignKey("institutes.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))  # e.g. "รุ่นที่ 1/2570"
    place: Mapped[str] = mapped_column(String(300), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    capacity: Mapped[int]
    enrol_opens_on: Mapped[date]
    enrol_closes_on: Mapped[date]
    is_cancelled: Mapped[bool] = mapped_column(default=False)
    # What running the class cost (§4.9.3), for the agency's budget report; empty: not known.
    cost_baht: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    version = relationship("CourseVersion")
    institute = relationship("Institute")
    meetings: Mapped[list["ClassMeeting"]] = relationship(
        back_populates="course_class", order_by="ClassMeeting.starts_at", cascade="all, delete-orphan"
    )
    target_groups = relationship("TargetGroup", secondary=class_target_groups,
                                 order_by="TargetGroup.position")
    organisations = relationship("Organisation", secondary=class_organisations)


class ClassMeeting(db.Model):
    """When and where one session of the class takes place."""

    __tablename__ = "class_meetings"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("course_classes.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)

    course_class: Mapped[CourseClass] = relationship(back_populates="meetings")


class Enrolment(db.Model):
    __tablename__ = "enrolments"
    __table_args__ = (
        UniqueConstraint("class_id", "person_id"),
        CheckConstraint(f"status IN {ENROLMENT_STATES}", name="status"),
        Index("ix_enrolments_class_status", "class_id", "status"),
        Index("ix_enrolments_person_status", "person_id", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("course_classes.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # waiting-list order
    seated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))

    course_class: Mapped[CourseClass] = relationship()
    person = relationship("Person", foreign_keys=[person_id])


class Attendance(db.Model):
    __tablename__ = "attendances"
    __table_args__ = (UniqueConstraint("meeting_id", "enrolment_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("class_meetings.id", ondelete="CASCADE"), index=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"), index=True)
    present: Mapped[bool]
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
