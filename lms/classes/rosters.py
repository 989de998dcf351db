"""The institute's staff change a class's roster: add a learner, remove one, mark no-shows.
They flush, never commit.

Each change is written to the audit trail (who did it) and announced with a signal of
lms.core.events, which the notifications layer turns into a notice to the learner.

- Adding finds people in the class's organisations (and the units below them; anyone when the
  class names none). It bypasses the enrolment window, which binds learners, but not the
  capacity: over it, the learner joins the end of the waiting list. Target groups bind
  learners who enrol themselves; staff may seat someone outside them (a supervisor's request).
- Removing frees the seat, which goes to the first person waiting, as a withdrawal does.
- A no-show is a learner who had a seat and never came: marked once the first session has
  begun, and refused for anyone recorded present at a session. The seat is not handed on:
  the class has begun, and nobody waiting expects to join it halfway.
"""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import selectinload

from ..accounts.models import Person
from ..accounts.services import organisation_subtree_ids
from ..core import events
from ..core.audit import record_event
from ..core.dates import format_datetime
from ..core.i18n import current_language
from ..core.models import utcnow
from ..core.sql import LIKE_ESCAPE, like_pattern
from ..extensions import db
from .enrolment import (
    EnrolmentRefused,
    enrolment_of,
    fill_free_seats,
    lock_class,
    take_place,
    waiting_position,
)
from .models import Attendance, ClassMeeting, CourseClass, Enrolment

SEARCH_LIMIT = 20


def _class_organisation_ids(course_class: CourseClass) -> set[int] | None:
    """The units whose people the class is for, with the units below them; None: anyone."""
    if not course_class.organisations:
        return None
    return {unit_id for unit in course_class.organisations for unit_id in organisation_subtree_ids(unit)}


def people_to_add(course_class: CourseClass, text: str) -> list[Person]:
    """Active people of the class's organisations whose name or email contains `text`, who
    have no seat or place in the queue yet (at most SEARCH_LIMIT, by Thai name)."""
    text = (text or "").strip()
    if not text:
        return []
    like = like_pattern(text)
    on_roster = exists().where(Enrolment.class_id == course_class.id, Enrolment.person_id == Person.id,
                               Enrolment.status.in_(("enrolled", "waitlisted", "completed")))
    query = (select(Person).where(Person.is_active, ~on_roster, or_(*(
        column.ilike(like, escape=LIKE_ESCAPE) for column in (Person.name_th, Person.name_en, Person.email))))
        .order_by(Person.name_th, Person.id).limit(SEARCH_LIMIT).options(selectinload(Person.organisation)))
    units = _class_organisation_ids(course_class)
    if units is not None:
        query = query.where(Person.organisation_id.in_(units))
    return list(db.session.scalars(query))


def _audit(kind: str, enrolment: Enrolment, actor, before: str, **more) -> None:
    course_class = enrolment.course_class
    record_event(kind, enrolment.person, actor=actor, changes={
        "enrolment": enrolment.id, "class": course_class.id, "course": course_class.version.course.code,
        "status": [before, enrolment.status], **more})


def add_learner(course_class: CourseClass, person: Person, actor) -> Enrolment:
    """Seat `person` in the class on the staff's say, or put them at the end of the waiting
    list when it is full. Refused for a cancelled class, for someone outside the class's
    organisations and for someone already seated, waiting or completed."""
    course_class = lock_class(course_class)
    if course_class.is_cancelled:
        raise EnrolmentRefused(_("This class has been cancelled."))
    units = _class_organisation_ids(course_class)
    if not person.is_active or (units is not None and person.organisation_id not in units):
        raise EnrolmentRefused(_("%(name)s does not work in an organisation this class is for.",
                                 name=person.name))
    enrolment = enrolment_of(course_class, person)
    before = enrolment.status if enrolment is not None else ""
    if before in ("enrolled", "waitlisted", "completed"):
        raise EnrolmentRefused(_("%(name)s is already on this class's roster.", name=person.name))
    enrolment = take_place(course_class, person, enrolment)
    _audit("enrolment.added", enrolment, actor, before or None)
    events.enrolment_confirmed.send(enrolment, actor=actor)
    return enrolment


def _roster_enrolment(course_class: CourseClass, enrolment_id: int) -> Enrolment:
    enrolment = db.session.scalars(
        select(Enrolment).where(Enrolment.id == enrolment_id, Enrolment.class_id == course_class.id)
        .execution_options(populate_existing=True)).one_or_none()
    if enrolment is None:
        raise EnrolmentRefused(_("This learner is not on the class's roster."))
    return enrolment


def remove_learner(course_class: CourseClass, enrolment_id: int, actor) -> list[Enrolment]:
    """Take a learner off the class (seat or waiting list), at any time; a freed seat goes to
    the first person waiting. Returns who was promoted. A completed class stays completed."""
    course_class = lock_class(course_class)
    enrolment = _roster_enrolment(course_class, enrolment_id)
    before = enrolment.status
    if before == "completed":
        raise EnrolmentRefused(_("%(name)s has completed this class; a completion cannot be removed.",
                                 name=enrolment.person.name))
    if before not in ("enrolled", "waitlisted"):
        raise EnrolmentRefused(_("%(name)s is not on this class's roster.", name=enrolment.person.name))
    enrolment.status, enrolment.withdrawn_at = "removed", utcnow()
    db.session.flush()
    _audit("enrolment.removed", enrolment, actor, before)
    events.enrolment_removed.send(enrolment, actor=actor)
    return fill_free_seats(course_class) if before == "enrolled" else []


def no_show_problem(course_class: CourseClass, now: datetime | None = None) -> str | None:
    """Why no-shows cannot be marked yet (the first session has not begun), or None."""
    if not course_class.meetings:
        return _("The class has no sessions, so nobody can have missed them.")
    starts_at = course_class.meetings[0].starts_at
    if starts_at <= (now or utcnow()):
        return None
    return _("No-shows can be marked once the first session has begun (%(when)s).",
             when=format_datetime(starts_at, current_language()))


def mark_no_shows(course_class: CourseClass, enrolment_ids: list[int], actor,
                  now: datetime | None = None) -> list[Enrolment]:
    """Mark seated learners who never came as no-shows; returns those marked.

    Refused for a cancelled class, before the first session has begun, for a learner without
    a seat and for one recorded present at any session.
    """
    course_class = lock_class(course_class)
    if course_class.is_cancelled:
        raise EnrolmentRefused(_("This class has been cancelled."))
    problem = no_show_problem(course_class, now)
    if problem:
        raise EnrolmentRefused(problem)
    enrolments = list(db.session.scalars(
        select(Enrolment).where(Enrolment.class_id == course_class.id, Enrolment.id.in_(enrolment_ids))
        .options(selectinload(Enrolment.person)).execution_options(populate_existing=True)))
    unseated = [e.person.name for e in enrolments if e.status != "enrolled"]
    if unseated:
        raise EnrolmentRefused(_("Only learners with a seat who have not completed can be marked as "
                                 "no-shows: %(names)s.", names=", ".join(unseated)))
    came = set(db.session.scalars(
        select(Attendance.enrolment_id).join(ClassMeeting, Attendance.meeting_id == ClassMeeting.id)
        .where(ClassMeeting.class_id == course_class.id, Attendance.present.is_(True),
               Attendance.enrolment_id.in_([e.id for e in enrolments]))))
    if came:
        raise EnrolmentRefused(_("Recorded present at a session, so not a no-show: %(names)s.",
                                 names=", ".join(e.person.name for e in enrolments if e.id in came)))
    for enrolment in enrolments:
        enrolment.status = "no_show"
        db.session.flush()
        _audit("enrolment.no_show", enrolment, actor, "enrolled")
        events.enrolment_no_show.send(enrolment, actor=actor)
    return enrolments


def added_message(enrolment: Enrolment) -> str:
    """What staff are told once a learner was added: a seat, or a place in the queue."""
    if enrolment.status == "enrolled":
        return _("%(name)s now has a seat in the class.", name=enrolment.person.name)
    return _("The class is full: %(name)s is number %(n)s on the waiting list.",
             name=enrolment.person.name, n=waiting_position(enrolment))
