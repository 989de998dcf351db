"""The home page for every role, and the language switch."""

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from ..accounts import services
from ..extensions import db
from .access import PUBLIC, require, roles_of
from .urls import safe_next

bp = Blueprint("core", __name__, template_folder="templates")


@bp.route("/")
@require("signed_in")
def home():
    roles = roles_of(current_user)
    overview = services.home_overview(current_user, roles)
    return render_template("core/home.html", roles=roles, overview=overview)


@bp.route("/language", methods=["POST"])
@require(PUBLIC)
def set_language():
    language = request.form.get("language")
    if language in current_app.config["LANGUAGES"]:
        session["language"] = language
        if current_user.is_authenticated:
            current_user.language = language
            db.session.commit()
    return redirect(safe_next(request.form.get("next"), url_for("core.home")))
