"""Classes open for enrolment today: what the catalogue shows beside a course, and its
"open now" filter."""

from datetime import date

from sqlalchemy import ColumnElement, and_, exists, select
from sqlalchemy.orm import aliased, selectinload

from ..catalog.models import Course, CourseVersion
from ..extensions import db
from .models import CourseClass


def open_for_enrolment(today: date) -> ColumnElement[bool]:
    """A condition on CourseClass: not cancelled and its enrolment window contains `today`."""
    return and_(CourseClass.is_cancelled.is_(False), CourseClass.enrol_opens_on <= today,
                CourseClass.enrol_closes_on >= today)


def course_has_open_class(today: date) -> ColumnElement[bool]:
    """A condition on CourseVersion: its course has a class open for enrolment `today`."""
    # A class of any version of the course counts: a class scheduled before a new
    # version was published still runs, and learners find it through the course.
    sibling = aliased(CourseVersion)
    return exists().where(CourseClass.course_version_id == sibling.id,
                          sibling.course_id == CourseVersion.course_id, open_for_enrolment(today))


def courses_with_open_classes(course_ids: list[int], today: date) -> set[int]:
    """Which of these courses have a class open for enrolment today (one query)."""
    if not course_ids:
        return set()
    return set(db.session.scalars(
        select(CourseVersion.course_id).join(CourseClass, CourseClass.course_version_id == CourseVersion.id)
        .where(CourseVersion.course_id.in_(course_ids), open_for_enrolment(today)).distinct()))


def open_classes_of(course: Course, today: date) -> list[CourseClass]:
    """The course's classes (of any version) open for enrolment today, closing soonest first."""
    return list(db.session.scalars(
        select(CourseClass).join(CourseVersion, CourseClass.course_version_id == CourseVersion.id)
        .where(CourseVersion.course_id == course.id, open_for_enrolment(today))
        .order_by(CourseClass.enrol_closes_on, CourseClass.id)
        .options(selectinload(CourseClass.meetings), selectinload(CourseClass.target_groups))))
