"""Pages of lms.assessment.certificates: a person's certificates and their downloads, the
public verification page and API, the issuer's profile and key set, revocation."""

import json

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ...core.access import PUBLIC, can, require, visible_or_404
from ...core.dates import today_in_bangkok
from ...core.pdf import PdfUnavailable
from ...extensions import csrf, db
from . import services
from .credential import issuer_profile, verification_url, verify_credential
from .document import certificate_file_name, certificate_pdf_bytes, qr_svg
from .forms import RevokeForm
from .keys import published_jwks
from .models import Certificate

bp = Blueprint("certificates", __name__, url_prefix="/certificates", template_folder="templates")

# A posted credential larger than this is not one of ours (ours are a few kilobytes).
MAX_CREDENTIAL_BYTES = 64 * 1024
ERROR_MESSAGES = {
    "malformed": _l("This is not a signed credential (a VC-JWT)."),
    "signature": _l("The signature does not match any of the issuer's keys: the credential was changed "
                    "or not issued here."),
    "issuer": _l("The credential names another issuer."),
    "expired": _l("The credential has expired."),
    "not_yet_valid": _l("The credential is not valid yet."),
    "unknown": _l("The issuer has no record of this credential."),
    "revoked": _l("The credential has been revoked."),
    "too_large": _l("The credential is too large."),
}


def _jwks():
    """The issuer's public keys, every one ever used (old credentials keep verifying)."""
    response = jsonify(published_jwks())
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


_jwks.permission = PUBLIC
# At the site's root, where verifiers look for it, not under /certificates.
bp.record_once(lambda state: state.app.add_url_rule("/.well-known/jwks.json", "certificates.jwks", _jwks))


@bp.app_template_global()
def course_certificate_for(course):
    """The current person's certificate for a course (the course and learn pages), or None."""
    if course is None or not current_user.is_authenticated:
        return None
    return services.course_certificate_of(current_user, course.id)


@bp.route("/")
@require("signed_in")
def mine():
    certificates = services.certificates_of(current_user)
    return render_template("certificates/mine.html", certificates=certificates, today=today_in_bangkok())


@bp.route("/<int:certificate_id>")
@require("view_certificate")
def detail(certificate_id):
    cert = visible_or_404(Certificate, certificate_id, "view_certificate")
    return _detail_page(cert, RevokeForm())


def _detail_page(cert, form, status=200):
    url = verification_url(cert.public_id)
    return render_template("certificates/detail.html", cert=cert, form=form, verify_url=url, qr=qr_svg(url, 4),
                           status=cert.status_on(today_in_bangkok()),
                           may_revoke=can(current_user, "revoke_certificate", cert)), status


@bp.route("/<int:certificate_id>/certificate.pdf")
@require("view_certificate")
def pdf(certificate_id):
    cert = visible_or_404(Certificate, certificate_id, "view_certificate")
    try:
        content = certificate_pdf_bytes(cert)
    except PdfUnavailable:
        return render_template("certificates/pdf_unavailable.html", cert=cert), 503
    return Response(content, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{certificate_file_name(cert, "pdf")}"'})


@bp.route("/<int:certificate_id>/credential.jwt")
@require("view_certificate")
def credential_jwt(certificate_id):
    cert = visible_or_404(Certificate, certificate_id, "view_certificate")
    if not cert.credential_jwt:  # erased with the person's data (PDPA)
        abort(404)
    return Response(cert.credential_jwt, mimetype="application/vc+jwt", headers={
        "Content-Disposition": f'attachment; filename="{certificate_file_name(cert, "jwt")}"'})


@bp.route("/<int:certificate_id>/credential.json")
@require("view_certificate")
def credential_json(certificate_id):
    """The VC-JWT wrapped as a VC Data Model 2.0 EnvelopedVerifiableCredential."""
    cert = visible_or_404(Certificate, certificate_id, "view_certificate")
    if not cert.credential_jwt:  # erased with the person's data (PDPA)
        abort(404)
    envelope = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": "EnvelopedVerifiableCredential",
                "id": f"data:application/vc+jwt,{cert.credential_jwt}"}
    return Response(json.dumps(envelope, indent=2), mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="{certificate_file_name(cert, "json")}"'})


@bp.route("/<int:certificate_id>/revoke", methods=["POST"])
@require("revoke_certificate")
def revoke(certificate_id):
    cert = visible_or_404(Certificate, certificate_id, "view_certificate")
    if not can(current_user, "revoke_certificate", cert):
        abort(403)
    form = RevokeForm()
    if cert.revoked_at is not None:
        flash(_("This certificate was already revoked."), "warning")
        return redirect(url_for("certificates.detail", certificate_id=cert.id))
    if not form.validate_on_submit():
        return _detail_page(cert, form, 400)
    services.revoke_certificate(cert, form.reason.data, current_user._get_current_object())
    db.session.commit()
    flash(_("The certificate is revoked. Its verification page now says so."), "success")
    return redirect(url_for("certificates.detail", certificate_id=cert.id))


def _by_public_id(public_id: str) -> Certificate | None:
    if len(public_id) > 40:
        return None
    return db.session.scalar(select(Certificate).where(Certificate.public_id == public_id))


@bp.route("/verify/<public_id>")
@require(PUBLIC)
def verify(public_id):
    cert = _by_public_id(public_id)
    if cert is None:
        return render_template("certificates/verify.html", cert=None, check=None), 404
    check = verify_credential(cert.credential_jwt)
    return render_template("certificates/verify.html", cert=cert, check=check,
                           messages=[ERROR_MESSAGES[code] for code in check.errors],
                           status=_public_status(cert, check))


def _public_status(cert, check) -> str:
    """What the page says first: revoked and expired before a broken signature."""
    if cert.revoked_at is not None:
        return "revoked"
    if check.checks["signature"] and "expired" in check.errors:
        return "expired"
    return "valid" if check.valid else "invalid"


@bp.route("/status/<public_id>")
@require(PUBLIC)
def status(public_id):
    """The credential's status (credentialStatus): an 1EdTech revocation list of this one
    credential, empty while it stands."""
    cert = _by_public_id(public_id)
    if cert is None:
        abort(404)
    revoked = []
    if cert.revoked_at is not None:
        revoked.append({"id": verification_url(cert.public_id), "revocationReason": cert.revocation_reason,
                        "revokedAt": cert.revoked_at.isoformat()})
    return jsonify({"id": request.base_url, "issuer": issuer_profile()["id"], "revokedCredentials": revoked})


@bp.route("/issuer")
@require(PUBLIC)
def issuer():
    return jsonify(issuer_profile())


# Exempt from CSRF: the request changes nothing and answers only about the credential it
# carries, so a forged cross-site POST learns or does nothing the attacker could not do himself.
@bp.route("/api/verify", methods=["POST"])
@require(PUBLIC)
@csrf.exempt
def api_verify():
    """POST a credential (a VC-JWT: the raw token, JSON {"credential": token} or the
    EnvelopedVerifiableCredential of credential.json): {valid, checks, errors, messages}."""
    if (request.content_length or 0) > MAX_CREDENTIAL_BYTES:
        return _api_answer(None, ["too_large"], 413)
    token = _posted_token()
    if not token:
        return _api_answer(None, ["malformed"], 400)
    return _api_answer(verify_credential(token), None, 200)


def _posted_token() -> str:
    body = request.get_data(cache=False, as_text=True)[:MAX_CREDENTIAL_BYTES].strip()
    if request.is_json or body.startswith("{"):
        try:
            data = json.loads(body)
        except ValueError:
            return ""
        token = (data.get("credential") or data.get("id")) if isinstance(data, dict) else ""
        token = token if isinstance(token, str) else ""
        return token.removeprefix("data:application/vc+jwt,")
    return body


def _api_answer(check, errors, status_code):
    if check is None:
        answer = {"valid": False, "checks": dict.fromkeys(("signature", "issuer", "expiry", "revocation"), False),
                  "errors": errors}
    else:
        answer = check.as_dict()
    answer["messages"] = [str(ERROR_MESSAGES[code]) for code in answer["errors"]]
    response = jsonify(answer)
    response.status_code = status_code
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "no-store"
    return response
