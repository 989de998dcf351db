"""Coaching (การสอนงาน): a supervisor records sessions with their direct reports.

Decisions:
- Only **direct reports** can be coached in a session: the coach verifies the hours, and
  in this product only the immediate supervisor verifies learning. Those further up the
  chain see the sessions of the people below them.
- Each coached person gets one learning record (method `coaching`, source "coaching",
  key `coaching:<session id>`), created **verified**, so it counts at once. Acknowledging
  is a receipt ("I was coached"), not a gate: the coach already vouches for it.
- Hours are minutes / 60 rounded to the column's two places (50 min = 0.83 h), the
  same on SQLite and PostgreSQL; the session keeps the exact minutes, and the coach's
  totals are summed from minutes.
- A session can be deleted by its coach until someone acknowledges it; after that it is
  a shared record.

Services flush, never commit.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from ..accounts.delegation import decided_for, supervised_ids
from ..accounts.models import Person
from ..core import events
from ..core.access import can
from ..core.audit import record_event
from ..core.dates import fiscal_year_bounds
from ..core.models import utcnow
from ..extensions import db
from ..records.models import LearningRecord
from ..records.services import record_learning
from ..reference.models import LearningMethod, SkillSet
from . import log
from .models import CoachingAttendee, CoachingSession

COACHING_METHOD = "coaching"
HOURS_STEP = Decimal("0.01")


@dataclass
class SessionData:
    """What the coach typed, converted; None where a field did not parse."""

    occurred_on: date | None
    minutes: int | None
    topic: str
    attendee_ids: list[int] = field(default_factory=list)
    skill_set_ids: list[int] = field(default_factory=list)
    notes_md: str = ""


def hours_for(minutes: int) -> Decimal:
    """Minutes as hours in the record's precision: 90 -> 1.50, 50 -> 0.83."""
    return (Decimal(minutes) / 60).quantize(HOURS_STEP, rounding=ROUND_HALF_UP)


def coachable_people(coach) -> list[Person]:
    """Who the coach may record a session for: their active direct reports, and those of
    the supervisors they act for today, by name."""
    return list(db.session.scalars(
        select(Person).where(Person.supervisor_id.in_(supervised_ids(coach)), Person.id != coach.id,
                             Person.is_active)
        .order_by(Person.name_th, Person.id)))


def coached_for(coach, people: list[Person]) -> int | None:
    """The supervisor the session is recorded for when the coach acts for them."""
    supervisors = {person.supervisor_id for person in people}
    return decided_for(coach, supervisors.pop()) if len(supervisors) == 1 else None


def session_problems(coach, data: SessionData) -> dict[str, list[str]]:
    """Every problem the form's own checks cannot see, by field name.

    Locks the coached people, so the day totals checked here are still true at commit.
    """
    problems: dict[str, list[str]] = {}
    if data.occurred_on is not None and (problem := log.date_problem(data.occurred_on)):
        problems["occurred_on"] = [problem]
    allowed = {p.id: p for p in coachable_people(coach)}
    chosen = [allowed[i] for i in data.attendee_ids if i in allowed]
    if len(chosen) != len(set(data.attendee_ids)):
        problems["attendee_ids"] = [_("You can record coaching only for your direct reports.")]
    elif len({person.supervisor_id for person in chosen}) > 1:
        # Acting for someone: each session is recorded as the coach's own or as theirs.
        problems["attendee_ids"] = [_("Record coaching for your own reports and for the reports of "
                                      "the supervisor you act for in separate sessions.")]
    elif data.occurred_on is not None and data.minutes:
        messages = []
        for person in chosen:
            log.lock_person(person)
            problem = log.day_total_problem(person, data.occurred_on, hours_for(data.minutes), name=person.name)
            if problem:
                messages.append(problem)
        if messages:
            problems["minutes"] = messages
    return problems


def record_session(coach, data: SessionData) -> CoachingSession:
    """Save a session and one verified coaching record per coached person; call after
    session_problems found nothing."""
    skill_sets = list(db.session.scalars(select(SkillSet).where(SkillSet.id.in_(data.skill_set_ids))))
    people = list(db.session.scalars(select(Person).where(Person.id.in_(data.attendee_ids))))
    session = CoachingSession(coach_id=coach.id, occurred_on=data.occurred_on, minutes=data.minutes,
                              topic=data.topic, notes_md=data.notes_md, skill_sets=skill_sets,
                              on_behalf_of_id=coached_for(coach, people))
    db.session.add(session)
    db.session.flush()
    method = db.session.scalar(select(LearningMethod).where(LearningMethod.slug == COACHING_METHOD))
    now = utcnow()
    for person in people:
        record, _created = record_learning(
            person, method=method, hours=hours_for(data.minutes), occurred_on=data.occurred_on,
            title=data.topic, source="coaching", source_key=f"coaching:{session.id}",
            skill_sets=skill_sets, status="verified")
        record.reviewed_at, record.reviewed_by_id = now, coach.id  # the coach vouches for it
        db.session.add(CoachingAttendee(session=session, person_id=person.id, record_id=record.id))
        # Verified hours appear at once: audited like a supervisor's verification.
        record_event("coaching_session.recorded", person, actor=coach,
                     changes={**_session_identity(session), "record": record.id, "status": "verified"})
    db.session.flush()
    events.coaching_recorded.send(session, actor=coach)
    return session


def _session_identity(session: CoachingSession) -> dict:
    return {"session": session.id, "occurred_on": session.occurred_on, "minutes": session.minutes,
            "hours": hours_for(session.minutes)}


def attendance_of(person, session: CoachingSession) -> CoachingAttendee | None:
    return next((a for a in session.attendees if a.person_id == person.id), None)


def acknowledge(person, session: CoachingSession) -> CoachingAttendee | None:
    """Mark the person's attendance acknowledged (once; later clicks change nothing)."""
    attendance = attendance_of(person, session)
    if attendance is not None and attendance.acknowledged_at is None:
        attendance.acknowledged_at = utcnow()
        db.session.flush()
    return attendance


def delete_session(session: CoachingSession, actor=None) -> None:
    """Remove a session and the coaching records it created (audited once per coached person,
    whose hours they were)."""
    key = f"coaching:{session.id}"
    person_ids = [a.person_id for a in session.attendees]
    for attendee in session.attendees:
        record_event("coaching_session.deleted", attendee.person, actor=actor,
                     changes={**_session_identity(session), "record": attendee.record_id})
    db.session.delete(session)
    db.session.flush()
    if person_ids:
        db.session.execute(delete(LearningRecord).where(
            LearningRecord.person_id.in_(person_ids), LearningRecord.source == "coaching",
            LearningRecord.source_key == key))
    db.session.flush()


def visible_attendees(person, session: CoachingSession) -> list[CoachingAttendee]:
    """Attendees shown to `person`: all for the coach, otherwise only those they may see."""
    if session.coach_id == person.id:
        return list(session.attendees)
    return [a for a in session.attendees if can(person, "view_development", a.person)]


def attended_by(person):
    """The person's coaching attendances, newest session first (a query, for paginating)."""
    return (select(CoachingAttendee).join(CoachingAttendee.session).where(CoachingAttendee.person_id == person.id)
            .options(selectinload(CoachingAttendee.session).selectinload(CoachingSession.coach),
                     selectinload(CoachingAttendee.session).selectinload(CoachingSession.skill_sets))
            .order_by(CoachingSession.occurred_on.desc(), CoachingSession.id.desc()))


def unacknowledged_count(person) -> int:
    return db.session.scalar(select(func.count()).select_from(CoachingAttendee).where(
        CoachingAttendee.person_id == person.id, CoachingAttendee.acknowledged_at.is_(None)))


def _in_year(fiscal_year: int):
    first, last = fiscal_year_bounds(fiscal_year)
    return CoachingSession.occurred_on.between(first, last)


@dataclass(frozen=True)
class CoachedPerson:
    person: Person
    sessions: int
    minutes: int
    acknowledged: int

    @property
    def hours(self) -> Decimal:
        return Decimal(self.minutes) / 60


def coaching_given(coach, fiscal_year: int) -> list[CoachedPerson]:
    """Per coached person: sessions, minutes and acknowledgements in a fiscal year (summed in SQL)."""
    totals = (select(CoachingAttendee.person_id.label("person_id"),
                     func.count(CoachingSession.id).label("sessions"),
                     func.sum(CoachingSession.minutes).label("minutes"),
                     func.count(CoachingAttendee.acknowledged_at).label("acknowledged"))
              .join(CoachingAttendee.session)
              .where(CoachingSession.coach_id == coach.id, _in_year(fiscal_year))
              .group_by(CoachingAttendee.person_id).subquery())
    rows = db.session.execute(
        select(Person, totals.c.sessions, totals.c.minutes, totals.c.acknowledged)
        .join(totals, totals.c.person_id == Person.id).order_by(Person.name_th, Person.id))
    return [CoachedPerson(person, sessions, int(minutes), acknowledged)
            for person, sessions, minutes, acknowledged in rows]


def sessions_given(coach, fiscal_year: int):
    """The coach's sessions in a fiscal year, newest first (a query, for paginating)."""
    return (select(CoachingSession).where(CoachingSession.coach_id == coach.id, _in_year(fiscal_year))
            .options(selectinload(CoachingSession.attendees).selectinload(CoachingAttendee.person),
                     selectinload(CoachingSession.skill_sets))
            .order_by(CoachingSession.occurred_on.desc(), CoachingSession.id.desc()))
