"""Mail over a real SMTP server on loopback: recipients, language, links, outages, exactly once.

Reminders by e-mail leave in each person's digest (see test_digest.py): a person with one
reminder due gets one e-mail, titled like the reminder."""

import ssl
import subprocess
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from sqlalchemy import select

from lms.notifications import outbox, services
from lms.notifications.models import OutboxMessage
from tests import factories
from tests.notifications import builders as b
from tests.notifications.conftest import BASE_URL, Inbox, digest, free_port, run

NOW = b.bangkok(2026, 11, 24, 15, 0)


def statuses():
    return sorted(OutboxMessage.query.session.scalars(select(OutboxMessage.status)))


@pytest.fixture
def class_tomorrow(db, world, travel):
    """The learner (Thai) and the other learner (English) hold seats in a class meeting tomorrow."""
    travel(NOW)
    world["other_learner"].language = "en"
    cls = b.course_class(world["institute"], b.course_version(world["institute"], title_th="การวิเคราะห์ข้อมูล",
                                                              title_en="Data analysis"),
                         opens_on=date(2026, 11, 1), closes_on=date(2026, 11, 20),
                         meetings=[(b.bangkok(2026, 11, 25, 9), 3)], name="รุ่นที่ 1/2570")
    for person in (world["learner"], world["other_learner"]):
        b.enrol(person, cls)
    run("class_tomorrow")
    digest()
    return cls


def test_each_person_gets_their_mail_in_their_language_with_links(class_tomorrow, world, smtp_server, client):
    report = outbox.drain()
    assert (report.sent, report.retried, report.failed) == (2, 0, 0)
    [thai] = smtp_server.inbox.to(world["learner"].email)
    [english] = smtp_server.inbox.to(world["other_learner"].email)
    assert thai.mail_from == "thaksa@example.go.th"

    assert thai.message["Content-Language"] == "th"
    assert "การวิเคราะห์ข้อมูล" in thai.message["Subject"]
    assert "25 พ.ย. 2569 09:00" in thai.part("plain")  # Thai date, Buddhist Era, Bangkok time
    assert '<html lang="th">' in thai.part("html")
    assert english.message["Content-Language"] == "en"
    assert "Data analysis" in english.message["Subject"]
    assert "25 Nov 2026 09:00" in english.part("plain")
    assert '<html lang="en">' in english.part("html")

    class_url = f"{BASE_URL}/classes/{class_tomorrow.id}"
    for received in (thai, english):
        assert class_url in received.part("plain") and f'href="{class_url}"' in received.part("html")
        assert received.message["Auto-Submitted"] == "auto-generated"
        assert received.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert statuses() == ["sent", "sent"]

    # The digest's unsubscribe link works, for that person only: reminder e-mails become in-app only.
    link = thai.message["List-Unsubscribe"].strip("<>")
    assert link.startswith(f"{BASE_URL}/notifications/unsubscribe/")
    assert link in thai.part("plain")
    assert client.get(urlsplit(link).path).status_code == 200
    assert client.post(urlsplit(link).path, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    chosen = services.preferences_of(world["learner"])
    assert chosen["class_tomorrow"] == chosen["no_learning"] == "in_app"
    assert services.preferences_of(world["other_learner"])["class_tomorrow"] == "email"


def test_nothing_is_sent_twice(class_tomorrow, smtp_server):
    outbox.drain()
    assert outbox.drain().sent == 0
    run("class_tomorrow")
    digest()
    assert outbox.drain().sent == 0
    assert len(smtp_server.inbox.received) == 2


def test_in_app_only_and_off_send_no_mail(db, world, travel, smtp_server):
    travel(NOW)
    services.set_preference(world["learner"].id, "no_learning", "in_app")
    services.set_preference(world["peer"].id, "no_learning", "off")
    for person in (world["learner"], world["peer"]):
        person.created_at = NOW - timedelta(days=40)
        services.notify(person, "no_learning", period="test", payload={"since": None, "days": 40, "never": True})
    digest()
    assert outbox.drain().sent == 0
    assert smtp_server.inbox.received == []


def _stop_after(server, count):
    """A connection that takes the server down after it accepted `count` messages."""
    sent = []

    def connect_smtp():
        smtp = outbox.connect()
        real_send = smtp.send_message

        def send_message(*args, **kwargs):
            result = real_send(*args, **kwargs)
            sent.append(1)
            if len(sent) == count:
                server.stop()
            return result

        smtp.send_message = send_message
        return smtp

    return connect_smtp


def test_an_outage_mid_run_loses_nothing_and_sends_nothing_twice(db, world, travel, smtp_server):
    travel(NOW)
    people = [factories.person(world["division"]) for _ in range(6)]
    for person in people:
        services.notify(person, "no_learning", period="outage", payload={"since": None, "days": 40, "never": True})
    digest()

    first = outbox.drain(connect_smtp=_stop_after(smtp_server, 3))
    assert (first.sent, first.retried) == (3, 1) and first.stopped  # the 4th found the server gone
    second = outbox.drain()  # still down: one more message waits, the drain stops at once
    assert (second.sent, second.retried) == (0, 1)
    assert statuses().count("sent") == 3 and statuses().count("pending") == 3

    smtp_server.start()  # back, on the same port
    assert outbox.drain().sent == 1  # the one never tried; the two that failed wait their backoff
    travel(NOW + timedelta(minutes=3))
    assert outbox.drain().sent == 2
    addresses = sorted(a for r in smtp_server.inbox.received for a in r.rcpt_tos)
    assert addresses == sorted(p.email for p in people)  # everyone, once
    assert statuses() == ["sent"] * 6


def test_retries_back_off_and_give_up(app, db, world, travel, smtp_server, monkeypatch):
    monkeypatch.setitem(app.config, "OUTBOX_MAX_ATTEMPTS", 3)
    travel(NOW)
    services.notify(world["learner"], "no_learning", period="x", payload={"since": None, "days": 40, "never": True})
    digest()
    smtp_server.stop()
    message = db.session.scalar(select(OutboxMessage))
    waits = []
    for _attempt in range(3):
        before = message.next_attempt_at
        outbox.drain()
        db.session.refresh(message)
        waits.append(message.next_attempt_at - before)
        travel(message.next_attempt_at)
    assert waits[:2] == [timedelta(seconds=60), timedelta(seconds=120)]  # doubling
    assert (message.status, message.attempts) == ("failed", 3)
    assert "gave up" in message.last_error
    assert outbox.backoff(30) == timedelta(hours=6)  # capped


def test_a_permanent_refusal_fails_that_message_only(db, world, travel, smtp_server):
    travel(NOW)

    async def refuse(server, session, envelope, address, rcpt_options):
        if address.startswith("peer"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp_server.inbox.handle_RCPT = refuse
    for person in (world["peer"], world["learner"]):
        services.notify(person, "no_learning", period="x", payload={"since": None, "days": 40, "never": True})
    digest()
    report = outbox.drain()
    assert (report.sent, report.failed, report.retried) == (1, 1, 0)
    assert statuses() == ["failed", "sent"]


def test_claims_are_exclusive_and_stale_ones_are_taken_over(db, world, travel, smtp_server):
    travel(NOW)
    services.notify(world["learner"], "no_learning", period="x", payload={"since": None, "days": 40, "never": True})
    digest()
    message = db.session.scalar(select(OutboxMessage))
    assert outbox.claim(message.id, "sender-a", NOW)
    assert not outbox.claim(message.id, "sender-b", NOW)  # taken: the second sender skips it
    travel(NOW + timedelta(minutes=5))
    assert outbox.drain().sent == 0  # a live claim is left alone
    travel(NOW + timedelta(minutes=16))  # sender-a died holding it
    assert outbox.drain().sent == 1
    assert len(smtp_server.inbox.received) == 1


def test_people_who_left_get_no_mail(db, world, travel, smtp_server):
    travel(NOW)
    services.notify(world["learner"], "no_learning", period="x", payload={"since": None, "days": 40, "never": True})
    digest()
    world["learner"].is_active = False
    db.session.commit()
    assert outbox.drain().cancelled == 1
    assert smtp_server.inbox.received == []


@pytest.fixture
def tls_files(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    try:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                        "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key),
                        "-out", str(cert)], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("openssl is needed to make a certificate for the STARTTLS test")
    return cert, key


def test_starttls_and_login_when_configured(app, db, world, travel, mail_settings, monkeypatch, tls_files):
    travel(NOW)
    cert, key = tls_files
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password, session.ssl is not None))
        return AuthResult(success=True)

    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=server_tls, require_starttls=True,
                            authenticator=authenticator, auth_required=True)
    controller.start()
    try:
        mail_settings(port)
        for setting, value in {"SMTP_STARTTLS": True, "SMTP_USER": "thaksa", "SMTP_PASSWORD": "s3cret"}.items():
            monkeypatch.setitem(app.config, setting, value)
        services.notify(world["learner"], "no_learning", period="x",
                        payload={"since": None, "days": 40, "never": True})
        digest()
        client_tls = ssl.create_default_context(cafile=str(cert))
        assert outbox.drain(connect_smtp=lambda: outbox.connect(tls_context=client_tls)).sent == 1
    finally:
        controller.stop()
    assert logins == [(b"thaksa", b"s3cret", True)]
    assert inbox.to(world["learner"].email)


def test_user_text_cannot_inject_mail_headers(db, world, travel, smtp_server):
    travel(NOW)
    services.notify(world["learner"], "record_returned", subject="record:1", payload={
        "record_id": 1, "title": "งาน\r\nBcc: victim@example.com", "occurred_on": "2026-11-01", "hours": "2",
        "comment": "c", "returned_at": "2026-11-20T01:00:00+00:00"})
    assert outbox.drain().sent == 1
    [received] = smtp_server.inbox.received
    assert received.rcpt_tos == [world["learner"].email] and received.message["Bcc"] is None
    assert "Bcc: victim@example.com" in received.message["Subject"]  # kept, on one line, as text
