"""The OpenAPI document and the API's reference page, served by the app (no CDN)."""

from flask import Blueprint, current_app, jsonify, render_template

from ..core.access import PUBLIC, require

bp = Blueprint("api_docs", __name__, template_folder="templates")


def openapi_document() -> dict:
    return current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict()


@bp.route("/api/v1/openapi.json")
@require(PUBLIC)
def openapi():
    return jsonify(openapi_document())


@bp.route("/developers/api")
@require(PUBLIC)
def reference():
    return render_template("api/reference.html", spec=openapi_document())
