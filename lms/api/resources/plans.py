"""Development plans and their verdicts (R2–R6).

Access is the plan page's: a plan is seen by its owner and by their supervisors up the chain
(core.access "view_plan"); anyone else's answers 404. The verdicts are those the plan page
shows, from the same function (development.plan_rules.plan_verdicts): nothing is recomputed
here, the rules' figures are passed on as the rules give them (Verdict.as_dict).
"""

from marshmallow import Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...core.access import visible_or_404
from ...development.models import PLAN_STATES, DevelopmentPlan, PlanRevision
from ...development.plan_rules import PlanVerdicts, plan_verdicts, revision_items
from ..auth import requires
from ..pagination import PageArguments, page, page_schema
from ..spec import blueprint, scoped
from . import person_asked_for

bp = blueprint("plans", "Development plans and their verdicts (R2–R6).")

def decimal_text(description: str, **kwargs) -> fields.String:
    """An exact figure (hours, a percentage) as a decimal string, so nothing is lost to floating point."""
    return fields.String(metadata={"description": description}, **kwargs)


# Fiscal years are Buddhist Era; the bounds only keep out what cannot be a year of the system.
FISCAL_YEARS = validate.Range(2500, 2700)


class PlanRuleVerdictSchema(Schema):
    rule = fields.String(required=True, metadata={"description": "The guideline's rule: R2 … R6."})
    ok = fields.Boolean(required=True)
    empty = fields.Boolean(required=True, metadata={
        "description": "Nothing to judge yet (no hours, no group): show the message, not a failure."})
    policy_version = fields.String(allow_none=True)
    message_th = fields.String(required=True)
    message_en = fields.String(required=True)


class PlanMixBucketSchema(Schema):
    bucket = fields.String(metadata={"description": "experiential, social or formal."})
    name_th = fields.String()
    name_en = fields.String()
    hours = fields.Float()
    share = fields.Float(allow_none=True, metadata={"description": "Percent, rounded; null without hours."})
    shown_share = fields.String(allow_none=True, metadata={"description": "The share as the page shows it."})
    target_percent = fields.Integer()
    within_tolerance = fields.Boolean()
    add_hours = fields.Float(metadata={"description": "Hours to add to this bucket for the exact mix."})


class PlanMixVerdictSchema(PlanRuleVerdictSchema):
    """R2: 70:20:10 on the planned hours by method (a target)."""

    total_hours = fields.Float()
    tolerance_points = fields.Integer()
    buckets = fields.List(fields.Nested(PlanMixBucketSchema))


class PlanHorizonVerdictSchema(PlanRuleVerdictSchema):
    """R3: current and future work, 70:30 (a target)."""

    current_hours = fields.Float()
    future_hours = fields.Float()
    current_share = fields.Float(allow_none=True)
    future_share = fields.Float(allow_none=True)
    current_percent = fields.Integer(metadata={"description": "The policy's target for current work."})
    future_percent = fields.Integer()
    tolerance_points = fields.Integer()
    has_future = fields.Boolean(metadata={"description": "False in the agency's last phase."})
    add_horizon = fields.String(allow_none=True, metadata={"description": "current or future: the side short."})
    add_hours = fields.Float()
    shown_current_percent = fields.String(allow_none=True)
    shown_future_percent = fields.String(allow_none=True)


class PlanFoundationVerdictSchema(PlanRuleVerdictSchema):
    """R4: both foundation skill sets in the plan (required before submitting)."""

    required = fields.List(fields.String(), metadata={"description": "Skill-set slugs."})
    missing = fields.List(fields.String())
    certified = fields.List(fields.String())


class PlanAgreementVerdictSchema(PlanRuleVerdictSchema):
    """R5: the proposed target groups and the approvals they need."""

    groups = fields.List(fields.String(), metadata={"description": "Target-group slugs."})
    required = fields.List(fields.String(), metadata={"description": "supervisor, second_level."})
    still_needed = fields.List(fields.String())


class PlanRoleSchema(Schema):
    name_th = fields.String()
    name_en = fields.String()
    description_th = fields.String()
    description_en = fields.String()


class PlanRolesVerdictSchema(PlanRuleVerdictSchema):
    """R6: the expected roles of one proposed group in the agency's phase and the next."""

    group = fields.String()
    phase = fields.String()
    next_phase = fields.String(allow_none=True)
    current_role = fields.Nested(PlanRoleSchema)
    future_role = fields.Nested(PlanRoleSchema, allow_none=True)


class PlanVerdictsSchema(Schema):
    policy_version = fields.String(metadata={"description": "The policy in force when the fiscal year began."})
    phase = fields.String(allow_none=True, metadata={"description": "The agency's phase; null when it set none."})
    planned_hours = decimal_text("The plan's hours, exact, as a decimal string (\"100.00\").")
    can_submit = fields.Boolean(metadata={"description": "R4 blocks submission; R2 and R3 are targets."})
    mix = fields.Nested(PlanMixVerdictSchema)
    horizon = fields.Nested(PlanHorizonVerdictSchema)
    foundation = fields.Nested(PlanFoundationVerdictSchema)
    agreement = fields.Nested(PlanAgreementVerdictSchema)
    roles = fields.List(fields.Nested(PlanRolesVerdictSchema), metadata={
        "description": "R6, one per proposed group; empty when the agency has set no phase."})


class PlanItemSchema(Schema):
    id = fields.Integer()
    skill_set = fields.String(metadata={"description": "The skill set's slug."})
    method = fields.String(metadata={"description": "The learning method's slug."})
    bucket = fields.String(metadata={"description": "The method's 70:20:10 bucket."})
    hours = decimal_text("Planned hours, exact, as a decimal string (\"12.50\").")
    horizon = fields.String(metadata={"description": "current or future work (R3)."})
    note = fields.String()
    course_code = fields.String(allow_none=True)
    course_title_th = fields.String(allow_none=True)
    course_title_en = fields.String(allow_none=True)


class PlanSchema(Schema):
    id = fields.Integer()
    person_id = fields.Integer()
    person_email = fields.String()
    fiscal_year = fields.Integer(metadata={"description": "Buddhist Era (1 October – 30 September)."})
    state = fields.String(metadata={"description": "The newest revision's: " + ", ".join(PLAN_STATES)})
    revision = fields.Integer(metadata={"description": "The newest revision's number (1 is the original plan)."})
    agreed_revision = fields.Integer(allow_none=True, metadata={
        "description": "The newest agreed revision's number: the one in force; null when none is agreed."})
    target_groups = fields.List(fields.String(), metadata={"description": "Proposed target-group slugs (R5)."})
    items = fields.List(fields.Nested(PlanItemSchema))
    verdicts = fields.Nested(PlanVerdictsSchema)


class PlanArguments(PageArguments):
    person_id = fields.Integer(load_default=None, validate=validate.Range(1, 2**31 - 1), metadata={
        "description": "Someone whose plans the caller may see (themself, those below them); default the caller."})
    fiscal_year = fields.Integer(load_default=None, validate=FISCAL_YEARS)


PlanPage = page_schema(PlanSchema, "PlanPage")
_WITH_REVISIONS = selectinload(DevelopmentPlan.revisions).options(
    selectinload(PlanRevision.decisions), selectinload(PlanRevision.target_groups))


def verdicts_data(verdicts: PlanVerdicts) -> dict:
    """The plan page's verdicts as the rules give them (their own JSON form, Verdict.as_dict)."""
    return {
        "policy_version": verdicts.policy.version, "phase": verdicts.phase,
        "planned_hours": verdicts.planned_hours, "can_submit": verdicts.can_submit,
        "mix": verdicts.mix.as_dict(), "horizon": verdicts.horizon.as_dict(),
        "foundation": verdicts.foundation.as_dict(), "agreement": verdicts.agreement.as_dict(),
        "roles": [roles.as_dict() for roles in verdicts.roles],
    }


def _item_data(item) -> dict:
    course = item.course
    version = (course.published or course.latest) if course is not None else None
    return {
        "id": item.id, "skill_set": item.skill_set.slug, "method": item.method.slug, "bucket": item.method.bucket,
        "hours": item.planned_hours, "horizon": item.horizon, "note": item.note or "",
        "course_code": course.code if course else None,
        "course_title_th": version.title_th if version else None,
        "course_title_en": (version.title_en or None) if version else None,
    }


def plan_data(plan: DevelopmentPlan) -> dict:
    """A plan's answer: its newest revision (the one the plan page opens on), its items and verdicts."""
    revision = plan.current
    items = revision_items(revision)
    agreed = plan.agreed
    return {
        "id": plan.id, "person_id": plan.person_id, "person_email": plan.person.email,
        "fiscal_year": plan.fiscal_year, "state": revision.status, "revision": revision.number,
        "agreed_revision": agreed.number if agreed else None,
        "target_groups": [g.slug for g in revision.target_groups],
        "items": [_item_data(item) for item in items],
        "verdicts": verdicts_data(plan_verdicts(revision, items)),
    }


@bp.route("/plans")
@scoped(bp, "plans:read")
@bp.arguments(PlanArguments, location="query")
@bp.response(200, PlanPage)
@requires("plans:read", "signed_in")
def list_plans(arguments):
    """Development plans of the caller, or of someone below them, with their R2–R6 verdicts."""
    owner = person_asked_for(arguments["person_id"])
    statement = select(DevelopmentPlan).where(DevelopmentPlan.person_id == owner.id).options(_WITH_REVISIONS)
    if arguments["fiscal_year"] is not None:
        statement = statement.where(DevelopmentPlan.fiscal_year == arguments["fiscal_year"])
    return page(statement, DevelopmentPlan.id, arguments, shape=plan_data)


@bp.route("/plans/<int:plan_id>")
@scoped(bp, "plans:read")
@bp.response(200, PlanSchema)
@requires("plans:read", "view_plan")
def get_plan(plan_id):
    """One development plan the caller may see, with its items and R2–R6 verdicts."""
    return plan_data(visible_or_404(DevelopmentPlan, plan_id, "view_plan", options=[_WITH_REVISIONS]))
