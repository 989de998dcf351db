"""Classes open for enrolment today: what the catalogue shows beside a course, and its
"open now" filter."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, exists, select
from sqlalchemy.orm import aliased, selectinload

from ..catalog.models import Course, CourseVersion
from ..extensions import db
from .eligibility import Refusal, eligibility_problem, window_problem
from .enrolment import roster_refusal, seats_left
from .models import ENDED_BY_STAFF, CourseClass, Enrolment


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


def next_class_opening(course: Course, today: date) -> CourseClass | None:
    """The course's class whose enrolment opens soonest after `today` (not cancelled), if any."""
    return db.session.scalars(
        select(CourseClass).join(CourseVersion, CourseClass.course_version_id == CourseVersion.id)
        .where(CourseVersion.course_id == course.id, CourseClass.is_cancelled.is_(False),
               CourseClass.enrol_opens_on > today)
        .order_by(CourseClass.enrol_opens_on, CourseClass.id).limit(1)).first()


@dataclass
class EnrolOffer:
    """What a course page offers a person: the class its Enrol button is for and the seats
    left, the person's place in a class they are already on, or why they cannot enrol."""

    course_class: CourseClass
    enrolment: Enrolment | None = None
    problem: Refusal | None = None
    seats_left: int = 0


def enrol_offer(course: Course, person, today: date, classes: list[CourseClass] | None = None) -> EnrolOffer | None:
    """The next class of the course for `person`: the open class they are already on, else the
    first open class they may enrol in, else the first open class with why they may not, else
    the next class to open (its window is the reason). None when the course has no class ahead."""
    classes = open_classes_of(course, today) if classes is None else classes
    if not classes:
        upcoming = next_class_opening(course, today)
        return EnrolOffer(upcoming, problem=window_problem(upcoming, today)) if upcoming else None
    mine = {e.class_id: e for e in db.session.scalars(select(Enrolment).where(
        Enrolment.person_id == person.id, Enrolment.class_id.in_([c.id for c in classes])))}
    on = next((c for c in classes if mine.get(c.id) and mine[c.id].status in ("enrolled", "waitlisted", "completed")),
              None)
    if on is not None:
        return EnrolOffer(on, enrolment=mine[on.id])
    problems = {}
    for course_class in classes:
        enrolment = mine.get(course_class.id)
        if enrolment is not None and enrolment.status in ENDED_BY_STAFF:
            problem = roster_refusal(enrolment)
        else:
            problem = eligibility_problem(course_class, person)
        if problem is None:
            return EnrolOffer(course_class, seats_left=seats_left(course_class))
        problems[course_class.id] = problem
    return EnrolOffer(classes[0], problem=problems[classes[0].id])
