"""Forgotten passwords and invitations: asking for a link, and choosing a password with it.

Routes on the accounts blueprint (imported at the bottom of views.py). The links are
signed tokens (lms.accounts.passwords); their pages send no Referer, so the token in the
address does not travel to another site.
"""

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from ..core.access import PUBLIC, require, visible_or_404
from ..extensions import db
from . import passwords, sessions
from .forms import ForgotPasswordForm, NewPasswordForm
from .models import Person
from .views import bp


def _address() -> str:
    return request.remote_addr or "unknown"


def _reset_minutes() -> int:
    return int(passwords.max_age(passwords.RESET).total_seconds() // 60)


@bp.route("/forgot", methods=["GET", "POST"])
@require(PUBLIC)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        # The same answer whether or not the address has an account (no account discovery).
        passwords.request_reset(form.email.data, _address())
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
    if passwords.send_invitation(person, actor=current_user._get_current_object()):
        db.session.commit()
        flash(_("An invitation has been sent to %(email)s.", email=person.email), "success")
    else:
        flash(_("No invitation was sent: the person is inactive, or was invited a moment ago."), "warning")
    return redirect(url_for("accounts.person", person_id=person.id))
