"""Acting supervisors (ผู้รักษาราชการแทน): a supervisor hands verifying, plan decisions and
coaching records to another person for a period (DOMAIN.md §6).

While a delegation is in force the delegate decides for the principal's direct reports as
the principal would; every such decision names the principal it was taken for
(`on_behalf_of_id`) and the audit trail says so. The principal keeps their own rights.
One delegation at a time per principal: periods may not overlap. Services flush, never
commit.
"""

from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..core import events
from ..core.audit import record_event
from ..core.dates import today_in_bangkok
from ..core.models import utcnow
from ..extensions import db
from .models import Delegation, Person

LONGEST_DELEGATION = timedelta(days=366)


def supervised_ids(supervisor) -> list[int]:
    """The supervisor and those they act for today: whose direct reports they decide for."""
    return [supervisor.id, *sorted(supervisor.acting_for_ids())]


def decided_for(actor, supervisor_id: int | None) -> int | None:
    """The supervisor an acting supervisor decides for; None when the actor decides as themself."""
    return supervisor_id if supervisor_id is not None and supervisor_id != actor.id else None


def current_and_coming(query_filter, today: date | None = None) -> list[Delegation]:
    today = today or today_in_bangkok()
    return list(db.session.scalars(
        select(Delegation).where(query_filter, Delegation.ended_at.is_(None), Delegation.ends_on >= today)
        .order_by(Delegation.starts_on, Delegation.id)))


def given_by(principal: Person, today: date | None = None) -> list[Delegation]:
    """The principal's delegations in force or still to come, soonest first."""
    return current_and_coming(Delegation.principal_id == principal.id, today)


def received_by(delegate: Person, today: date | None = None) -> list[Delegation]:
    """Whom the person acts for now or will, soonest first."""
    return current_and_coming(Delegation.delegate_id == delegate.id, today)


def find_delegate(email: str) -> Person | None:
    """An active person by email, case aside."""
    return db.session.scalar(select(Person).where(
        func.lower(Person.email) == (email or "").strip().lower(), Person.is_active))


def delegation_problems(principal: Person, delegate: Person | None, starts_on: date | None,
                        ends_on: date | None, today: date | None = None) -> dict[str, list[str]]:
    """Every reason the delegation cannot be recorded, by form field."""
    today = today or today_in_bangkok()
    problems: dict[str, list[str]] = {}
    if delegate is None:
        problems["delegate_email"] = [_("No active person has this email address.")]
    elif delegate.id == principal.id:
        problems["delegate_email"] = [_("Choose someone other than yourself.")]
    elif delegate.supervisor_id == principal.id:
        # They would verify their own learning log and decide their own plan.
        problems["delegate_email"] = [_("One of your direct reports cannot act for you: "
                                        "they would decide on their own learning.")]
    if starts_on is not None and starts_on < today:
        problems["starts_on"] = [_("The period cannot start in the past.")]
    if starts_on is not None and ends_on is not None:
        if ends_on < starts_on:
            problems["ends_on"] = [_("The last day comes before the first.")]
        elif ends_on - starts_on > LONGEST_DELEGATION:
            problems["ends_on"] = [_("A delegation lasts at most a year.")]
        elif _overlapping(principal, starts_on, ends_on):
            problems["ends_on"] = [_("Someone already acts for you during part of this period: "
                                     "end that delegation first.")]
    return problems


def _overlapping(principal: Person, starts_on: date, ends_on: date) -> bool:
    return db.session.scalar(select(func.count()).select_from(Delegation).where(
        Delegation.principal_id == principal.id, Delegation.ended_at.is_(None),
        Delegation.starts_on <= ends_on, Delegation.ends_on >= starts_on)) > 0


def delegate(principal: Person, delegate: Person, starts_on: date, ends_on: date) -> Delegation:
    """Record a delegation; call after delegation_problems found nothing."""
    delegation = Delegation(principal_id=principal.id, delegate_id=delegate.id, starts_on=starts_on,
                            ends_on=ends_on)
    db.session.add(delegation)
    db.session.flush()
    record_event("delegation.created", principal, actor=principal, changes={
        "delegation": delegation.id, "delegate": delegate.audit_label, "starts_on": starts_on,
        "ends_on": ends_on})
    events.delegation_started.send(delegation, actor=principal)
    return delegation


def end_delegation(delegation: Delegation, actor: Person) -> None:
    """End a delegation now (once); the delegate's decisions so far stand."""
    if delegation.ended_at is not None:
        return
    delegation.ended_at = utcnow()
    record_event("delegation.ended", delegation.principal, actor=actor, changes={
        "delegation": delegation.id, "delegate": delegation.delegate.audit_label})
    db.session.flush()
