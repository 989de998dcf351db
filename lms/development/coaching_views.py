"""Coaching: a supervisor records sessions for direct reports; the coached acknowledge them."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core.access import allowed_or_403, require, visible_or_404
from ..core.dates import fiscal_year_bounds, fiscal_year_of, today_in_bangkok
from ..core.forms import apply_errors, choices
from ..extensions import db
from . import coaching, log
from .log_forms import CoachingForm, skill_set_choices
from .models import CoachingSession

bp = Blueprint("coaching", __name__, url_prefix="/coaching", template_folder="templates")

# Fiscal years a page may be asked for (Buddhist Era): anything else is a typo.
FISCAL_YEAR_RANGE = range(2500, 2700)


def _session_or_404(session_id: int) -> CoachingSession:
    return visible_or_404(CoachingSession, session_id, "view_coaching_session")


@bp.route("/")
@require("signed_in")
def index():
    page = db.paginate(coaching.attended_by(current_user), per_page=current_app.config["PER_PAGE"],
                       error_out=False)
    return render_template("development/coaching/index.html", page=page)


@bp.route("/new", methods=["GET", "POST"])
@require("supervise")
def new_session():
    form = CoachingForm(data={"occurred_on": today_in_bangkok()})
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
        apply_errors(form, problems)
    return render_template("development/coaching/new.html", form=form)


@bp.route("/given")
@require("supervise")
def given():
    today_year = fiscal_year_of(today_in_bangkok())
    fiscal_year = request.args.get("fy", today_year, type=int)
    if fiscal_year not in FISCAL_YEAR_RANGE:
        fiscal_year = today_year
    page = db.paginate(coaching.sessions_given(current_user, fiscal_year),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("development/coaching/given.html", page=page, fiscal_year=fiscal_year,
                           bounds=fiscal_year_bounds(fiscal_year), this_year=today_year,
                           people=coaching.coaching_given(current_user, fiscal_year))


@bp.route("/<int:session_id>")
@require("view_coaching_session")
def session(session_id):
    session = _session_or_404(session_id)
    return render_template("development/coaching/session.html", session=session,
                           attendees=coaching.visible_attendees(current_user, session),
                           mine=coaching.attendance_of(current_user, session))


@bp.route("/<int:session_id>/acknowledge", methods=["POST"])
@require("view_coaching_session")
def acknowledge(session_id):
    # A supervisor up the chain sees the session but was not coached.
    session = allowed_or_403("acknowledge_coaching_session", _session_or_404(session_id))
    coaching.acknowledge(current_user, session)
    db.session.commit()
    flash(_("Thank you: the coaching is acknowledged."), "success")
    if request.form.get("back") == "list":
        return redirect(url_for("coaching.index"))
    return redirect(url_for("coaching.session", session_id=session.id))


@bp.route("/<int:session_id>/delete", methods=["POST"])
@require("view_coaching_session")
def delete(session_id):
    session = allowed_or_403("delete_coaching_session", _session_or_404(session_id))
    coaching.delete_session(session, current_user)
    db.session.commit()
    flash(_("The coaching session was deleted."), "success")
    return redirect(url_for("coaching.given"))
