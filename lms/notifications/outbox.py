"""The outbox sender: e-mail leaves only after the transaction that wrote it committed.

Each message is claimed atomically before the SMTP server is contacted
(UPDATE … SET status='sending' … WHERE id = ? AND it is still claimable; a rowcount of 1
means it is ours), so two senders never send the same row. It is marked 'sent' only once
the server accepted it. A failure waits with exponential backoff and is retried; a claim
left by a sender that died is taken over after OUTBOX_STALE_CLAIM_SECONDS. The one
window left is a sender dying between the server's acceptance and marking the row: that
message is sent again after the claim goes stale, with the same Message-ID.

A row carries either one notification (mail sent at once) or one digest (a person's
reminders of the day or week, composed from the notifications it lists).
"""

import logging
import os
import smtplib
import socket
import ssl
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, or_, select, update

from ..accounts.models import Person
from ..core.models import utcnow
from ..extensions import db
from .kinds import KINDS
from .mail import build_digest_message, build_message, sender_address
from .models import Notification, NotificationDigest, OutboxMessage
from .settings import setting

log = logging.getLogger(__name__)


@dataclass
class DrainReport:
    """What one drain did; `stopped` says why it stopped early (the server is unreachable …)."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    stopped: str = ""


def mail_configured() -> bool:
    """Whether an SMTP server is set (LMS_SMTP_HOST); without one, mail waits in the outbox."""
    return bool(current_app.config.get("SMTP_HOST"))


def connect(tls_context: ssl.SSLContext | None = None) -> smtplib.SMTP:
    """A connection to the configured SMTP server: STARTTLS and login when configured."""
    config = current_app.config
    starttls = bool(config.get("SMTP_STARTTLS"))
    port = config.get("SMTP_PORT") or (587 if starttls else 25)
    smtp = smtplib.SMTP(config["SMTP_HOST"], port, timeout=setting("SMTP_TIMEOUT_SECONDS"))
    try:
        if starttls:
            smtp.starttls(context=tls_context or ssl.create_default_context())
        if config.get("SMTP_USER"):
            smtp.login(config["SMTP_USER"], config.get("SMTP_PASSWORD") or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def backoff(attempts: int) -> timedelta:
    """How long a message waits after its n-th failed attempt: base·2^(n-1), capped."""
    seconds = setting("OUTBOX_RETRY_BASE_SECONDS") * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, setting("OUTBOX_RETRY_MAX_SECONDS")))


def _claimable(now: datetime):
    stale = now - timedelta(seconds=setting("OUTBOX_STALE_CLAIM_SECONDS"))
    return or_(and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now),
               and_(OutboxMessage.status == "sending", OutboxMessage.claimed_at < stale))


def due_ids(now: datetime, limit: int) -> list[int]:
    """Messages abandoned by a dead sender, then those due now, oldest first.

    Two queries, each an index range on (status, next_attempt_at) or a short scan of the
    few rows being sent: an OR of both would read the whole table on every batch.
    """
    stale = now - timedelta(seconds=setting("OUTBOX_STALE_CLAIM_SECONDS"))
    abandoned = list(db.session.scalars(select(OutboxMessage.id).where(
        OutboxMessage.status == "sending", OutboxMessage.claimed_at < stale).limit(limit)))
    due = db.session.scalars(select(OutboxMessage.id).where(
        OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at).limit(limit - len(abandoned)))
    return abandoned + list(due)


def claim(message_id: int, worker: str, now: datetime) -> bool:
    """Take one message for this sender, atomically, and commit; False if another has it."""
    result = db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id, _claimable(now))
        .values(status="sending", claimed_by=worker, claimed_at=now, attempts=OutboxMessage.attempts + 1))
    db.session.commit()
    return result.rowcount == 1


def _finish(message_id: int, worker: str, **values) -> None:
    """Record the outcome of a claimed message, if the claim is still ours, and commit."""
    result = db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id, OutboxMessage.claimed_by == worker,
                                    OutboxMessage.status == "sending")
        .values(claimed_by=None, **values))
    db.session.commit()
    if result.rowcount != 1:
        log.warning("outbox message %s: claim lost before its outcome was recorded", message_id)


def _retry_later(message_id: int, worker: str, error: Exception, now: datetime) -> str:
    attempts = db.session.scalar(select(OutboxMessage.attempts).where(OutboxMessage.id == message_id))
    if attempts >= setting("OUTBOX_MAX_ATTEMPTS"):
        _finish(message_id, worker, status="failed", last_error=f"gave up: {error!r}"[:2000])
        return "failed"
    _finish(message_id, worker, status="pending", next_attempt_at=now + backoff(attempts),
            last_error=repr(error)[:2000])
    return "retried"


def _is_permanent(error: Exception) -> bool:
    """A 5xx refusal of this message (bad address, rejected content): retrying cannot help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _text in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _load(message_id: int):
    """(outbox row, its notification or None, its digest or None, the person it goes to)."""
    outbox, notification, digest = db.session.execute(
        select(OutboxMessage, Notification, NotificationDigest)
        .outerjoin(Notification, Notification.id == OutboxMessage.notification_id)
        .outerjoin(NotificationDigest, NotificationDigest.id == OutboxMessage.digest_id)
        .where(OutboxMessage.id == message_id)).one()
    person = db.session.get(Person, (notification or digest).person_id)
    return outbox, notification, digest, person


def digest_items(digest_id: int) -> list[Notification]:
    """The reminders a digest carries, grouped by kind (in the kinds' order), oldest first."""
    order = {slug: index for index, slug in enumerate(KINDS)}
    items = db.session.scalars(select(Notification).where(Notification.digest_id == digest_id)
                               .order_by(Notification.id))
    return sorted(items, key=lambda n: order.get(n.kind, len(order)))


def _compose(outbox, notification, digest, person):
    """The e-mail for the row, or None when a digest has nothing left to carry."""
    if notification is not None:
        return build_message(notification, person, outbox.id)
    items = digest_items(digest.id)
    return build_digest_message(digest, items, person, outbox.id) if items else None


def drain(limit: int | None = None, connect_smtp=connect) -> DrainReport:
    """Send the messages that are due, one claimed message at a time, until none is left,
    `limit` were handled, or the server fails (the message waits with backoff and the
    drain stops, so an outage costs one attempt per drain, not one per message)."""
    worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    report, smtp, handled = DrainReport(), None, 0
    try:
        while limit is None or handled < limit:
            ids = due_ids(utcnow(), setting("OUTBOX_BATCH_SIZE"))
            db.session.commit()  # never hold a database transaction while talking to the server
            if not ids:
                break
            for message_id in ids:
                if limit is not None and handled >= limit:
                    break
                now = utcnow()
                if not claim(message_id, worker, now):
                    continue
                handled += 1
                outbox, notification, digest, person = _load(message_id)
                if person is None or not person.is_active or not person.email:
                    _finish(message_id, worker, status="cancelled", last_error="person inactive or without e-mail")
                    report.cancelled += 1
                    continue
                try:
                    message = _compose(outbox, notification, digest, person)
                except Exception as error:  # a bug in composing: retrying will not help
                    log.exception("outbox message %s could not be composed", message_id)
                    _finish(message_id, worker, status="failed", last_error=repr(error)[:2000])
                    report.failed += 1
                    continue
                if message is None:  # its reminders were deleted meanwhile (an erased account)
                    _finish(message_id, worker, status="cancelled", last_error="nothing left in the digest")
                    report.cancelled += 1
                    continue
                address = person.email
                db.session.commit()
                try:
                    smtp = smtp or connect_smtp()
                    smtp.send_message(message, from_addr=sender_address(), to_addrs=[address])
                except (smtplib.SMTPException, OSError) as error:
                    if _is_permanent(error):
                        _finish(message_id, worker, status="failed", last_error=repr(error)[:2000])
                        report.failed += 1
                        continue
                    outcome = _retry_later(message_id, worker, error, utcnow())
                    setattr(report, outcome, getattr(report, outcome) + 1)
                    report.stopped = repr(error)
                    return report
                _finish(message_id, worker, status="sent", sent_at=utcnow(), last_error="")
                report.sent += 1
    finally:
        db.session.rollback()
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()
    return report
