"""`flask --app wsgi lms demo`: load the demo once, run the reminder jobs, print a login per role."""

import click
from flask.cli import with_appcontext

from ..core.database import refresh_planner_statistics
from ..extensions import db


@click.command("demo")
@with_appcontext
def demo_command():
    """Load the demo ministry, people, institute, learning records, sample courses and a year
    of history; a second run changes nothing."""
    from ..accounts.demo import DEMO_PASSWORD
    from .logins import login_lines
    from .services import RECORDS_FILE, load_demo, run_reminders

    try:
        demo = load_demo()
        db.session.commit()
        if demo.changed:
            refresh_planner_statistics(db.session)  # the planner's figures for the data just loaded
            db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    accounts, records, history = demo.accounts, demo.records, demo.history
    if demo.changed:
        click.echo(f"Demo loaded: created {_count(accounts.created_organisations, 'organisation')}, "
                   f"{_count(accounts.created_institutes, 'institute')}, {_count(accounts.created_people, 'person')}.")
        if accounts.filled_heads or accounts.filled_employment_types:
            click.echo(f"Filled in where missing: {_count(accounts.filled_heads, 'head of unit')}, "
                       f"{_count(accounts.filled_employment_types, 'employment type')}.")
        click.echo(f"Learning records from {RECORDS_FILE.relative_to(RECORDS_FILE.parents[2])}:"
                   f" created {records.created}, updated {records.updated}, unchanged {records.unchanged}.")
        click.echo(f"Sample courses from courses/: {demo.courses_changed} published,"
                   f" {len(demo.courses) - demo.courses_changed} unchanged.")
        click.echo(f"A year of history: {_count(history.plans, 'development plan')},"
                   f" {_count(history.log_entries, 'learning-log entry')},"
                   f" {_count(history.coaching_sessions, 'coaching session')},"
                   f" {_count(history.classes, 'class')} with {_count(history.enrolments, 'enrolment')},"
                   f" {_count(history.delegations, 'acting supervisor')}.")
        if demo.skills.changed:
            click.echo("Skills: the demo framework version (lms/demo/skills-framework.json), the quiz of"
                       " DG-LIT-103 and a self-assessment waiting for its supervisor.")
    else:
        click.echo("The demo is already loaded; nothing changed.")
    if history.changed:
        # Once, for today, through the scheduler's own runner; `make run` keeps the scheduler going.
        click.echo(f"Reminder jobs run once for today: {_count(run_reminders(), 'notification')}.")
    click.echo(f"\nDemo logins (every demo person's password is {DEMO_PASSWORD}):")
    for line in login_lines(accounts):
        click.echo(line)


def _count(number: int, noun: str) -> str:
    irregular = {"person": "people", "class": "classes", "learning-log entry": "learning-log entries",
                 "head of unit": "heads of units"}
    plural = irregular.get(noun, noun + "s")
    return f"{number} {noun if number == 1 else plural}"
