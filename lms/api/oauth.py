"""OAuth 2.0's client-credentials grant (RFC 6749 §4.4), with Authlib: a registered system
trades its id and secret for a bearer token that lives an hour.

The token endpoint takes the client's credentials by HTTP Basic (client_secret_basic) or in
the form (client_secret_post). A client asks for some of its scopes, or gets all of them.
"""

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, InvalidScopeError, grants
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from flask import Blueprint, Flask, current_app
from sqlalchemy import select

from ..core.access import PUBLIC, require
from ..core.models import utcnow
from ..extensions import csrf, db
from .models import ApiClient, ApiToken
from .tokens import CLIENT_TOKEN_LIFETIME, client_secret_matches, new_secret, secret_hash

bp = Blueprint("api_oauth", __name__)
csrf.exempt(bp)  # systems post their credentials, not a browser's form
_SERVER = "lms.oauth_server"


class _Client(ClientMixin):
    """What Authlib asks of a client, answered from an ApiClient row."""

    def __init__(self, row: ApiClient):
        self.row = row

    def get_client_id(self):
        return self.row.client_id

    def get_default_redirect_uri(self):
        return None

    def get_allowed_scope(self, scope):
        allowed = self.row.scope_list
        if not scope:
            return " ".join(allowed)
        return " ".join(s for s in scope.split() if s in allowed)

    def check_redirect_uri(self, redirect_uri):
        return False

    def check_client_secret(self, client_secret):
        return client_secret_matches(self.row, client_secret)

    def check_endpoint_auth_method(self, method, endpoint):
        return endpoint == "token" and method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type):
        return False

    def check_grant_type(self, grant_type):
        return grant_type == "client_credentials"


def _query_client(client_id: str):
    row = db.session.scalar(select(ApiClient).where(ApiClient.client_id == client_id))
    if row is None or row.revoked_at is not None or not row.person.is_active:
        return None
    return _Client(row)


def _save_token(token: dict, request) -> None:
    client = request.client.row
    now = utcnow()
    db.session.add(ApiToken(kind="client", token_hash=secret_hash(token["access_token"]),
                            prefix=token["access_token"][:12], name=client.name, scopes=token["scope"],
                            person_id=client.person_id, client=client, created_at=now,
                            expires_at=now + CLIENT_TOKEN_LIFETIME))


class _ClientCredentials(grants.ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

    def validate_token_request(self):
        super().validate_token_request()
        if not self.request.client.get_allowed_scope(self.request.payload.scope):
            raise InvalidScopeError()


def init_oauth(app: Flask) -> None:
    server = AuthorizationServer(app, query_client=_query_client, save_token=_save_token)
    server.register_grant(_ClientCredentials)
    server.register_token_generator("default", BearerTokenGenerator(
        access_token_generator=lambda **_kwargs: new_secret(),
        expires_generator=lambda *_args: int(CLIENT_TOKEN_LIFETIME.total_seconds())))
    app.extensions[_SERVER] = server


@bp.route("/api/v1/oauth/token", methods=["POST"])
@require(PUBLIC)
def issue_token():
    """The token endpoint: a bearer token for a client's credentials, or an OAuth error."""
    response = current_app.extensions[_SERVER].create_token_response()
    if response.status_code == 200:
        db.session.commit()
    else:
        db.session.rollback()
    return response
