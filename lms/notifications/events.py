"""Notices of things that just happened, told at once to the people they concern.

The services below announce their changes with the signals of lms.core.events; the
handlers here write the notification (and its outbox row when it goes by e-mail) in the
caller's transaction, so a notice exists exactly when the change was committed. The
person who acted is never told of their own action, except the learner who enrols: their
confirmation is the receipt of the seat or of the place in the queue. People are named in
payloads by id only (read when the notice is shown), so anonymising someone leaves no name
behind in others' notices.

Each notice is keyed uniquely by the event (the decision, review or moment it happened),
so a second return of the same plan is a second notice, and the nightly reminder jobs of
the same kinds (plan_returned, record_returned) find it already written.
"""

from datetime import datetime

from sqlalchemy import func, select

from ..accounts.models import Delegation
from ..classes.enrolment import waiting_position
from ..classes.models import CourseClass, Enrolment
from ..core import events as signals
from ..core.dates import today_in_bangkok
from ..core.models import utcnow
from ..development.coaching import hours_for
from ..development.models import PlanDecision, PlanRevision, RecordReview
from ..development.plan_rules import agreement_verdict
from ..development.plans import approvers
from ..extensions import db
from ..rules import SUPERVISOR
from ..rules.formatting import hours_text
from .services import Reminder, record_reminders

# The people a class-wide notice reaches: those holding a seat or waiting for one.
CLASS_AUDIENCE = ("enrolled", "waitlisted")


def _told(person, actor) -> bool:
    """Whether `person` should hear of an action of `actor`: not the actor, and still here."""
    return person is not None and person.is_active and (actor is None or person.id != actor.id)


def _tell(kind: str, people, actor, subject: str, period: str, payload: dict) -> None:
    """Write one notice for each person to tell (one query for their channels, one insert)."""
    record_reminders(kind, [Reminder(person.id, subject, period, payload)
                            for person in people if _told(person, actor)])


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _stamp(moment: datetime) -> str:
    """A moment as a compact period key: '20261201T175416123456'."""
    return moment.strftime("%Y%m%dT%H%M%S%f")


# --- development plans ---------------------------------------------------------------------

def _latest_decision(revision: PlanRevision) -> PlanDecision:
    db.session.flush()  # the decision just appended gets its id
    return max(revision.decisions, key=lambda decision: decision.id)


def _plan_facts(revision: PlanRevision, decision: PlanDecision) -> tuple[str, str, dict]:
    plan = revision.plan
    return f"plan:{plan.id}", f"decision:{decision.id}", {
        "plan_id": plan.id, "fy": plan.fiscal_year, "revision": revision.number, "person_id": plan.person_id}


def _waiting_approver(revision: PlanRevision):
    """Who must decide on the submitted revision next (R5), or None when nobody must."""
    still_needed = agreement_verdict(revision).still_needed
    if not still_needed:
        return None
    supervisor, second_level = approvers(revision.plan.person)
    return supervisor if still_needed[0] == SUPERVISOR else second_level


def on_plan_submitted(revision: PlanRevision, actor=None, **_extra) -> None:
    """The immediate supervisor, and whoever acts for them today: a plan waits for approval."""
    subject, period, payload = _plan_facts(revision, _latest_decision(revision))
    approver = _waiting_approver(revision)
    acting = Delegation.delegates_of(approver.id, today_in_bangkok()) if approver is not None else []
    _tell("plan_submitted", [approver, *acting], actor, subject, period, payload)


def on_plan_agreed(revision: PlanRevision, actor=None, final: bool = True, **_extra) -> None:
    """The learner: agreed (or agreed at the first level, waiting for the second); and when
    a second level must still agree, that approver: it waits for them."""
    decision = _latest_decision(revision)
    subject, period, payload = _plan_facts(revision, decision)
    next_approver = None if final else _waiting_approver(revision)
    payload |= {"final": final, "agreed_at": _iso(decision.created_at or utcnow()),
                "comment": decision.comment, "agreed_by_id": actor.id if actor else None,
                "waiting_for_id": next_approver.id if next_approver else None}
    _tell("plan_agreed", [revision.plan.person], actor, subject, period, payload)
    if next_approver is not None:
        _tell("plan_second_level", [next_approver], actor, subject, period, payload)


def on_plan_returned(revision: PlanRevision, actor=None, comment: str = "", **_extra) -> None:
    """The learner: the plan came back with a comment (the payload of the nightly reminder)."""
    decision = _latest_decision(revision)
    subject, period, payload = _plan_facts(revision, decision)
    payload |= {"comment": comment or decision.comment, "returned_at": _iso(decision.created_at or utcnow())}
    _tell("plan_returned", [revision.plan.person], actor, subject, period, payload)


# --- the learning log and coaching ---------------------------------------------------------

def _entry_notice(kind: str, record, actor, comment: str) -> None:
    db.session.flush()  # the review just added gets its id
    review_id = db.session.scalar(select(func.max(RecordReview.id)).where(RecordReview.record_id == record.id))
    payload = {"record_id": record.id, "title": record.title, "occurred_on": _iso(record.occurred_on),
               "hours": hours_text(record.hours), "comment": comment, "reviewed_at": _iso(record.reviewed_at)}
    _tell(kind, [record.person], actor, f"record:{record.id}", f"review:{review_id}", payload)


def on_entry_verified(record, actor=None, comment: str = "", **_extra) -> None:
    _entry_notice("entry_verified", record, actor, comment)


def on_entries_verified(person, actor=None, records=(), **_extra) -> None:
    """The learner, once for entries a supervisor verified together."""
    if len(records) == 1:
        _entry_notice("entry_verified", records[0], actor, "")
        return
    db.session.flush()
    review_id = db.session.scalar(select(func.max(RecordReview.id)).where(
        RecordReview.record_id.in_([record.id for record in records])))
    payload = {"entries": [{"record_id": r.id, "title": r.title, "occurred_on": _iso(r.occurred_on),
                            "hours": hours_text(r.hours)} for r in records]}
    _tell("entry_verified", [person], actor, f"records:{records[0].id}", f"review:{review_id}", payload)


def on_entry_returned(record, actor=None, comment: str = "", **_extra) -> None:
    _entry_notice("record_returned", record, actor, comment)


def on_coaching_recorded(session, actor=None, **_extra) -> None:
    """Each coached person: coaching with them was recorded (and counts already)."""
    payload = {"session_id": session.id, "coach_id": session.coach_id, "topic": session.topic,
               "occurred_on": _iso(session.occurred_on), "hours": hours_text(hours_for(session.minutes))}
    _tell("coaching_recorded", [attendee.person for attendee in session.attendees], actor,
          f"coaching:{session.id}", "", payload)


# --- classes -------------------------------------------------------------------------------

def _class_facts(course_class: CourseClass) -> dict:
    version = course_class.version
    first = course_class.meetings[0] if course_class.meetings else None
    return {"class_id": course_class.id, "class_name": course_class.name, "course_th": version.title_th,
            "course_en": version.title_en, "place": course_class.place, "online_url": course_class.online_url,
            "starts_at": _iso(first.starts_at) if first else None}


def on_enrolment_confirmed(enrolment: Enrolment, actor=None, **_extra) -> None:
    """The learner: their seat, or their place on the waiting list (a receipt, even of their own enrolling)."""
    payload = {**_class_facts(enrolment.course_class), "status": enrolment.status,
               "position": waiting_position(enrolment)}
    _tell("enrolment_confirmed", [enrolment.person], None, f"class:{enrolment.class_id}",
          f"{enrolment.status}:{_stamp(enrolment.joined_at)}", payload)


def on_enrolment_promoted(enrolment: Enrolment, actor=None, **_extra) -> None:
    """The learner: a seat became free and is theirs now."""
    _tell("enrolment_promoted", [enrolment.person], actor, f"class:{enrolment.class_id}",
          f"seated:{_stamp(enrolment.seated_at or utcnow())}", _class_facts(enrolment.course_class))


def on_enrolment_removed(enrolment: Enrolment, actor=None, **_extra) -> None:
    """The learner: staff took them off the class (seat or waiting list)."""
    _tell("enrolment_removed", [enrolment.person], actor, f"class:{enrolment.class_id}",
          f"removed:{_stamp(enrolment.withdrawn_at or utcnow())}", _class_facts(enrolment.course_class))


def on_enrolment_no_show(enrolment: Enrolment, actor=None, **_extra) -> None:
    """The learner: staff marked that they never came (the class is not completed for them)."""
    _tell("enrolment_no_show", [enrolment.person], actor, f"class:{enrolment.class_id}", "no_show",
          _class_facts(enrolment.course_class))


def _audience(course_class: CourseClass):
    return db.session.scalars(select(Enrolment).where(
        Enrolment.class_id == course_class.id, Enrolment.status.in_(CLASS_AUDIENCE)))


def on_class_changed(course_class: CourseClass, actor=None, **_extra) -> None:
    """Everyone seated or waiting: the class's dates or place changed; the sessions as they are now."""
    if course_class.is_cancelled:
        return
    payload = {**_class_facts(course_class), "meetings": [
        [meeting.title, _iso(meeting.starts_at), _iso(meeting.ends_at)] for meeting in course_class.meetings]}
    _tell("class_changed", [enrolment.person for enrolment in _audience(course_class)], actor,
          f"class:{course_class.id}", f"changed:{_stamp(utcnow())}", payload)


def on_delegation_started(delegation: Delegation, actor=None, **_extra) -> None:
    """The delegate: they act for the principal over the period."""
    _tell("acting_for", [delegation.delegate], actor, f"delegation:{delegation.id}", "", {
        "principal_id": delegation.principal_id, "starts_on": _iso(delegation.starts_on),
        "ends_on": _iso(delegation.ends_on)})


def on_class_cancelled(course_class: CourseClass, actor=None, **_extra) -> None:
    """Everyone seated or waiting: the class will not take place."""
    _tell("class_cancelled", [enrolment.person for enrolment in _audience(course_class)], actor,
          f"class:{course_class.id}", "cancelled", _class_facts(course_class))


# --- skill assessments and external results -------------------------------------------------

def _deciders(person):
    """Who decides on a person's assessment or result: the immediate supervisor and whoever acts
    for them today (as lms.assessment.ratings lists what waits for them)."""
    supervisor = person.supervisor
    if supervisor is None:
        return []
    return [supervisor, *Delegation.delegates_of(supervisor.id, today_in_bangkok())]


def _skill_set_names(skill_set) -> dict:
    return {"skill_set_th": skill_set.name_th, "skill_set_en": skill_set.name_en} if skill_set else {}


def on_skill_assessment_submitted(assessment, actor=None, **_extra) -> None:
    """The supervisor, and whoever acts for them today: an assessment waits for confirmation."""
    _tell("skill_assessment_submitted", _deciders(assessment.person), actor, f"skill_assessment:{assessment.id}",
          f"submitted:{_stamp(assessment.submitted_at or utcnow())}",
          {"assessment_id": assessment.id, "fy": assessment.fiscal_year, "person_id": assessment.person_id})


def on_skill_assessment_confirmed(assessment, actor=None, **_extra) -> None:
    """The person: their levels were confirmed (and how many the supervisor changed)."""
    adjusted = sum(1 for rating in assessment.ratings
                   if rating.supervisor_level is not None and rating.supervisor_level != rating.self_level)
    _tell("skill_assessment_confirmed", [assessment.person], actor, f"skill_assessment:{assessment.id}",
          f"confirmed:{_stamp(assessment.confirmed_at or utcnow())}",
          {"assessment_id": assessment.id, "fy": assessment.fiscal_year, "adjusted": adjusted,
           "confirmed_by_id": actor.id if actor else assessment.confirmed_by_id})


def on_external_result_submitted(result, actor=None, **_extra) -> None:
    """The supervisor, and whoever acts for them today: a result waits for verification. Named by
    ids only (its title is read when shown), so nothing of it stays in others' notices once it is gone."""
    _tell("external_result_submitted", _deciders(result.person), actor, f"external_result:{result.id}",
          f"submitted:{_stamp(utcnow())}", {"result_id": result.id, "person_id": result.person_id})


def on_external_result_reviewed(result, actor=None, verified: bool = False, comment: str = "", **_extra) -> None:
    """The owner: the result was verified (it counts now) or returned with what to change."""
    _tell("external_result_reviewed", [result.person], actor, f"external_result:{result.id}",
          f"reviewed:{_stamp(result.reviewed_at or utcnow())}",
          {"result_id": result.id, "title": result.title, "level": result.level, **_skill_set_names(result.skill_set),
           "verified": verified, "comment": comment})


HANDLERS = (
    (signals.plan_submitted, on_plan_submitted), (signals.plan_agreed, on_plan_agreed),
    (signals.plan_returned, on_plan_returned), (signals.entry_verified, on_entry_verified),
    (signals.entries_verified, on_entries_verified),
    (signals.entry_returned, on_entry_returned), (signals.coaching_recorded, on_coaching_recorded),
    (signals.enrolment_confirmed, on_enrolment_confirmed), (signals.enrolment_promoted, on_enrolment_promoted),
    (signals.enrolment_removed, on_enrolment_removed), (signals.enrolment_no_show, on_enrolment_no_show),
    (signals.class_changed, on_class_changed), (signals.class_cancelled, on_class_cancelled),
    (signals.delegation_started, on_delegation_started),
    (signals.skill_assessment_submitted, on_skill_assessment_submitted),
    (signals.skill_assessment_confirmed, on_skill_assessment_confirmed),
    (signals.external_result_submitted, on_external_result_submitted),
    (signals.external_result_reviewed, on_external_result_reviewed),
)


def connect_handlers() -> None:
    """Listen to the services' signals (at app start; connecting again changes nothing)."""
    for signal, handler in HANDLERS:
        signal.connect(handler)
