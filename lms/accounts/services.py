"""Operations on people and organisations. They flush, never commit."""

import functools
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, delete, func, or_, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..core.models import utcnow
from ..extensions import db
from .models import LoginAttempt, Organisation, Person
from .sessions import end_all_sessions


@functools.cache
def _unknown_account_hash() -> str:
    """A hash to check when the email is unknown, so that a wrong password costs the same
    time whether or not the account exists (no account discovery by timing)."""
    return generate_password_hash(secrets.token_hex(16))


@dataclass(frozen=True)
class LoginPause:
    """Why and for how long logging in is paused: 'pair' (this email from this address),
    'account' (the per-account ceiling; a password reset lifts it) or 'address'."""

    reason: str
    wait: timedelta


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_person_by_email(email: str) -> Person | None:
    return db.session.scalar(select(Person).where(Person.email == normalise_email(email)))


def _failures_since(since: datetime, *conditions) -> tuple[int, datetime | None]:
    count, oldest = db.session.execute(
        select(func.count(), func.min(LoginAttempt.attempted_at)).where(
            LoginAttempt.attempted_at > since, *conditions)
    ).one()
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=UTC)
    return count, oldest


def login_pause(email: str, address: str, config: Mapping, now: datetime | None = None) -> LoginPause | None:
    """Whether this email may try to log in from this address now; None when it may.

    Three counters, so that nobody can lock another person out from afar: a short pause for
    the (email, address) pair; a per-account ceiling over an hour (OWASP ASVS V2.2.1) that
    a password reset lifts; and a high ceiling per address, which a ministry's NAT full of
    typing people does not reach but one machine trying many accounts does.
    """
    now = now or utcnow()
    email = normalise_email(email)
    checks = (
        ("pair", (LoginAttempt.email == email, LoginAttempt.address == address),
         config["LOGIN_MAX_FAILURES"], config["LOGIN_FAILURE_WINDOW"]),
        ("account", (LoginAttempt.email == email,),
         config["LOGIN_ACCOUNT_MAX_FAILURES"], config["LOGIN_CEILING_WINDOW"]),
        ("address", (LoginAttempt.address == address,),
         config["LOGIN_ADDRESS_MAX_FAILURES"], config["LOGIN_CEILING_WINDOW"]),
    )
    pauses = []
    for reason, conditions, limit, window in checks:
        count, oldest = _failures_since(now - window, *conditions)
        if count >= limit:
            pauses.append(LoginPause(reason, oldest + window - now))
    return max(pauses, key=lambda pause: pause.wait) if pauses else None


def record_login_failure(email: str, address: str, now: datetime | None = None) -> None:
    db.session.add(LoginAttempt(email=normalise_email(email), address=address,
                                attempted_at=now or utcnow()))
    db.session.flush()


def account_failures_reached_ceiling(email: str, config: Mapping, now: datetime | None = None) -> bool:
    """True exactly when the last failure made this account reach its hourly ceiling."""
    now = now or utcnow()
    count, _oldest = _failures_since(now - config["LOGIN_CEILING_WINDOW"],
                                     LoginAttempt.email == normalise_email(email))
    return count == config["LOGIN_ACCOUNT_MAX_FAILURES"]


def clear_login_failures(email: str, address: str, window: timedelta, now: datetime | None = None) -> None:
    """A successful login forgets this pair's failures (not those from elsewhere: an attacker's
    count on the account stands), and rows older than `window` go."""
    now = now or utcnow()
    email = normalise_email(email)
    db.session.execute(
        delete(LoginAttempt).where(
            or_(and_(LoginAttempt.email == email, LoginAttempt.address == address),
                LoginAttempt.attempted_at < now - window)
        )
    )


def lift_account_pause(email: str) -> None:
    """A password reset proves the person: every failure counted against the account goes."""
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == normalise_email(email)))


def authenticate(email: str, password: str) -> Person | None:
    """The active person with this email and password, or None.

    One password-hash check whatever the email, so the answer's timing does not tell
    whether an account exists.
    """
    person = find_person_by_email(email)
    if person is None or not person.password_hash:
        check_password_hash(_unknown_account_hash(), password or "")
        return None
    if not person.check_password(password) or not person.is_active:
        return None
    return person


def change_password(person: Person, new_password: str) -> None:
    """A new password ends every session of the person (the caller may start a new one)."""
    person.set_password(new_password)
    end_all_sessions(person)
    db.session.flush()


def set_active(person: Person, active: bool, now: datetime | None = None) -> bool:
    """Activate or deactivate a person; True when it changed. Deactivation notes when (the
    PDPA retention period counts from it) and ends every session at once."""
    if person.is_active == active:
        return False
    person.is_active = active
    if active:
        person.deactivated_at = None
    else:
        person.deactivated_at = now or utcnow()
        end_all_sessions(person)
    db.session.flush()
    return True


def direct_reports(person: Person) -> list[Person]:
    return list(db.session.scalars(
        select(Person).where(Person.supervisor_id == person.id, Person.is_active)
        .order_by(Person.name_th)
    ))


def report_counts(people: list[Person]) -> dict[int, int]:
    """How many active direct reports each of `people` has, in one query."""
    ids = [p.id for p in people]
    if not ids:
        return {}
    rows = db.session.execute(
        select(Person.supervisor_id, func.count()).where(
            Person.supervisor_id.in_(ids), Person.is_active
        ).group_by(Person.supervisor_id)
    )
    return dict(rows.all())


def organisation_subtree_ids(root: Organisation) -> list[int]:
    """Ids of `root` and every unit below it, with one recursive query."""
    tree = select(Organisation.id).where(Organisation.id == root.id).cte(recursive=True)
    tree = tree.union_all(select(Organisation.id).where(Organisation.parent_id == tree.c.id))
    return list(db.session.scalars(select(tree.c.id)))


def create_person(actor: Person | None, **fields) -> Person:
    """A new person; password optional (people imported from HR set theirs later)."""
    password = fields.pop("password", None)
    fields["email"] = normalise_email(fields["email"])
    person = Person(**fields)
    if password:
        person.set_password(password)
    db.session.add(person)
    db.session.flush()
    return person
