"""`flask --app wsgi lms demo`: load the demo once and print a login per role."""

import click
from flask.cli import with_appcontext

from ..extensions import db


@click.command("demo")
@with_appcontext
def demo_command():
    """Load the demo ministry, people, institute and learning records; a second run changes nothing."""
    from ..accounts.demo import DEMO_PASSWORD
    from .services import RECORDS_FILE, load_demo

    try:
        demo = load_demo()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    accounts, records = demo.accounts, demo.records
    if demo.changed:
        click.echo(f"Demo loaded: created {_count(accounts.created_organisations, 'organisation')}, "
                   f"{_count(accounts.created_institutes, 'institute')}, {_count(accounts.created_people, 'person')}.")
        click.echo(f"Learning records from {RECORDS_FILE.relative_to(RECORDS_FILE.parents[2])}:"
                   f" created {records.created}, updated {records.updated}, unchanged {records.unchanged}.")
    else:
        click.echo("The demo is already loaded; nothing changed.")
    click.echo(f"\nDemo logins (every demo person's password is {DEMO_PASSWORD}):")
    width = max(len(login.role) for login in accounts.logins)
    email_width = max(len(login.email) for login in accounts.logins)
    for login in accounts.logins:
        click.echo(f"  {login.role:<{width}}  {login.email:<{email_width}}  {login.description}")


def _count(number: int, noun: str) -> str:
    plural = {"person": "people"}.get(noun, noun + "s")
    return f"{number} {noun if number == 1 else plural}"
