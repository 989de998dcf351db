"""Sending the account e-mails: a password-reset link on request, an invitation to choose a
first password. Each is an urgent notification (its mail goes through the outbox after the
caller commits); the links themselves are minted by lms.accounts.passwords when the mail is
composed. They flush, never commit.
"""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from ..accounts.models import Person
from ..accounts.passwords import INVITED, can_receive_links
from ..accounts.services import find_person_by_email, normalise_email
from ..core.audit import record_event
from ..core.models import AuditEvent, utcnow
from ..extensions import db
from ..notifications.services import notify

RESET_MAILED, RESET_REFUSED = "password_reset.mailed", "password_reset.refused"


def _mails_since(since: datetime, *conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.kind == RESET_MAILED, AuditEvent.occurred_at > since, *conditions))


def request_reset(email: str, address: str, now: datetime | None = None) -> bool:
    """Queue a reset e-mail for the person with this email, if one may receive it and
    fewer than the hourly caps of mails went to this email and from this address.

    Every request is audited: "password_reset.mailed", or "password_reset.refused" with
    the reason; the caps count the former. True when a mail was queued; the caller answers
    the same either way, so nobody learns who has an account.
    """
    now = now or utcnow()
    email, address = normalise_email(email)[:254], address[:64]
    config = current_app.config
    since = now - timedelta(hours=1)
    person = find_person_by_email(email)
    if person is None or not can_receive_links(person):
        reason = "no account that may log in"
    elif _mails_since(since, AuditEvent.object_label == email) >= config["PASSWORD_RESET_MAX_PER_EMAIL"]:
        reason = "too many for this email"
    elif _mails_since(since, AuditEvent.address == address) >= config["PASSWORD_RESET_MAX_PER_ADDRESS"]:
        reason = "too many from this address"
    # A period to the minute: a double click sends one mail, a later request another.
    elif notify(person, "password_reset", subject="password", period=now.strftime("%Y-%m-%dT%H:%M"),
                urgent=True) is None:
        reason = "asked a moment ago"
    else:
        reason = None
    record_event(RESET_REFUSED if reason else RESET_MAILED, person, object_type="people", object_label=email,
                 address=address, changes={"reason": reason} if reason else None)
    return reason is None


def send_invitation(person: Person, actor: Person | None = None, actor_label: str = "",
                    now: datetime | None = None) -> bool:
    """Queue an invitation e-mail whose link lets `person` choose a password; False when
    they cannot receive one (inactive, anonymised) or were invited this very minute."""
    if not can_receive_links(person):
        return False
    now = now or utcnow()
    sent = notify(person, "invitation", subject="invitation", period=now.strftime("%Y-%m-%dT%H:%M"),
                  urgent=True) is not None
    if sent:
        record_event(INVITED, person, actor=actor, actor_label=actor_label)
    return sent
