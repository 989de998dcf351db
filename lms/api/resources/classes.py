"""Classes, enrolments and completions: the learner's enrol and withdraw buttons and the
institute's roster page (add, remove, record completion), as JSON. Every rule (capacity,
waiting list, eligibility, window, cancellation, completion) is the services' in lms.classes."""

from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import Schema, fields, validate
from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from ...accounts.models import Person
from ...accounts.services import find_person_by_email
from ...catalog.models import CourseVersion
from ...classes import enrolment as enrolling
from ...classes import rosters, services
from ...classes.models import ENROLMENT_STATES, SEATED_STATES, ClassMeeting, CourseClass, Enrolment
from ...core.access import can, visible_or_404
from ...core.dates import BANGKOK, local_date, today_in_bangkok
from ...extensions import db
from ..auth import ApiError, requires
from ..pagination import PageArguments, page, page_schema
from ..spec import blueprint, scoped

bp = blueprint("classes", "Classes, enrolments and completions.")

MAX_ID = 2**31 - 1  # ids are 32-bit integers in every database the site runs on
CLASS_STATES = ("open", "not_yet_open", "closed", "cancelled")


# --- schemas ---------------------------------------------------------------------------------

class ClassInstituteSchema(Schema):
    id = fields.Integer()
    code = fields.String()
    name_th = fields.String()
    name_en = fields.String()


class ClassMeetingSchema(Schema):
    title = fields.String()
    date = fields.Date(metadata={"description": "The day the session starts, in Bangkok."})
    start_time = fields.String(metadata={"description": "HH:MM, Bangkok time."})
    end_time = fields.String(metadata={"description": "HH:MM, Bangkok time."})
    starts_at = fields.DateTime(metadata={"description": "UTC."})
    ends_at = fields.DateTime(metadata={"description": "UTC."})


class ClassSchema(Schema):
    id = fields.Integer()
    course_id = fields.Integer()
    course_code = fields.String()
    course_version = fields.Integer(metadata={"description": "The course version the class teaches."})
    name = fields.String(metadata={"description": "The class's own name, e.g. รุ่นที่ 1/2570."})
    title_th = fields.String()
    title_en = fields.String()
    institute = fields.Nested(ClassInstituteSchema)
    place = fields.String()
    online_url = fields.String()
    starts_on = fields.Date(allow_none=True, metadata={"description": "The first session's day (Bangkok)."})
    ends_on = fields.Date(allow_none=True, metadata={"description": "The last session's day (Bangkok)."})
    meetings = fields.List(fields.Nested(ClassMeetingSchema))
    capacity = fields.Integer()
    enrolled_count = fields.Integer(metadata={"description": "Seats taken: enrolled or completed."})
    completed_count = fields.Integer()
    waiting_count = fields.Integer()
    seats_left = fields.Integer()
    state = fields.String(validate=validate.OneOf(CLASS_STATES), metadata={
        "description": "cancelled, or where today lies against the enrolment window."})
    enrol_opens_on = fields.Date()
    enrol_closes_on = fields.Date()
    target_groups = fields.List(fields.String(), metadata={
        "description": "Target-group slugs the class is for (empty: anyone)."})
    organisation_codes = fields.List(fields.String(), metadata={
        "description": "Units whose people (and those below) the class is for (empty: anyone)."})


class ClassArguments(PageArguments):
    course_id = fields.Integer(validate=validate.Range(1, MAX_ID))
    institute_id = fields.Integer(validate=validate.Range(1, MAX_ID))
    from_ = fields.Date(data_key="from", metadata={
        "description": "Only classes with a session on or after this day (Bangkok)."})
    to = fields.Date(metadata={"description": "Only classes with a session on or before this day (Bangkok)."})


class ClassEnrolmentSchema(Schema):
    id = fields.Integer()
    class_id = fields.Integer()
    person_id = fields.Integer()
    email = fields.String(attribute="person.email")
    name_th = fields.String(attribute="person.name_th")
    name_en = fields.String(attribute="person.name_en")
    status = fields.String(validate=validate.OneOf(ENROLMENT_STATES))
    waiting_position = fields.Integer(allow_none=True, metadata={
        "description": "1 for the first in the queue; null when not waiting."})
    joined_at = fields.DateTime()
    seated_at = fields.DateTime(allow_none=True)
    withdrawn_at = fields.DateTime(allow_none=True)
    completed_at = fields.DateTime(allow_none=True)


class ClassCompletionSchema(ClassEnrolmentSchema):
    learning_record_id = fields.Integer(metadata={
        "description": "The verified learning record the completion created (the same one each time)."})


class ClassRosterArguments(PageArguments):
    status = fields.String(validate=validate.OneOf(ENROLMENT_STATES))


class ClassEnrolArguments(Schema):
    person_id = fields.Integer(validate=validate.Range(1, MAX_ID), metadata={
        "description": "Whom to enrol; with neither this nor email, the caller."})
    email = fields.String(validate=validate.Length(1, 254), metadata={
        "description": "Whom to enrol, by email (with person_id, both must name the same person)."})


ClassPage = page_schema(ClassSchema, "ClassPage")
EnrolmentPage = page_schema(ClassEnrolmentSchema, "ClassEnrolmentPage")
_WHOLE_CLASS = (selectinload(CourseClass.version).selectinload(CourseVersion.course),
                selectinload(CourseClass.meetings), selectinload(CourseClass.institute),
                selectinload(CourseClass.target_groups), selectinload(CourseClass.organisations))


# --- what answers carry ----------------------------------------------------------------------

def _clock(moment: datetime) -> str:
    return moment.astimezone(BANGKOK).strftime("%H:%M")


def _state(course_class: CourseClass, today: date) -> str:
    if course_class.is_cancelled:
        return "cancelled"
    if today < course_class.enrol_opens_on:
        return "not_yet_open"
    return "closed" if today > course_class.enrol_closes_on else "open"


def _class_data(course_class: CourseClass, counts: dict[str, int], today: date) -> dict:
    version, meetings = course_class.version, course_class.meetings
    seated = sum(counts.get(status, 0) for status in SEATED_STATES)
    return {
        "id": course_class.id, "course_id": version.course_id, "course_code": version.course.code,
        "course_version": version.number, "name": course_class.name,
        "title_th": version.title_th, "title_en": version.title_en, "institute": course_class.institute,
        "place": course_class.place, "online_url": course_class.online_url,
        "starts_on": local_date(meetings[0].starts_at) if meetings else None,
        "ends_on": local_date(meetings[-1].ends_at) if meetings else None,
        "meetings": [{"title": m.title, "date": local_date(m.starts_at), "start_time": _clock(m.starts_at),
                      "end_time": _clock(m.ends_at), "starts_at": m.starts_at, "ends_at": m.ends_at}
                     for m in meetings],
        "capacity": course_class.capacity, "enrolled_count": seated,
        "completed_count": counts.get("completed", 0), "waiting_count": counts.get("waitlisted", 0),
        "seats_left": max(0, course_class.capacity - seated), "state": _state(course_class, today),
        "enrol_opens_on": course_class.enrol_opens_on, "enrol_closes_on": course_class.enrol_closes_on,
        "target_groups": [group.slug for group in course_class.target_groups],
        "organisation_codes": sorted(unit.code for unit in course_class.organisations),
    }


def _enrolment_data(enrolment: Enrolment, position: int | None = None) -> dict:
    return {**{name: getattr(enrolment, name) for name in (
        "id", "class_id", "person_id", "person", "status", "joined_at", "seated_at", "withdrawn_at",
        "completed_at")}, "waiting_position": position}


def _with_position(enrolment: Enrolment) -> dict:
    return _enrolment_data(enrolment, enrolling.waiting_position(enrolment))


# --- reading -----------------------------------------------------------------------------------

def _visible_classes():
    """The classes `view_class` lets the caller see, as SQL (core.access says the same for one):
    every class but cancelled ones, which only its institute's staff and the site admin see."""
    statement = select(CourseClass)
    if not current_user.is_site_admin:
        statement = statement.where(CourseClass.is_cancelled.is_(False)
                                    | (CourseClass.institute_id == current_user.institute_id))
    return statement


def _bangkok_midnight(day: date) -> datetime | None:
    """The UTC moment a Bangkok day begins; None past the calendar's ends (no bound then)."""
    try:
        return datetime.combine(day, time.min, BANGKOK).astimezone(UTC)
    except OverflowError:
        return None


def _filtered(statement, arguments: dict):
    if "course_id" in arguments:
        statement = statement.where(CourseClass.course_version_id.in_(
            select(CourseVersion.id).where(CourseVersion.course_id == arguments["course_id"])))
    if "institute_id" in arguments:
        statement = statement.where(CourseClass.institute_id == arguments["institute_id"])
    if "from_" in arguments or "to" in arguments:
        sessions = [ClassMeeting.class_id == CourseClass.id]
        if "from_" in arguments and (lower := _bangkok_midnight(arguments["from_"])) is not None:
            sessions.append(ClassMeeting.starts_at >= lower)
        if "to" in arguments and arguments["to"] < date.max:
            if (upper := _bangkok_midnight(arguments["to"] + timedelta(days=1))) is not None:
                sessions.append(ClassMeeting.starts_at < upper)
        statement = statement.where(exists().where(*sessions))
    return statement


@bp.route("/classes")
@scoped(bp, "classes:read")
@bp.arguments(ClassArguments, location="query")
@bp.response(200, ClassPage)
@requires("classes:read", "signed_in")
def list_classes(arguments):
    """Classes the caller may see, by id: filter by course, institute and the days they meet."""
    result = page(_filtered(_visible_classes(), arguments).options(*_WHOLE_CLASS), CourseClass.id, arguments)
    counts, today = enrolling.status_counts([c.id for c in result["items"]]), today_in_bangkok()
    result["items"] = [_class_data(c, counts[c.id], today) for c in result["items"]]
    return result


@bp.route("/classes/<int:class_id>")
@scoped(bp, "classes:read")
@bp.response(200, ClassSchema)
@requires("classes:read", "view_class")
def get_class(class_id):
    """One class: its sessions, seats, waiting list and enrolment window."""
    course_class = visible_or_404(CourseClass, class_id, "view_class", options=_WHOLE_CLASS)
    return _class_data(course_class, enrolling.status_counts([class_id])[class_id], today_in_bangkok())


@bp.route("/classes/<int:class_id>/enrolments")
@scoped(bp, "classes:read")
@bp.arguments(ClassRosterArguments, location="query")
@bp.response(200, EnrolmentPage)
@requires("classes:read", "manage_class")
def list_enrolments(arguments, class_id):
    """The class's roster, by enrolment id (its institute's staff, as the roster page)."""
    course_class = visible_or_404(CourseClass, class_id, "manage_class")
    statement = select(Enrolment).where(Enrolment.class_id == class_id).options(selectinload(Enrolment.person))
    if "status" in arguments:
        statement = statement.where(Enrolment.status == arguments["status"])
    result = page(statement, Enrolment.id, arguments)
    positions = {}
    if any(e.status == "waitlisted" for e in result["items"]):
        positions = {e.id: n for n, e in enumerate(enrolling.waiting_list(course_class), start=1)}
    result["items"] = [_enrolment_data(e, positions.get(e.id)) for e in result["items"]]
    return result


# --- writing -----------------------------------------------------------------------------------

def _refused(refusal: Exception) -> ApiError:
    db.session.rollback()
    message = refusal.refusal if isinstance(refusal, enrolling.EnrolmentRefused) else refusal
    return ApiError(409, str(message))


def _not_found_person() -> ApiError:
    return ApiError(404, _("No person you may see has this id or email."))


def _named_person(arguments: dict) -> Person:
    """The person the body names (by id, email or both), or the caller when it names nobody."""
    by_id = by_email = None
    if "person_id" in arguments:
        by_id = db.session.get(Person, arguments["person_id"])
        if by_id is None:
            raise _not_found_person()
    if "email" in arguments:
        by_email = find_person_by_email(arguments["email"])
        if by_email is None:
            raise _not_found_person()
    if by_id is not None and by_email is not None and by_id.id != by_email.id:
        raise ApiError(409, _("The person_id and the email name two different people."))
    return by_id or by_email or current_user


def _class_enrolment(course_class: CourseClass, enrolment_id: int) -> Enrolment | None:
    return db.session.scalars(select(Enrolment).where(
        Enrolment.id == enrolment_id, Enrolment.class_id == course_class.id)).one_or_none()


@bp.route("/classes/<int:class_id>/enrolments", methods=["POST"])
@scoped(bp, "classes:write")
@bp.arguments(ClassEnrolArguments)
@bp.response(201, ClassEnrolmentSchema)
@requires("classes:write", "view_class")
def enrol(arguments, class_id):
    """Enrol the caller, or (the institute's staff) another person.

    The caller (an empty body, or their own id or email) under the rules a learner's Enrol button
    follows; anyone, by the staff of the institute running the class, as the roster page adds them
    (the enrolment window and target groups bind learners only). A full class puts the person on
    its waiting list. A rule that refuses answers 409 with the reason."""
    course_class = visible_or_404(CourseClass, class_id, "view_class")
    person = _named_person(arguments)
    try:
        if person.id == current_user.id:
            enrolment = enrolling.enrol(course_class, current_user)
        elif can(current_user, "change_roster", course_class):
            enrolment = rosters.add_learner(course_class, person, current_user)
        elif can(current_user, "view_person", person):
            raise ApiError(403, _("You may enrol only yourself; the staff of the institute running the "
                                  "class enrol others."))
        else:
            raise _not_found_person()
    except enrolling.EnrolmentRefused as refusal:
        raise _refused(refusal) from None
    answer = _with_position(enrolment)
    db.session.commit()
    return answer


@bp.route("/classes/<int:class_id>/enrolments/<int:enrolment_id>", methods=["DELETE"])
@scoped(bp, "classes:write")
@bp.response(200, ClassEnrolmentSchema)
@requires("classes:write", "view_class")
def withdraw(class_id, enrolment_id):
    """Withdraw from the class (one's own), or take a learner off it (the institute's staff).

    The learner's own within the enrolment window (status withdrawn), or anyone's by the
    institute's staff at any time (status removed). A freed seat goes to the first person waiting."""
    course_class = visible_or_404(CourseClass, class_id, "view_class")
    enrolment = _class_enrolment(course_class, enrolment_id)
    own = enrolment is not None and enrolment.person_id == current_user.id
    if enrolment is None or not (own or can(current_user, "change_roster", course_class)):
        raise ApiError(404, _("This class has no such enrolment that you may see."))
    try:
        if own:
            enrolling.withdraw(course_class, current_user)
        else:
            rosters.remove_learner(course_class, enrolment_id, current_user)
    except enrolling.EnrolmentRefused as refusal:
        raise _refused(refusal) from None
    answer = _enrolment_data(enrolment)
    db.session.commit()
    return answer


@bp.route("/classes/<int:class_id>/enrolments/<int:enrolment_id>/completion", methods=["POST"])
@scoped(bp, "classes:write")
@bp.response(200, ClassCompletionSchema)
@requires("classes:write", "manage_class")
def complete(class_id, enrolment_id):
    """Record that a seated learner completed the class.

    As the roster page does: a verified learning record with the course's hours, and its
    certificate. Recording it again changes nothing and answers the same record."""
    course_class = visible_or_404(CourseClass, class_id, "manage_class")
    enrolment = _class_enrolment(course_class, enrolment_id)
    if enrolment is None:
        raise ApiError(404, _("This class has no such enrolment that you may see."))
    try:
        (record,) = services.complete_enrolments(course_class, current_user, [enrolment_id])
    except enrolling.EnrolmentRefused as refusal:
        raise _refused(refusal) from None
    answer = {**_enrolment_data(enrolment), "learning_record_id": record.id}
    db.session.commit()
    return answer
