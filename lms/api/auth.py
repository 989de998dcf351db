"""Who is calling: a bearer token, its person, its scopes; its rate limit and its audit.

Each API blueprint runs `authenticate` before its views and `record_call` after them. The
token's person becomes the request's `current_user`, so every view asks the same access
layer (lms.core.access) as the pages do; the token's scopes narrow it further. Cookies are
never read here: a browser's session cannot call the API, so the API needs no CSRF token.
"""

from datetime import timedelta
from functools import wraps

from flask import abort, current_app, g, request
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.exceptions import HTTPException

from ..core.audit import API_CREDENTIAL
from ..core.database import reads_only, write_transaction
from ..core.models import utcnow
from ..extensions import db
from .models import ApiCall, ApiToken
from .tokens import live_token

_TOKEN = "lms_api_token"
RATE_WINDOW = timedelta(minutes=1)


class ApiError(HTTPException):
    """An API refusal with its own status, message and headers (a JSON problem, core.errors)."""

    def __init__(self, code: int, description: str, headers: dict | None = None):
        super().__init__(description)
        self.code = code
        self.extra_headers = headers or {}

    def get_headers(self, environ=None, scope=None):
        return [*super().get_headers(environ, scope), *self.extra_headers.items()]


def _unauthorised(error: str, description: str) -> ApiError:
    return ApiError(401, description, {"WWW-Authenticate": f'Bearer realm="thaksa", error="{error}"'})


def current_token() -> ApiToken:
    return g.get(_TOKEN)


def authenticate():
    """Before each API view: the bearer token, or 401; within its rate limit, or 429."""
    scheme, _space, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise _unauthorised("invalid_request", _("Send an access token: Authorization: Bearer <token>."))
    token = live_token(secret.strip())
    if token is None:
        raise _unauthorised("invalid_token", _("The access token is unknown, expired or revoked."))
    setattr(g, _TOKEN, token)
    g._login_user = token.person  # Flask-Login's current_user for this request only, no session
    setattr(g, API_CREDENTIAL, f"api:{token.prefix}")
    limit = current_app.config["API_CALLS_PER_MINUTE"]
    since = utcnow() - RATE_WINDOW
    calls = db.session.scalar(select(func.count(ApiCall.id)).where(
        ApiCall.token_id == token.id, ApiCall.at > since))
    if calls >= limit:
        raise ApiError(429, _("Too many calls: at most %(limit)d a minute for each token.", limit=limit),
                       {"Retry-After": "60"})


def record_call(response):
    """After each API call made with a token: note it (the token's audit and rate count)."""
    token = g.get(_TOKEN)
    if token is None:
        return response
    call = ApiCall(token_id=token.id, at=utcnow(), method=request.method, path=request.path[:300],
                   status=response.status_code, address=(request.remote_addr or "")[:64])
    try:
        db.session.rollback()  # whatever the view left uncommitted was refused: not kept
        if reads_only():
            with write_transaction(db.session):
                _save_call(call)
        else:
            _save_call(call)
    except Exception:  # noqa: BLE001  (a failed note must not turn an answer into an error)
        db.session.rollback()
        current_app.logger.exception("could not record an API call")
    return response


def _save_call(call: ApiCall) -> None:
    db.session.add(call)
    db.session.execute(ApiToken.__table__.update().where(ApiToken.id == call.token_id)
                       .values(last_used_at=call.at))
    db.session.commit()


def requires(scope: str, permission: str):
    """Declare an API view's scope and the access layer's permission (as @require does for
    pages): 403 when the token lacks the scope or the person the role; object permissions are
    checked by the view (core.access.visible_or_404)."""
    from ..core.access import ROLE_PERMISSIONS, can

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            token = current_token()
            if scope not in token.scope_list and _write_of(scope) not in token.scope_list:
                raise ApiError(403, _("This token lacks the scope %(scope)s.", scope=scope))
            if permission in ROLE_PERMISSIONS and not can(token.person, permission):
                abort(403)
            return view(*args, **kwargs)

        guarded.permission = permission
        guarded.api_scope = scope
        return guarded

    return decorate


def _write_of(scope: str) -> str:
    """A write scope includes its read scope."""
    return scope.replace(":read", ":write")
