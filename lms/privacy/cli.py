"""`flask --app wsgi lms people export-data EMAIL --output FILE.zip` and
`flask --app wsgi lms people anonymise [EMAIL …] [--all-due] [--dry-run]`.

For an administrator handling a written request, and for the periodic erasure of people
whose retention period has ended. Each person is one unit of work: one commit each.
"""

import shutil

import click
from flask.cli import with_appcontext
from flask_babel import force_locale

from ..accounts.services import find_person_by_email
from ..core.audit import record_event
from ..core.dates import format_date
from ..core.models import utcnow
from ..development.evidence import remove_files
from ..extensions import db
from . import anonymise as anonymising
from .export import export_zip


@click.command("export-data")
@click.argument("email")
@click.option("--output", "output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="Where to write the zip archive.")
@with_appcontext
def export_data_command(email, output):
    """Write everything Thaksa holds about EMAIL to a zip (JSON and evidence files)."""
    person = find_person_by_email(email)
    if person is None:
        raise click.ClickException(f"no person with the email {email}")
    try:
        archive = export_zip(person)
        record_event("person.data_exported", person, actor_label="cli", changes={"by": "cli"})
        with archive, open(output, "wb") as target:
            shutil.copyfileobj(archive, target)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    click.echo(f"Wrote the data of {person.email} to {output}.")


def _describe(person) -> str:
    left = format_date(person.deactivated_at, "en") if person.deactivated_at else "unknown"
    return f"#{person.id} {person.email} ({person.name_en or person.name_th}), deactivated {left}"


@click.command("anonymise")
@click.argument("emails", nargs=-1)
@click.option("--all-due", is_flag=True, help="Everyone whose retention period has ended.")
@click.option("--dry-run", is_flag=True, help="Say who would be anonymised; change nothing.")
@with_appcontext
def anonymise_command(emails, all_due, dry_run):
    """Erase the personal data of people who left, keeping their de-identified hours.

    Without EMAIL or --all-due, lists who is due (inactive past the retention period,
    PDPA_RETENTION_DAYS). A person who is not due is refused with the reason; the exit
    code is then 1, the others are still done.
    """
    now = utcnow()
    if all_due:
        people = list(db.session.scalars(anonymising.due_people_query(now)))
    else:
        people = []
        for email in emails:
            person = find_person_by_email(email)
            if person is None:
                raise click.ClickException(f"no person with the email {email}")
            people.append(person)
    if not emails and not all_due:
        due = list(db.session.scalars(anonymising.due_people_query(now)))
        click.echo(f"Due for anonymisation ({anonymising.retention_days()} days after deactivation): {len(due)}")
        for person in due:
            click.echo(f"  {_describe(person)}")
        click.echo("Nothing was changed; name people by EMAIL, or pass --all-due.")
        return
    refused = 0
    for person in people:
        with force_locale("en"):
            reason = anonymising.refusal(person, now)
        if reason:
            refused += 1
            click.echo(f"Refused {person.email}: {reason}", err=True)
            continue
        if dry_run:
            click.echo(f"Would anonymise {_describe(person)}")
            continue
        described = f"#{person.id} {person.email}"
        try:
            result = anonymising.anonymise(person, None, now, actor_label="cli")
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
        remove_files(result.paths)
        click.echo(f"Anonymised {described}: now {person.email}")
    if dry_run:
        click.echo("Dry run: nothing was changed.")
    if refused:
        raise SystemExit(1)
