"""Forgotten passwords: a link by e-mail, through the outbox and a real SMTP server.

The link is a signed token minted when the mail is composed (never stored); it works
once, for an hour, and dies with any password change. Asking tells nobody whether an
account exists, and cannot flood a mailbox.
"""

import re
from datetime import timedelta

import time_machine
from sqlalchemy import select

from lms.accounts import services as account_services
from lms.accounts.models import AccountSession
from lms.core.models import AuditEvent, utcnow
from lms.extensions import db
from lms.notifications.models import Notification, OutboxMessage
from tests import factories
from tests.factories import TEST_PASSWORD

NEW_PASSWORD = "ต้นมะม่วง ริมคลอง 47 ใบ"
SENT_TH = "หากมีบัญชีผู้ใช้ของอีเมลนี้"
DEAD_LINK_TH = "ลิงก์นี้ใช้ไม่ได้แล้ว"


def _ask(app, email, address="192.0.2.10"):
    """Ask for a link from a fresh browser, as someone who forgot their password does."""
    browser = app.test_client()
    response = browser.post("/forgot", data={"email": email}, environ_base={"REMOTE_ADDR": address},
                            follow_redirects=True)
    assert response.status_code == 200
    return browser, response.get_data(as_text=True)


def _without_csrf_token(page):
    """The page but for its CSRF token, which differs for every browser."""
    return re.sub(r'name="csrf_token"[^>]*value="[^"]*"', "", page)


def _choose(browser, path, password=NEW_PASSWORD):
    return browser.post(path, data={"new_password": password, "confirm": password})


def _live_sessions(person):
    return db.session.scalars(select(AccountSession).where(
        AccountSession.person_id == person.id, AccountSession.revoked_at.is_(None))).all()


def test_the_whole_path_from_the_login_page_to_a_new_password(app, client, world, login, mailbox):
    learner = world["learner"]
    elsewhere = login(learner)  # a browser left signed in somewhere
    assert elsewhere.get("/").status_code == 200

    browser = app.test_client()
    login_page = browser.get("/login").get_data(as_text=True)
    assert 'href="/forgot"' in login_page and "ลืมรหัสผ่าน?" in login_page
    browser, page = _ask(app, learner.email)
    assert SENT_TH in page

    assert mailbox.deliver().sent == 1
    [mail] = mailbox.to(learner.email)
    assert mail.message["Subject"] == "รีเซ็ตรหัสผ่านระบบทักษะ"
    assert "List-Unsubscribe" not in mail.message  # security mail cannot be switched off
    path = mailbox.link(learner.email, "/reset/")
    token = path.rsplit("/", 1)[1]
    # Nothing in the database holds the live link.
    notification = db.session.scalar(select(Notification).where(Notification.kind == "password_reset"))
    outbox_row = db.session.scalar(select(OutboxMessage).where(OutboxMessage.notification_id == notification.id))
    assert token not in repr(notification.payload) and token not in outbox_row.last_error

    form = browser.get(path)
    assert form.status_code == 200 and learner.email in form.get_data(as_text=True)
    assert form.headers["Referrer-Policy"] == "no-referrer"
    weak = _choose(browser, path, "aaaaaaaaaa")
    assert weak.status_code == 200 and "คาดเดาได้ง่ายเกินไป" in weak.get_data(as_text=True)

    done = _choose(browser, path)
    assert done.status_code == 302 and done.headers["Location"] == "/"
    assert browser.get("/").status_code == 200  # signed in, in a new session
    assert len(_live_sessions(learner)) == 1
    assert elsewhere.get("/").status_code == 302  # the old session ended
    assert learner.check_password(NEW_PASSWORD)
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.kind == "person.password_reset", AuditEvent.object_id == learner.id)) is not None

    again = app.test_client().get(path)
    assert again.status_code == 200 and DEAD_LINK_TH in again.get_data(as_text=True)
    fresh = app.test_client()
    assert fresh.post("/login", data={"email": learner.email, "password": TEST_PASSWORD}).status_code == 200
    assert fresh.post("/login", data={"email": learner.email, "password": NEW_PASSWORD}).status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_mail(app, world, mailbox):
    _browser, known = _ask(app, world["learner"].email)
    _browser, unknown = _ask(app, "nobody@example.go.th")

    assert _without_csrf_token(unknown) == _without_csrf_token(known)
    mailbox.deliver()
    assert mailbox.to("nobody@example.go.th") == [] and len(mailbox.inbox.received) == 1


def test_inactive_and_anonymised_people_get_no_mail(app, world, mailbox):
    world["peer"].is_active = False
    world["learner"].anonymised_at = utcnow()
    db.session.flush()

    for person in (world["peer"], world["learner"]):
        _browser, page = _ask(app, person.email)
        assert SENT_TH in page

    mailbox.deliver()
    assert mailbox.inbox.received == []


def test_a_link_dies_after_an_hour(app, world, mailbox):
    learner = world["learner"]
    start = utcnow()
    with time_machine.travel(start, tick=False):
        _browser, _page = _ask(app, learner.email)
        mailbox.deliver()
    path = mailbox.link(learner.email, "/reset/")

    with time_machine.travel(start + timedelta(minutes=59), tick=False):
        assert "new_password" in app.test_client().get(path).get_data(as_text=True)
    with time_machine.travel(start + timedelta(minutes=61), tick=False):
        browser = app.test_client()
        assert DEAD_LINK_TH in browser.get(path).get_data(as_text=True)
        assert DEAD_LINK_TH in _choose(browser, path).get_data(as_text=True)
    assert learner.check_password(TEST_PASSWORD)


def test_a_link_dies_when_the_password_changes_another_way(app, client, world, login, mailbox):
    learner = world["learner"]
    _browser, _page = _ask(app, learner.email)
    mailbox.deliver()
    path = mailbox.link(learner.email, "/reset/")

    login(learner)
    changed = client.post("/account/password", data={
        "current_password": TEST_PASSWORD, "new_password": "Mango-Trellis-Quietly-47",
        "confirm": "Mango-Trellis-Quietly-47"})
    assert changed.status_code == 302

    browser = app.test_client()
    assert DEAD_LINK_TH in _choose(browser, path).get_data(as_text=True)
    assert learner.check_password("Mango-Trellis-Quietly-47")


def test_a_forged_or_damaged_link_does_nothing(app, world):
    browser = app.test_client()
    for path in ("/reset/not-a-token", "/reset/" + "A" * 80):
        assert DEAD_LINK_TH in _choose(browser, path).get_data(as_text=True)
    assert world["learner"].check_password(TEST_PASSWORD)


def test_a_reset_lifts_the_login_pause_of_the_account_ceiling(app, world, mailbox):
    learner = world["learner"]
    for n in range(app.config["LOGIN_ACCOUNT_MAX_FAILURES"]):
        account_services.record_login_failure(learner.email, f"10.8.{n // 4}.{n % 4}")
    paused = app.test_client().post("/login", data={"email": learner.email, "password": TEST_PASSWORD},
                                    environ_base={"REMOTE_ADDR": "172.16.0.2"})
    assert paused.status_code == 429

    browser, _page = _ask(app, learner.email)
    mailbox.deliver()
    assert _choose(browser, mailbox.link(learner.email, "/reset/")).status_code == 302

    fresh = app.test_client()
    assert fresh.post("/login", data={"email": learner.email, "password": NEW_PASSWORD},
                      environ_base={"REMOTE_ADDR": "172.16.0.2"}).status_code == 302


def test_the_throttled_mail_links_to_the_forgot_password_page(app, world, mailbox):
    from lms.notifications.services import notify

    notify(world["learner"], "account_throttled", subject="login", period="x", payload={"address": "10.0.0.1"},
           urgent=True)
    mailbox.deliver()

    assert mailbox.link(world["learner"].email, "/forgot")


def test_requests_are_capped_per_email_and_per_address(app, world, mailbox):
    learner = world["learner"]
    start = utcnow()
    for minute in range(7):  # a new minute each time: each could be a mail of its own
        with time_machine.travel(start + timedelta(minutes=minute), tick=False):
            _browser, page = _ask(app, learner.email, address=f"198.51.100.{minute}")
            assert SENT_TH in page  # the same answer, capped or not
    with time_machine.travel(start + timedelta(minutes=7), tick=False):
        mailbox.deliver()
    assert len(mailbox.to(learner.email)) == app.config["PASSWORD_RESET_MAX_PER_EMAIL"]

    with time_machine.travel(start + timedelta(minutes=61), tick=False):
        _ask(app, learner.email)
        mailbox.deliver()
    assert len(mailbox.to(learner.email)) == app.config["PASSWORD_RESET_MAX_PER_EMAIL"] + 1

    # One address asking for many mailboxes is capped too.
    people = [factories.person(world["division"]) for _ in range(4)]
    app.config["PASSWORD_RESET_MAX_PER_ADDRESS"] = 3
    try:
        with time_machine.travel(start + timedelta(minutes=62), tick=False):
            for person in people:
                _ask(app, person.email, address="203.0.113.50")
            mailbox.deliver()
    finally:
        app.config["PASSWORD_RESET_MAX_PER_ADDRESS"] = 20
    assert sum(len(mailbox.to(person.email)) for person in people) == 3


def test_security_mail_stays_out_of_the_notification_centre(app, client, world, login, mailbox):
    learner = world["learner"]
    from lms.notifications.services import set_preference

    set_preference(learner.id, "account_throttled", "off")  # switching mail off does not stop a reset mail
    _ask(app, learner.email)
    assert mailbox.deliver().sent == 1

    login(learner)
    centre = client.get("/notifications/").get_data(as_text=True)
    assert "รีเซ็ตรหัสผ่าน" not in centre
    assert "password_reset" not in client.get("/notifications/preferences").get_data(as_text=True)
