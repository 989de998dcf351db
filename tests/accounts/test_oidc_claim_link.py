"""Linking an OpenID Connect sign-in by a claim other than the email (OIDC_LINK_CLAIM: a
citizen-ID hash, as ThaID-style providers release it): HR sets people.citizen_id_hash through
the people import or PUT /api/v1/people, and the provider's claim finds the person by it.
The sign-ins run against the real provider on loopback, whose account "ada" releases
citizen_id_hash and "grace" none (scripts/test-servers/oidc-provider/server.mjs)."""

import html
import json

import pytest
from sqlalchemy import select

from lms.accounts.models import Person
from lms.accounts.people_import import import_people, parse_people_csv
from lms.core.csv_import import in_english
from lms.core.models import AuditEvent
from lms.extensions import db as database
from lms.signin import oidc
from tests import factories
from tests.accounts.test_oidc_login import ADA, SETTINGS, at_provider, last_failure, refused_with
from tests.api.api_factories import bearer, token_for

ADA_HASH = "c2VjcmV0LWFkYS1oYXNoLTEyMzQ1Njc4"  # what the test provider releases for ada
OTHER_HASH = "b3RoZXItcGVyc29uLWhhc2gtMDAwMDAw"
HEADER = "email,name_th,organisation_code,citizen_id_hash"


@pytest.fixture
def by_claim(app, client, oidc_server):
    """Thaksa configured for the test provider, linking by its citizen_id_hash claim; English pages."""
    saved = {name: app.config[name] for name in SETTINGS}
    app.config.update(OIDC_DISCOVERY_URL=oidc_server["LMS_TEST_OIDC_DISCOVERY_URL"],
                      OIDC_CLIENT_ID=oidc_server["LMS_TEST_OIDC_CLIENT_ID"],
                      OIDC_CLIENT_SECRET=oidc_server["LMS_TEST_OIDC_CLIENT_SECRET"],
                      OIDC_PROVIDER_NAME="ThaID", OIDC_LINK_CLAIM="citizen_id_hash",
                      OIDC_CREATE_ACCOUNTS=False, OIDC_DEFAULT_ORGANISATION_CODE="")
    client.post("/language", data={"language": "en"})
    yield oidc_server
    app.config.update(saved)


def _find(email: str) -> Person | None:
    return database.session.scalar(select(Person).where(Person.email == email))


def _traces_of(value: str) -> list[AuditEvent]:
    """Audit events that mention the value anywhere: the hash stands for a citizen ID."""
    return [event for event in database.session.scalars(select(AuditEvent))
            if value in json.dumps([event.object_label, event.changes])]


# ---------------------------------------------------------------- signing in by the claim

def test_the_claim_signs_in_the_person_hr_linked_whatever_their_email(client, by_claim, world, db):
    somchai = factories.person(world["division"], email="somchai.k@dgd.go.th", citizen_id_hash=ADA_HASH)
    factories.person(world["division"], email=ADA)  # the provider's email is someone else's here

    response = client.get(at_provider(client, by_claim))

    assert response.status_code == 302 and response.headers["Location"] == "/"
    [succeeded] = db.session.scalars(select(AuditEvent).where(AuditEvent.kind == "login.succeeded")).all()
    assert (succeeded.actor_id, succeeded.changes["method"]) == (somchai.id, "oidc")
    page = client.get("/account")
    assert page.status_code == 200 and "somchai.k@dgd.go.th" in page.get_data(as_text=True)
    assert ADA_HASH not in page.get_data(as_text=True)
    assert _traces_of(ADA_HASH) == []


def test_a_claim_value_nobody_has_is_refused(client, by_claim, world, db):
    factories.person(world["division"], email=ADA)  # linking by claim never falls back to the email
    factories.person(world["division"], citizen_id_hash=OTHER_HASH)

    page = refused_with(client, client.get(at_provider(client, by_claim)),
                        "No account here is linked to your ThaID identity")
    assert ADA_HASH not in page
    assert last_failure(db).changes["reason"] == "unknown_person"
    assert _traces_of(ADA_HASH) == []


def test_a_sign_in_without_the_claim_is_refused_with_what_is_missing(client, by_claim, world, db):
    factories.person(world["division"], email="grace@thaksa.example.org", citizen_id_hash=OTHER_HASH)
    refused_with(client, client.get(at_provider(client, by_claim, user="grace", password="grace-secret")),
                 "ThaID did not share the identifier that links you to your account here")
    assert last_failure(db).changes["reason"] == "link_claim_missing"


def test_a_deactivated_person_is_refused(client, by_claim, world, db):
    left = factories.person(world["division"], citizen_id_hash=ADA_HASH, is_active=False)
    refused_with(client, client.get(at_provider(client, by_claim)), "Your account here has been deactivated")
    failure = last_failure(db)
    assert (failure.changes["reason"], failure.object_id) == ("account_inactive", left.id)


def test_a_new_person_is_created_with_the_hash_and_the_verified_email(app, client, by_claim, world, db):
    app.config.update(OIDC_CREATE_ACCOUNTS=True, OIDC_DEFAULT_ORGANISATION_CODE="DIV-A1")

    assert client.get(at_provider(client, by_claim)).headers["Location"] == "/"

    ada = _find(ADA)
    assert (ada.name_th, ada.organisation.code, ada.citizen_id_hash) == ("Ada Lovelace", "DIV-A1", ADA_HASH)
    assert "Your account was created from your ThaID sign-in" in html.unescape(
        client.get("/").get_data(as_text=True))
    assert _traces_of(ADA_HASH) == []
    client.post("/logout")
    client.get(at_provider(client, by_claim))  # the next sign-in finds them by the hash
    assert [e.actor_id for e in db.session.scalars(select(AuditEvent).where(
        AuditEvent.kind == "login.succeeded"))] == [ada.id, ada.id]


def test_no_account_is_created_over_someone_elses_email(app, client, by_claim, world, db):
    app.config.update(OIDC_CREATE_ACCOUNTS=True, OIDC_DEFAULT_ORGANISATION_CODE="DIV-A1")
    holder = factories.person(world["division"], email=ADA)

    refused_with(client, client.get(at_provider(client, by_claim)),
                 f"The email address {ADA} belongs to an account here that is not linked to your ThaID identity")
    failure = last_failure(db)
    assert (failure.changes["reason"], failure.object_id) == ("email_taken", holder.id)
    assert holder.citizen_id_hash is None


def test_claims_checked_without_a_provider(world, db):
    config = {"OIDC_LINK_CLAIM": "thaid_pid_hash"}  # whatever name the agency's provider gives it
    person = factories.person(world["division"], citizen_id_hash=ADA_HASH)
    assert oidc.person_for_claims({"thaid_pid_hash": f" {ADA_HASH} "}, config) == (person, False)
    for claims, reason in (({}, "link_claim_missing"), ({"thaid_pid_hash": ""}, "link_claim_missing"),
                           ({"thaid_pid_hash": 1234567890123}, "link_claim_missing"),
                           ({"thaid_pid_hash": "1234567890123"}, "link_claim_invalid"),
                           ({"thaid_pid_hash": "ab cd" * 5}, "link_claim_invalid"),
                           ({"thaid_pid_hash": OTHER_HASH, "email": ADA, "email_verified": True},
                            "unknown_person")):
        with pytest.raises(oidc.SignInRefused) as refused:
            oidc.person_for_claims(claims, config)
        assert refused.value.reason == reason, claims
    creating = {**config, "OIDC_CREATE_ACCOUNTS": True, "OIDC_DEFAULT_ORGANISATION_CODE": "DIV-A1"}
    for unverified in ({}, {"email": ADA}, {"email": ADA, "email_verified": False}):
        with pytest.raises(oidc.SignInRefused) as refused:
            oidc.person_for_claims({"thaid_pid_hash": OTHER_HASH, **unverified}, creating)
        assert refused.value.reason == "account_needs_email"
    with pytest.raises(oidc.SignInRefused) as refused:
        oidc.person_for_claims({"thaid_pid_hash": OTHER_HASH, "email": ADA, "email_verified": True},
                               {**creating, "OIDC_DEFAULT_ORGANISATION_CODE": "NO-SUCH"})
    assert refused.value.reason == "default_organisation_missing"
    assert _find(ADA) is None
    for protocol_claim in ("nonce", "aud", "email_verified"):
        assert oidc.configuration_problem({"OIDC_DISCOVERY_URL": "https://id.example/x", "OIDC_CLIENT_ID": "c",
                                           "OIDC_LINK_CLAIM": protocol_claim}) == "link_claim_unsupported"


# ---------------------------------------------------------------- HR sets it: the people import

def _import(*lines: str, header: str = HEADER):
    parsed = parse_people_csv(("\r\n".join([header, *lines]) + "\r\n").encode())
    assert parsed.file_problems == []
    return import_people(parsed.rows)


def test_the_import_sets_keeps_and_clears_the_hash(world, db):
    learner = world["learner"]
    result = _import(f"new.person@example.go.th,คนใหม่ ทดสอบ,DIV-A1,{ADA_HASH}",
                     f"{learner.email},{learner.name_th},DIV-A1,{OTHER_HASH}")
    assert (result.created, result.updated, result.errors) == (1, 1, [])
    assert (_find("new.person@example.go.th").citizen_id_hash, learner.citizen_id_hash) == (ADA_HASH, OTHER_HASH)

    again = _import(f"{learner.email},{learner.name_th},DIV-A1,{OTHER_HASH}")
    assert (again.updated, again.unchanged) == (0, 1)
    kept = _import(f"{learner.email},{learner.name_th},DIV-A1", header="email,name_th,organisation_code")
    assert (kept.updated, learner.citizen_id_hash) == (0, OTHER_HASH)  # column absent: kept
    cleared = _import(f"{learner.email},{learner.name_th},DIV-A1,")
    assert (cleared.updated, learner.citizen_id_hash) == (1, None)  # empty: cleared


def test_a_hash_not_of_the_allowed_form_is_refused_without_echoing_it(world, db):
    result = _import("a@example.go.th,ก ทดสอบ,DIV-A1,tooshort123",
                     "b@example.go.th,ข ทดสอบ,DIV-A1,has spaces and ü inside it!",
                     f"c@example.go.th,ค ทดสอบ,DIV-A1,{'x' * 129}")
    assert [error.line for error in result.errors] == [2, 3, 4]
    reasons = [in_english(error.reasons) for error in result.errors]
    assert reasons[0] == ("citizen_id_hash must be 16 to 128 characters of A-Z, a-z, 0-9, +, /, =, _ and - "
                          "(it has 11 characters)",)
    assert all(len(r) == 1 and r[0].startswith("citizen_id_hash must be") for r in reasons)
    assert "tooshort123" not in str(reasons) and _find("a@example.go.th") is None


def test_a_hash_on_two_lines_is_refused_on_both(world, db):
    result = _import(f"a@example.go.th,ก ทดสอบ,DIV-A1,{ADA_HASH}",
                     f"b@example.go.th,ข ทดสอบ,DIV-A1,{ADA_HASH}")
    assert [(e.line, in_english(e.reasons)) for e in result.errors] == [
        (2, ("citizen_id_hash is also on line(s) 3",)), (3, ("citizen_id_hash is also on line(s) 2",))]


def test_another_persons_hash_is_refused_unless_their_row_lets_it_go(world, db):
    learner, peer = world["learner"], world["peer"]
    learner.citizen_id_hash, peer.citizen_id_hash = ADA_HASH, OTHER_HASH
    db.session.flush()

    refused = _import(f"a@example.go.th,ก ทดสอบ,DIV-A1,{ADA_HASH}")
    assert [(e.line, in_english(e.reasons)) for e in refused.errors] == [
        (2, ("citizen_id_hash is already another person's",))]
    assert _find("a@example.go.th") is None

    swapped = _import(f"{learner.email},{learner.name_th},DIV-A1,{OTHER_HASH}",
                      f"{peer.email},{peer.name_th},DIV-A1,{ADA_HASH}")
    assert (swapped.updated, swapped.errors) == (2, [])
    assert (learner.citizen_id_hash, peer.citizen_id_hash) == (OTHER_HASH, ADA_HASH)
    moved = _import(f"{learner.email},{learner.name_th},DIV-A1,",
                    f"a@example.go.th,ก ทดสอบ,DIV-A1,{OTHER_HASH}")
    assert (moved.created, moved.updated, moved.errors) == (1, 1, [])
    assert (learner.citizen_id_hash, _find("a@example.go.th").citizen_id_hash) == (None, OTHER_HASH)


# ---------------------------------------------------------------- HR sets it: PUT /api/v1/people

def test_the_api_sets_keeps_and_clears_the_hash_and_never_answers_it(client, world, db):
    admin, learner = world["agency_admin"], world["learner"]
    admin.language = "en"  # the problems in English: the API answers in its person's language
    headers = bearer(token_for(admin))
    row = {"email": learner.email, "name_th": learner.name_th, "organisation_code": "DIV-A1"}

    def put(**fields):
        return client.put("/api/v1/people", json={"people": [{**row, **fields}]}, headers=headers)

    first = put(citizen_id_hash=ADA_HASH)
    assert first.status_code == 200, first.get_json()
    assert first.get_json()["results"][0]["outcome"] == "updated" and learner.citizen_id_hash == ADA_HASH
    assert put(citizen_id_hash=ADA_HASH).get_json()["results"][0]["outcome"] == "unchanged"
    assert put().get_json()["results"][0]["outcome"] == "unchanged"  # left out: kept
    assert put(citizen_id_hash=None).get_json()["results"][0]["outcome"] == "unchanged"  # null: kept
    assert learner.citizen_id_hash == ADA_HASH
    for url in (f"/api/v1/people/{learner.id}", "/api/v1/people"):
        assert ADA_HASH not in client.get(url, headers=headers).get_data(as_text=True)

    malformed = put(citizen_id_hash="not a hash!")
    assert malformed.status_code == 422 and "citizen_id_hash" in malformed.get_json()["errors"]["people"]["0"]
    world["peer"].citizen_id_hash = OTHER_HASH
    db.session.flush()
    taken = put(citizen_id_hash=OTHER_HASH)
    assert taken.status_code == 409
    assert taken.get_json()["errors"]["people"]["0"] == {
        "citizen_id_hash": ["citizen_id_hash is already another person's"]}

    cleared = put(citizen_id_hash="")
    assert cleared.get_json()["results"][0]["outcome"] == "updated"
    db.session.refresh(learner)
    assert learner.citizen_id_hash is None


def test_the_person_page_tells_an_administrator_whether_it_is_set_never_the_value(client, world, login, db):
    learner = world["learner"]
    learner.citizen_id_hash = ADA_HASH
    db.session.flush()
    login(world["agency_admin"])
    client.post("/language", data={"language": "en"})  # after login, which takes the person's language
    page = html.unescape(client.get(f"/people/{learner.id}").get_data(as_text=True))
    assert "Citizen-ID hash for sign-in" in page and "set by HR" in page and ADA_HASH not in page
    peer_page = html.unescape(client.get(f"/people/{world['peer'].id}").get_data(as_text=True))
    assert "not set" in peer_page
    login(world["supervisor"])  # sees the person, does not manage them
    client.post("/language", data={"language": "en"})
    page = html.unescape(client.get(f"/people/{learner.id}").get_data(as_text=True))
    assert learner.name_en in page and "Citizen-ID hash" not in page and ADA_HASH not in page
