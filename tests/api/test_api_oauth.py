"""OAuth 2.0 client credentials: a registered system trades its id and secret for an hour's
token that acts for the administrator who registered it, within the client's scopes."""

import base64
from datetime import timedelta

import time_machine
from sqlalchemy import select

from lms.api.models import ApiToken
from lms.api.tokens import revoke_client
from lms.core.models import utcnow
from tests.api.api_factories import bearer, client_for

TOKEN_URL = "/api/v1/oauth/token"


def _basic(client_id: str, secret: str) -> dict:
    pair = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {pair}"}


def _token(client, row, secret, **form):
    return client.post(TOKEN_URL, data={"grant_type": "client_credentials", **form},
                       headers=_basic(row.client_id, secret))


def test_a_client_gets_a_token_that_acts_for_its_registrar(client, world, db):
    row, secret = client_for(world["agency_admin"], scopes=["people:read", "courses:read"])
    response = _token(client, row, secret)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["token_type"].lower() == "bearer"
    assert body["expires_in"] == 3600
    assert set(body["scope"].split()) == {"people:read", "courses:read"}
    me = client.get("/api/v1/me", headers=bearer(body["access_token"]))
    assert me.get_json()["email"] == world["agency_admin"].email
    stored = db.session.scalar(select(ApiToken).where(ApiToken.client_id == row.id))
    assert stored.kind == "client" and body["access_token"] not in (stored.token_hash, stored.prefix)


def test_credentials_in_the_form_work_too(client, world):
    row, secret = client_for(world["agency_admin"])
    response = client.post(TOKEN_URL, data={"grant_type": "client_credentials", "client_id": row.client_id,
                                            "client_secret": secret})
    assert response.status_code == 200


def test_a_client_may_ask_for_fewer_scopes_not_more(client, world):
    row, secret = client_for(world["agency_admin"], scopes=["people:read", "courses:read"])
    narrowed = _token(client, row, secret, scope="courses:read").get_json()
    assert narrowed["scope"] == "courses:read"
    assert client.get("/api/v1/me", headers=bearer(narrowed["access_token"])).status_code == 403
    refused = _token(client, row, secret, scope="records:write")
    assert refused.status_code == 400
    assert refused.get_json()["error"] == "invalid_scope"


def test_wrong_secret_unknown_client_and_other_grants_are_refused(client, world):
    row, secret = client_for(world["agency_admin"])
    wrong = _token(client, row, secret + "x")
    assert wrong.status_code == 401 and wrong.get_json()["error"] == "invalid_client"
    unknown = client.post(TOKEN_URL, data={"grant_type": "client_credentials"}, headers=_basic("thk-nobody", "x"))
    assert unknown.status_code == 401
    password_grant = client.post(TOKEN_URL, data={"grant_type": "password", "username": "a", "password": "b"},
                                 headers=_basic(row.client_id, secret))
    assert password_grant.status_code == 400
    assert password_grant.get_json()["error"] == "unsupported_grant_type"


def test_a_revoked_client_gets_no_token_and_its_tokens_stop(client, world):
    row, secret = client_for(world["agency_admin"])
    access_token = _token(client, row, secret).get_json()["access_token"]
    revoke_client(row)
    assert client.get("/api/v1/me", headers=bearer(access_token)).status_code == 401
    assert _token(client, row, secret).status_code == 401


def test_a_client_token_lives_an_hour(client, world):
    row, secret = client_for(world["agency_admin"])
    access_token = _token(client, row, secret).get_json()["access_token"]
    with time_machine.travel(utcnow() + timedelta(minutes=61)):
        assert client.get("/api/v1/me", headers=bearer(access_token)).status_code == 401


def test_a_deactivated_registrar_ends_the_clients_access(client, world, db):
    row, secret = client_for(world["agency_admin"])
    world["agency_admin"].is_active = False
    db.session.flush()
    assert _token(client, row, secret).status_code == 401
