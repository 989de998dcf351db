"""The core blueprint: the language switch, and (from lms/home/views.py) the home page."""

from flask import Blueprint, current_app, redirect, request, session, url_for
from flask_login import current_user

from ..extensions import db
from .access import PUBLIC, require
from .urls import safe_next

bp = Blueprint("core", __name__, template_folder="templates")


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
