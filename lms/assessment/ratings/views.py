"""Pages of lms.assessment.ratings: "My skills" (the gap, this year's self-assessment, external
results), the supervisor's confirmation, and the queue of what waits for the supervisor."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from ...core.access import allowed_or_403, can, require, visible_or_404
from ...core.dates import fiscal_year_of, today_in_bangkok
from ...core.inputs import int_arg, parse_int
from ...extensions import db
from . import external, queries, services
from .forms import ConfirmAssessmentForm, SelfAssessmentForm
from .models import SkillAssessment
from .services import AssessmentRefused, LevelChoice

bp = Blueprint("skill_ratings", __name__, url_prefix="/skills", template_folder="templates")

SOURCE_LABELS = {"supervisor": _l("Confirmed by the supervisor"), "external": _l("External result"),
                 "certificate": _l("Certificate")}


@bp.app_template_global()
def skill_gaps_for(person):
    """The person's gaps today, for the dashboard's card (lms.development)."""
    return queries.skill_gaps(person, today_in_bangkok())


@bp.app_template_global()
def gap_proposals_for(person):
    """The largest gaps with courses to propose, for the plan form (lms.development)."""
    return queries.gap_proposals(person, today_in_bangkok())


@bp.app_template_global()
def skill_assessment_this_year(person):
    """The person's assessment of the current fiscal year, or None (the dashboard links to it)."""
    return services.assessment_of(person, fiscal_year_of(today_in_bangkok()))


@bp.app_template_global()
def skill_source_label(source):
    return str(SOURCE_LABELS[source]) if source in SOURCE_LABELS else "—"


def _choices_from(form_data, prefix: str, editions) -> dict[int, LevelChoice]:
    """The level (None when missing or not a number) and comment typed for each skill set."""
    return {e.skill_set_id: LevelChoice(parse_int(form_data.get(f"{prefix}level-{e.skill_set_id}")),
                                        (form_data.get(f"{prefix}comment-{e.skill_set_id}") or "")[:4000])
            for e in editions}


def _typed_from(assessment, editions, supervisor: bool = False) -> dict[int, LevelChoice]:
    """What an assessment holds, in the shape the form shows (the supervisor's default: the person's)."""
    by_set = {r.skill_set_id: r for r in assessment.ratings} if assessment else {}
    typed = {}
    for e in editions:
        rating = by_set.get(e.skill_set_id)
        if rating is None:
            continue
        if supervisor:
            level = rating.supervisor_level if rating.supervisor_level is not None else rating.self_level
            typed[e.skill_set_id] = LevelChoice(level, rating.supervisor_comment)
        else:
            typed[e.skill_set_id] = LevelChoice(rating.self_level, rating.self_comment)
    return typed


@bp.route("/", methods=["GET", "POST"])
@require("signed_in")
def index():
    today = today_in_bangkok()
    assessment = services.assessment_of(current_user, fiscal_year_of(today))
    editions = services.rateable_editions(services.framework_for(assessment, today))
    editable = assessment is None or can(current_user, "edit_skill_assessment", assessment)
    form = SelfAssessmentForm()
    typed, problem = _typed_from(assessment, editions), None
    if request.method == "POST":
        if not editable:
            flash(_("Your supervisor has confirmed this year's assessment; it can no longer be changed."), "error")
            return redirect(url_for(".index"))
        typed = _choices_from(request.form, "", editions)
        if form.validate():
            submit = bool(form.submit.data)
            try:
                services.save_self_assessment(current_user, typed, submit, today)
                db.session.commit()
            except AssessmentRefused as refused:
                db.session.rollback()
                problem = str(refused)
            except IntegrityError:  # the same year started twice at once: the other one stands
                db.session.rollback()
                problem = _("Your assessment was saved from another window meanwhile; look at it again.")
            else:
                flash(_("Your assessment was submitted to your supervisor.") if submit
                      else _("Your assessment was saved as a draft."), "success")
                return redirect(url_for(".index"))
        else:
            problem = _("The form expired; send it again.")
    page = db.paginate(external.results_of(current_user), per_page=current_app.config["PER_PAGE"],
                       error_out=False)
    return render_template(
        "ratings/index.html", person=current_user, gaps=queries.skill_gaps(current_user, today),
        assessment=assessment, fiscal_year=fiscal_year_of(today), editions=editions, editable=editable,
        form=form, typed=typed, problem=problem, results=page,
        waiting=can(current_user, "supervise"))


@bp.route("/assessments/<int:skill_assessment_id>", methods=["GET", "POST"])
@require("view_skill_assessment")
def assessment(skill_assessment_id):
    found = visible_or_404(SkillAssessment, skill_assessment_id, "view_skill_assessment")
    if request.method == "POST":
        allowed_or_403("confirm_skill_assessment", found)
    editions = services.rateable_editions(found.framework)
    deciding = can(current_user, "confirm_skill_assessment", found)
    form = ConfirmAssessmentForm(data={"version": services.assessment_version(found)}) if deciding else None
    typed, problem = _typed_from(found, editions, supervisor=True), None
    if request.method == "POST":
        typed = _choices_from(request.form, "", editions)
        if form.validate():
            try:
                services.confirm_assessment(current_user, found, typed, form.version.data or "")
                db.session.commit()
            except AssessmentRefused as refused:
                db.session.rollback()
                problem = str(refused)
            else:
                flash(_("The assessment of %(name)s is confirmed.", name=found.person.name), "success")
                return redirect(url_for(".reviews"))
        else:
            problem = _("The form expired; send it again.")
        found = visible_or_404(SkillAssessment, skill_assessment_id, "view_skill_assessment")
        form.version.data = services.assessment_version(found)
    return render_template("ratings/assessment.html", assessment=found, editions=editions, form=form,
                           typed=typed, problem=problem,
                           ratings={r.skill_set_id: r for r in found.ratings})


@bp.route("/reviews")
@require("supervise")
def reviews():
    per_page = current_app.config["PER_PAGE"]
    return render_template(
        "ratings/reviews.html",
        assessments=db.paginate(services.assessments_waiting_for(current_user), per_page=per_page,
                                error_out=False),
        # Its own page number: the two lists page separately.
        results=db.paginate(external.results_waiting_for(current_user), page=int_arg("results_page", 1, 1),
                            per_page=per_page, error_out=False))


from . import result_views  # noqa: E402, F401 (the external results' routes on this blueprint)
