"""What the outbox does with each kind of SMTP reply, from a real server on loopback.

A 5xx reply refuses this message for good (RFC 5321 §4.2.1: "permanent negative
completion"), from 500 itself upwards: the message is marked failed at once, never retried,
and the drain goes on with the next one. A 4xx reply is a passing trouble: the message waits
and is tried again.
"""

import pytest
from sqlalchemy import select

from lms.extensions import db as database
from lms.notifications import outbox, services
from lms.notifications.models import NotificationDigest, OutboxMessage
from tests.notifications import builders as b
from tests.notifications.conftest import digest

NOW = b.bangkok(2026, 11, 24, 15, 0)


def notify(person):
    """A reminder by e-mail, in the person's digest."""
    services.notify(person, "no_learning", period="x", payload={"since": None, "days": 40, "never": True})
    digest()


def message_to(person) -> OutboxMessage:
    message = database.session.scalar(
        select(OutboxMessage).join(NotificationDigest, NotificationDigest.id == OutboxMessage.digest_id)
        .where(NotificationDigest.person_id == person.id))
    database.session.refresh(message)
    return message


def refuse_recipient(reply, refused):
    async def handle_RCPT(server, session, envelope, address, rcpt_options):
        if address == refused:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    return handle_RCPT


def refuse_data(reply, refused, inbox):
    accept = inbox.handle_DATA

    async def handle_DATA(server, session, envelope):
        if refused in envelope.rcpt_tos:
            return reply
        return await accept(server, session, envelope)

    return handle_DATA


@pytest.mark.parametrize("stage", ["RCPT", "DATA"])
@pytest.mark.parametrize("reply", ["500 5.5.0 command unrecognised", "554 5.7.1 rejected"])
def test_a_5xx_reply_fails_that_message_at_once_and_the_drain_goes_on(db, world, travel, smtp_server,
                                                                       stage, reply):
    travel(NOW)
    refused, other = world["peer"], world["learner"]
    inbox = smtp_server.inbox
    if stage == "RCPT":
        inbox.handle_RCPT = refuse_recipient(reply, refused.email)
    else:
        inbox.handle_DATA = refuse_data(reply, refused.email, inbox)
    for person in (refused, other):
        notify(person)

    report = outbox.drain()

    assert (report.sent, report.failed, report.retried, report.stopped) == (1, 1, 0, "")
    failed = message_to(refused)
    assert (failed.status, failed.attempts) == ("failed", 1)
    assert reply.split()[0] in failed.last_error
    assert message_to(other).status == "sent"
    assert [r.rcpt_tos for r in inbox.received] == [[other.email]]

    travel(NOW + outbox.backoff(30))  # long after any retry would have come
    assert outbox.drain().sent == 0
    assert message_to(refused).attempts == 1


@pytest.mark.parametrize("stage", ["RCPT", "DATA"])
@pytest.mark.parametrize("reply", ["451 4.3.0 try again later", "499 4.0.0 the last temporary code"])
def test_a_4xx_reply_is_retried_later(db, world, travel, smtp_server, stage, reply):
    travel(NOW)
    learner, inbox = world["learner"], smtp_server.inbox
    if stage == "RCPT":
        inbox.handle_RCPT = refuse_recipient(reply, learner.email)
    else:
        inbox.handle_DATA = refuse_data(reply, learner.email, inbox)
    notify(learner)

    report = outbox.drain()

    assert (report.sent, report.failed, report.retried) == (0, 0, 1) and report.stopped
    waiting = message_to(learner)
    assert (waiting.status, waiting.attempts) == ("pending", 1)
    assert waiting.next_attempt_at == NOW + outbox.backoff(1)
