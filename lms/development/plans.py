"""Development plans (IDP): drafting, submitting, agreeing (R5) and revising.

Services take plain arguments and the acting person; they flush, never commit. Checks
that belong to a form field come back as `{field: [messages]}` (see `item_errors`), so a
form can show every problem beside what was typed; an action the plan's state does not
allow now raises PlanStateError, whose message the view shows.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import selectinload

from ..accounts.delegation import decided_for
from ..accounts.models import Person
from ..catalog.authoring import find_course
from ..core import events
from ..core.audit import record_event
from ..core.dates import fiscal_year_of, today_in_bangkok
from ..core.models import utcnow
from ..extensions import db
from ..reference.models import TargetGroup
from ..rules import SECOND_LEVEL, SUPERVISOR
from .models import DevelopmentPlan, PlanDecision, PlanItem, PlanRevision
from .plan_rules import PlanVerdicts, agreement_verdict
from .wording import revision_title

# A returned revision is edited in place and submitted again; a submitted one waits.
EDITABLE_STATES = ("draft", "returned")
# Not a guideline figure: a sanity bound (about a full working year) that catches typos.
MAX_PLANNED_HOURS = Decimal(2000)
# Which decision each approval level records.
DECISION_KINDS = {
    SUPERVISOR: ("agreed", "returned"),
    SECOND_LEVEL: ("second_level_agreed", "second_level_returned"),
}


class PlanStateError(Exception):
    """The plan's state does not allow this now (already submitted, decided, revised …).

    The message is translated and meant for the person; repeating a POST lands here,
    which is what makes a double submission harmless.
    """


@dataclass(frozen=True)
class PlanState:
    """A person's plan for one year at a glance: the newest revision and the one in force."""

    plan_id: int
    revision_number: int
    status: str
    agreed_number: int | None


def open_fiscal_years(today: date | None = None) -> tuple[int, int]:
    """The fiscal years (Buddhist Era) a learner may plan for: this one and the next."""
    current = fiscal_year_of(today or today_in_bangkok())
    return current, current + 1


def plans_of(person: Person) -> list[DevelopmentPlan]:
    """A person's plans, newest fiscal year first, with their revisions (one per year)."""
    return db.session.scalars(
        select(DevelopmentPlan).where(DevelopmentPlan.person_id == person.id)
        .order_by(DevelopmentPlan.fiscal_year.desc())
        .options(selectinload(DevelopmentPlan.revisions))
    ).all()


def plan_for(person: Person, fiscal_year: int) -> DevelopmentPlan | None:
    """The person's plan for a fiscal year, if they have started one."""
    return db.session.scalar(select(DevelopmentPlan).where(
        DevelopmentPlan.person_id == person.id, DevelopmentPlan.fiscal_year == fiscal_year))


def start_plan(person: Person, fiscal_year: int) -> DevelopmentPlan:
    """The person's plan for the year: the existing one, or a new draft revision 1 that
    proposes the groups already agreed for them (R5), if any."""
    plan = plan_for(person, fiscal_year)
    if plan is not None:
        return plan
    plan = DevelopmentPlan(person=person, fiscal_year=fiscal_year)
    plan.revisions.append(PlanRevision(number=1, status="draft",
                                       target_groups=list(person.target_groups)))
    db.session.add(plan)
    db.session.flush()
    return plan


def is_editable(revision: PlanRevision) -> bool:
    """Whether the learner may change the revision (draft, or returned for changes)."""
    return revision.status in EDITABLE_STATES and revision is revision.plan.current


def check_editable(revision: PlanRevision) -> None:
    """Raise PlanStateError, saying why, unless the learner may change the revision now."""
    if revision is not revision.plan.current:
        raise PlanStateError(_("Only the newest revision of a plan can be changed."))
    if revision.status == "submitted":
        raise PlanStateError(_("The plan is waiting for approval and cannot be changed now."))
    if revision.status == "agreed":
        raise PlanStateError(_("The plan is agreed. Start a new revision to change it."))


def set_groups(revision: PlanRevision, actor: Person, group_ids: list[int]) -> None:
    """Propose the target groups of a draft or returned revision (ids already checked)."""
    check_editable(revision)
    groups = db.session.scalars(select(TargetGroup).where(TargetGroup.id.in_(group_ids))).all()
    revision.target_groups = sorted(groups, key=lambda g: g.position)
    db.session.flush()


def item_errors(revision: PlanRevision, data: dict, item: PlanItem | None = None) -> dict:
    """What is wrong with saving item `data` into `revision`, by form field."""
    errors: dict[str, list[str]] = {}
    hours = data.get("planned_hours")
    if hours is not None:
        if not hours.is_finite():
            errors["planned_hours"] = [_("Enter the planned hours as a number, e.g. 12.5.")]
        elif hours <= 0:
            errors["planned_hours"] = [_("Planned hours must be more than 0.")]
        elif hours > MAX_PLANNED_HOURS:
            errors["planned_hours"] = [_("Planned hours cannot be more than %(max)s for one item.",
                                         max=MAX_PLANNED_HOURS)]
        elif hours != hours.quantize(Decimal("0.01")):
            errors["planned_hours"] = [_("Use at most two decimal places.")]
    code = (data.get("course_code") or "").strip()
    course = None
    if code:
        course = find_course(code)
        if course is None or course.published is None:
            errors["course_code"] = [_("No published course has this code.")]
    twin = next((other for other in revision.items if other is not item
                 and other.skill_set_id == data.get("skill_set_id")
                 and other.learning_method_id == data.get("learning_method_id")
                 and other.horizon == data.get("horizon")
                 and other.course_id == (course.id if course else None)), None)
    if twin is not None:
        errors.setdefault("skill_set_id", []).append(
            _("The plan already has an item for this skill set, method and horizon; change its hours instead."))
    return errors


def save_item(revision: PlanRevision, actor: Person, data: dict, item: PlanItem | None = None) -> PlanItem:
    """Write checked item data (see item_errors) into a new or existing item of the revision."""
    check_editable(revision)
    if item is None:
        item = PlanItem()
        revision.items.append(item)
    code = (data.get("course_code") or "").strip()
    item.skill_set_id = data["skill_set_id"]
    item.learning_method_id = data["learning_method_id"]
    item.planned_hours = data["planned_hours"]
    item.horizon = data["horizon"]
    item.course = find_course(code) if code else None
    item.note = (data.get("note") or "").strip()
    db.session.flush()
    return item


def delete_item(item: PlanItem, actor: Person) -> None:
    """Remove an item from a draft or returned revision."""
    revision = item.revision
    check_editable(revision)
    record_event("plan_item.deleted", revision.plan.person, actor=actor, changes={
        **_plan_identity(revision), "skill_set": item.skill_set, "method": item.method,
        "planned_hours": item.planned_hours, "horizon": item.horizon})
    revision.items.remove(item)
    db.session.flush()


def approvers(person: Person) -> tuple[Person | None, Person | None]:
    """Who agrees the person's plan: the immediate supervisor and the one above (R5)."""
    supervisor = person.supervisor
    return supervisor, supervisor.supervisor if supervisor else None


def submit_problems(revision: PlanRevision, verdicts: PlanVerdicts, language: str) -> list[str]:
    """Why the revision cannot be submitted yet (empty when it can).

    R4 and a proposed group are required; R2 and R3 are targets shown as guidance.
    """
    problems = []
    if not verdicts.can_submit:
        problems.append(_("The plan cannot be submitted until it includes every foundation skill set.")
                        + " " + verdicts.foundation.message(language))
    if verdicts.agreement.empty:
        problems.append(verdicts.agreement.message(language))
    supervisor, second_level = approvers(revision.plan.person)
    if supervisor is None:
        problems.append(_("No immediate supervisor is recorded for you, so nobody can agree the plan."
                          " Ask your agency administrator to set your supervisor."))
    elif second_level is None and verdicts.agreement.needs_second_level:
        # Submitting would leave a plan nobody can finish agreeing, and no way back to draft.
        problems.append(_("More than one target group needs the approval of the supervisor one level higher,"
                          " and your supervisor has none recorded. Propose one group, or ask your agency"
                          " administrator to complete the supervisor chain."))
    return problems


def submit(revision: PlanRevision, actor: Person, verdicts: PlanVerdicts, language: str) -> None:
    """Send a draft or returned revision to the immediate supervisor.

    Raises PlanStateError when it is not editable or cannot be submitted (see submit_problems).
    """
    if revision.status == "submitted" and revision is revision.plan.current:
        raise PlanStateError(_("The plan has already been submitted."))
    check_editable(revision)
    problems = submit_problems(revision, verdicts, language)
    if problems:
        raise PlanStateError(" ".join(problems))
    revision.status = "submitted"
    revision.submitted_at = utcnow()
    revision.decisions.append(PlanDecision(actor=actor, kind="submitted"))
    db.session.flush()
    events.plan_submitted.send(revision, actor=actor)


def revise(plan: DevelopmentPlan, actor: Person) -> PlanRevision:
    """Open revision N+1 of an agreed plan, a draft copy of the agreed groups and items.

    The agreed revision stays in force until the new one is agreed.
    """
    agreed = plan.current
    if agreed.status != "agreed":
        raise PlanStateError(_("%(revision)s is already open; change it instead.",
                                revision=revision_title(agreed.number)))
    revision = PlanRevision(number=agreed.number + 1, status="draft",
                            target_groups=list(agreed.target_groups))
    for item in agreed.items:
        revision.items.append(PlanItem(
            skill_set_id=item.skill_set_id, learning_method_id=item.learning_method_id,
            planned_hours=item.planned_hours, horizon=item.horizon, course_id=item.course_id,
            note=item.note))
    plan.revisions.append(revision)
    db.session.flush()
    return revision


def latest_submission(revision: PlanRevision) -> PlanDecision | None:
    """The decision that last submitted the revision (what a supervisor is deciding on)."""
    submitted = [d for d in revision.decisions if d.kind == "submitted"]
    return max(submitted, key=lambda d: d.id, default=None)


def decision_level(revision: PlanRevision, person: Person) -> str | None:
    """Which approval `person` may give or refuse now: SUPERVISOR, SECOND_LEVEL or None.

    The immediate supervisor decides first; the supervisor one level higher only when
    more than one group is proposed and the immediate supervisor has agreed (R5).
    """
    if revision.status != "submitted" or revision is not revision.plan.current:
        return None
    if revision.plan.person_id == person.id:
        return None  # nobody decides their own plan, acting for someone or not
    verdict = agreement_verdict(revision)
    if not verdict.still_needed:
        return None
    wanted = _wanted_approver(revision, verdict.still_needed[0])
    if wanted is None or not (wanted.id == person.id or wanted.id in person.acting_for_ids()):
        return None  # the delegations are looked up only when the person is not the approver
    return verdict.still_needed[0]


def _wanted_approver(revision: PlanRevision, level: str) -> Person | None:
    supervisor, second_level = approvers(revision.plan.person)
    return supervisor if level == SUPERVISOR else second_level


def _check_decision(revision: PlanRevision, actor: Person, submission_id: int | None) -> str:
    """The level the actor decides at now; PlanStateError when the decision is stale or not theirs."""
    current = latest_submission(revision)
    if revision.status != "submitted" or current is None or current.id != submission_id:
        raise PlanStateError(_("This plan was decided or changed since you opened it; nothing was recorded."))
    level = decision_level(revision, actor)
    if level is None:
        raise PlanStateError(_("This decision is not yours to take now; nothing was recorded."))
    return level


def agree(revision: PlanRevision, actor: Person, submission_id: int | None, comment: str = "") -> bool:
    """Record the actor's agreement to the submission `submission_id` of the revision.

    When every approval R5 requires is recorded the revision becomes agreed, and its
    groups become the person's target groups. Returns whether it is now agreed.
    """
    level = _check_decision(revision, actor, submission_id)
    kind = DECISION_KINDS[level][0]
    revision.decisions.append(PlanDecision(actor=actor, kind=kind, comment=(comment or "").strip(),
                                           on_behalf_of_id=_decided_for(revision, level, actor)))
    db.session.flush()  # the new decision's id orders it after the submission
    verdict = agreement_verdict(revision)
    if verdict.ok:
        revision.status = "agreed"
        revision.plan.person.target_groups = list(revision.target_groups)
    _record_decision(revision, actor, kind, "submitted")
    events.plan_agreed.send(revision, actor=actor, final=verdict.ok)
    return verdict.ok


def return_for_changes(revision: PlanRevision, actor: Person, submission_id: int | None, comment: str) -> None:
    """Send the submission back to the learner with a comment (required) saying what to change."""
    level = _check_decision(revision, actor, submission_id)
    if not (comment or "").strip():
        raise ValueError("a return needs a comment")
    kind = DECISION_KINDS[level][1]
    revision.decisions.append(PlanDecision(actor=actor, kind=kind, comment=comment.strip(),
                                           on_behalf_of_id=_decided_for(revision, level, actor)))
    revision.status = "returned"
    _record_decision(revision, actor, kind, "submitted")
    events.plan_returned.send(revision, actor=actor, comment=comment.strip())


def _decided_for(revision: PlanRevision, level: str, actor: Person) -> int | None:
    """The approver an acting supervisor decides for (None when the approver decides)."""
    wanted = _wanted_approver(revision, level)
    return decided_for(actor, wanted.id if wanted else None)


def _plan_identity(revision: PlanRevision) -> dict:
    """What names a revision in the audit trail: the plan, its fiscal year and revision number."""
    return {"plan": revision.plan_id, "fiscal_year": revision.plan.fiscal_year, "revision": revision.number}


def _record_decision(revision: PlanRevision, actor: Person, kind: str, status_before: str) -> None:
    """Audit a decision on the owner's plan; the comment stays in the plan's own history."""
    changes = _plan_identity(revision)
    if revision.status != status_before:
        changes["status"] = [status_before, revision.status]
    if revision.status == "agreed":
        changes["target_groups"] = ", ".join(g.slug for g in revision.target_groups)
    record_event(f"plan.{kind}", revision.plan.person, actor=actor, changes=changes)


def plan_states(person_ids, fiscal_year: int) -> dict[int, PlanState]:
    """The plan state of each person for a fiscal year, in one query ({person id: PlanState});
    people without a plan are absent. `person_ids` is a list or a select of ids."""
    newest = (select(PlanRevision.plan_id,
                     func.max(PlanRevision.number).label("newest"),
                     func.max(case((PlanRevision.status == "agreed", PlanRevision.number))).label("agreed"))
              .join(PlanRevision.plan)
              .where(DevelopmentPlan.fiscal_year == fiscal_year, DevelopmentPlan.person_id.in_(person_ids))
              .group_by(PlanRevision.plan_id).subquery())
    rows = db.session.execute(
        select(DevelopmentPlan.person_id, DevelopmentPlan.id, PlanRevision.number, PlanRevision.status,
               newest.c.agreed)
        .join(newest, newest.c.plan_id == DevelopmentPlan.id)
        .join(PlanRevision, and_(PlanRevision.plan_id == DevelopmentPlan.id,
                                 PlanRevision.number == newest.c.newest))
    ).all()
    return {person_id: PlanState(plan_id, number, status, agreed)
            for person_id, plan_id, number, status, agreed in rows}
