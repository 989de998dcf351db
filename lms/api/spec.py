"""The API's blueprints and its OpenAPI 3.1 document, generated from the code (flask-smorest).

Every operation is documented with its scope, the JSON problem it may answer with, and the
two ways to authenticate: a bearer token (personal or from the client-credentials grant).
"""

from http import HTTPStatus

from flask import Flask
from flask_smorest import Api
from flask_smorest import Blueprint as ApiBlueprint
from marshmallow import Schema, fields

from ..extensions import csrf
from .auth import authenticate, record_call
from .scopes import SCOPES

PREFIX = "/api/v1"
TOKEN_PATH = PREFIX + "/oauth/token"
PROBLEM_STATUSES = (400, 401, 403, 404, 409, 422, 429)


class ProblemSchema(Schema):
    """What every refusal answers (core.errors, for paths under /api/), after RFC 9457."""

    status = fields.Integer(required=True)
    title = fields.String(required=True)
    detail = fields.String()
    errors = fields.Dict(metadata={"description": "Per field (or per row), what is wrong."})


class ThaksaApi(Api):
    """flask-smorest without its app-wide error handlers: the pages keep theirs, and
    core.errors answers API paths with a JSON problem."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self):
        pass

    def register_blueprint(self, blp, **options):
        """As flask-smorest's, but the resource's tag is its name without "api_" (the
        blueprint's name must differ from the pages' blueprints: classes, reports …)."""
        name = blp.name
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        blp.register_views_in_doc(self, self._app, self.spec, name=name, parameters=None)
        self.spec.tag({"name": blp.api_tag, "description": blp.description})


def blueprint(name: str, description: str) -> ApiBlueprint:
    """An API blueprint: token required before each view, each call recorded after it."""
    bp = ApiBlueprint(f"api_{name}", __name__, url_prefix=PREFIX, description=description)
    bp.api_tag = name
    bp.before_request(authenticate)
    bp.after_request(record_call)
    csrf.exempt(bp)  # bearer tokens only, never cookies: nothing for a forged form to ride on
    return bp


def scoped(bp: ApiBlueprint, scope: str):
    """Document an operation's scope (both schemes) and its problem answers."""
    return bp.doc(tags=[bp.api_tag], security=[{"bearer": [scope]}, {"oauth2": [scope]}],
                  responses={str(status): {"$ref": f"#/components/responses/{HTTPStatus(status).name}"}
                             for status in PROBLEM_STATUSES})


def init_api(app: Flask, blueprints) -> ThaksaApi:
    app.config.setdefault("API_TITLE", "Thaksa API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    api = ThaksaApi(app, spec_kwargs={"info": {
        "description": "Thaksa's JSON API: people, courses, learning records and the guideline's "
                       "rules. See docs/api.md for set-up.",
    }})
    _document_security_and_problems(api)
    for bp in blueprints:
        api.register_blueprint(bp)
    return api


def _document_security_and_problems(api: ThaksaApi) -> None:
    spec = api.spec
    spec.components.security_scheme("bearer", {
        "type": "http", "scheme": "bearer",
        "description": "A personal access token, or one from the client-credentials grant."})
    spec.components.security_scheme("oauth2", {"type": "oauth2", "flows": {"clientCredentials": {
        "tokenUrl": TOKEN_PATH, "scopes": {name: str(text) for name, text in SCOPES.items()}}}})
    for status in PROBLEM_STATUSES:
        spec.components.response(HTTPStatus(status).name, {
            "description": HTTPStatus(status).phrase,
            "content": {"application/json": {"schema": ProblemSchema}}})
