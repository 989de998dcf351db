"""Signing in with OpenID Connect against a real provider on loopback (oidc-provider under Node,
scripts/test-servers/oidc.sh): the browser's part at the provider is played with `requests`,
Thaksa's part with the test client, so the state, nonce, PKCE, code exchange and ID-token checks
all run for real."""

import html
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from sqlalchemy import select

from lms.accounts.models import AccountSession, Person
from lms.core.models import AuditEvent
from lms.signin import oidc
from tests import factories

SETTINGS = ("OIDC_DISCOVERY_URL", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_PROVIDER_NAME",
            "OIDC_LINK_CLAIM", "OIDC_CREATE_ACCOUNTS", "OIDC_DEFAULT_ORGANISATION_CODE")
ADA = "ada@thaksa.example.org"


@pytest.fixture
def provider(app, oidc_server):
    """Thaksa configured for the test provider (as the honest client); the settings come back after."""
    saved = {name: app.config[name] for name in SETTINGS}
    app.config.update(OIDC_DISCOVERY_URL=oidc_server["LMS_TEST_OIDC_DISCOVERY_URL"],
                      OIDC_CLIENT_ID=oidc_server["LMS_TEST_OIDC_CLIENT_ID"],
                      OIDC_CLIENT_SECRET=oidc_server["LMS_TEST_OIDC_CLIENT_SECRET"],
                      OIDC_PROVIDER_NAME="ThaID", OIDC_LINK_CLAIM="email",
                      OIDC_CREATE_ACCOUNTS=False, OIDC_DEFAULT_ORGANISATION_CODE="")
    yield oidc_server
    app.config.update(saved)


@pytest.fixture
def english(client):
    client.post("/language", data={"language": "en"})  # messages asserted in English, the chosen language
    return client


def at_provider(client, provider, user="ada", password="ada-secret", start="/auth/oidc/login", action="login"):
    """Press Thaksa's button, log in at the provider (or "abort"); the callback path Thaksa is sent back to."""
    response = client.get(start)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"].startswith(provider["LMS_TEST_OIDC_ISSUER"] + "/auth?")
    browser = requests.Session()
    step = browser.get(response.headers["Location"], allow_redirects=False, timeout=10)
    assert step.status_code == 303, step.text
    interaction = urljoin(step.url, step.headers["Location"])
    step = browser.post(f"{interaction}/{action}", data={"login": user, "password": password},
                        allow_redirects=False, timeout=10)
    assert step.status_code == 303, step.text
    step = browser.get(urljoin(step.url, step.headers["Location"]), allow_redirects=False, timeout=10)
    back = urlsplit(step.headers["Location"])
    assert (back.scheme, back.netloc, back.path) == ("http", "localhost", "/auth/oidc/callback")
    return f"{back.path}?{back.query}"


def refused_with(client, response, message):
    """The callback's answer leads to the login page saying `message`, and nobody is signed in."""
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    page = html.unescape(client.get("/login").get_data(as_text=True))
    assert message in page, page
    assert client.get("/").status_code == 302  # the home page sends an anonymous visitor to log in
    return page


def last_failure(db):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.kind == "login.failed")
                              .order_by(AuditEvent.id.desc())).first()


def test_login_page_offers_the_provider_beside_the_password(client, english, provider):
    page = client.get("/login?next=/team").get_data(as_text=True)
    assert 'name="password"' in page
    assert "Sign in with ThaID" in page
    assert 'href="/auth/oidc/login?next=/team"' in page


def test_login_page_without_a_provider_has_no_button(client, english):
    assert "Sign in with" not in client.get("/login").get_data(as_text=True)


def test_verified_email_signs_in_the_person_with_a_server_session_and_logout_ends_it(
        client, english, provider, world, db):
    ada = factories.person(world["division"], email=ADA, name_en="Ada L")
    callback = at_provider(client, provider, start="/auth/oidc/login?next=/account")
    response = client.get(callback)
    assert response.status_code == 302
    assert response.headers["Location"] == "/account"
    assert client.get("/account").status_code == 200
    succeeded = db.session.scalars(select(AuditEvent).where(AuditEvent.kind == "login.succeeded")).all()
    assert [(e.actor_id, e.changes["method"]) for e in succeeded] == [(ada.id, "oidc")]
    live = db.session.scalars(select(AccountSession).where(AccountSession.person_id == ada.id)).all()
    assert [s.revoked_at for s in live] == [None]  # this site's own server-side session

    client.post("/logout")
    assert client.get("/").status_code == 302  # the local session has ended
    db.session.refresh(live[0])
    assert live[0].revoked_at is not None


def test_wrong_state_is_refused(client, english, provider, world, db):
    factories.person(world["division"], email=ADA)
    callback = at_provider(client, provider)
    forged = callback.replace("state=", "state=forged", 1)
    refused_with(client, client.get(forged), "it was not started from this browser")
    assert last_failure(db).changes["reason"] == "state_mismatch"


def test_callback_without_parameters_is_refused_without_an_error_page(client, english, provider):
    refused_with(client, client.get("/auth/oidc/callback"), "it was not started from this browser")


def test_a_replayed_code_is_refused(client, english, provider, world, db):
    factories.person(world["division"], email=ADA)
    first = at_provider(client, provider)
    assert client.get(first).headers["Location"] == "/"
    client.post("/logout")
    # The same callback again: its state was used up with the first sign-in.
    refused_with(client, client.get(first), "it was not started from this browser")
    # The old code under a fresh state from this browser: the provider refuses to redeem it twice.
    fresh = at_provider(client, provider)
    old_code = dict(part.split("=", 1) for part in urlsplit(first).query.split("&"))["code"]
    new = dict(part.split("=", 1) for part in urlsplit(fresh).query.split("&"))
    replay = f"/auth/oidc/callback?code={old_code}&state={new['state']}&iss={new['iss']}"
    refused_with(client, client.get(replay), "ThaID did not accept the sign-in code")
    failure = last_failure(db)
    assert (failure.changes["reason"], failure.changes["error"]) == ("code_refused", "invalid_grant")


def test_an_expired_id_token_is_refused(app, client, english, provider, world, db):
    factories.person(world["division"], email=ADA)
    app.config["OIDC_CLIENT_ID"] = provider["LMS_TEST_OIDC_EXPIRED_CLIENT_ID"]  # same secret
    refused_with(client, client.get(at_provider(client, provider)),
                 "The identity token from ThaID has expired")
    assert last_failure(db).changes["reason"] == "token_expired"


def test_an_id_token_for_another_audience_is_refused(app, client, english, provider, world, db):
    factories.person(world["division"], email=ADA)
    app.config["OIDC_CLIENT_ID"] = provider["LMS_TEST_OIDC_WRONG_AUD_CLIENT_ID"]
    refused_with(client, client.get(at_provider(client, provider)),
                 "The identity token from ThaID is not valid for this site")
    failure = last_failure(db)
    assert (failure.changes["reason"], failure.changes["claim"]) == ("token_invalid", "aud")


def test_an_unknown_person_is_refused(client, english, provider, world, db):
    refused_with(client, client.get(at_provider(client, provider)),
                 f"No account here uses the email address {ADA}")
    failure = last_failure(db)
    assert (failure.changes["reason"], failure.object_label) == ("unknown_person", ADA)
    assert db.session.scalar(select(Person).where(Person.email == ADA)) is None


def test_an_unverified_email_is_not_linked(client, english, provider, world, db):
    factories.person(world["division"], email="grace@thaksa.example.org")
    callback = at_provider(client, provider, user="grace", password="grace-secret")
    refused_with(client, client.get(callback), "ThaID has not verified your email address")
    assert last_failure(db).changes["reason"] == "email_unverified"


def test_a_deactivated_account_is_refused(client, english, provider, world, db):
    ada = factories.person(world["division"], email=ADA, is_active=False)
    refused_with(client, client.get(at_provider(client, provider)), "Your account here has been deactivated")
    failure = last_failure(db)
    assert (failure.changes["reason"], failure.object_id) == ("account_inactive", ada.id)


def test_unknown_person_is_created_in_the_default_organisation_when_allowed(app, client, english, provider,
                                                                             world, db):
    app.config.update(OIDC_CREATE_ACCOUNTS=True, OIDC_DEFAULT_ORGANISATION_CODE="DIV-A1")
    response = client.get(at_provider(client, provider))
    assert response.headers["Location"] == "/"
    ada = db.session.scalar(select(Person).where(Person.email == ADA))
    assert (ada.name_th, ada.organisation.code, ada.password_hash) == ("Ada Lovelace", "DIV-A1", None)
    created = db.session.scalar(select(AuditEvent).where(AuditEvent.kind == "person.created",
                                                         AuditEvent.object_id == ada.id))
    assert created.changes["method"] == "oidc"
    assert "Your account was created from your ThaID sign-in" in html.unescape(
        client.get("/").get_data(as_text=True))


def test_creation_without_a_default_organisation_is_refused(app, client, english, provider, world, db):
    app.config.update(OIDC_CREATE_ACCOUNTS=True, OIDC_DEFAULT_ORGANISATION_CODE="NO-SUCH")
    refused_with(client, client.get(at_provider(client, provider)), "no default organisation is set")
    assert db.session.scalar(select(Person).where(Person.email == ADA)) is None


def test_without_a_provider_the_routes_send_back_to_the_login_page(client, english):
    for url in ("/auth/oidc/login", "/auth/oidc/callback?code=x&state=y"):
        refused_with(client, client.get(url), "not set up on this site")


def test_an_answer_naming_another_issuer_is_refused_before_the_code_is_sent(client, english, provider, world, db):
    factories.person(world["division"], email=ADA)
    callback = at_provider(client, provider).replace("iss=", "iss=https%3A%2F%2Fevil.example%2F&was=", 1)
    refused_with(client, client.get(callback), "The identity token from ThaID is not valid for this site")
    assert last_failure(db).changes == {"method": "oidc", "reason": "token_invalid", "claim": "iss"}


def test_a_sign_in_cancelled_at_the_provider_says_so(client, english, provider, world, db):
    callback = at_provider(client, provider, action="abort")
    refused_with(client, client.get(callback), "ThaID did not complete the sign-in")
    failure = last_failure(db)
    assert (failure.changes["reason"], failure.changes["error"]) == ("provider_error", "access_denied")


def test_which_claims_vouch_for_the_email(app, world, db):
    factories.person(world["division"], email=ADA)
    config = {"OIDC_LINK_CLAIM": "email"}
    for verified in ({"email_verified": True}, {"email_verified": "true"}, {"xms_edov": True}):  # xms_edov: Entra
        person, created = oidc.person_for_claims({"email": "Ada@Thaksa.example.org", **verified}, config)
        assert (person.email, created) == (ADA, False)
    for unverified in ({}, {"email_verified": False}, {"email_verified": False, "xms_edov": True},
                       {"email_verified": "yes"}, {"xms_edov": 1}):
        with pytest.raises(oidc.SignInRefused) as refused:
            oidc.person_for_claims({"email": ADA, **unverified}, config)
        assert refused.value.reason == "email_unverified"
    with pytest.raises(oidc.SignInRefused) as refused:
        oidc.person_for_claims({"email": ADA, "email_verified": True}, {"OIDC_LINK_CLAIM": "nonce"})
    assert refused.value.reason == "link_claim_unsupported"
