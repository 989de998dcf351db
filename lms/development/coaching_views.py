"""Coaching: a supervisor records sessions for direct reports; the coached acknowledge them."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core.access import require
from ..core.dates import fiscal_year_bounds, fiscal_year_of
from ..core.forms import choices
from ..extensions import db
from . import coaching, log
from .log_forms import CoachingForm, skill_set_choices
from .models import CoachingSession

bp = Blueprint("coaching", __name__, url_prefix="/coaching", template_folder="templates")

# Fiscal years a page may be asked for (Buddhist Era): anything else is a typo.
FISCAL_YEAR_RANGE = range(2500, 2700)


@bp.context_processor
def inject_hours_text():
    return {"hours_text": log.hours_text}


def _session_or_404(session_id: int) -> CoachingSession:
    session = db.session.get(CoachingSession, session_id)
    if session is None or not coaching.may_view(current_user, session):
        abort(404)
    return session


@bp.route("/")
@require("signed_in")
def index():
    page = db.paginate(coaching.attended_by(current_user), per_page=current_app.config["PER_PAGE"],
                       error_out=False)
    return render_template("development/coaching/index.html", page=page)


@bp.route("/new", methods=["GET", "POST"])
@require("supervise")
def new_session():
    form = CoachingForm(data={"occurred_on": log.bangkok_today()})
    form.attendee_ids.choices = choices((p.id, p.name) for p in coaching.coachable_people(current_user))
    # coaching.session_problems checks the people against the same list, and says why.
    form.attendee_ids.validate_choice = False
    form.skill_sets.choices = skill_set_choices(log.all_skill_sets())
    if form.is_submitted():
        # The form's and the service's checks together, so every error shows at once.
        valid = form.validate()
        data = coaching.SessionData(
            occurred_on=form.occurred_on.data, minutes=form.minutes.data if not form.minutes.errors else None,
            topic=(form.topic.data or "").strip(), attendee_ids=form.attendee_ids.data or [],
            skill_set_ids=form.skill_sets.data or [], notes_md=form.notes_md.data or "")
        problems = coaching.session_problems(current_user, data)
        if valid and not problems:
            session = coaching.record_session(current_user, data)
            db.session.commit()
            flash(_("Coaching recorded. It counts for each person coached."), "success")
            return redirect(url_for("coaching.session", session_id=session.id))
        for name, messages in problems.items():
            field = getattr(form, name)
            if not field.errors:
                field.errors = list(messages)
    return render_template("development/coaching/new.html", form=form)


@bp.route("/given")
@require("supervise")
def given():
    today_year = fiscal_year_of(log.bangkok_today())
    fiscal_year = request.args.get("fy", today_year, type=int)
    if fiscal_year not in FISCAL_YEAR_RANGE:
        fiscal_year = today_year
    page = db.paginate(coaching.sessions_given(current_user, fiscal_year),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("development/coaching/given.html", page=page, fiscal_year=fiscal_year,
                           bounds=fiscal_year_bounds(fiscal_year), this_year=today_year,
                           people=coaching.coaching_given(current_user, fiscal_year))


@bp.route("/<int:session_id>")
@require("view_development")
def session(session_id):
    session = _session_or_404(session_id)
    return render_template("development/coaching/session.html", session=session,
                           attendees=coaching.visible_attendees(current_user, session),
                           mine=coaching.attendance_of(current_user, session),
                           may_delete=coaching.may_delete(current_user, session))


@bp.route("/<int:session_id>/acknowledge", methods=["POST"])
@require("view_development")
def acknowledge(session_id):
    session = _session_or_404(session_id)
    if coaching.acknowledge(current_user, session) is None:
        abort(403)  # a supervisor up the chain sees the session but was not coached
    db.session.commit()
    flash(_("Thank you: the coaching is acknowledged."), "success")
    if request.form.get("back") == "list":
        return redirect(url_for("coaching.index"))
    return redirect(url_for("coaching.session", session_id=session.id))


@bp.route("/<int:session_id>/delete", methods=["POST"])
@require("view_development")
def delete(session_id):
    session = _session_or_404(session_id)
    if not coaching.may_delete(current_user, session):
        abort(403)
    coaching.delete_session(session, current_user)
    db.session.commit()
    flash(_("The coaching session was deleted."), "success")
    return redirect(url_for("coaching.given"))
