"""Error pages in the person's language; never a stack trace."""

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from ..extensions import db
from .database import only_read_from_now_on

log = logging.getLogger(__name__)


API_PATHS = "/api/"  # lms.api's: a refusal there is a JSON problem, not a page


def _problem(status: int, title: str, message: str, error=None):
    """A refusal of an API call: RFC 9457's fields, as JSON (lms.api.spec.ProblemSchema)."""
    body = {"status": status, "title": title, "detail": message}
    headers = {}
    if isinstance(error, HTTPException):
        if error.description and status < 500 and getattr(error, "response", None) is None:
            body["detail"] = str(error.description) if _own_description(error) else message
        messages = (getattr(error, "data", None) or {}).get("messages")
        if messages:  # flask-smorest's input validation: per location, per field (or the whole body)
            body["errors"] = {}
            for location, found in messages.items():
                body["errors"].update(found if isinstance(found, dict) else {location: found})
        headers = {key: value for key, value in error.get_headers()
                   if key in ("WWW-Authenticate", "Retry-After", "Allow")}
    return jsonify(body), status, headers


def _own_description(error: HTTPException) -> bool:
    """A description written for this refusal, not werkzeug's English default."""
    return type(error).description != error.description


def register(app: Flask) -> None:
    def page(status: int, title: str, message: str, error=None):
        if request.path.startswith(API_PATHS):
            return _problem(status, title, message, error)
        return render_template("core/error.html", status=status, title=title, message=message), status

    @app.errorhandler(400)
    def bad_request(error):
        return page(400, _("Bad request"), _("The request could not be understood."), error)

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return page(
            400,
            _("Form expired"),
            _("The form was missing its security token or it expired. Go back, reload the page and try again."),
        )

    @app.errorhandler(403)
    def forbidden(error):
        return page(403, _("Not allowed"), _("You do not have permission to see this page."), error)

    @app.errorhandler(404)
    def not_found(error):
        return page(404, _("Page not found"),
                    _("The page you asked for does not exist or is not available to you."), error)

    @app.errorhandler(405)
    def method_not_allowed(error):
        return page(405, _("Not allowed"), _("This page cannot be used that way."), error)

    @app.errorhandler(413)
    def too_large(error):
        return page(413, _("File too large"), _("The file you sent is larger than this site accepts."), error)

    @app.errorhandler(HTTPException)
    def other_http_error(error):
        # Any other status (a URL too long, a method the server does not know …) in the same page.
        if error.code is None:
            return error
        if error.code >= 500:
            return server_error(error)[0], error.code
        if request.path.startswith(API_PATHS):  # 401, 422, 429 …: said by the API itself
            return _problem(error.code, error.name, str(error.description), error)
        return page(error.code, _("Bad request"), _("The request could not be understood."))

    @app.errorhandler(500)
    def server_error(_error):
        db.session.rollback()
        return page(500, _("Something went wrong"), _(
            "An unexpected error happened. Nothing was saved. Please try again; "
            "if it keeps happening, tell your administrator."))

    @app.errorhandler(OperationalError)
    def database_unavailable(error):
        # A read-only file, a full disk, a lock held too long, a server gone: the change was
        # not made, and the person should know that rather than see "something went wrong".
        log.error("database error, request refused: %s", getattr(error, "orig", error))
        try:
            db.session.rollback()
        except OperationalError:
            pass
        only_read_from_now_on()  # the page itself must not wait for the lock that failed
        return page(503, _("The data could not be saved"), _(
            "The database could not take the change just now, so nothing was changed. Please try "
            "again in a moment; if it keeps happening, tell your administrator."))
