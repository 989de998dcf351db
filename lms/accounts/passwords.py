"""Passwords: the strength rule, and the e-mailed links that let a person set one.

One rule wherever a password is set (own change, administrator, reset link, invitation,
`create-admin`): at least MIN_PASSWORD_LENGTH characters, not guessable by zxcvbn (score
3 of 4 or better) and free of the person's name and email. The links are stateless
signed tokens (itsdangerous): the person's id and a fingerprint of their current password
hash, so a link dies when its time is up and as soon as the password changes, which its
own use does. Nothing about a link is stored; it is minted when the e-mail is composed.
Asking for a reset link and sending an invitation, which go by e-mail, are lms.signin.
"""

import hashlib
import hmac
import re
from collections.abc import Mapping
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from zxcvbn import zxcvbn

from ..core.audit import record_event
from ..core.models import AuditEvent
from ..extensions import db
from .models import Person
from .services import change_password, lift_account_pause

MIN_PASSWORD_LENGTH = 10
MIN_SCORE = 3  # zxcvbn: 3 = "safely unguessable" (about 10^10 guesses)
# zxcvbn's time grows with length, and it refuses more than 72 characters: the estimate
# is of the first 72 (a password that long is strong or repetitive there already).
_ESTIMATE_CHARACTERS = 72
# Titles in a name are not the person's name ("นาย" is also part of many Thai words); Thai
# ones are often written joined to the name ("นายสมชาย").
_TITLES = {"นาย", "นาง", "นางสาว", "ดร.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr."}
_THAI_TITLES = ("นางสาว", "นาง", "นาย", "ดร.")
# Name parts shorter than this would refuse too much ("j", "ol").
_MIN_PART = 3

RESET, INVITATION = "reset", "invitation"
INVITED = "person.invited"  # the audit event of an invitation sent
_SALTS = {RESET: "accounts.password-reset", INVITATION: "accounts.invitation"}


def _untitled(part: str) -> str:
    for title in _THAI_TITLES:
        if part.startswith(title) and len(part) - len(title) >= _MIN_PART:
            return part[len(title):]
    return part


def _personal_words(who) -> list[str]:
    """The person's names (whole and in parts) and their email's local part, lower-cased."""
    get = who.get if isinstance(who, Mapping) else (lambda name: getattr(who, name, ""))
    words = []
    for name in (get("name_th") or "", get("name_en") or ""):
        parts = [_untitled(part) for part in name.split() if part.casefold() not in _TITLES]
        words.append("".join(parts))
        words.extend(parts)
    local = (get("email") or "").split("@")[0]
    words.append(local)
    words.extend(re.split(r"[^\w]+|_|\d+", local))
    return sorted({word.casefold() for word in words if len(word) >= _MIN_PART})


def password_problems(password: str, who) -> list[str]:
    """Why `password` may not be used by `who` (a Person, or a mapping with name_th, name_en,
    email as a form types them), in the current language; empty when it may."""
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        return [_("Use at least %(n)s characters.", n=MIN_PASSWORD_LENGTH)]
    problems = []
    words = _personal_words(who)
    folded = password.casefold()
    if any(word in folded for word in words):
        problems.append(_("The password must not contain the account holder's name or email."))
    estimate = zxcvbn(password[:_ESTIMATE_CHARACTERS], user_inputs=words)
    if estimate["score"] < MIN_SCORE:
        problems.append(_("This password is too easy to guess: add more words or characters."))
        warning = estimate["feedback"]["warning"]
        if warning and str(get_locale()) == "en":  # zxcvbn speaks English only
            problems.append(warning)
    return problems


# --- links ------------------------------------------------------------------------------

def _fingerprint(person: Person) -> str:
    """A keyed digest of the current password hash ("" when none): changes with the password."""
    key = current_app.secret_key.encode() if isinstance(current_app.secret_key, str) else current_app.secret_key
    return hmac.new(key, (person.password_hash or "").encode(), hashlib.sha256).hexdigest()[:32]


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=_SALTS[purpose])


def max_age(purpose: str) -> timedelta:
    """How long a link of this purpose works after it was minted."""
    config = current_app.config
    if purpose == RESET:
        return config["PASSWORD_RESET_MAX_AGE"]
    return timedelta(days=config["INVITATION_MAX_AGE_DAYS"])


def link_token(person: Person, purpose: str) -> str:
    """A signed token for a reset or invitation link to `person` (never stored)."""
    return _serializer(purpose).dumps([person.id, _fingerprint(person)])


def person_for_token(token: str, purpose: str) -> Person | None:
    """The person a live link is for; None when it is forged, expired, used (the password
    changed since), or the person can no longer log in (deactivated, anonymised)."""
    try:
        person_id, fingerprint = _serializer(purpose).loads(
            token, max_age=int(max_age(purpose).total_seconds()))
    except (SignatureExpired, BadSignature, TypeError, ValueError):
        return None
    if not isinstance(person_id, int) or not isinstance(fingerprint, str):
        return None
    person = db.session.get(Person, person_id)
    if person is None or not can_receive_links(person):
        return None
    if not hmac.compare_digest(fingerprint, _fingerprint(person)):
        return None
    return person


def can_receive_links(person: Person) -> bool:
    """Whether a reset or invitation may reach this person: active, not anonymised, with an email."""
    return bool(person.is_active and person.anonymised_at is None and person.email)


def last_invited_at(person: Person) -> datetime | None:
    """When an invitation was last sent to `person` (None if never), as the audit trail says."""
    return db.session.scalar(select(func.max(AuditEvent.occurred_at)).where(
        AuditEvent.kind == INVITED, AuditEvent.object_type == Person.__tablename__,
        AuditEvent.object_id == person.id))


# --- using a link ------------------------------------------------------------------------

def set_password_from_link(person: Person, password: str, purpose: str) -> None:
    """The password a link's holder chose: it voids the link (and every other), ends every
    session, lifts the login pause a password reset promises to lift, and is audited."""
    change_password(person, password)
    lift_account_pause(person.email)
    kind = "person.password_reset" if purpose == RESET else "person.password_set_by_invitation"
    record_event(kind, person, actor=person)
