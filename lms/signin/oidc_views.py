"""Signing in with OpenID Connect: the button's route, which sends the browser to the provider,
and the callback the provider sends it back to.

Routes on the accounts blueprint, beside the password login (lms/signin/views.py): their
endpoints are accounts.oidc_login and accounts.oidc_callback. A successful sign-in starts this
site's own server-side session exactly as the password does; the provider's session is not
ours, so logging out here (accounts.logout) ends ours only. Every refusal lands on the login
page with a message in the person's language and is audited as a failed login with its reason.
"""

from authlib.integrations.base_client import MismatchingStateError, OAuthError
from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user
from joserfc.errors import ClaimError, ExpiredTokenError, JoseError
from requests import RequestException

from ..accounts import sessions
from ..accounts.views import bp
from ..core.access import PUBLIC, require
from ..core.audit import record_event
from ..core.database import write_transaction
from ..core.i18n import current_language
from ..core.urls import safe_next
from ..extensions import db
from . import oidc

_NEXT = "oidc_next"  # where to go after signing in, kept in the session between the two legs


def refusal_message(reason: str, provider: str, email: str = "", by_email: bool = True) -> str:
    """What the login page says about a refused sign-in, in the person's language (`by_email`:
    whether the site links people by email, or by another claim: OIDC_LINK_CLAIM)."""
    if not by_email and (message := _claim_link_message(reason, provider, email)):
        return message
    if reason == "not_configured":
        return _("Signing in with another provider is not set up on this site. Log in with your password.")
    if reason == "link_claim_unsupported":
        return _("Signing in with %(provider)s is not set up correctly. Tell the site administrator, "
                 "or log in with your password.", provider=provider)
    if reason == "state_mismatch":
        return _("The sign-in could not be completed: it was not started from this browser, or it was "
                 "already used. Please sign in again.")
    if reason == "provider_error":
        return _("%(provider)s did not complete the sign-in (it was cancelled or refused). Please try "
                 "again.", provider=provider)
    if reason == "code_refused":
        return _("%(provider)s did not accept the sign-in code (it may have been used already). Please "
                 "sign in again.", provider=provider)
    if reason == "token_expired":
        return _("The identity token from %(provider)s has expired. Please sign in again.", provider=provider)
    if reason == "token_invalid":
        return _("The identity token from %(provider)s is not valid for this site, so nobody was signed "
                 "in. Please sign in again; if this keeps happening, tell the site administrator.",
                 provider=provider)
    if reason == "provider_unreachable":
        return _("%(provider)s could not be reached. Please try again later, or log in with your "
                 "password.", provider=provider)
    if reason == "email_missing":
        return _("%(provider)s did not share your email address, which links you to your account "
                 "here. Allow it to share your email, or log in with your password.", provider=provider)
    if reason == "email_unverified":
        return _("%(provider)s has not verified your email address %(email)s, so it cannot be linked "
                 "to an account here. Verify it at %(provider)s, or log in with your password.",
                 provider=provider, email=email)
    if reason == "account_inactive":
        return _("Your account here has been deactivated. Ask your organisation's administrator "
                 "if you should still have access.")
    if reason == "unknown_person":
        return _("No account here uses the email address %(email)s. Ask your organisation's "
                 "administrator to add you.", email=email)
    if reason == "default_organisation_missing":
        return _("No account here uses the email address %(email)s, and new accounts cannot be "
                 "created because no default organisation is set. Tell the site administrator.",
                 email=email)
    return _("The sign-in with %(provider)s could not be completed. Please try again.", provider=provider)


def _claim_link_message(reason: str, provider: str, email: str) -> str | None:
    """The refusals of a site that links people by a claim other than the email (a citizen-ID hash)."""
    if reason == "link_claim_missing":
        return _("%(provider)s did not share the identifier that links you to your account here, so nobody "
                 "was signed in. Allow it to share your identity, or log in with your password; if this "
                 "keeps happening, tell the site administrator.", provider=provider)
    if reason == "link_claim_invalid":
        return _("The identifier from %(provider)s is not in the form this site expects, so nobody was "
                 "signed in. Tell the site administrator, or log in with your password.", provider=provider)
    if reason == "unknown_person":
        return _("No account here is linked to your %(provider)s identity. Ask your organisation's "
                 "administrator to add you.", provider=provider)
    if reason == "account_needs_email":
        return _("No account here is linked to your %(provider)s identity, and a new account needs an "
                 "email address that %(provider)s has verified, which it did not share. Ask your "
                 "organisation's administrator to add you.", provider=provider)
    if reason == "email_taken":
        return _("The email address %(email)s belongs to an account here that is not linked to your "
                 "%(provider)s identity. Ask your organisation's administrator to link it.",
                 email=email, provider=provider)
    if reason == "default_organisation_missing":
        return _("No account here is linked to your %(provider)s identity, and new accounts cannot be "
                 "created because no default organisation is set. Tell the site administrator.",
                 provider=provider)
    return None


@bp.route("/auth/oidc/login")
@require(PUBLIC)
def oidc_login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    config = current_app.config
    problem = oidc.configuration_problem(config)
    if problem is not None:
        return _refuse(problem, audit=problem != "not_configured")
    session[_NEXT] = safe_next(request.args.get("next"), "")
    try:
        return oidc.client().authorize_redirect(url_for("accounts.oidc_callback", _external=True))
    except (RequestException, ValueError, RuntimeError) as error:  # discovery failed or was malformed
        current_app.logger.warning("OpenID Connect discovery failed: %s", error)
        return _refuse("provider_unreachable", details={"error": type(error).__name__})


@bp.route("/auth/oidc/callback")
@require(PUBLIC)
def oidc_callback():
    if current_user.is_authenticated:  # already signed in here (a second tab): nothing to do
        return redirect(url_for("core.home"))
    config = current_app.config
    problem = oidc.configuration_problem(config)
    if problem is not None:
        return _refuse(problem, audit=problem != "not_configured")
    client = oidc.client()
    try:
        options = oidc.claims_options(client)
        sent_by = request.args.get("iss")  # RFC 9207: which provider answered (against mix-ups)
        if sent_by is not None and sent_by != options["iss"]["values"][0]:
            return _refuse("token_invalid", details={"claim": "iss"})
        token = client.authorize_access_token(claims_options=options)
    except MismatchingStateError:
        return _refuse("state_mismatch")
    except OAuthError as error:
        reason = "provider_error" if request.args.get("error") else "code_refused"
        return _refuse(reason, details={"error": str(error.error or "")[:60]})
    except ExpiredTokenError:
        return _refuse("token_expired")
    except ClaimError as error:  # aud, iss, nonce …
        return _refuse("token_invalid", details={"claim": error.claim})
    except JoseError as error:  # the signature, the algorithm, a malformed token
        return _refuse("token_invalid", details={"error": type(error).__name__})
    except (RequestException, ValueError, RuntimeError) as error:
        current_app.logger.warning("OpenID Connect sign-in failed: %s", error)
        return _refuse("provider_unreachable", details={"error": type(error).__name__})
    claims = token.get("userinfo")
    if not claims:  # no ID token came back: nothing says who this is
        return _refuse("token_invalid", details={"error": "no_id_token"})
    with write_transaction(db.session):  # a GET that writes: the session, the audit, perhaps the person
        try:
            person, created = oidc.person_for_claims(claims, config, current_language())
        except oidc.SignInRefused as refusal:
            db.session.rollback()
            return _refuse(refusal.reason, email=refusal.email, person=refusal.person,
                           details={"subject": str(claims.get("sub") or "")[:120]})
        sessions.start_session(person, False, request.remote_addr or "unknown",
                               request.headers.get("User-Agent", ""))
        record_event("login.succeeded", person, actor=person,
                     changes={"method": "oidc", "provider": oidc.provider_name(config), "account_created": created})
        db.session.commit()
    login_user(person)
    if created:
        flash(_("Welcome to Thaksa. Your account was created from your %(provider)s sign-in.",
                provider=oidc.provider_name(config)), "success")
    return redirect(session.pop(_NEXT, "") or url_for("core.home"))


def _refuse(reason: str, email: str = "", person=None, details: dict | None = None, audit: bool = True):
    """Audit the refusal as a failed login, say why on the login page."""
    session.pop(_NEXT, None)
    provider = oidc.provider_name(current_app.config)
    if audit:
        with write_transaction(db.session):
            record_event("login.failed", person, object_type="people", object_label=email[:254],
                         changes={"method": "oidc", "reason": reason, **(details or {})})
            db.session.commit()
    flash(refusal_message(reason, provider, email, oidc.link_claim(current_app.config) == "email"), "danger")
    return redirect(url_for("accounts.login"))
