"""`flask --app wsgi lms …`: the commands an operator runs. Each owns its transaction."""

import click
from flask.cli import AppGroup

from .extensions import db

lms_cli = AppGroup("lms", help="Thaksa administration commands.")


@lms_cli.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", "name_th", prompt="Name (Thai)")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_admin(email, name_th, password):
    """Create a site administrator, or make an existing person one."""
    from .accounts import services
    from .accounts.forms import MIN_PASSWORD_LENGTH

    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.BadParameter(f"use at least {MIN_PASSWORD_LENGTH} characters", param_hint="--password")
    person = services.find_person_by_email(email)
    if person is None:
        person = services.create_person(None, email=email, name_th=name_th, password=password)
    else:
        person.set_password(password)
    person.is_site_admin = True
    person.is_active = True
    db.session.commit()
    click.echo(f"Site administrator: {person.email}")


def _register_groups() -> None:
    from .accounts.cli import demo_command, people_cli
    from .catalog.cli import courses_cli
    from .development.cli import records_cli
    from .development.mix_cli import mix_command
    from .notifications.cli import outbox_cli, reminders_cli, scheduler_command

    lms_cli.add_command(courses_cli)
    lms_cli.add_command(people_cli)
    lms_cli.add_command(demo_command)
    lms_cli.add_command(mix_command)
    lms_cli.add_command(records_cli)
    lms_cli.add_command(reminders_cli)
    lms_cli.add_command(outbox_cli)
    lms_cli.add_command(scheduler_command)


_register_groups()
