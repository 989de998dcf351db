"""`flask --app wsgi lms people import FILE.csv` and `people sign-out EMAIL…` (`lms demo` is lms/demo/cli.py).

Each command owns its transaction: one commit on success, a rollback otherwise.
"""

import click
from flask.cli import AppGroup

from ..core.csv_import import report_counts, run_import_command
from ..extensions import db

people_cli = AppGroup("people", help="People, as an HR system exports them.")


@people_cli.command("import")
@click.argument("file", type=click.File("rb"))
@click.option("--dry-run", is_flag=True, help="Check the file and count the changes; write nothing.")
@click.pass_context
def import_people_command(ctx, file, dry_run):
    """Create or update people from an HR CSV export (see docs/people-import.md).

    Every row is checked first; if any is bad, nothing is written, each bad row is
    listed with its line number, and the exit code is 1.
    """
    from ..core.audit import record_event
    from .people_import import import_people, parse_people_csv

    parsed = parse_people_csv(file)  # the file itself: one too large is refused unread
    result = run_import_command(ctx, file.name, parsed.file_problems, len(parsed.rows),
                                lambda: import_people(parsed.rows), dry_run,
                                lambda changes: record_event("people.imported", actor_label="cli", changes=changes),
                                what="people")
    report_counts(result, dry_run)


@people_cli.command("sign-out")
@click.argument("emails", nargs=-1, required=True)
def sign_out_command(emails):
    """End every session of these people at once (a lost laptop, a suspected break-in).

    Their cookies and remember-me cookies stop working at the next request; each ending is
    audited. Unknown emails are listed and the exit code is 1; nothing is ended then.
    """
    from ..core.audit import record_event
    from .services import find_person_by_email
    from .sessions import end_all_sessions

    people = {email: find_person_by_email(email) for email in emails}
    unknown = [email for email, person in people.items() if person is None]
    if unknown:
        for email in unknown:
            click.echo(f"nobody has the email {email}", err=True)
        raise click.exceptions.Exit(1)
    try:
        for person in people.values():
            ended = end_all_sessions(person)
            record_event("session.ended_by_operator", person, actor_label="cli", changes={"ended": ended})
            click.echo(f"{person.email}: {ended} session(s) ended")
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
