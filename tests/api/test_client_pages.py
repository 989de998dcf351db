"""The API clients page: an administrator registers a system, sees its secret once, and
revokes it; the system's tokens act for that administrator until then."""

import base64
import re

from sqlalchemy import select

from lms.api.models import ApiClient, ApiToken
from tests.api.api_factories import bearer, client_for
from tests.factories import person

PAGE = "/admin/api-clients"
TOKEN_URL = "/api/v1/oauth/token"


def _shown(html: str, field: str) -> str:
    return re.search(rf'id="{field}"[^>]*value="([^"]+)"', html).group(1)


def _token(client, client_id, secret):
    pair = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return client.post(TOKEN_URL, data={"grant_type": "client_credentials"},
                       headers={"Authorization": f"Basic {pair}"})


def test_an_agency_admin_registers_a_system_and_sees_its_secret_once(client, world, login_as, db):
    login_as("agency_admin")
    page = client.get(PAGE).get_data(as_text=True)
    assert "/api/v1/oauth/token" in page and "curl" in page
    response = client.post(PAGE, data={"name": "ระบบบุคลากร", "scopes": ["people:read", "courses:read"]})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    client_id, secret = _shown(html, "client-id"), _shown(html, "client-secret")
    row = db.session.scalar(select(ApiClient).where(ApiClient.client_id == client_id))
    assert row.person_id == world["agency_admin"].id and row.name == "ระบบบุคลากร"
    listing = client.get(PAGE).get_data(as_text=True)
    assert client_id in listing and secret not in listing
    answer = _token(client, client_id, secret)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    body = answer.get_json()
    assert body["token_type"].lower() == "bearer"
    assert body["access_token"] and body["expires_in"] > 0
    assert set(body["scope"].split()) == {"people:read", "courses:read"}


def test_a_learner_may_not_open_the_clients_page(client, world, login_as):
    login_as("learner")
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, data={"name": "x", "scopes": ["people:read"]}).status_code == 403


def test_an_agency_admin_sees_only_their_agencys_systems(client, world, login_as, db):
    mine, _secret = client_for(world["agency_admin"])
    outsider = person(world["dept_b"], admin_of=world["dept_b"])
    theirs, _other = client_for(outsider)
    theirs.name = "ระบบของกรมอื่น"
    db.session.flush()
    login_as("agency_admin")
    listing = client.get(PAGE).get_data(as_text=True)
    assert mine.client_id in listing and theirs.client_id not in listing
    assert client.post(f"{PAGE}/{theirs.id}/revoke").status_code == 404
    assert client.get(f"{PAGE}/{theirs.id}/calls").status_code == 404
    assert theirs.revoked_at is None


def test_the_site_admin_sees_every_system(client, world, login_as, db):
    row, _secret = client_for(world["agency_admin"])
    login_as("site_admin")
    assert row.client_id in client.get(PAGE).get_data(as_text=True)


def test_revoking_a_system_ends_its_tokens(client, world, login_as, db):
    row, secret = client_for(world["agency_admin"])
    access_token = _token(client, row.client_id, secret).get_json()["access_token"]
    assert client.get("/api/v1/me", headers=bearer(access_token)).status_code == 200
    login_as("agency_admin")
    response = client.post(f"{PAGE}/{row.id}/revoke")
    assert response.status_code == 302 and response.headers["Location"] == PAGE
    assert client.get("/api/v1/me", headers=bearer(access_token)).status_code == 401
    assert _token(client, row.client_id, secret).status_code != 200


def test_the_calls_page_lists_the_systems_calls(client, world, login_as, db):
    row, secret = client_for(world["agency_admin"])
    access_token = _token(client, row.client_id, secret).get_json()["access_token"]
    assert client.get("/api/v1/me", headers=bearer(access_token)).status_code == 200
    assert db.session.scalar(select(ApiToken).where(ApiToken.client_id == row.id)).last_used_at is not None
    login_as("agency_admin")
    html = client.get(f"{PAGE}/{row.id}/calls").get_data(as_text=True)
    assert "GET" in html and "/api/v1/me" in html and "200" in html


def test_registering_without_the_csrf_token_is_refused(client, world, login_as, db, request):
    login_as("agency_admin")
    request.getfixturevalue("csrf")  # on after logging in: the login form posts without one
    response = client.post(PAGE, data={"name": "ระบบ", "scopes": ["people:read"]})
    assert response.status_code == 400
    assert db.session.scalar(select(ApiClient)) is None


def test_the_administration_menu_links_to_the_clients_page(client, world, login_as):
    login_as("agency_admin")
    assert f'href="{PAGE}"' in client.get("/").get_data(as_text=True)
    login_as("learner")
    assert f'href="{PAGE}"' not in client.get("/").get_data(as_text=True)
