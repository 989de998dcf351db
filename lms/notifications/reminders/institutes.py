"""Reminders for training institutes' staff: seats unfilled before a class, attendance missing after a session."""

from collections import defaultdict
from collections.abc import Iterator
from datetime import timedelta

from sqlalchemy import exists, func, select

from ...accounts.models import Person
from ...catalog.models import CourseVersion
from ...classes.models import SEATED_STATES, Attendance, ClassMeeting, CourseClass, Enrolment
from ...extensions import db
from ..services import Reminder
from ..settings import setting
from .common import RunContext, iso

Batches = Iterator[list[Reminder]]


def _staff_of(institute_ids) -> dict[int, list[int]]:
    """{institute id: its active staff}: the people who run its classes."""
    staff = defaultdict(list)
    for person_id, institute_id in db.session.execute(
            select(Person.id, Person.institute_id)
            .where(Person.institute_id.in_(set(institute_ids)), Person.is_active.is_(True))):
        staff[institute_id].append(person_id)
    return staff


def _seated():
    return (select(func.count()).where(Enrolment.class_id == CourseClass.id, Enrolment.status.in_(SEATED_STATES))
            .correlate(CourseClass).scalar_subquery())


def seats_unfilled(ctx: RunContext) -> Batches:
    """A class whose first session starts within N days with seats still free, once, to each
    of its institute's staff."""
    first = (select(ClassMeeting.class_id, func.min(ClassMeeting.starts_at).label("starts_at"))
             .group_by(ClassMeeting.class_id).subquery())
    seated = _seated()
    classes = db.session.execute(
        select(CourseClass.id, CourseClass.name, CourseClass.institute_id, CourseClass.capacity, seated,
               first.c.starts_at, CourseVersion.title_th, CourseVersion.title_en)
        .join(first, first.c.class_id == CourseClass.id)
        .join(CourseVersion, CourseVersion.id == CourseClass.course_version_id)
        .where(CourseClass.is_cancelled.is_(False), first.c.starts_at > ctx.now,
               first.c.starts_at <= ctx.now + timedelta(days=setting("REMINDER_CLASS_START_DAYS")),
               seated < CourseClass.capacity)
    ).all()
    staff = _staff_of(row[2] for row in classes)
    yield [Reminder(person_id, f"class:{class_id}", "start", {
               "class_id": class_id, "class_name": name, "institute_id": institute_id, "course_th": th,
               "course_en": en, "capacity": capacity, "seated": taken, "starts_at": iso(starts_at)})
           for class_id, name, institute_id, capacity, taken, starts_at, th, en in classes
           for person_id in staff[institute_id]]


def attendance_missing(ctx: RunContext) -> Batches:
    """A session that ended a day ago (within the last two weeks) with learners seated and no
    attendance recorded, once, to each of its institute's staff."""
    grace = timedelta(hours=setting("REMINDER_ATTENDANCE_GRACE_HOURS"))
    lookback = timedelta(days=setting("REMINDER_ATTENDANCE_LOOKBACK_DAYS"))
    seated = _seated()
    meetings = db.session.execute(
        select(ClassMeeting.id, ClassMeeting.title, ClassMeeting.starts_at, CourseClass.id, CourseClass.name,
               CourseClass.institute_id, seated, CourseVersion.title_th, CourseVersion.title_en)
        .join(CourseClass, CourseClass.id == ClassMeeting.class_id)
        .join(CourseVersion, CourseVersion.id == CourseClass.course_version_id)
        .where(CourseClass.is_cancelled.is_(False), ClassMeeting.ends_at <= ctx.now - grace,
               ClassMeeting.ends_at >= ctx.now - lookback, seated > 0,
               ClassMeeting.starts_at >= ctx.now - lookback - timedelta(days=1),  # uses its index
               ~exists().where(Attendance.meeting_id == ClassMeeting.id))
    ).all()
    staff = _staff_of(row[5] for row in meetings)
    yield [Reminder(person_id, f"meeting:{meeting_id}", "attendance", {
               "class_id": class_id, "class_name": name, "institute_id": institute_id, "meeting_title": title,
               "starts_at": iso(starts_at), "seated": taken, "course_th": th, "course_en": en})
           for meeting_id, title, starts_at, class_id, name, institute_id, taken, th, en in meetings
           for person_id in staff[institute_id]]
