"""Logging in and out, throttling, remember-me and password changes, through the real forms."""

import re
from datetime import timedelta

import time_machine

from lms.core.models import utcnow
from tests.factories import TEST_PASSWORD


def _login(client, email, password, **extra):
    return client.post("/login", data={"email": email, "password": password, **extra})


def test_wrong_password_says_so_and_keeps_the_email(client, world):
    response = _login(client, "learner@example.go.th", "wrong password")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="learner@example.go.th"' in page
    assert "ไม่ถูกต้อง" in page  # "the email or password is not correct"
    assert client.get("/").status_code == 302


def test_unknown_email_gets_the_same_message_as_a_wrong_password(client, world):
    def page(email):
        text = _login(client, email, "nope").get_data(as_text=True).replace(email, "X")
        return re.sub(r'name="csrf_token" (type="hidden" )?value="[^"]*"', "", text)  # time-stamped

    assert page("learner@example.go.th") == page("nobody@example.go.th")


def test_login_is_case_insensitive_on_the_email_and_redirects_to_next(client, world):
    response = client.post("/login?next=/team", data={"email": "Supervisor@Example.go.th",
                                                      "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/team"


def test_next_pointing_to_another_site_is_ignored(client, world):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post(f"/login?next={target}", data={"email": "learner@example.go.th",
                                                               "password": TEST_PASSWORD})
        assert response.headers["Location"] == "/"
        client.post("/logout")


def test_inactive_person_cannot_log_in(client, world, db):
    world["learner"].is_active = False
    db.session.flush()
    response = _login(client, "learner@example.go.th", TEST_PASSWORD)
    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_deactivating_ends_an_open_session(client, world, login, db):
    login(world["learner"])
    assert client.get("/").status_code == 200
    world["learner"].is_active = False
    db.session.flush()
    assert client.get("/").status_code == 302


def test_throttled_after_repeated_failures_then_allowed_again(app, client, world):
    limit = app.config["LOGIN_MAX_FAILURES"]
    start = utcnow()
    with time_machine.travel(start, tick=False):
        for _ in range(limit):
            _login(client, "learner@example.go.th", "wrong")
        blocked = _login(client, "learner@example.go.th", TEST_PASSWORD)
        assert blocked.status_code == 429
        assert "15" in blocked.get_data(as_text=True)  # "try again in 15 minutes"
        assert client.get("/").status_code == 302
        # Another person is not affected by someone hammering the learner's account.
        assert _login(client, "peer@example.go.th", TEST_PASSWORD).status_code == 302
        client.post("/logout")
    with time_machine.travel(start + app.config["LOGIN_FAILURE_WINDOW"] + timedelta(seconds=1),
                             tick=False):
        assert _login(client, "learner@example.go.th", TEST_PASSWORD).status_code == 302


def test_logout_needs_post_and_ends_the_session(client, world, login):
    login(world["learner"])
    assert client.get("/logout").status_code == 405
    client.post("/logout")
    assert client.get("/").status_code == 302


def test_remember_me_survives_a_closed_browser_until_the_password_changes(app, world, login, client):
    login(world["learner"], remember=True)
    remember = client.get_cookie("remember_token")
    assert remember is not None and remember.http_only

    # A second browser holding only the remember-me cookie is logged in.
    other = app.test_client()
    other.set_cookie("remember_token", remember.value)
    assert other.get("/").status_code == 200

    # The password changes in the first browser...
    response = client.post("/account/password", data={
        "current_password": TEST_PASSWORD, "new_password": "a brand new secret",
        "confirm": "a brand new secret"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # ...which stays logged in

    # ...and the old remember-me cookie no longer logs anyone in.
    stale = app.test_client()
    stale.set_cookie("remember_token", remember.value)
    assert stale.get("/").status_code == 302


def test_password_change_errors_are_shown_per_field(client, world, login):
    login(world["learner"])
    response = client.post("/account/password", data={
        "current_password": "not it", "new_password": "short", "confirm": "different"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count("invalid-feedback") >= 3
    assert world["learner"].check_password(TEST_PASSWORD)


def test_profile_saves_names_and_language(client, world, login, db):
    login(world["learner"])
    response = client.post("/account", data={"name_th": "สมชาย ใจดี", "name_en": "Somchai Jaidee",
                                             "language": "en"}, follow_redirects=True)
    assert "Somchai Jaidee" in response.get_data(as_text=True)
    assert world["learner"].language == "en"
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_profile_without_a_thai_name_keeps_what_was_typed(client, world, login):
    login(world["learner"])
    response = client.post("/account", data={"name_th": "", "name_en": "Typed Name",
                                             "language": "th"})
    page = response.get_data(as_text=True)
    assert 'value="Typed Name"' in page
    assert "invalid-feedback" in page
    assert world["learner"].name_th == "สมชาย ผู้เรียน"
