"""Anyone can verify a certificate: the signed credential checks out against the published
keys with an independent library (jwcrypto), and a changed one does not."""

import base64
import json
from datetime import timedelta

import pytest
from jwcrypto import jwk
from jwcrypto import jws as cjws
from jwcrypto import jwt as cjwt
from jwcrypto.common import JWException

from lms.assessment.certificates.keys import rotate_signing_key
from lms.assessment.certificates.services import revoke_certificate
from lms.core.dates import today_in_bangkok
from tests.assessment.certificate_factories import course_certificate, level_certificate, self_paced_course


def published_keys(client) -> jwk.JWKSet:
    response = client.get("/.well-known/jwks.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return jwk.JWKSet.from_json(response.get_data(as_text=True))


def verified_payload(token: str, keys: jwk.JWKSet) -> dict:
    signed = cjws.JWS()
    signed.deserialize(token)
    signed.verify(keys)
    return json.loads(signed.payload)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def tampered(token: str, change) -> str:
    """The token with its payload changed and re-encoded, the signature left as it was."""
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    change(claims)
    return ".".join([header, b64(json.dumps(claims, ensure_ascii=False).encode()), signature])


def api(client, token, **kwargs):
    response = client.post("/certificates/api/verify", data=token, content_type="application/vc+jwt", **kwargs)
    return response.status_code, response.get_json()


@pytest.fixture
def cert(world, db):
    return course_certificate(world["learner"], self_paced_course(world))


def test_the_downloaded_credential_verifies_with_jwcrypto_against_the_published_keys(client, login, world, cert):
    login(world["learner"])
    token = client.get(f"/certificates/{cert.id}/credential.jwt").get_data(as_text=True)
    payload = verified_payload(token, published_keys(client))

    assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert "https://www.w3.org/ns/credentials/v2" in payload["@context"]
    assert any("purl.imsglobal.org/spec/ob/v3p0" in c for c in payload["@context"])
    issuer = client.get("/certificates/issuer").get_json()
    assert payload["issuer"]["id"] == payload["iss"] == issuer["id"] and issuer["type"] == ["Profile"]
    assert payload["jti"] == payload["id"] and payload["id"].endswith(f"/certificates/verify/{cert.public_id}")
    subject = payload["credentialSubject"]
    assert subject["identifier"][0]["identityHash"] == "สมชาย ผู้เรียน"
    achievement = subject["achievement"]
    assert achievement["name"] == "สุขอนามัยไซเบอร์" and achievement["criteria"]["narrative"]
    assert achievement["id"] and achievement["description"]
    assert payload["validFrom"].endswith("Z") and "validUntil" not in payload
    assert payload["credentialStatus"]["id"].endswith(f"/certificates/status/{cert.public_id}")
    status, answer = api(client, token)
    assert status == 200 and answer["valid"] is True and answer["errors"] == []
    assert answer["checks"] == {"signature": True, "issuer": True, "expiry": True, "revocation": True}


def test_the_json_download_wraps_the_same_signed_credential(client, login, world, cert):
    login(world["learner"])
    envelope = client.get(f"/certificates/{cert.id}/credential.json").get_json()
    assert envelope["type"] == "EnvelopedVerifiableCredential"
    assert envelope["id"] == "data:application/vc+jwt," + cert.credential_jwt
    response = client.post("/certificates/api/verify", json=envelope)
    assert response.get_json()["valid"] is True
    assert client.post("/certificates/api/verify", json={"credential": cert.credential_jwt}).get_json()["valid"]


@pytest.mark.parametrize("change", [
    lambda c: c["credentialSubject"]["identifier"][0].update(identityHash="คนอื่น ปลอมชื่อ"),
    lambda c: c.update(validFrom="2020-01-01T00:00:00Z", nbf=1577836800),
    lambda c: c["credentialSubject"]["achievement"].update(name="หลักสูตรที่ไม่ได้เรียน"),
], ids=["name", "date", "course"])
def test_a_tampered_credential_fails_in_the_api_and_in_jwcrypto(client, cert, change):
    forged = tampered(cert.credential_jwt, change)
    with pytest.raises(JWException):
        verified_payload(forged, published_keys(client))
    status, answer = api(client, forged)
    assert status == 200 and answer["valid"] is False
    assert answer["checks"]["signature"] is False and answer["errors"] == ["signature"]
    assert answer["messages"]


def test_nonsense_and_empty_posts_are_refused_plainly(client, db):
    assert api(client, "not a token")[1]["errors"] == ["malformed"]
    assert api(client, "a.b.c")[1]["errors"] == ["signature"]
    status, answer = api(client, "")
    assert status == 400 and answer["valid"] is False and answer["errors"] == ["malformed"]
    assert client.post("/certificates/api/verify", data="{broken", content_type="application/json").status_code == 400
    status, answer = api(client, "x" * (70 * 1024))
    assert status == 413 and answer["errors"] == ["too_large"]


def test_an_expired_level_certificate_fails_on_the_page_and_in_the_api(client, world, db):
    today = today_in_bangkok()
    cert = level_certificate(world["learner"], certified_on=today - timedelta(days=1200),
                             expires_on=today - timedelta(days=1))
    status, answer = api(client, cert.credential_jwt)
    assert answer["valid"] is False and answer["checks"]["expiry"] is False
    assert answer["checks"]["signature"] is True and "expired" in answer["errors"]
    with pytest.raises(cjwt.JWTExpired):  # jwcrypto's JWT layer checks exp too
        cjwt.JWT(jwt=cert.credential_jwt, key=published_keys(client))
    page = client.get(f"/certificates/verify/{cert.public_id}").get_data(as_text=True)
    assert 'data-status="expired"' in page


def test_the_public_page_works_logged_out(client, cert):
    response = client.get(f"/certificates/verify/{cert.public_id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-status="valid"' in html and "สมชาย ผู้เรียน" in html and "สุขอนามัยไซเบอร์" in html
    assert 'data-check="signature" data-ok="yes"' in html and 'data-check="revocation" data-ok="yes"' in html
    missing = client.get("/certificates/verify/no-such-certificate-id")
    assert missing.status_code == 404 and 'data-status="not-found"' in missing.get_data(as_text=True)


def test_a_certificate_whose_stored_credential_was_altered_is_shown_as_not_valid(client, cert, db):
    cert.credential_jwt = tampered(cert.credential_jwt, lambda c: c.update(name="ปลอม"))
    db.session.flush()
    html = client.get(f"/certificates/verify/{cert.public_id}").get_data(as_text=True)
    assert 'data-status="invalid"' in html and 'data-check="signature" data-ok="no"' in html


def test_credentials_signed_before_a_key_rotation_still_verify(client, world, cert, db):
    old_kid = cert.signing_key.kid
    rotate_signing_key()
    newer = level_certificate(world["learner"])
    assert newer.signing_key.kid != old_kid
    keys = published_keys(client)
    assert {k["kid"] for k in json.loads(keys.export(private_keys=False))["keys"]} >= {old_kid, newer.signing_key.kid}
    assert verified_payload(cert.credential_jwt, keys)["jti"].endswith(cert.public_id)
    assert verified_payload(newer.credential_jwt, keys)["jti"].endswith(newer.public_id)
    assert api(client, cert.credential_jwt)[1]["valid"] is True


def test_no_private_key_material_is_published(client, cert):
    for key in client.get("/.well-known/jwks.json").get_json()["keys"]:
        assert set(key) <= {"kty", "crv", "x", "y", "kid", "use", "alg"}
    assert "PRIVATE" not in cert.signing_key.private_key_pem.replace("ENCRYPTED PRIVATE", "")
    assert cert.signing_key.private_key_pem.startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")


def test_the_api_needs_no_csrf_token_it_changes_nothing(client, csrf, cert):
    status, answer = api(client, cert.credential_jwt)
    assert status == 200 and answer["valid"] is True


def test_the_status_endpoint_lists_the_revocation(client, world, cert, db):
    assert client.get(f"/certificates/status/{cert.public_id}").get_json()["revokedCredentials"] == []
    revoke_certificate(cert, "ออกผิดคน", world["site_admin"])
    [entry] = client.get(f"/certificates/status/{cert.public_id}").get_json()["revokedCredentials"]
    assert entry["revocationReason"] == "ออกผิดคน" and entry["id"].endswith(cert.public_id)
    assert client.get("/certificates/status/nothing-here").status_code == 404


def test_the_rotate_key_command_retires_the_key_in_use(app, client, world, cert, db):
    old = cert.signing_key
    result = app.test_cli_runner().invoke(args=["lms", "certificates", "rotate-key"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert old.retired_at is not None and "New signing key:" in result.output
    newer = level_certificate(world["learner"])
    assert newer.signing_key_id != old.id and result.output.strip().endswith(newer.signing_key.kid)
    assert api(client, cert.credential_jwt)[1]["valid"] is True


@pytest.mark.parametrize("alg", ["ES256", "HS256", "none"])
def test_a_credential_signed_with_another_key_or_algorithm_fails(client, cert, alg):
    header, payload, _signature = cert.credential_jwt.split(".")
    kid = json.loads(base64.urlsafe_b64decode(header + "=="))["kid"]
    if alg == "ES256":  # a stranger's key that claims the site's kid
        key = jwk.JWK.generate(kty="EC", crv="P-256", kid=kid)
    elif alg == "HS256":  # the published public key used as an HMAC secret
        key = jwk.JWK(kty="oct", k=b64(json.dumps(client.get("/.well-known/jwks.json").get_json()["keys"][0]).encode()))
    forged = cjws.JWS(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    if alg == "none":
        token = b64(json.dumps({"alg": "none", "kid": kid}).encode()) + "." + payload + "."
    else:
        forged.add_signature(key, alg=alg, protected={"alg": alg, "kid": kid, "typ": "JWT"})
        token = forged.serialize(compact=True)
    status, answer = api(client, token)
    assert status == 200 and answer["valid"] is False and answer["checks"]["signature"] is False


def test_a_credential_naming_an_unknown_key_fails(client, cert):
    header, payload, signature = cert.credential_jwt.split(".")
    other_header = b64(json.dumps({"alg": "ES256", "typ": "JWT", "kid": "unknown-key"}).encode())
    status, answer = api(client, ".".join([other_header, payload, signature]))
    assert status == 200 and answer["errors"] == ["signature"]
