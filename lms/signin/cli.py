"""`flask --app wsgi lms people invite [EMAIL …] [--all-without-password]`.

People imported from HR have no password: an invitation e-mail lets each choose one.
The mail goes through the outbox (`lms outbox send` or the scheduler sends it); its link
is minted only then. Each batch of invitations is committed with its audit events.
"""

import click
from flask.cli import with_appcontext
from sqlalchemy import exists, select

from ..accounts.models import Person
from ..accounts.passwords import INVITATION, can_receive_links, max_age
from ..accounts.services import find_person_by_email
from ..core.models import utcnow
from ..extensions import db
from ..notifications.models import Notification
from .services import send_invitation

BATCH = 500


@click.command("invite")
@click.argument("emails", nargs=-1)
@click.option("--all-without-password", is_flag=True,
              help="Also invite every active person without a password whose last invitation has expired.")
@with_appcontext
def invite_command(emails, all_without_password):
    """Send invitation e-mails to each EMAIL (people without a password yet).

    Exit code 1 when a given EMAIL could not be invited (unknown, inactive, or already
    with a password: they use "Forgot your password?"); the others are invited.
    """
    if not emails and not all_without_password:
        raise click.UsageError("give one or more EMAIL addresses, or --all-without-password")
    invited, refused = 0, []
    try:
        for email in emails:
            person = find_person_by_email(email)
            reason = _why_not(person)
            if reason is None and not send_invitation(person, actor_label="cli"):
                reason = "invited a moment ago already"
            if reason:
                refused.append(f"{email}: {reason}")
            else:
                invited += 1
        db.session.commit()
        if all_without_password:
            invited += _invite_everyone_without_password()
    except Exception:
        db.session.rollback()
        raise
    click.echo(f"invited {invited}")
    for line in refused:
        click.echo(f"not invited: {line}", err=True)
    if refused:
        raise SystemExit(1)


def _why_not(person: Person | None) -> str | None:
    if person is None:
        return "nobody has this email"
    if not can_receive_links(person):
        return "the person is inactive"
    if person.password_hash:
        return 'the person has a password already (they can use "Forgot your password?")'
    return None


def _invite_everyone_without_password() -> int:
    """Invite, a batch at a time, the active people without a password and without an
    invitation still valid; returns how many."""
    valid_since = utcnow() - max_age(INVITATION)
    recently_invited = exists().where(Notification.person_id == Person.id, Notification.kind == "invitation",
                                      Notification.created_at > valid_since)
    invited, after = 0, 0
    while True:
        batch = db.session.scalars(
            select(Person).where(Person.id > after, Person.password_hash.is_(None), Person.is_active,
                                 Person.anonymised_at.is_(None), ~recently_invited)
            .order_by(Person.id).limit(BATCH)).all()
        if not batch:
            return invited
        invited += sum(send_invitation(person, actor_label="cli") for person in batch)
        after = batch[-1].id
        db.session.commit()
