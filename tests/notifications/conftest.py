"""A real SMTP server on loopback (aiosmtpd), the mail settings pointing at it, and time travel."""

import email
import email.policy
import socket
from dataclasses import dataclass, field

import pytest
import time_machine
from aiosmtpd.controller import Controller

from lms.notifications.jobs import run_digest, run_jobs
from lms.notifications.reminders.common import RunContext

BASE_URL = "https://thaksa.example.go.th"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list
    message: email.message.EmailMessage

    def part(self, subtype: str) -> str:
        return self.message.get_body(preferencelist=(subtype,)).get_content()


@dataclass
class Inbox:
    """The aiosmtpd handler: keeps every message the server accepted."""

    received: list = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.rcpt_tos]


class SmtpServer:
    """aiosmtpd on 127.0.0.1 and a free port; stop() and start() again on the same port."""

    def __init__(self, port: int):
        self.port, self.inbox, self.controller = port, Inbox(), None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def mail_settings(app, monkeypatch):
    """The app's mail settings for one test (restored after it)."""

    def configure(port):
        for key, value in {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": port, "SMTP_STARTTLS": False,
                           "MAIL_SENDER": "thaksa@example.go.th", "BASE_URL": BASE_URL,
                           "SMTP_TIMEOUT_SECONDS": 5}.items():
            monkeypatch.setitem(app.config, key, value)

    return configure


@pytest.fixture
def smtp_server(mail_settings):
    server = SmtpServer(free_port())
    server.start()
    mail_settings(server.port)
    yield server
    server.stop()


@pytest.fixture
def travel():
    """travel(datetime): freeze the clock there (aware datetimes; Bangkok in these tests)."""
    travellers = []

    def go(moment):
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)
        return moment

    yield go
    for traveller in reversed(travellers):
        traveller.stop()


def run(*kinds):
    """Run these reminder jobs now (the frozen now); returns {kind: new notifications}."""
    return {report.kind: report.written for report in run_jobs(kinds or None, RunContext.at())}


def digest():
    """Run the digest job now (the frozen now): reminders by e-mail become one e-mail each person."""
    return run_digest(RunContext.at())
