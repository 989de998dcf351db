"""Running classes: scheduling, the roster, attendance and completion. They flush, never commit.

`class_errors` returns what is wrong by form field, so the form shows every problem beside
what was typed; `save_class` writes only checked data. Meeting fields are named as the
form names them ("meetings-0-ends_at").
"""

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..accounts.models import Organisation, Person
from ..catalog.models import Course, CourseVersion
from ..core import events
from ..core.audit import record_event
from ..core.dates import format_datetime, local_date
from ..core.i18n import current_language
from ..core.models import utcnow
from ..extensions import db
from ..records.models import LearningRecord
from ..records.services import record_learning
from ..reference.models import TargetGroup
from ..rules import InvalidDuration
from .enrolment import EnrolmentRefused, fill_free_seats, lock_class, seated_count
from .models import SEATED_STATES, Attendance, ClassMeeting, CourseClass, Enrolment

MAX_MEETING_LENGTH = timedelta(hours=12)


def publishable_versions(institute_id: int) -> list[CourseVersion]:
    """The published course versions of an institute: what its classes may teach."""
    return list(db.session.scalars(
        select(CourseVersion).join(Course, CourseVersion.course_id == Course.id)
        .where(Course.institute_id == institute_id, CourseVersion.status == "published")
        .order_by(CourseVersion.title_th).options(selectinload(CourseVersion.course))))


def institute_classes_query(institute_id: int):
    """An institute's classes, newest first, with what the list shows."""
    return (select(CourseClass).where(CourseClass.institute_id == institute_id)
            .order_by(CourseClass.created_at.desc(), CourseClass.id.desc())
            .options(selectinload(CourseClass.version), selectinload(CourseClass.meetings)))


def organisation_codes(text: str) -> list[str]:
    """The codes in what was typed: separated by commas, semicolons or spaces."""
    return [code for code in re.split(r"[\s,;]+", text or "") if code]


def is_web_link(url: str) -> bool:
    """An http or https address with a host and no spaces: never javascript:, data: or a path."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not re.search(r"\s", url)


def _is_blank(row: dict) -> bool:
    return not ((row.get("title") or "").strip() or row.get("starts_at") or row.get("ends_at"))


def _meeting_id(row: dict) -> int | None:
    try:
        return int(row.get("meeting_id") or 0) or None
    except (TypeError, ValueError):
        return None


def _meeting_errors(course_class: CourseClass, rows: list[dict]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    own = {meeting.id: meeting for meeting in course_class.meetings} if course_class.id else {}
    attended = set(db.session.scalars(select(Attendance.meeting_id).where(
        Attendance.meeting_id.in_(own)).distinct())) if own else set()
    kept = 0
    for index, row in enumerate(rows):
        def add(field, message, index=index):
            errors.setdefault(f"meetings-{index}-{field}", []).append(message)

        if _is_blank(row):
            if _meeting_id(row) in attended:
                add("title", _("Attendance has been recorded for this session; it cannot be removed."))
            continue
        kept += 1
        starts, ends = row.get("starts_at"), row.get("ends_at")
        if not (row.get("title") or "").strip():
            add("title", _("Enter a title for this session."))
        if starts is None:
            add("starts_at", _("Enter when the session starts."))
        if ends is None:
            add("ends_at", _("Enter when the session ends."))
        if starts is not None and ends is not None:
            if ends <= starts:
                add("ends_at", _("The session must end after it starts."))
            elif ends - starts > MAX_MEETING_LENGTH:
                add("ends_at", _("A session cannot be longer than 12 hours."))
    if kept == 0:
        errors["meetings"] = [_("Add at least one session.")]
    return errors


def class_errors(course_class: CourseClass, actor, data: dict) -> dict[str, list[str]]:
    """What is wrong with saving `data` into `course_class`, by field (empty when nothing).

    Locks an existing class, so the seats counted against a lower capacity stay counted
    until the view commits.
    """
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    allowed = {version.id for version in publishable_versions(actor.institute_id)}
    if course_class.id is not None:
        course_class = lock_class(course_class)
        allowed.add(course_class.course_version_id)  # a class keeps a version later superseded
    if data.get("course_version_id") not in allowed:
        add("course_version_id", _("Choose a published course of your institute."))
    if not (data.get("name") or "").strip():
        add("name", _("Enter a name for the class."))
    url = (data.get("online_url") or "").strip()
    if url and not is_web_link(url):
        add("online_url", _("Enter a web address starting with http:// or https://."))
    if not url and not (data.get("place") or "").strip():
        add("place", _("Enter a place or an online link."))
    capacity = data.get("capacity")
    if capacity is not None:
        if capacity < 1:
            add("capacity", _("Capacity must be at least 1."))
        elif course_class.id is not None and capacity < (taken := seated_count(course_class)):
            add("capacity", _("%(n)s people already have a seat; capacity cannot be less than that.",
                              n=taken))
    opens, closes = data.get("enrol_opens_on"), data.get("enrol_closes_on")
    if opens is not None and closes is not None and closes < opens:
        add("enrol_closes_on", _("Enrolment must close on or after the day it opens."))
    codes = organisation_codes(data.get("organisation_codes") or "")
    known = set(db.session.scalars(select(Organisation.code).where(Organisation.code.in_(codes))))
    unknown = [code for code in codes if code not in known]
    if unknown:
        add("organisation_codes", _("No organisation has the code %(codes)s.", codes=", ".join(unknown)))
    errors.update(_meeting_errors(course_class, data.get("meetings") or []))
    return errors


def _save_meetings(course_class: CourseClass, rows: list[dict]) -> None:
    existing = {meeting.id: meeting for meeting in course_class.meetings}
    kept = []
    for row in rows:
        if _is_blank(row):
            continue
        meeting = existing.get(_meeting_id(row)) or ClassMeeting()
        meeting.title = row["title"].strip()
        meeting.starts_at = row["starts_at"].astimezone(UTC)
        meeting.ends_at = row["ends_at"].astimezone(UTC)
        kept.append(meeting)
    course_class.meetings = sorted(kept, key=lambda meeting: meeting.starts_at)


def save_class(course_class: CourseClass, actor, data: dict) -> None:
    """Write checked form data (see class_errors) into `course_class`.

    A new class belongs to the actor's institute. A raised capacity gives the new seats to
    those waiting.
    """
    schedule = schedule_of(course_class)
    if course_class.id is None:
        course_class.institute_id, course_class.created_by_id = actor.institute_id, actor.id
    course_class.course_version_id = data["course_version_id"]
    course_class.name = data["name"].strip()
    course_class.place = (data.get("place") or "").strip()
    course_class.online_url = (data.get("online_url") or "").strip()
    course_class.capacity = data["capacity"]
    course_class.enrol_opens_on, course_class.enrol_closes_on = data["enrol_opens_on"], data["enrol_closes_on"]
    group_ids = data.get("target_group_ids") or []
    course_class.target_groups = list(db.session.scalars(
        select(TargetGroup).where(TargetGroup.id.in_(group_ids)).order_by(TargetGroup.position)))
    course_class.organisations = list(db.session.scalars(select(Organisation).where(
        Organisation.code.in_(organisation_codes(data.get("organisation_codes") or ""))).order_by(Organisation.code)))
    _save_meetings(course_class, data.get("meetings") or [])
    db.session.add(course_class)  # last: a query above must not autoflush a half-filled new class
    db.session.flush()
    set_class_cost(course_class, actor, data.get("cost_baht"))
    fill_free_seats(course_class)
    if schedule not in (None, schedule_of(course_class)):
        events.class_changed.send(course_class, actor=actor)


def set_class_cost(course_class: CourseClass, actor, cost: Decimal | None) -> bool:
    """Record what the class cost (§4.9.3; None: not known), audited, as it counts in its
    agency's budget report. True when the cost changed."""
    cost = None if cost is None else Decimal(cost).quantize(Decimal("0.01"))
    before = course_class.cost_baht
    if before == cost:
        return False
    course_class.cost_baht = cost
    db.session.flush()
    record_event("course_class.cost_changed", course_class, actor=actor, object_label=course_class.name,
                 organisation_id=course_class.institute.organisation_id,
                 changes={"course": course_class.version.course.code, "cost_baht": [before, cost]})
    return True


def schedule_of(course_class: CourseClass) -> tuple | None:
    """Where and when the class meets, to tell when that changed (None before it is saved)."""
    if course_class.id is None:
        return None
    return (course_class.place, course_class.online_url,
            tuple((meeting.starts_at, meeting.ends_at) for meeting in course_class.meetings))


def cancel_class(course_class: CourseClass, actor) -> None:
    """Cancel a class: learners no longer see it or its sessions; enrolments stay as history."""
    course_class = lock_class(course_class)
    if not course_class.is_cancelled:
        course_class.is_cancelled = True
        record_event("course_class.cancelled", course_class, actor=actor, object_label=course_class.name,
                     organisation_id=course_class.institute.organisation_id,
                     changes={"course": course_class.version.course.code, "is_cancelled": [False, True]})
        events.class_cancelled.send(course_class, actor=actor)
    db.session.flush()


def roster(course_class: CourseClass) -> dict[str, list[Enrolment]]:
    """The class's enrolments by state: seated (enrolled or completed), waiting, withdrawn."""
    enrolments = db.session.scalars(
        select(Enrolment).where(Enrolment.class_id == course_class.id)
        .order_by(Enrolment.joined_at, Enrolment.id)
        .options(selectinload(Enrolment.person).selectinload(Person.organisation)))
    groups: dict[str, list[Enrolment]] = {"seated": [], "waiting": [], "withdrawn": []}
    for enrolment in enrolments:
        key = ("seated" if enrolment.status in SEATED_STATES
               else "waiting" if enrolment.status == "waitlisted" else "withdrawn")
        groups[key].append(enrolment)
    groups["seated"].sort(key=lambda e: e.person.name_th)
    return groups


def attendance_marks(meeting: ClassMeeting) -> dict[int, bool]:
    """{enrolment_id: present} for the learners recorded at one session."""
    rows = db.session.execute(select(Attendance.enrolment_id, Attendance.present)
                              .where(Attendance.meeting_id == meeting.id))
    return dict(rows.all())


def present_counts(course_class: CourseClass) -> dict[int, int]:
    """{meeting_id: how many were present} for a class's sessions."""
    rows = db.session.execute(
        select(Attendance.meeting_id, func.count(Attendance.id))
        .join(ClassMeeting, Attendance.meeting_id == ClassMeeting.id)
        .where(ClassMeeting.class_id == course_class.id, Attendance.present.is_(True))
        .group_by(Attendance.meeting_id))
    return dict(rows.all())


def record_attendance(meeting: ClassMeeting, actor, marks: dict[int, bool]) -> int:
    """Record present/absent for seated learners at one session; returns how many were written.

    Marks for enrolments that have no seat in the class are ignored.
    """
    lock_class(meeting.course_class)  # two staff saving the same sheet cannot both insert a row
    seated = set(db.session.scalars(select(Enrolment.id).where(
        Enrolment.class_id == meeting.class_id, Enrolment.status.in_(SEATED_STATES))))
    existing = {row.enrolment_id: row for row in db.session.scalars(
        select(Attendance).where(Attendance.meeting_id == meeting.id))}
    written, now, actor_id = 0, utcnow(), actor.id
    for enrolment_id, present in marks.items():
        if enrolment_id not in seated:
            continue
        row = existing.get(enrolment_id)
        # A new row is complete before it joins the session: an autoflush (reading an expired
        # actor's id) must never insert it half-filled.
        values = {"present": present, "recorded_by_id": actor_id, "recorded_at": now}
        if row is None:
            db.session.add(Attendance(meeting_id=meeting.id, enrolment_id=enrolment_id, **values))
        else:
            row.present, row.recorded_by_id, row.recorded_at = present, actor_id, now
        written += 1
    if written:
        present = sum(1 for enrolment_id, mark in marks.items() if mark and enrolment_id in seated)
        record_event("attendance.recorded", meeting.course_class, actor=actor,
                     object_label=meeting.course_class.name,
                     organisation_id=meeting.course_class.institute.organisation_id,
                     changes={"meeting": meeting.id, "present": present, "absent": written - present})
    db.session.flush()
    return written


def completion_day(course_class: CourseClass, now: datetime | None = None) -> date:
    """The day a completion is recorded on: the day the last session begins, in Bangkok
    (today for a class without sessions). Completion waits for that session to begin."""
    if not course_class.meetings:
        return local_date(now or utcnow())
    return local_date(course_class.meetings[-1].starts_at)


def completion_problem(course_class: CourseClass, now: datetime | None = None) -> str | None:
    """Why completion cannot be recorded yet (the class's last session has not begun), or None.

    Completion records hours the learners spent, so it waits until the last session begins
    (DOMAIN.md §6); the message names when that is, in the reader's language.
    """
    if not course_class.meetings:
        return None
    starts_at = course_class.meetings[-1].starts_at
    if starts_at <= (now or utcnow()):
        return None
    return _("Completion can be recorded once the last session has begun (%(when)s).",
             when=format_datetime(starts_at, current_language()))


def complete_enrolments(course_class: CourseClass, actor, enrolment_ids: list[int],
                        now: datetime | None = None) -> list[LearningRecord]:
    """Mark seated learners as having completed the class and record their learning.

    Each completion creates one verified learning record with the course version's hours,
    method and skill sets, dated the day the last session began; completing again returns
    the same record, never a second one. Refused (EnrolmentRefused) for a cancelled class,
    before the class's last session has begun (see completion_problem), or for someone
    without a seat.
    """
    course_class = lock_class(course_class)
    if course_class.is_cancelled:
        raise EnrolmentRefused(_("This class has been cancelled."))
    now = now or utcnow()
    problem = completion_problem(course_class, now)
    if problem:
        raise EnrolmentRefused(problem)
    enrolments = list(db.session.scalars(
        select(Enrolment).where(Enrolment.class_id == course_class.id, Enrolment.id.in_(enrolment_ids))
        .options(selectinload(Enrolment.person)).execution_options(populate_existing=True)))
    unseated = [e.person.name for e in enrolments if e.status not in SEATED_STATES]
    if unseated:
        raise EnrolmentRefused(_("Only learners with a seat can complete the class: %(names)s.",
                                 names=", ".join(unseated)))
    version, day = course_class.version, completion_day(course_class, now)
    records = []
    for enrolment in enrolments:
        if enrolment.status != "completed":
            record_event("enrolment.completed", enrolment.person, actor=actor, changes={
                "enrolment": enrolment.id, "class": course_class.id, "course": version.course.code,
                "version": version.number, "hours": version.credit_hours,
                "status": [enrolment.status, "completed"]})
            enrolment.status, enrolment.completed_at, enrolment.completed_by_id = "completed", now, actor.id
        try:
            record, created = record_learning(
                enrolment.person, method=version.credit_method, hours=version.credit_hours,
                occurred_on=day, title=f"{version.title_th} · {course_class.name}", source="class",
                source_key=f"enrolment:{enrolment.id}", skill_sets=version.skill_sets,
                status="verified", course_version=version)
        except InvalidDuration as problem:
            raise EnrolmentRefused(problem.message(current_language())) from problem
        records.append(record)
        if created:
            events.course_completed.send(record, actor=actor)
    db.session.flush()
    return records
