"""Sessions kept on the server (issue 9, breach 3): a copied cookie dies with its session.

Logout, a password change, deactivation and "sign out everywhere" end sessions; the
account page lists a person's sessions and ends each. Each test plays two browsers: the
person's own, and one holding a copy of its cookies (what a thief would have).
"""

from datetime import timedelta

import time_machine
from sqlalchemy import func, select

from lms.accounts.models import AccountSession
from lms.core.models import AuditEvent, utcnow
from tests.factories import TEST_PASSWORD


def _log_in(client, person, remember=False, agent="Browser-One"):
    client.environ_base["HTTP_USER_AGENT"] = agent
    response = client.post("/login", data={"email": person.email, "password": TEST_PASSWORD,
                                           "remember": "y" if remember else ""})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def _copy_cookies(app, source, names=("session", "remember_token")):
    """Another browser with copies of `source`'s cookies, claiming the same browser name."""
    thief = app.test_client()
    thief.environ_base["HTTP_USER_AGENT"] = source.environ_base.get("HTTP_USER_AGENT", "")
    for name in names:
        cookie = source.get_cookie(name)
        if cookie is not None:
            thief.set_cookie(name, cookie.value)
    return thief


def test_a_copied_session_cookie_stops_working_after_logout(app, client, world):
    _log_in(client, world["learner"])
    thief = _copy_cookies(app, client, ("session",))
    assert thief.get("/").status_code == 200  # a copy works while the session lives...

    client.post("/logout")

    assert thief.get("/").status_code == 302  # ...and not a moment after
    assert "/login" in thief.get("/").headers["Location"]


def test_a_copied_remember_me_cookie_stops_working_after_logout(app, client, world):
    _log_in(client, world["learner"], remember=True)
    thief = _copy_cookies(app, client, ("remember_token",))
    assert thief.get("/").status_code == 200

    client.post("/logout")

    assert _copy_cookies(app, thief, ("remember_token",)).get("/").status_code == 302


def test_the_account_page_lists_each_browser_and_ends_another(app, client, world):
    learner = world["learner"]
    _log_in(client, learner, agent="Firefox on the office PC")
    phone = _log_in(app.test_client(), learner, agent="Safari on my phone")

    page = client.get("/account").get_data(as_text=True)
    assert "Firefox on the office PC" in page and "Safari on my phone" in page
    assert "เบราว์เซอร์นี้" in page  # "this browser" marks the one in use

    phone_session = next(s for s in _live_sessions(learner) if "Safari" in s.user_agent)
    response = client.post(f"/account/sessions/{phone_session.id}/end")
    assert response.status_code == 302

    assert phone.get("/").status_code == 302
    assert client.get("/").status_code == 200
    assert "Safari on my phone" not in client.get("/account").get_data(as_text=True)


def test_nobody_can_end_another_persons_session(app, client, world):
    victim = _log_in(app.test_client(), world["peer"])
    (peer_session,) = _live_sessions(world["peer"])
    _log_in(client, world["learner"])

    assert client.post(f"/account/sessions/{peer_session.id}/end").status_code == 404
    assert client.post("/account/sessions/99999999999999999999/end").status_code == 404
    assert victim.get("/").status_code == 200


def test_sign_out_everywhere_else_keeps_only_this_browser(app, client, world):
    learner = world["learner"]
    _log_in(client, learner)
    others = [_log_in(app.test_client(), learner, remember=True, agent=f"Browser-{n}") for n in (2, 3)]

    client.post("/account/sessions/end-others")

    assert [other.get("/").status_code for other in others] == [302, 302]
    assert client.get("/").status_code == 200
    assert len(_live_sessions(learner)) == 1
    assert _events("session.ended_elsewhere", learner) == 1


def test_a_password_change_ends_every_other_session_and_renews_this_one(app, client, world):
    learner = world["learner"]
    _log_in(client, learner)
    before = _copy_cookies(app, client)  # this very browser's old cookie, copied
    elsewhere = _log_in(app.test_client(), learner, agent="Elsewhere")

    response = client.post("/account/password", data={
        "current_password": TEST_PASSWORD, "new_password": "Mango-Trellis-Quietly-47",
        "confirm": "Mango-Trellis-Quietly-47"})
    assert response.status_code == 302

    assert client.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302
    assert before.get("/").status_code == 302
    assert _events("person.password_changed", learner) == 1


def test_an_idle_session_expires_and_a_remembered_one_lasts_its_duration(app, client, world):
    start = utcnow()
    with time_machine.travel(start, tick=False):
        _log_in(client, world["learner"])
        remembered = _log_in(app.test_client(), world["peer"], remember=True)
        remembered_copy = _copy_cookies(app, remembered, ("remember_token",))
    idle = app.config["PERMANENT_SESSION_LIFETIME"] + timedelta(minutes=1)
    with time_machine.travel(start + idle, tick=False):
        assert client.get("/").status_code == 302
        assert remembered_copy.get("/").status_code == 200
    with time_machine.travel(start + app.config["REMEMBER_COOKIE_DURATION"] + timedelta(minutes=1),
                             tick=False):
        assert _copy_cookies(app, remembered_copy, ("remember_token",)).get("/").status_code == 302


def test_use_keeps_a_session_alive_and_shows_when_it_was_last_used(app, client, world):
    learner = world["learner"]
    start = utcnow()
    with time_machine.travel(start, tick=False):
        _log_in(client, learner)
    step = app.config["PERMANENT_SESSION_LIFETIME"] - timedelta(hours=1)
    for n in (1, 2):  # used every 11 hours: never idle for 12
        with time_machine.travel(start + n * step, tick=False):
            assert client.get("/").status_code == 200
    (live,) = _live_sessions(learner)
    assert live.last_seen_at == start + 2 * step


def test_logins_and_failures_are_audited(client, world):
    _log_in(client, world["learner"])
    client.post("/logout")
    client.post("/login", data={"email": world["learner"].email, "password": "not it"})
    client.post("/login", data={"email": "nobody@example.go.th", "password": "not it"})

    kinds = [(e.kind, e.object_label) for e in _all_events()]
    assert ("login.succeeded", world["learner"].email) in kinds
    assert ("logout", world["learner"].email) in kinds
    assert kinds.count(("login.failed", world["learner"].email)) == 1
    assert ("login.failed", "nobody@example.go.th") in kinds


def _live_sessions(person):
    from lms.extensions import db

    return db.session.scalars(select(AccountSession).where(
        AccountSession.person_id == person.id, AccountSession.revoked_at.is_(None))).all()


def _all_events():
    from lms.extensions import db

    return db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()


def _events(kind, person):
    from lms.extensions import db

    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.kind == kind, AuditEvent.object_type == "people", AuditEvent.object_id == person.id))


def test_an_operator_signs_a_person_out_everywhere_from_the_command_line(app, client, world):
    _log_in(client, world["learner"], remember=True)
    laptop = _copy_cookies(app, client)

    result = app.test_cli_runner().invoke(args=["lms", "people", "sign-out", world["learner"].email])

    assert result.exit_code == 0, result.output
    assert "1 session(s) ended" in result.output
    assert client.get("/").status_code == 302 and laptop.get("/").status_code == 302
    assert _events("session.ended_by_operator", world["learner"]) == 1


def test_signing_out_an_unknown_email_ends_nothing(app, client, world):
    _log_in(client, world["learner"])

    result = app.test_cli_runner().invoke(
        args=["lms", "people", "sign-out", world["learner"].email, "nobody@example.go.th"])

    assert result.exit_code == 1
    assert "nobody@example.go.th" in result.output
    assert client.get("/").status_code == 200
