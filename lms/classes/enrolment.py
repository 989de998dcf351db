"""Enrolment: seats, the waiting list, who may enrol and when. Functions flush, never commit.

Seats are counted under a lock on the class row, so two people taking the last seat at
once cannot both get it. On PostgreSQL `SELECT ... FOR UPDATE` makes the second wait until
the first commits, and then (READ COMMITTED) count the seat the first took. On SQLite every
transaction begins with BEGIN IMMEDIATE (lms/core/database.py), which serialises writers
anyway; FOR UPDATE is simply not rendered there.
"""

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..core import events
from ..core.models import utcnow
from ..extensions import db
from .eligibility import Refusal, cancelled_refusal, eligibility_problem, window_problem
from .models import ENDED_BY_STAFF, SEATED_STATES, ClassMeeting, CourseClass, Enrolment


class EnrolmentRefused(Exception):
    """An enrolment action that cannot be done; the message is meant for the person, and may
    come as a Refusal that links to what fixes it."""

    @property
    def refusal(self) -> Refusal:
        reason = self.args[0] if self.args else ""
        return reason if isinstance(reason, Refusal) else Refusal(str(reason))


def lock_class(course_class: CourseClass) -> CourseClass:
    """Lock the class row until the transaction ends, and reload it (capacity may have changed)."""
    query = (select(CourseClass).where(CourseClass.id == course_class.id).with_for_update()
             .execution_options(populate_existing=True))
    return db.session.scalars(query).one()


def seated_count(course_class: CourseClass) -> int:
    """How many seats are taken (enrolled or completed)."""
    return db.session.scalar(select(func.count(Enrolment.id)).where(
        Enrolment.class_id == course_class.id, Enrolment.status.in_(SEATED_STATES)))


def seats_left(course_class: CourseClass) -> int:
    return max(0, course_class.capacity - seated_count(course_class))


def status_counts(class_ids: list[int]) -> dict[int, dict[str, int]]:
    """{class_id: {status: count}} for many classes in one query (for lists)."""
    counts: dict[int, dict[str, int]] = {class_id: {} for class_id in class_ids}
    if class_ids:
        rows = db.session.execute(
            select(Enrolment.class_id, Enrolment.status, func.count(Enrolment.id))
            .where(Enrolment.class_id.in_(class_ids)).group_by(Enrolment.class_id, Enrolment.status))
        for class_id, status, count in rows:
            counts[class_id][status] = count
    return counts


def _waiting_order():
    return Enrolment.joined_at, Enrolment.id


def waiting_list(course_class: CourseClass, limit: int | None = None) -> list[Enrolment]:
    """Who waits for a seat, first come first served."""
    query = (select(Enrolment).where(Enrolment.class_id == course_class.id,
                                     Enrolment.status == "waitlisted")
             .order_by(*_waiting_order()).options(selectinload(Enrolment.person)))
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query.execution_options(populate_existing=True)))


def waiting_position(enrolment: Enrolment) -> int | None:
    """1 for the first in the queue; None when not waiting."""
    if enrolment.status != "waitlisted":
        return None
    ahead = db.session.scalar(select(func.count(Enrolment.id)).where(
        Enrolment.class_id == enrolment.class_id, Enrolment.status == "waitlisted",
        (Enrolment.joined_at < enrolment.joined_at)
        | ((Enrolment.joined_at == enrolment.joined_at) & (Enrolment.id < enrolment.id))))
    return ahead + 1


def enrolment_of(course_class: CourseClass, person) -> Enrolment | None:
    return db.session.scalars(
        select(Enrolment).where(Enrolment.class_id == course_class.id, Enrolment.person_id == person.id)
        .execution_options(populate_existing=True)).one_or_none()


def roster_refusal(enrolment: Enrolment) -> Refusal:
    """Why a person already on the class (or taken off it by staff) cannot enrol again."""
    if enrolment.status in ENDED_BY_STAFF:
        return Refusal(_("The institute running this class took you off it; ask them if you should "
                         "be enrolled again."), _("Your classes"), "classes.mine")
    if enrolment.status == "waitlisted":
        message = _("You are already on the waiting list of this class (number %(n)s).",
                    n=waiting_position(enrolment))
    elif enrolment.status == "completed":
        message = _("You have already completed this class.")
    else:
        message = _("You are already enrolled in this class.")
    return Refusal(message, _("Your classes"), "classes.mine")


def fill_free_seats(course_class: CourseClass) -> list[Enrolment]:
    """Give free seats to those waiting, in order of joining; returns the people promoted.

    Call with the class locked (see lock_class).
    """
    if course_class.is_cancelled:
        return []
    free = course_class.capacity - seated_count(course_class)
    if free <= 0:
        return []
    promoted = waiting_list(course_class, limit=free)
    now = utcnow()
    for enrolment in promoted:
        enrolment.status, enrolment.seated_at = "enrolled", now
    db.session.flush()
    for enrolment in promoted:
        events.enrolment_promoted.send(enrolment, actor=None)
    return promoted


def enrol(course_class: CourseClass, person, today: date | None = None) -> Enrolment:
    """Give `person` a seat, or a place at the end of the waiting list when the class is full.

    Refused (EnrolmentRefused) for a cancelled class, outside the window, for a person the
    class is not for, and for someone already enrolled, waiting or completed. Someone who
    withdrew may enrol again; they join the end of the queue.
    """
    course_class = lock_class(course_class)
    if course_class.is_cancelled:
        raise EnrolmentRefused(cancelled_refusal(course_class))
    enrolment = enrolment_of(course_class, person)
    if enrolment is not None and enrolment.status != "withdrawn":
        raise EnrolmentRefused(roster_refusal(enrolment))
    problem = window_problem(course_class, today) or eligibility_problem(course_class, person)
    if problem:
        raise EnrolmentRefused(problem)
    enrolment = take_place(course_class, person, enrolment)
    events.enrolment_confirmed.send(enrolment, actor=person)  # a receipt: seat or place in the queue
    return enrolment


def take_place(course_class: CourseClass, person, enrolment: Enrolment | None) -> Enrolment:
    """A seat if one is free, else a place at the end of the waiting list (the class is locked)."""
    fill_free_seats(course_class)  # nobody may jump the queue, should a seat be free
    has_seat = seated_count(course_class) < course_class.capacity
    if enrolment is None:
        enrolment = Enrolment(class_id=course_class.id, person_id=person.id)
        db.session.add(enrolment)
    now = utcnow()
    enrolment.status = "enrolled" if has_seat else "waitlisted"
    enrolment.joined_at, enrolment.seated_at = now, (now if has_seat else None)
    enrolment.withdrawn_at = None
    db.session.flush()
    return enrolment


def withdraw(course_class: CourseClass, person, today: date | None = None) -> list[Enrolment]:
    """Take `person` off the class (seat or waiting list) within the window.

    A freed seat goes to the first person waiting; returns who was promoted.
    """
    course_class = lock_class(course_class)
    enrolment = enrolment_of(course_class, person)
    if enrolment is None or enrolment.status in ("withdrawn", *ENDED_BY_STAFF):
        raise EnrolmentRefused(_("You are not enrolled in this class."))
    if enrolment.status == "completed":
        raise EnrolmentRefused(_("You have completed this class; a completed class cannot be left."))
    if course_class.is_cancelled:
        raise EnrolmentRefused(_("This class has been cancelled."))
    problem = window_problem(course_class, today)
    if problem:
        raise EnrolmentRefused(problem)
    was_seated = enrolment.status == "enrolled"
    enrolment.status, enrolment.withdrawn_at = "withdrawn", utcnow()
    db.session.flush()
    return fill_free_seats(course_class) if was_seated else []


def enrolments_of_person_query(person):
    """A person's enrolments (not withdrawn), newest class first, with what a list shows."""
    first_meeting = (select(func.min(ClassMeeting.starts_at))
                     .where(ClassMeeting.class_id == Enrolment.class_id).scalar_subquery())
    return (select(Enrolment).where(Enrolment.person_id == person.id, Enrolment.status != "withdrawn")
            .order_by(first_meeting.desc(), Enrolment.id.desc())
            .options(selectinload(Enrolment.course_class).selectinload(CourseClass.meetings),
                     selectinload(Enrolment.course_class).selectinload(CourseClass.version)))


def meetings_of_person(person, ends_after: datetime | None = None,
                       starts_before: datetime | None = None) -> list[ClassMeeting]:
    """The sessions of the (not cancelled) classes a person has a seat in, for their calendar;
    only those still running after `ends_after` and begun before `starts_before` when given."""
    query = (select(ClassMeeting).join(CourseClass, ClassMeeting.class_id == CourseClass.id)
             .join(Enrolment, Enrolment.class_id == CourseClass.id)
             .where(Enrolment.person_id == person.id, Enrolment.status.in_(SEATED_STATES),
                    CourseClass.is_cancelled.is_(False))
             .order_by(ClassMeeting.starts_at)
             .options(selectinload(ClassMeeting.course_class).selectinload(CourseClass.version)))
    if ends_after is not None:
        query = query.where(ClassMeeting.ends_at > ends_after)
    if starts_before is not None:
        query = query.where(ClassMeeting.starts_at < starts_before)
    return list(db.session.scalars(query))
