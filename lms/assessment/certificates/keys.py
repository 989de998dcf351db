"""The site's signing keys: made on first need, rotated by `flask lms certificates rotate-key`.

The private key is stored in the database as encrypted PKCS#8 PEM (the passphrase is
CERTIFICATE_KEY_PASSPHRASE, else the app's SECRET_KEY), so it is never in the repository
and a copied database alone does not sign. Retired keys stay in the published key set so
the credentials they signed keep verifying.
"""

import json

from flask import current_app
from joserfc.jwk import ECKey, KeySet
from sqlalchemy import select

from ...core.models import utcnow
from ...core.settings import SHARED_DEFAULTS, read_setting
from ...extensions import db
from .models import SigningKey

ALGORITHM = "ES256"

DEFAULTS = {
    **SHARED_DEFAULTS,
    # A level certificate without an expiry date from its quiz or result is valid this long.
    "CERTIFICATE_LEVEL_VALID_YEARS": 3,
    # Encrypts the stored private keys; empty: the SECRET_KEY.
    "CERTIFICATE_KEY_PASSPHRASE": "",
}


def setting(name: str):
    """App config, else LMS_<NAME> from the environment, else the default."""
    return read_setting(DEFAULTS, name)


def _passphrase() -> bytes:
    return (setting("CERTIFICATE_KEY_PASSPHRASE") or current_app.config["SECRET_KEY"]).encode()


def new_signing_key() -> SigningKey:
    """Generate a P-256 key (ES256) and store it; flushes."""
    key = ECKey.generate_key("P-256", auto_kid=True)
    public = {**key.as_dict(private=False), "kid": key.kid, "use": "sig", "alg": ALGORITHM}
    row = SigningKey(kid=key.kid, algorithm=ALGORITHM, public_jwk=json.dumps(public),
                     private_key_pem=key.as_pem(private=True, password=_passphrase()).decode())
    db.session.add(row)
    db.session.flush()
    return row


def active_signing_key() -> SigningKey:
    """The newest unretired key, made now if there is none."""
    row = db.session.scalar(select(SigningKey).where(SigningKey.retired_at.is_(None))
                            .order_by(SigningKey.created_at.desc(), SigningKey.id.desc()).limit(1))
    return row or new_signing_key()


def rotate_signing_key() -> SigningKey:
    """Retire the keys in use and make a new one; old credentials still verify. Flushes."""
    now = utcnow()
    for row in db.session.scalars(select(SigningKey).where(SigningKey.retired_at.is_(None))):
        row.retired_at = now
    return new_signing_key()


def private_key(row: SigningKey) -> ECKey:
    """The private key of a stored row, for signing."""
    return ECKey.import_key(row.private_key_pem, password=_passphrase())


def published_jwks() -> dict:
    """Every key's public half, as /.well-known/jwks.json serves it."""
    rows = db.session.scalars(select(SigningKey).order_by(SigningKey.id)).all()
    return {"keys": [json.loads(row.public_jwk) for row in rows]}


def verification_keys() -> KeySet:
    return KeySet.import_key_set(published_jwks())
