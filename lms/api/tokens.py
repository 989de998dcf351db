"""Personal access tokens and system clients: made, found by their secret, revoked.

The services flush, never commit. A secret is returned once by the function that makes it;
only its SHA-256 is kept.
"""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import joinedload

from ..core.audit import record_event
from ..core.models import utcnow
from ..extensions import db
from .models import ApiCall, ApiClient, ApiToken
from .scopes import SCOPES

TOKEN_PREFIX = "thk_"  # recognisable in logs and by secret scanners
CLIENT_TOKEN_LIFETIME = timedelta(hours=1)
PERSONAL_TOKEN_MAX_DAYS = 366


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def _checked_scopes(scopes) -> str:
    unknown = [scope for scope in scopes if scope not in SCOPES]
    if unknown or not scopes:
        raise ValueError(f"unknown or no scopes: {unknown}")
    return " ".join(sorted(set(scopes)))


def create_personal_token(person, name: str, scopes, days: int,
                          now: datetime | None = None) -> tuple[ApiToken, str]:
    """A token for `person` itself; returns it and its secret (shown once, never stored)."""
    now = now or utcnow()
    if not 1 <= days <= PERSONAL_TOKEN_MAX_DAYS:
        raise ValueError("a token lives 1 to 366 days")
    secret = new_secret()
    token = ApiToken(kind="personal", token_hash=secret_hash(secret), prefix=secret[:12],
                     name=name.strip(), scopes=_checked_scopes(scopes), person=person,
                     created_at=now, expires_at=now + timedelta(days=days))
    db.session.add(token)
    db.session.flush()
    record_event("api_token.created", token, changes={"scopes": token.scopes,
                                                      "expires_at": token.expires_at})
    return token, secret


def revoke_token(token: ApiToken, now: datetime | None = None) -> None:
    """End a token now; calls made with it afterwards answer 401."""
    if token.revoked_at is None:
        token.revoked_at = now or utcnow()
        db.session.flush()
        record_event("api_token.revoked", token)


@cache
def _token_by_hash():
    """Every API call runs it: the token, its person and its client in one statement, built
    once, on first use (loader options configure the mappers: not at import, when a command's
    --help has not loaded every model)."""
    return (select(ApiToken).where(ApiToken.token_hash == bindparam("token_hash"))
            .options(joinedload(ApiToken.person), joinedload(ApiToken.client)))


def live_token(secret: str, now: datetime | None = None) -> ApiToken | None:
    """The live token with this secret, or None (unknown, expired, revoked, or its person
    deactivated)."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = db.session.scalar(_token_by_hash(), {"token_hash": secret_hash(secret)})
    if token is None or not token.is_live(now) or not token.person.is_active:
        return None
    return token


def register_client(person, name: str, scopes) -> tuple[ApiClient, str]:
    """A system client acting for `person` (who registers it); returns it and its secret."""
    secret = secrets.token_urlsafe(32)
    client = ApiClient(client_id="thk-" + secrets.token_hex(12), secret_hash=secret_hash(secret),
                       name=name.strip(), scopes=_checked_scopes(scopes), person=person)
    db.session.add(client)
    db.session.flush()
    record_event("api_client.registered", client, changes={"scopes": client.scopes})
    return client, secret


def client_secret_matches(client: ApiClient, secret: str) -> bool:
    return hmac.compare_digest(client.secret_hash, secret_hash(secret))


def revoke_client(client: ApiClient, now: datetime | None = None) -> None:
    """End a client and every token it obtained."""
    if client.revoked_at is None:
        client.revoked_at = now or utcnow()
        db.session.flush()
        record_event("api_client.revoked", client)


def erase_credentials_of(person) -> int:
    """Delete every token and client of `person` with the calls made with them (anonymising:
    the calls keep addresses). Returns how many tokens and clients went."""
    tokens = select(ApiToken.id).where(ApiToken.person_id == person.id).scalar_subquery()
    db.session.execute(delete(ApiCall).where(ApiCall.token_id.in_(tokens)))
    gone = db.session.execute(delete(ApiToken).where(ApiToken.person_id == person.id)).rowcount
    return gone + db.session.execute(delete(ApiClient).where(ApiClient.person_id == person.id)).rowcount
