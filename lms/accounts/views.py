"""Logout, one's own profile, sessions and password, one's team, people and institutes.

Signing in (the login page, forgotten passwords, invitations) adds its routes to this
blueprint from lms/signin/views.py, a layer above: it sends e-mail through notifications.
"""


from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..core.access import PUBLIC, require, visible_or_404
from ..core.audit import record_event
from ..extensions import db
from . import passwords, services, sessions
from .forms import PasswordChangeForm, ProfileForm
from .models import AccountSession, Institute, Person

bp = Blueprint("accounts", __name__, template_folder="templates")


@bp.route("/logout", methods=["POST"])
@require(PUBLIC)  # logging out twice (a second tab) just lands on the login page
def logout():
    if current_user.is_authenticated:
        sessions.end_session_by_key(current_user.session_key)
        record_event("logout", current_user._get_current_object())
        db.session.commit()
        logout_user()
        flash(_("You have logged out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/account", methods=["GET", "POST"])
@require("signed_in")
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        form.populate_obj(current_user)
        db.session.commit()
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for("accounts.profile"))
    person = current_user._get_current_object()
    return render_template("accounts/profile.html", form=form, person=person,
                           sessions=sessions.active_sessions(person),
                           is_current=lambda s: sessions.is_current(s, person))


@bp.route("/account/sessions/<int:session_id>/end", methods=["POST"])
@require("end_session")
def end_session(session_id):
    account_session = visible_or_404(AccountSession, session_id, "end_session")
    sessions.end_session(account_session)
    record_event("session.ended", current_user._get_current_object(),
                 changes={"session": session_id, "address": account_session.address})
    db.session.commit()
    flash(_("That session has been ended."), "success")
    return redirect(url_for("accounts.profile"))


@bp.route("/account/sessions/end-others", methods=["POST"])
@require("signed_in")
def end_other_sessions():
    ended = sessions.end_all_sessions(current_user, keep_key=current_user.session_key)
    record_event("session.ended_elsewhere", current_user._get_current_object(), changes={"ended": ended})
    db.session.commit()
    flash(_("You were signed out everywhere else."), "success")
    return redirect(url_for("accounts.profile"))


@bp.route("/account/password", methods=["GET", "POST"])
@require("signed_in")
def change_password():
    form = PasswordChangeForm(current_user)
    if form.validate_on_submit():
        person = current_user._get_current_object()
        remember = person.account_session.remember
        services.change_password(person, form.new_password.data)  # ends every session, this one too
        # ...and this browser continues in a new one, with a new cookie.
        sessions.start_session(person, remember, request.remote_addr or "unknown",
                               request.headers.get("User-Agent", ""))
        record_event("person.password_changed", person)
        db.session.commit()
        login_user(person, remember=remember)
        flash(_("Your password has been changed. You were logged out everywhere else."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/password.html", form=form)


@bp.route("/team")
@require("supervise")
def team():
    reports = services.direct_reports(current_user)
    return render_template("accounts/team.html", person=current_user, reports=reports,
                           counts=services.report_counts(reports))


@bp.route("/people/<int:person_id>")
@require("view_person")
def person(person_id):
    other = visible_or_404(Person, person_id, "view_person")
    reports = services.direct_reports(other)
    invited_at = passwords.last_invited_at(other) if other.password_hash is None else None
    return render_template("accounts/person.html", person=other, reports=reports,
                           counts=services.report_counts(reports), invited_at=invited_at)


@bp.route("/institutes/<int:institute_id>")
@require("view_institute")
def institute(institute_id):
    inst = visible_or_404(Institute, institute_id, "view_institute")
    staff = db.session.scalars(
        db.select(Person).where(Person.institute_id == inst.id, Person.is_active)
        .order_by(Person.name_th)
    ).all()
    return render_template("accounts/institute.html", institute=inst, staff=staff)

