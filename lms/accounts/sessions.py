"""Sessions kept on the server: a copied cookie stops working once its session ends.

The browser's cookie (and the remember-me cookie) carries `person_id:key`, where `key` is
a random secret; the table keeps only its SHA-256. A session ends on logout, a password
change, deactivation, "sign out everywhere", or when it expires: 12 hours after it was
last used, or 14 days after login when the person asked to be remembered.
The services flush, never commit. At the end, Flask-Login's wiring: a cookie is good
only while its server-side session lives.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import Flask, current_app, request
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user
from sqlalchemy import bindparam, select, update

from ..core.database import write_transaction
from ..core.models import utcnow
from ..extensions import db
from .models import AccountSession, Person

# Last-seen times are written at most this often: a page view is not a write each time.
TOUCH_EVERY = timedelta(minutes=5)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _lifetime(remember: bool) -> timedelta:
    config = current_app.config
    return config["REMEMBER_COOKIE_DURATION"] if remember else config["PERMANENT_SESSION_LIFETIME"]


def start_session(person: Person, remember: bool, address: str, user_agent: str,
                  now: datetime | None = None) -> str:
    """A new session for `person`; returns the key for the cookie (never stored itself)."""
    now = now or utcnow()
    key = secrets.token_urlsafe(32)
    db.session.add(AccountSession(
        person_id=person.id, key_hash=_hash(key), created_at=now, last_seen_at=now,
        expires_at=now + _lifetime(remember), address=(address or "")[:64],
        user_agent=(user_agent or "")[:300], remember=remember))
    db.session.flush()
    person.session_key = key
    return key


# Built once: every request runs it, and building a statement costs more than running it.
_SESSION_AND_PERSON = (select(AccountSession, Person).join(Person, Person.id == AccountSession.person_id)
                       .where(AccountSession.key_hash == bindparam("key_hash")))


def _live_session_and_person(person_id: int, key: str,
                             now: datetime | None = None) -> tuple[AccountSession, Person] | None:
    """The live session with this key for this person, with the person (one statement)."""
    now = now or utcnow()
    found = db.session.execute(_SESSION_AND_PERSON, {"key_hash": _hash(key)}).first()
    if found is None:
        return None
    account_session, person = found
    if account_session.person_id != person_id or account_session.revoked_at is not None:
        return None
    if account_session.expires_at <= now:
        return None
    return account_session, person


def touch_due(account_session: AccountSession, now: datetime | None = None) -> bool:
    """Whether the session's last-seen note is older than TOUCH_EVERY."""
    return (now or utcnow()) - account_session.last_seen_at >= TOUCH_EVERY


def touch(account_session: AccountSession, now: datetime | None = None) -> bool:
    """Note that the session was used; slides a non-remembered session's expiry.

    Writes only when the last note is older than TOUCH_EVERY; True when it wrote.
    """
    now = now or utcnow()
    if not touch_due(account_session, now):
        return False
    account_session.last_seen_at = now
    if not account_session.remember:
        account_session.expires_at = now + _lifetime(False)
    db.session.flush()
    return True


def end_session(account_session: AccountSession, now: datetime | None = None) -> None:
    if account_session.revoked_at is None:
        account_session.revoked_at = now or utcnow()
        db.session.flush()


def end_session_by_key(key: str | None, now: datetime | None = None) -> None:
    """End the session this key opened (logout); unknown keys change nothing."""
    if key:
        db.session.execute(update(AccountSession).where(
            AccountSession.key_hash == _hash(key), AccountSession.revoked_at.is_(None)
        ).values(revoked_at=now or utcnow()))


def end_all_sessions(person: Person, keep_key: str | None = None, now: datetime | None = None) -> int:
    """End every live session of `person` except the one opened with `keep_key`; how many."""
    query = update(AccountSession).where(
        AccountSession.person_id == person.id, AccountSession.revoked_at.is_(None))
    if keep_key:
        query = query.where(AccountSession.key_hash != _hash(keep_key))
    return db.session.execute(query.values(revoked_at=now or utcnow())).rowcount


def active_sessions(person: Person, now: datetime | None = None) -> list[AccountSession]:
    """The person's live sessions, most recently used first."""
    now = now or utcnow()
    return db.session.scalars(
        select(AccountSession).where(
            AccountSession.person_id == person.id, AccountSession.revoked_at.is_(None),
            AccountSession.expires_at > now)
        .order_by(AccountSession.last_seen_at.desc(), AccountSession.id.desc())
    ).all()


def is_current(account_session: AccountSession, person: Person) -> bool:
    """Whether this is the session of the request being served."""
    key = getattr(person, "session_key", None)
    return bool(key) and account_session.key_hash == _hash(key)


# --- Flask-Login ---------------------------------------------------------------------------

def init_login(app: Flask, login_manager: LoginManager) -> None:
    login_manager.init_app(app)
    login_manager.session_protection = "strong"
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "warning"
    login_manager.user_loader(load_person)
    app.before_request(_note_session_use)


def load_person(user_id: str):
    """`id:key` of a live session; anything else is logged out."""
    person_id, _, key = user_id.partition(":")
    if not person_id.isdigit() or len(person_id) > 18 or not key:
        return None
    found = _live_session_and_person(int(person_id), key)
    if found is None:
        return None
    account_session, person = found
    if not person.is_active:
        return None
    person.session_key = key
    person.account_session = account_session
    return person


def _note_session_use() -> None:
    """Load the person first thing, and note the session's use in a unit of work of its own
    (before the view has touched the database, so nothing else is committed with it)."""
    if request.endpoint and request.endpoint.endswith("static"):
        return
    person = current_user._get_current_object() if current_user else None
    account_session = getattr(person, "account_session", None)
    if account_session is None or not touch_due(account_session):
        return
    with write_transaction(db.session):
        touch(account_session)
        db.session.commit()
