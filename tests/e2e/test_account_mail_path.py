"""In Chromium: a forgotten password and an invitation, each from the e-mail's link to signed in.

The live server's outbox is drained into a real SMTP server on loopback (aiosmtpd); the
link is read from the received mail and opened in the browser. The people here are
lent by the shared world and put back, so its passwords stay as the other tests expect.
"""

import re

import pytest
from playwright.sync_api import expect

from lms.notifications import outbox
from tests.notifications.conftest import SmtpServer, free_port

NEW_PASSWORD = "ต้นมะม่วง ริมคลอง 47 ใบ"


@pytest.fixture
def mail(live_server):
    """The live server's mail goes to a loopback SMTP server; links are built on its URL."""
    server = SmtpServer(free_port())
    server.start()
    config = live_server.app.config
    settings = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": server.port, "SMTP_STARTTLS": False,
                "MAIL_SENDER": "thaksa@example.go.th", "BASE_URL": live_server.url, "SMTP_TIMEOUT_SECONDS": 5}
    previous = {key: config.get(key) for key in settings}
    config.update(settings)
    _deliver(live_server)  # mail earlier tests' actions left (notices of events), so only this test's is counted
    server.inbox.received.clear()
    try:
        yield server.inbox
    finally:
        for key, value in previous.items():
            if value is None:
                config.pop(key, None)
            else:
                config[key] = value
        server.stop()


def _deliver(live_server):
    with live_server.app.app_context():
        return outbox.drain()


def _link(inbox, address, live_server, prefix):
    [received] = inbox.to(address)
    [url] = set(re.findall(re.escape(live_server.url + prefix) + r"[A-Za-z0-9_.\-]+",
                           received.part("plain")))
    return url


@pytest.fixture
def borrow(live_server):
    """borrow("peer", password_hash=None) → (email, id) of a world person, changed for this
    test and put back after it (other tests log in as them with the usual password)."""
    from lms.accounts.models import Person
    from lms.extensions import db

    borrowed = []

    def take(key, **changes):
        with live_server.app.app_context():
            person = db.session.scalar(db.select(Person).where(Person.email == live_server.world[key]["email"]))
            borrowed.append((person.id, {name: getattr(person, name) for name in ("password_hash", *changes)}))
            for name, value in changes.items():
                setattr(person, name, value)
            db.session.commit()
            found = (person.email, person.id)
            db.session.remove()
        return found

    yield take
    with live_server.app.app_context():
        for person_id, values in borrowed:
            person = db.session.get(Person, person_id)
            for name, value in values.items():
                setattr(person, name, value)
        db.session.commit()
        db.session.remove()


def test_a_forgotten_password_from_the_login_page_to_signed_in(page, live_server, mail, borrow, th,
                                                                console_errors):
    email, _person_id = borrow("other_learner")

    page.goto(live_server("/login"))
    page.get_by_role("link", name=th("Forgot your password?")).click()
    page.fill("input[name=email]", email)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    expect(page.locator("main")).to_contain_text(th(
        "If an account exists for that address, we have sent a link to it. The link works once, within "
        "%(minutes)s minutes. Check your spam folder too.", minutes=60))

    assert _deliver(live_server).sent == 1
    page.goto(_link(mail, email, live_server, "/reset/"))
    expect(page.locator("h1")).to_have_text(th("Choose a new password"))
    page.fill("input[name=new_password]", "aaaaaaaaaa")
    page.fill("input[name=confirm]", "aaaaaaaaaa")
    page.click("main form button[type=submit]")
    expect(page.locator(".invalid-feedback").first).to_contain_text(
        th("This password is too easy to guess: add more words or characters."))

    page.fill("input[name=new_password]", NEW_PASSWORD)
    page.fill("input[name=confirm]", NEW_PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url == live_server("/")
    expect(page.locator("body")).to_contain_text(
        th("Your password has been changed. You were logged out everywhere else."))
    assert console_errors == []


def test_an_invitation_sent_by_an_admin_accepted_in_the_browser(page, open_page, live_server, mail, borrow,
                                                                log_in, th, console_errors):
    email, person_id = borrow("peer", password_hash=None)  # as if just imported from HR

    log_in(page, "agency_admin")
    page.goto(live_server(f"/people/{person_id}"))
    with page.expect_navigation():
        page.get_by_role("button", name=th("Send invitation")).click()
    expect(page.locator("body")).to_contain_text(th("An invitation has been sent to %(email)s.", email=email))
    assert _deliver(live_server).sent == 1

    invited = open_page()  # the invited person, at their own computer
    invited.goto(_link(mail, email, live_server, "/invitation/"))
    expect(invited.locator("h1")).to_have_text(th("Choose your password"))
    invited.fill("input[name=new_password]", NEW_PASSWORD)
    invited.fill("input[name=confirm]", NEW_PASSWORD)
    with invited.expect_navigation():
        invited.click("main form button[type=submit]")
    expect(invited.locator("body")).to_contain_text(th("Your password has been set. Welcome to Thaksa."))
    invited.goto(live_server("/account"))
    expect(invited.locator("input[name=name_th]")).to_have_value(live_server.world["peer"]["name_th"])
    assert console_errors == []
