"""Headers every response carries; Strict-Transport-Security only where the site runs over
https (Secure cookies), so a development server over plain http stays reachable."""

import pytest

from lms import create_app
from lms.extensions import db as _db

HSTS = "max-age=31536000; includeSubDomains"


@pytest.fixture
def make_app(app, database_url, monkeypatch, tmp_path):
    """A production-like app (not TESTING) on the migrated test database, without the
    developer's instance/config.py."""
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    made = []

    def make(**config):
        made.append(create_app({"TESTING": False, "SECRET_KEY": "x" * 32,
                                "SQLALCHEMY_DATABASE_URI": database_url, **config}))
        return made[-1]

    yield make
    for each in made:
        with each.app_context():
            _db.engine.dispose()


def test_https_site_tells_browsers_to_use_https_only(make_app):
    client = make_app(SESSION_COOKIE_SECURE=True).test_client()
    for url in ("/login", "/no/such/page", "/static/css/thaksa.css"):
        response = client.get(url)
        response.close()
        assert response.headers["Strict-Transport-Security"] == HSTS, url


def test_hsts_lasts_as_configured_and_zero_turns_it_off(make_app):
    response = make_app(SESSION_COOKIE_SECURE=True, HSTS_SECONDS=600).test_client().get("/login")
    assert response.headers["Strict-Transport-Security"] == "max-age=600; includeSubDomains"
    response = make_app(SESSION_COOKIE_SECURE=True, HSTS_SECONDS=0).test_client().get("/login")
    assert "Strict-Transport-Security" not in response.headers


def test_no_hsts_over_plain_http(make_app, client):
    response = make_app(SESSION_COOKIE_SECURE=False).test_client().get("/login")
    assert "Strict-Transport-Security" not in response.headers
    assert "Strict-Transport-Security" not in client.get("/login").headers  # tests and development


def test_hsts_seconds_from_the_environment():
    from lms.config import settings_from_environment

    assert settings_from_environment({"LMS_HSTS_SECONDS": "0"}) == {"HSTS_SECONDS": 0}


def test_every_response_carries_the_other_security_headers(make_app):
    response = make_app(SESSION_COOKIE_SECURE=True).test_client().get("/login")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
