"""Login, logout, one's own profile and password, one's team, people and institutes."""

import math

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..core.access import PUBLIC, require, visible_or_404
from ..core.models import utcnow
from ..core.urls import safe_next
from ..extensions import db
from . import passwords, services, sessions
from .audit import record_event
from .forms import LoginForm, PasswordChangeForm, ProfileForm
from .models import AccountSession, Institute, Person

bp = Blueprint("accounts", __name__, template_folder="templates")


@bp.route("/login", methods=["GET", "POST"])
@require(PUBLIC)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    if form.validate_on_submit():
        config = current_app.config
        address = request.remote_addr or "unknown"
        pause = services.login_pause(form.email.data, address, config)
        if pause is not None:
            minutes = max(1, math.ceil(pause.wait.total_seconds() / 60))
            if pause.reason == "account":
                message = _("This account is paused after too many failed attempts. Reset your "
                            "password to lift the pause, or try again in %(minutes)s minutes.",
                            minutes=minutes)
            else:
                message = _("Too many failed attempts. Try again in %(minutes)s minutes.", minutes=minutes)
            form.password.errors.append(message)
            return render_template("accounts/login.html", form=form), 429
        person = services.authenticate(form.email.data, form.password.data)
        if person is None:
            _record_failure(form.email.data, address)
            form.password.errors.append(_("The email or password is not correct."))
            return render_template("accounts/login.html", form=form), 200
        services.clear_login_failures(person.email, address, config["LOGIN_CEILING_WINDOW"])
        sessions.start_session(person, bool(form.remember.data), address,
                               request.headers.get("User-Agent", ""))
        record_event("login.succeeded", person, actor=person)
        db.session.commit()
        login_user(person, remember=form.remember.data)
        return redirect(safe_next(request.args.get("next"), url_for("core.home")))
    return render_template("accounts/login.html", form=form)


def _record_failure(email: str, address: str) -> None:
    """Count the failure, audit it, and tell the person once their account hits the ceiling."""
    services.record_login_failure(email, address)
    person = services.find_person_by_email(email)
    record_event("login.failed", person, object_type="people",
                 object_label=services.normalise_email(email)[:254])
    if person is not None and services.account_failures_reached_ceiling(email, current_app.config):
        from ..notifications.services import notify

        notify(person, "account_throttled", subject="login",
               period=utcnow().strftime("%Y-%m-%dT%H"), payload={"address": address}, urgent=True)
    db.session.commit()


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


from . import password_views  # noqa: E402, F401  (forgotten passwords and invitations: routes on bp)
