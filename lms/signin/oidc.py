"""Signing in with OpenID Connect (ThaID, Microsoft Entra, Google Workspace …): the provider's
client, and which person a verified ID token signs in.

Authlib's Flask client does the protocol: the state and the nonce (kept in the signed session
cookie between the two legs), PKCE, the code exchange, and the ID token's signature, issuer,
audience and expiry. Discovery happens on first use, never in create_app. The client is built
from the settings (OIDC_* in lms.config) and kept per app and per settings, so a changed
setting takes effect without a restart of the registry.

Linking (OIDC_LINK_CLAIM): by default the ID token's email, which the provider must say it
verified, names an active person here. Any other claim name (a citizen-ID hash, as ThaID-style
providers release it) is matched against people.citizen_id_hash, which HR sets through the
people import; the email need not be verified then, except to create an account. The functions
flush, never commit.
"""

import threading
from collections.abc import Mapping
from dataclasses import dataclass

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app
from sqlalchemy import select

from ..accounts import services
from ..accounts.models import Organisation, Person
from ..accounts.people_import import citizen_id_hash_problem
from ..core.audit import record_event
from ..extensions import db

NAME = "oidc"  # Authlib's name for the client: its state lives under "_state_oidc_…" in the session
SCOPES = "openid email profile"
# Claims about the token itself, never about the person: no link claim can be one of these.
PROTOCOL_CLAIMS = frozenset({"iss", "aud", "exp", "iat", "nbf", "jti", "nonce", "azp", "at_hash", "c_hash",
                             "auth_time", "acr", "amr", "sid", "email_verified", "xms_edov"})
_CLIENTS = "lms.oidc_clients"  # app.extensions: {ProviderSettings: Authlib client}
_lock = threading.Lock()


@dataclass(frozen=True)
class ProviderSettings:
    discovery_url: str
    client_id: str
    client_secret: str
    timeout: float


class SignInRefused(Exception):
    """Why a sign-in with the provider is refused: a stable `reason` for the audit trail (the
    page turns it into words), the email the provider gave, and the person when one was found."""

    def __init__(self, reason: str, email: str = "", person: Person | None = None):
        super().__init__(reason)
        self.reason = reason
        self.email = email
        self.person = person


def provider_settings(config: Mapping) -> ProviderSettings | None:
    """The provider's settings, or None while OpenID Connect is off (no discovery URL or client)."""
    url = (config.get("OIDC_DISCOVERY_URL") or "").strip()
    client_id = (config.get("OIDC_CLIENT_ID") or "").strip()
    if not url or not client_id:
        return None
    return ProviderSettings(url, client_id, config.get("OIDC_CLIENT_SECRET") or "",
                           float(config.get("OIDC_TIMEOUT") or 10))


def is_enabled(config: Mapping) -> bool:
    return provider_settings(config) is not None


def provider_name(config: Mapping) -> str:
    return (config.get("OIDC_PROVIDER_NAME") or "").strip() or "OpenID Connect"


def link_claim(config: Mapping) -> str:
    """The claim that names the person: "email" (the default), or the one matched against
    people.citizen_id_hash."""
    return (config.get("OIDC_LINK_CLAIM") or "").strip() or "email"


def configuration_problem(config: Mapping) -> str | None:
    """A reason the configured sign-in cannot work ("not_configured", "link_claim_unsupported"), or None."""
    if not is_enabled(config):
        return "not_configured"
    if link_claim(config) in PROTOCOL_CLAIMS:
        return "link_claim_unsupported"
    return None


def client(app: Flask | None = None):
    """Authlib's client for the configured provider (no network call here), or None when off."""
    app = app or current_app._get_current_object()
    settings = provider_settings(app.config)
    if settings is None:
        return None
    clients = app.extensions.setdefault(_CLIENTS, {})
    found = clients.get(settings)
    if found is not None:
        return found
    with _lock:
        if settings not in clients:
            # A registry of its own per settings: Authlib caches a client by name for good.
            oauth = OAuth(app)
            clients[settings] = oauth.register(
                NAME, client_id=settings.client_id, client_secret=settings.client_secret,
                server_metadata_url=settings.discovery_url,
                client_kwargs={"scope": SCOPES, "code_challenge_method": "S256",
                               "default_timeout": settings.timeout})
        return clients[settings]


def claims_options(provider_client) -> dict:
    """What the ID token must say beyond its signature and expiry: issued by the provider, for
    this client. Authlib alone checks the issuer and, through azp, only part of the audience."""
    issuer = provider_client.load_server_metadata().get("issuer")
    if not issuer:
        raise RuntimeError("the provider's discovery document names no issuer")
    return {"iss": {"essential": True, "values": [issuer]},
            "aud": {"essential": True, "values": [provider_client.client_id]}}


def claimed_email(claims: Mapping) -> str:
    return services.normalise_email(str(claims.get("email") or ""))


def email_is_verified(claims: Mapping) -> bool:
    """Whether the provider vouches for the email: email_verified true ("true" as a string counts:
    some providers send it so). Microsoft Entra never sends email_verified for work accounts; its
    optional claim xms_edov (the email's domain is verified as the tenant's) stands in for it then,
    and only then: the issuer check already pins the one tenant the discovery URL names."""
    verified = claims.get("email_verified")
    if verified is None:
        verified = claims.get("xms_edov")
    return verified is True or verified == "true"


def person_for_claims(claims: Mapping, config: Mapping, language: str = "th") -> tuple[Person, bool]:
    """The active person the verified ID token's claims sign in, and whether they were just
    created (OIDC_CREATE_ACCOUNTS; in `language`, the one the login page was shown in).

    Raises SignInRefused: "link_claim_unsupported", "email_missing", "email_unverified",
    "account_inactive", "unknown_person", "default_organisation_missing"; with a link claim
    other than email also "link_claim_missing", "link_claim_invalid", "email_taken".
    """
    claim = link_claim(config)
    if claim in PROTOCOL_CLAIMS:
        raise SignInRefused("link_claim_unsupported")
    if claim != "email":
        return _person_for_link_claim(claims, claim, config, language)
    email = claimed_email(claims)
    if not email or "@" not in email:
        raise SignInRefused("email_missing")
    if not email_is_verified(claims):
        raise SignInRefused("email_unverified", email)
    person = services.find_person_by_email(email)
    if person is not None:
        if not person.is_active:
            raise SignInRefused("account_inactive", email, person)
        return person, False
    if not config.get("OIDC_CREATE_ACCOUNTS"):
        raise SignInRefused("unknown_person", email)
    return _create_person(claims, email, config, language), True


def _person_for_link_claim(claims: Mapping, claim: str, config: Mapping, language: str) -> tuple[Person, bool]:
    """The person whose citizen_id_hash is the claim's value; a new one (with a verified email,
    which Thaksa needs to reach them) when OIDC_CREATE_ACCOUNTS."""
    value = claims.get(claim)
    if not isinstance(value, str) or not value.strip():
        raise SignInRefused("link_claim_missing")
    value = value.strip()
    if citizen_id_hash_problem(value):  # no person can hold it: the provider sends something else
        raise SignInRefused("link_claim_invalid")
    email = claimed_email(claims) if email_is_verified(claims) else ""  # for the audit trail
    person = db.session.scalar(select(Person).where(Person.citizen_id_hash == value))
    if person is not None:
        if not person.is_active:
            raise SignInRefused("account_inactive", person.email, person)
        return person, False
    if not config.get("OIDC_CREATE_ACCOUNTS"):
        raise SignInRefused("unknown_person", email)
    if not email or "@" not in email:
        raise SignInRefused("account_needs_email")
    holder = services.find_person_by_email(email)
    if holder is not None:  # an account not linked to this claim: HR links it, a sign-in does not
        raise SignInRefused("email_taken", email, holder)
    person = _create_person(claims, email, config, language)
    person.citizen_id_hash = value
    db.session.flush()
    return person, True


def _create_person(claims: Mapping, email: str, config: Mapping, language: str) -> Person:
    code = (config.get("OIDC_DEFAULT_ORGANISATION_CODE") or "").strip()
    organisation = db.session.scalar(select(Organisation).where(Organisation.code == code)) if code else None
    if organisation is None:
        raise SignInRefused("default_organisation_missing", email)
    name = " ".join(str(claims.get("name") or "").split())[:200]
    if not name:
        name = " ".join(str(claims.get(part) or "") for part in ("given_name", "family_name")).strip()[:200]
    name = name or email.split("@", 1)[0]
    person = services.create_person(None, email=email, name_th=name,
                                    name_en=name if name.isascii() else "", organisation=organisation,
                                    language=language)
    record_event("person.created", person, actor=person, actor_label="oidc",
                 changes={"email": email, "name_th": name, "organisation": organisation.code,
                          "method": "oidc"})
    return person
