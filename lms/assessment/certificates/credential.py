"""The Open Badges 3.0 credential of a certificate, signed as a VC-JWT, and its verification.

The JWT payload is the OpenBadgeCredential itself (W3C VC Data Model 2.0 with the OB 3.0
context) plus the JWT claims the OB 3.0 VC-JWT proof format names: iss (the issuer's id), jti
(the credential's id), nbf/iat (validFrom) and exp (validUntil). The JOSE header carries
alg ES256, typ JWT and the kid of a key in /.well-known/jwks.json.
"""

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from joserfc import jws
from joserfc.errors import JoseError
from sqlalchemy import select

from ...extensions import db
from .keys import ALGORITHM, active_signing_key, private_key, setting, verification_keys
from .models import Certificate

CONTEXT = ["https://www.w3.org/ns/credentials/v2",
           "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
ISSUER_NAME = "Thaksa"
# The blueprint's public paths (lms.assessment.certificates.views), on BASE_URL.
ISSUER_PATH = "/certificates/issuer"
VERIFY_PATH = "/certificates/verify/{public_id}"
STATUS_PATH = "/certificates/status/{public_id}"
JWKS_PATH = "/.well-known/jwks.json"


def site_url() -> str:
    return setting("BASE_URL").rstrip("/")


def issuer_id() -> str:
    return site_url() + ISSUER_PATH


def verification_url(public_id: str) -> str:
    return site_url() + VERIFY_PATH.format(public_id=public_id)


def issuer_profile() -> dict:
    """The issuer's OB 3.0 Profile, served at its id."""
    return {"@context": CONTEXT, "id": issuer_id(), "type": ["Profile"], "name": ISSUER_NAME,
            "url": site_url() + "/", "jwks_uri": site_url() + JWKS_PATH}


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _end_of(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)


def _achievement(cert: Certificate) -> dict:
    if cert.kind == "course":
        version = cert.course_version
        achievement_id = f"{site_url()}/achievements/course/{version.course_id}"
        kind = "Course"
        description = version.summary_th or cert.title_th
        narrative = "ผ่านการเรียนรู้ครบตามหลักสูตร / Completed the course"
    else:
        achievement_id = f"{site_url()}/achievements/skill/{cert.skill_set.slug}/level/{cert.level}"
        kind = "Competency"
        description = cert.title_th
        narrative = (f"ได้รับการรับรองระดับ {cert.level} ด้วยแบบทดสอบหรือผลการประเมินที่ตรวจสอบแล้ว / "
                     f"Certified at level {cert.level} by a level quiz or a verified external result")
    return {"id": achievement_id, "type": ["Achievement"], "achievementType": kind,
            "name": cert.title_th, "description": description, "criteria": {"narrative": narrative},
            "inLanguage": "th"}


def credential_for(cert: Certificate) -> dict:
    """The unsigned OpenBadgeCredential of a certificate."""
    credential = {
        "@context": CONTEXT,
        "id": verification_url(cert.public_id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": ISSUER_NAME},
        "name": cert.title_th,
        "validFrom": _timestamp(cert.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityType": "name", "hashed": False,
                            "identityHash": cert.recipient_name}],
            "achievement": _achievement(cert),
        },
        "credentialStatus": {"id": site_url() + STATUS_PATH.format(public_id=cert.public_id),
                             "type": "1EdTechRevocationList"},
    }
    if cert.title_en:
        credential["credentialSubject"]["achievement"]["alternateName"] = cert.title_en
    if cert.expires_on is not None:
        credential["validUntil"] = _timestamp(_end_of(cert.expires_on))
    return credential


def sign_certificate(cert: Certificate) -> str:
    """Sign the certificate's credential with the active key; stores and returns the JWT."""
    key_row = active_signing_key()
    credential = credential_for(cert)
    claims = {"iss": issuer_id(), "jti": credential["id"], "nbf": int(cert.issued_at.timestamp()),
              "iat": int(cert.issued_at.timestamp())}
    if cert.expires_on is not None:
        claims["exp"] = int(_end_of(cert.expires_on).timestamp())
    payload = json.dumps({**credential, **claims}, ensure_ascii=False, separators=(",", ":"))
    header = {"alg": ALGORITHM, "typ": "JWT", "kid": key_row.kid}
    token = jws.serialize_compact(header, payload.encode(), private_key(key_row), algorithms=[ALGORITHM])
    cert.signing_key = key_row
    cert.credential_jwt = token
    return token


@dataclass
class Verification:
    """What checking a credential found: each check True/False, and why it failed."""

    checks: dict = field(default_factory=lambda: dict.fromkeys(
        ("signature", "issuer", "expiry", "revocation"), False))
    errors: list[str] = field(default_factory=list)
    credential: dict | None = None
    certificate: Certificate | None = None

    @property
    def valid(self) -> bool:
        return all(self.checks.values())

    def as_dict(self) -> dict:
        return {"valid": self.valid, "checks": self.checks, "errors": self.errors}


def verify_credential(token: str, now: datetime | None = None) -> Verification:
    """Check a VC-JWT as a stranger would: the signature against the published keys, the
    issuer, the validity dates and the revocation status. Error codes, not sentences: the
    API's reader translates them (ERROR_MESSAGES in views)."""
    result = Verification()
    now = now or datetime.now(UTC)
    token = token.strip()
    if token.count(".") != 2:
        result.errors.append("malformed")
        return result
    try:
        signed = jws.deserialize_compact(token, verification_keys(), algorithms=[ALGORITHM])
        payload = json.loads(signed.payload)
        if not isinstance(payload, dict):
            raise ValueError("payload")
    except (JoseError, ValueError, TypeError, UnicodeDecodeError) as error:
        result.errors.append("signature" if isinstance(error, JoseError) else "malformed")
        return result
    result.checks["signature"] = True
    result.credential = payload
    issuer = payload.get("issuer")
    issuer = issuer.get("id") if isinstance(issuer, dict) else issuer
    if payload.get("iss") == issuer_id() and issuer == issuer_id():
        result.checks["issuer"] = True
    else:
        result.errors.append("issuer")
    expires = payload.get("exp")
    starts = payload.get("nbf")
    if isinstance(expires, int) and expires < now.timestamp():
        result.errors.append("expired")
    elif isinstance(starts, int) and starts > now.timestamp() + 300:
        result.errors.append("not_yet_valid")
    else:
        result.checks["expiry"] = True
    public_id = str(payload.get("jti", "")).rsplit("/", 1)[-1]
    cert = db.session.scalar(select(Certificate).where(Certificate.public_id == public_id))
    result.certificate = cert
    if cert is None or payload.get("jti") != verification_url(cert.public_id):
        result.errors.append("unknown")
    elif cert.revoked_at is not None:
        result.errors.append("revoked")
    else:
        result.checks["revocation"] = True
    return result
