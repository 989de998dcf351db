"""Login, logout, one's own profile and password, one's team, people and institutes."""

import math

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..core.access import PUBLIC, require, visible_or_404
from ..core.urls import safe_next
from ..extensions import db
from . import services
from .forms import LoginForm, PasswordChangeForm, ProfileForm
from .models import Institute, Person

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
        wait = services.login_retry_after(form.email.data, address,
                                          config["LOGIN_MAX_FAILURES"], config["LOGIN_FAILURE_WINDOW"])
        if wait is not None:
            minutes = max(1, math.ceil(wait.total_seconds() / 60))
            form.password.errors.append(
                _("Too many failed attempts. Try again in %(minutes)s minutes.", minutes=minutes))
            return render_template("accounts/login.html", form=form), 429
        person = services.authenticate(form.email.data, form.password.data)
        if person is None:
            services.record_login_failure(form.email.data, address)
            db.session.commit()
            form.password.errors.append(_("The email or password is not correct."))
            return render_template("accounts/login.html", form=form), 200
        services.clear_login_failures(person.email, config["LOGIN_FAILURE_WINDOW"])
        db.session.commit()
        login_user(person, remember=form.remember.data)
        return redirect(safe_next(request.args.get("next"), url_for("core.home")))
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@require(PUBLIC)  # logging out twice (a second tab) just lands on the login page
def logout():
    if current_user.is_authenticated:
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
    return render_template("accounts/profile.html", form=form, person=current_user)


@bp.route("/account/password", methods=["GET", "POST"])
@require("signed_in")
def change_password():
    form = PasswordChangeForm(current_user)
    if form.validate_on_submit():
        services.change_password(current_user, form.new_password.data)
        db.session.commit()
        # The token changed: this browser logs in afresh, every other session ends.
        login_user(current_user._get_current_object())
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
    return render_template("accounts/person.html", person=other, reports=reports,
                           counts=services.report_counts(reports))


@bp.route("/institutes/<int:institute_id>")
@require("view_institute")
def institute(institute_id):
    inst = visible_or_404(Institute, institute_id, "view_institute")
    staff = db.session.scalars(
        db.select(Person).where(Person.institute_id == inst.id, Person.is_active)
        .order_by(Person.name_th)
    ).all()
    return render_template("accounts/institute.html", institute=inst, staff=staff)
