"""A person's API access tokens page: a token's secret is shown once, works against the API
until revoked there, and each token's calls are its audit."""

import re

from sqlalchemy import func, select

from lms.api.models import ApiToken
from tests.api.api_factories import bearer, token_for

PAGE = "/account/api-tokens"


def _secret(html: str) -> str:
    return re.search(r'id="token-secret"[^>]*value="([^"]+)"', html).group(1)


def _create(client, name="รายงานของฉัน", scopes=("people:read",), days="30"):
    return client.post(PAGE, data={"name": name, "scopes": list(scopes), "days": days})


def test_a_new_token_is_shown_once_then_only_its_prefix(client, world, login_as, db):
    login_as("learner")
    response = _create(client)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    secret = _secret(html)
    assert secret.startswith("thk_")
    assert "readonly" in html
    token = db.session.scalar(select(ApiToken).where(ApiToken.person_id == world["learner"].id))
    assert token.name == "รายงานของฉัน" and token.scope_list == ["people:read"]
    listing = client.get(PAGE).get_data(as_text=True)
    assert "รายงานของฉัน" in listing
    assert token.prefix in listing
    assert secret not in listing


def test_the_secret_works_until_revoked_on_the_page(client, world, login_as, db):
    login_as("learner")
    secret = _secret(_create(client).get_data(as_text=True))
    me = client.get("/api/v1/me", headers=bearer(secret))
    assert me.status_code == 200 and me.get_json()["email"] == world["learner"].email
    token = db.session.scalar(select(ApiToken).where(ApiToken.person_id == world["learner"].id))
    response = client.post(f"{PAGE}/{token.id}/revoke")
    assert response.status_code == 302 and response.headers["Location"] == PAGE
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 401
    assert token.revoked_at is not None


def test_a_form_without_a_scope_keeps_the_name_and_says_why_in_thai(client, world, login_as, db):
    login_as("learner")
    response = _create(client, name="สคริปต์ทดลอง", scopes=())
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="สคริปต์ทดลอง"' in html
    assert "กรุณาเลือกขอบเขตสิทธิ์อย่างน้อย 1 รายการ" in html
    assert db.session.scalar(select(func.count(ApiToken.id))) == 0


def test_another_persons_token_answers_404(client, world, login_as, db):
    token_for(world["other_learner"])
    theirs = db.session.scalar(select(ApiToken).where(ApiToken.person_id == world["other_learner"].id))
    login_as("learner")
    assert client.post(f"{PAGE}/{theirs.id}/revoke").status_code == 404
    assert client.get(f"{PAGE}/{theirs.id}/calls").status_code == 404
    assert theirs.revoked_at is None


def test_a_post_without_the_csrf_token_is_refused(client, world, login_as, db, request):
    login_as("learner")
    request.getfixturevalue("csrf")  # on after logging in: the login form posts without one
    response = _create(client)
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(ApiToken.id))) == 0


def test_the_calls_page_lists_a_call_made_with_the_token(client, world, login_as, db):
    secret = token_for(world["learner"])
    token = db.session.scalar(select(ApiToken).where(ApiToken.person_id == world["learner"].id))
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200
    login_as("learner")
    html = client.get(f"{PAGE}/{token.id}/calls").get_data(as_text=True)
    assert "GET" in html and "/api/v1/me" in html and "200" in html
    listing = client.get(PAGE).get_data(as_text=True)
    assert "/developers/api" in listing


def test_a_form_without_a_name_keeps_the_chosen_scopes(client, world, login_as, db):
    login_as("learner")
    html = _create(client, name="  ", scopes=("courses:read",), days="7").get_data(as_text=True)
    assert re.search(r'<input[^>]*checked[^>]*value="courses:read"', html)
    assert re.search(r'<option selected value="7">', html)
    assert db.session.scalar(select(func.count(ApiToken.id))) == 0


def test_the_account_page_links_to_the_tokens(client, world, login_as):
    login_as("learner")
    assert f'href="{PAGE}"' in client.get("/account").get_data(as_text=True)
