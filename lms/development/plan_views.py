"""Development plans (IDP): the learner drafts and submits, supervisors agree or return (R5).

Thin views: parse → a service in plans.py → commit → redirect, or render the plan page
again with what was typed and every error. The learner's forms live on the plan page
itself, so every GET page answers as its declared permission says.
"""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from ..accounts.delegation import supervised_ids
from ..core.access import require, visible_or_404
from ..core.dates import format_fiscal_year
from ..core.forms import choices
from ..core.i18n import current_language
from ..extensions import db
from ..reference.models import LearningMethod, TargetGroup
from ..reference.services import offered_skill_sets, ordered
from ..rules.formatting import format_tenths, round_tenths
from . import plan_queue, plans
from .models import DevelopmentPlan, PlanDecision, PlanItem, PlanRevision
from .plan_forms import DecisionForm, GroupsForm, NewPlanForm, PlanItemForm
from .plan_rules import plan_verdicts, revision_items

bp = Blueprint("plans", __name__, url_prefix="/plans", template_folder="templates")


def _me():
    return current_user._get_current_object()


def _plan_or_404(plan_id: int, permission: str = "view_plan") -> DevelopmentPlan:
    """The plan, if the current person may do this to it (see it, by default); else 404."""
    return visible_or_404(DevelopmentPlan, plan_id, permission, options=[
        selectinload(DevelopmentPlan.revisions).selectinload(PlanRevision.decisions)
        .selectinload(PlanDecision.actor)])


def _own_plan_or_404(plan_id: int) -> DevelopmentPlan:
    """Only the learner changes their plan; anyone else, even a supervisor, gets 404."""
    return _plan_or_404(plan_id, "edit_plan")


def _back(plan: DevelopmentPlan, **args):
    return redirect(url_for("plans.show", plan_id=plan.id, **args))


@bp.route("/")
@require("signed_in")
def mine():
    own = plans.plans_of(current_user)
    return render_template("development/plans/index.html", plans=own, form=_new_plan_form(own),
                           current_year=plans.open_fiscal_years()[0])


def _new_plan_form(existing) -> NewPlanForm:
    started = {p.fiscal_year for p in existing}
    form = NewPlanForm()
    form.fiscal_year.choices = choices(
        (year, _("Fiscal year %(year)s", year=format_fiscal_year(year, current_language())))
        for year in plans.open_fiscal_years() if year not in started)
    return form


@bp.route("/new", methods=["POST"])
@require("signed_in")
def start():
    form = NewPlanForm()
    # Any open year is accepted, even one already started: start_plan then opens it (a repeat POST).
    form.fiscal_year.choices = choices((y, str(y)) for y in plans.open_fiscal_years())
    if not form.validate():
        flash(_("Choose this fiscal year or the next."), "warning")
        return redirect(url_for("plans.mine"))
    plan = plans.start_plan(_me(), form.fiscal_year.data)
    db.session.commit()
    return _back(plan)


@bp.route("/<int:plan_id>")
@require("view_plan")
def show(plan_id):
    plan = _plan_or_404(plan_id)
    number = request.args.get("revision", type=int)
    revision = plan.current if number is None else next(
        (r for r in plan.revisions if r.number == number), None)
    if revision is None:
        abort(404)
    editing = None
    if (item_id := request.args.get("edit", type=int)) is not None:
        editing = next((i for i in revision.items if i.id == item_id), None)
    item_form = None
    if editing is None and (proposed := request.args.get("skill_set", type=int)) is not None:
        # A proposal for a gap (lms.assessment.ratings): a new item with that skill set, and a course.
        item_form = _item_form()
        item_form.skill_set_id.data, item_form.course_code.data = proposed, request.args.get("course", "")[:40]
    return _render_plan(plan, revision, editing=editing, item_form=item_form)


def _groups_form(revision: PlanRevision, formdata=None) -> GroupsForm:
    form = GroupsForm(formdata=formdata)
    groups = ordered(TargetGroup)
    form.target_groups.choices = choices((g.id, g.name) for g in groups)
    if formdata is None:
        form.target_groups.data = [g.id for g in revision.target_groups]
    return form


def _item_form(item: PlanItem | None = None, formdata=None) -> PlanItemForm:
    form = PlanItemForm(formdata=formdata, obj=item if formdata is None else None)
    skill_sets = offered_skill_sets([item.skill_set_id] if item is not None else ())
    methods = ordered(LearningMethod)
    form.skill_set_id.choices = choices((s.id, s.name) for s in skill_sets)
    form.learning_method_id.choices = choices((m.id, m.name) for m in methods)
    if formdata is None and item is not None and item.course is not None:
        form.course_code.data = item.course.code
    return form


def _decision_form(revision: PlanRevision, formdata=None) -> DecisionForm:
    form = DecisionForm(formdata=formdata)
    if formdata is None:
        submission = plans.latest_submission(revision)
        form.submission.data = submission.id if submission else None
    return form


def _mix_rows(mix) -> list[dict]:
    """R2's buckets as display rows: hours rounded to one decimal, the share as the rule shows it."""
    return [{"bucket": b.bucket, "target": b.target_percent, "within": b.within_tolerance,
             "hours": format_tenths(round_tenths(b.hours)), "share": b.shown_share}
            for b in mix.buckets]


def _horizon_hours(horizon) -> dict[str, str]:
    """R3's current and future hours rounded to one decimal, as the mix rows show hours."""
    return {"current": format_tenths(round_tenths(horizon.current_hours)),
            "future": format_tenths(round_tenths(horizon.future_hours))}


def _render_plan(plan, revision, editing=None, groups_form=None, item_form=None,
                 decision_form=None):
    """The plan page: one revision with its verdicts, forms for who may act, the history."""
    language = current_language()
    items = revision_items(revision)
    verdicts = plan_verdicts(revision, items)
    owner = plan.person_id == current_user.id
    editable = owner and plans.is_editable(revision)
    level = plans.decision_level(revision, current_user)
    if editable:
        groups_form = groups_form or _groups_form(revision)
        item_form = item_form or _item_form(editing)
    else:
        editing = groups_form = item_form = None
    if level is not None:
        decision_form = decision_form or _decision_form(revision)
    supervisor, second_level = plans.approvers(plan.person)
    return render_template(
        "development/plans/show.html", plan=plan, revision=revision, verdicts=verdicts,
        items=items, language=language, owner=owner, editable=editable,
        editing=editing, groups_form=groups_form, item_form=item_form, decision_form=decision_form,
        level=level, supervisor=supervisor, second_level=second_level, mix_rows=_mix_rows(verdicts.mix),
        horizon_hours=_horizon_hours(verdicts.horizon),
        problems=plans.submit_problems(revision, verdicts, language) if editable else [],
        is_current=revision is plan.current,
        in_force=plan.agreed if plan.agreed is not revision else None,
    )


def _refusal(plan, revision):
    """A redirect saying why, when the learner may not change the revision now; else None."""
    try:
        plans.check_editable(revision)
    except plans.PlanStateError as refusal:
        flash(str(refusal), "warning")
        return _back(plan)
    return None


def _try(plan, action, success_message):
    """Run a state-changing service; commit and flash on success, flash its refusal otherwise."""
    try:
        action()
    except plans.PlanStateError as refusal:
        db.session.rollback()
        flash(str(refusal), "warning")
        return _back(plan)
    db.session.commit()
    flash(success_message, "success")
    return _back(plan)


@bp.route("/<int:plan_id>/groups", methods=["POST"])
@require("edit_plan")
def save_groups(plan_id):
    plan = _own_plan_or_404(plan_id)
    if refusal := _refusal(plan, plan.current):
        return refusal
    form = _groups_form(plan.current, request.form)
    if not form.validate():
        return _render_plan(plan, plan.current, groups_form=form)
    return _try(plan, lambda: plans.set_groups(plan.current, _me(), form.target_groups.data),
                _("Target groups saved."))


def _save_item(plan, item=None):
    revision = item.revision if item is not None else plan.current
    if refusal := _refusal(plan, revision):
        return refusal
    form = _item_form(item, request.form)
    valid = form.validate()
    # The form's and the service's checks together, so every problem shows at once.
    errors = plans.item_errors(revision, form.data, item)
    if not valid or errors:
        for name, messages in errors.items():
            getattr(form, name).errors = list(getattr(form, name).errors) + messages
        return _render_plan(plan, revision, editing=item, item_form=form)
    return _try(plan, lambda: plans.save_item(revision, _me(), form.data, item), _("Item saved."))


@bp.route("/<int:plan_id>/items", methods=["POST"])
@require("edit_plan")
def add_item(plan_id):
    return _save_item(_own_plan_or_404(plan_id))


def _item_or_404(plan, item_id) -> PlanItem:
    item = db.session.get(PlanItem, item_id)
    if item is None or item.revision.plan_id != plan.id:
        abort(404)
    return item


@bp.route("/<int:plan_id>/items/<int:item_id>", methods=["POST"])
@require("edit_plan")
def edit_item(plan_id, item_id):
    plan = _own_plan_or_404(plan_id)
    return _save_item(plan, _item_or_404(plan, item_id))


@bp.route("/<int:plan_id>/items/<int:item_id>/delete", methods=["POST"])
@require("edit_plan")
def delete_item(plan_id, item_id):
    plan = _own_plan_or_404(plan_id)
    item = _item_or_404(plan, item_id)
    return _try(plan, lambda: plans.delete_item(item, _me()), _("Item removed."))


@bp.route("/<int:plan_id>/submit", methods=["POST"])
@require("edit_plan")
def submit(plan_id):
    plan = _own_plan_or_404(plan_id)
    revision = plan.current
    verdicts = plan_verdicts(revision)
    return _try(plan, lambda: plans.submit(revision, _me(), verdicts, current_language()),
                _("The plan was sent to your supervisor."))


@bp.route("/<int:plan_id>/revise", methods=["POST"])
@require("edit_plan")
def revise(plan_id):
    plan = _own_plan_or_404(plan_id)
    return _try(plan, lambda: plans.revise(plan, _me()),
                _("A new revision is open. The agreed plan stays in force until this one is agreed."))


def _decide(plan_id, agree: bool):
    plan = _plan_or_404(plan_id, "decide_plan")
    revision = plan.current
    form = _decision_form(revision, request.form)
    valid = form.validate()
    if not agree and not (form.comment.data or "").strip():
        form.comment.errors = list(form.comment.errors) + [_("Say what should change before you return the plan.")]
        valid = False
    if not valid and plans.decision_level(revision, current_user) is not None:
        return _render_plan(plan, revision, decision_form=form)
    # Valid, or nothing left to decide (a repeated POST): the service records it or says why not.
    comment, submission = form.comment.data or "", form.submission.data
    if agree:
        return _try(plan, lambda: plans.agree(revision, _me(), submission, comment),
                    _("Your agreement was recorded."))
    return _try(plan, lambda: plans.return_for_changes(revision, _me(), submission, comment),
                _("The plan was returned with your comment."))


@bp.route("/<int:plan_id>/agree", methods=["POST"])
@require("decide_plan")
def agree(plan_id):
    return _decide(plan_id, agree=True)


@bp.route("/<int:plan_id>/return", methods=["POST"])
@require("decide_plan")
def return_plan(plan_id):
    return _decide(plan_id, agree=False)


@bp.route("/waiting")
@require("supervise")
def waiting():
    page = db.paginate(plan_queue.waiting_for(current_user), per_page=current_app.config["PER_PAGE"],
                       error_out=False)
    return render_template("development/plans/waiting.html", page=page, deciders=supervised_ids(current_user))
