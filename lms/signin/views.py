"""Signing in: the login page (which mails a person whose account it pauses), forgotten
passwords and invitations (asking for a link, and choosing a password with it).

Routes on the accounts blueprint, so their endpoints stay accounts.login, accounts.forgot_password
and so on, and their templates are the accounts module's; create_app imports this module
before it registers the blueprint. They live a layer above accounts because they send
e-mail through notifications. The links are signed tokens (lms.accounts.passwords); their
pages send no Referer, so the token in the address does not travel to another site.
"""

import math

from flask import current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from ..accounts import passwords, services, sessions
from ..accounts.forms import ForgotPasswordForm, LoginForm, NewPasswordForm
from ..accounts.models import Person
from ..accounts.views import bp
from ..core.access import PUBLIC, require, visible_or_404
from ..core.audit import record_event
from ..core.models import utcnow
from ..core.urls import safe_next
from ..extensions import db
from ..notifications.services import notify
from . import directory
from .services import request_reset, send_invitation


def _address() -> str:
    return request.remote_addr or "unknown"


def _reset_minutes() -> int:
    return int(passwords.max_age(passwords.RESET).total_seconds() // 60)


@bp.route("/login", methods=["GET", "POST"])
@require(PUBLIC)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    if form.validate_on_submit():
        config = current_app.config
        address = _address()
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
        result = directory.sign_in(form.email.data, form.password.data, config)
        person = result.person
        if person is None:
            _record_failure(form.email.data, address, result)
            form.password.errors.append(directory.refusal_message(result.refusal))
            return render_template("accounts/login.html", form=form), 200
        services.clear_login_failures(person.email, address, config["LOGIN_CEILING_WINDOW"])
        sessions.start_session(person, bool(form.remember.data), address,
                               request.headers.get("User-Agent", ""))
        record_event("login.succeeded", person, actor=person,
                     changes={"method": result.method} if result.method != "password" else None)
        db.session.commit()
        login_user(person, remember=form.remember.data)
        return redirect(safe_next(request.args.get("next"), url_for("core.home")))
    return render_template("accounts/login.html", form=form)


def _record_failure(email: str, address: str, result: directory.LoginResult) -> None:
    """Count the failure, audit it, and tell the person once their account hits the ceiling."""
    services.record_login_failure(email, address)
    person = services.find_person_by_email(email)
    changes = ({"method": result.method, "reason": result.refusal}
               if directory.directory_enabled(current_app.config) else None)
    record_event("login.failed", person, object_type="people", changes=changes,
                 object_label=services.normalise_email(email)[:254])
    if person is not None and services.account_failures_reached_ceiling(email, current_app.config):
        notify(person, "account_throttled", subject="login",
               period=utcnow().strftime("%Y-%m-%dT%H"), payload={"address": address}, urgent=True)
    db.session.commit()


@bp.route("/forgot", methods=["GET", "POST"])
@require(PUBLIC)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        # The same answer whether or not the address has an account (no account discovery).
        request_reset(form.email.data, _address())
        db.session.commit()
        return redirect(url_for("accounts.forgot_password", sent=1))
    return render_template("accounts/forgot.html", form=form, sent=request.args.get("sent") == "1",
                           reset_minutes=_reset_minutes())


@bp.route("/reset/<token>", methods=["GET", "POST"])
@require(PUBLIC)
def reset_password(token):
    return _choose_password(token, passwords.RESET)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@require(PUBLIC)
def accept_invitation(token):
    return _choose_password(token, passwords.INVITATION)


def _choose_password(token: str, purpose: str):
    person = passwords.person_for_token(token, purpose)
    form = NewPasswordForm(person) if person is not None else None
    if form is not None and form.validate_on_submit():
        if current_user.is_authenticated:  # whoever was signed in on this browser leaves
            sessions.end_session_by_key(current_user.session_key)
        passwords.set_password_from_link(person, form.new_password.data, purpose)
        sessions.start_session(person, False, _address(), request.headers.get("User-Agent", ""))
        db.session.commit()
        login_user(person)
        if purpose == passwords.RESET:
            flash(_("Your password has been changed. You were logged out everywhere else."), "success")
        else:
            flash(_("Your password has been set. Welcome to Thaksa."), "success")
        return redirect(url_for("core.home"))
    response = make_response(render_template("accounts/reset.html", form=form, purpose=purpose,
                                              person=person, reset_minutes=_reset_minutes()))
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/people/<int:person_id>/invite", methods=["POST"])
@require("manage_person")
def invite_person(person_id):
    person = visible_or_404(Person, person_id, "manage_person")
    if send_invitation(person, actor=current_user._get_current_object()):
        db.session.commit()
        flash(_("An invitation has been sent to %(email)s.", email=person.email), "success")
    else:
        flash(_("No invitation was sent: the person is inactive, or was invited a moment ago."), "warning")
    return redirect(url_for("accounts.person", person_id=person.id))
