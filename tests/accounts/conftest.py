"""Account e-mail (password resets, invitations) through a real SMTP server on loopback."""

import re
from urllib.parse import urlsplit

import pytest

from lms.notifications import outbox
from tests.notifications.conftest import BASE_URL, SmtpServer, free_port


class Mailbox:
    """What the loopback server received, and the outbox drained into it."""

    def __init__(self, inbox):
        self.inbox = inbox

    def deliver(self):
        """Send what the outbox holds, as `lms outbox send` does."""
        return outbox.drain()

    def to(self, address: str):
        return self.inbox.to(address)

    def link(self, address: str, prefix: str) -> str:
        """The path of the link starting with `prefix` in the last mail to `address`, checked
        to be the same absolute URL (on BASE_URL) in its text and HTML parts."""
        received = self.to(address)[-1]
        pattern = re.escape(BASE_URL + prefix) + r"[A-Za-z0-9_.\-]*"
        [url] = set(re.findall(pattern, received.part("plain")))
        assert f'href="{url}"' in received.part("html")
        return urlsplit(url).path


@pytest.fixture
def mailbox(app, db, monkeypatch):
    server = SmtpServer(free_port())
    server.start()
    for key, value in {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": server.port, "SMTP_STARTTLS": False,
                       "MAIL_SENDER": "thaksa@example.go.th", "BASE_URL": BASE_URL,
                       "SMTP_TIMEOUT_SECONDS": 5}.items():
        monkeypatch.setitem(app.config, key, value)
    yield Mailbox(server.inbox)
    server.stop()
