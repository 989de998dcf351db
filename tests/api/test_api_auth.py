"""Calling the API: a bearer token or nothing; its rate limit; every call noted."""

from datetime import timedelta

import time_machine
from sqlalchemy import select

from lms.api.models import ApiCall, ApiToken
from lms.api.tokens import revoke_token
from lms.core.models import utcnow
from tests.api.api_factories import bearer, token_for


def _problem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    body = response.get_json()
    assert body["status"] == status
    return body


def test_no_token_is_401_with_a_bearer_challenge(client, world):
    response = client.get("/api/v1/me")
    body = _problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in body["detail"]


def test_other_schemes_and_unknown_tokens_are_401(client, world):
    assert client.get("/api/v1/me", headers={"Authorization": "Basic dXNlcjpwYXNz"}).status_code == 401
    response = client.get("/api/v1/me", headers=bearer("thk_" + "x" * 43))
    _problem(response, 401)
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_a_browser_session_alone_cannot_call_the_api(client, world, login):
    login(world["learner"])
    assert client.get("/api/v1/me").status_code == 401
    assert client.post("/api/v1/checks/session-plan", json={"sessions": []}).status_code == 401


def test_the_token_acts_for_its_person(client, world):
    response = client.get("/api/v1/me", headers=bearer(token_for(world["learner"])))
    assert response.status_code == 200
    assert response.get_json()["email"] == world["learner"].email


def test_an_expired_token_is_refused(client, world):
    secret = token_for(world["learner"], days=7)
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200
    with time_machine.travel(utcnow() + timedelta(days=7, minutes=1)):
        _problem(client.get("/api/v1/me", headers=bearer(secret)), 401)


def test_a_revoked_token_is_refused(client, world, db):
    secret = token_for(world["learner"])
    token = db.session.scalar(select(ApiToken).where(ApiToken.person_id == world["learner"].id))
    revoke_token(token)
    _problem(client.get("/api/v1/me", headers=bearer(secret)), 401)


def test_a_deactivated_persons_token_is_refused(client, world, db):
    secret = token_for(world["learner"])
    world["learner"].is_active = False
    db.session.flush()
    _problem(client.get("/api/v1/me", headers=bearer(secret)), 401)


def test_the_rate_limit_answers_429_and_calls_are_noted(app, client, world, db):
    secret = token_for(world["learner"])
    app.config["API_CALLS_PER_MINUTE"] = 3
    try:
        statuses = [client.get("/api/v1/me", headers=bearer(secret)).status_code for _ in range(3)]
        refused = client.get("/api/v1/me", headers=bearer(secret))
    finally:
        app.config["API_CALLS_PER_MINUTE"] = 600
    assert statuses == [200, 200, 200]
    body = _problem(refused, 429)
    assert refused.headers["Retry-After"] == "60"
    assert "3" in body["detail"]
    calls = db.session.scalars(select(ApiCall).order_by(ApiCall.id)).all()
    assert [(c.method, c.path, c.status) for c in calls] == [("GET", "/api/v1/me", 200)] * 3 + [
        ("GET", "/api/v1/me", 429)]
    token = db.session.scalar(select(ApiToken).where(ApiToken.person_id == world["learner"].id))
    assert token.last_used_at is not None
    # another token of the same person has its own allowance
    other = token_for(world["learner"])
    app.config["API_CALLS_PER_MINUTE"] = 3
    try:
        assert client.get("/api/v1/me", headers=bearer(other)).status_code == 200
    finally:
        app.config["API_CALLS_PER_MINUTE"] = 600


def test_the_allowance_comes_back_after_a_minute(app, client, world):
    secret = token_for(world["learner"])
    app.config["API_CALLS_PER_MINUTE"] = 1
    try:
        assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200
        assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 429
        with time_machine.travel(utcnow() + timedelta(seconds=61)):
            assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200
    finally:
        app.config["API_CALLS_PER_MINUTE"] = 600


def test_no_csrf_token_is_needed_with_a_bearer_token(client, world, csrf):
    response = client.post("/api/v1/checks/session-plan", headers=bearer(token_for(world["learner"])),
                           json={"sessions": [{"method": "lecture", "minutes": 60}]})
    assert response.status_code == 200


def test_unknown_api_paths_answer_json(client, world):
    _problem(client.get("/api/v1/nothing-here", headers=bearer(token_for(world["learner"]))), 404)
    _problem(client.delete("/api/v1/me", headers=bearer(token_for(world["learner"]))), 405)
