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
    from flask_babel import force_locale

    from .accounts import services
    from .accounts.passwords import password_problems

    person = services.find_person_by_email(email)
    names = {"name_th": name_th, "name_en": person.name_en if person else "", "email": email}
    with force_locale("en"):  # the operator's terminal: English, as every command speaks
        problems = password_problems(password, names) + (password_problems(password, person) if person else [])
    if problems:
        raise click.BadParameter(" ".join(dict.fromkeys(problems)), param_hint="--password")
    if person is None:
        person = services.create_person(None, email=email, name_th=name_th, password=password)
    else:
        person.set_password(password)
    person.is_site_admin = True
    person.is_active = True
    db.session.commit()
    click.echo(f"Site administrator: {person.email}")


def _register_groups() -> None:
    from .accounts.cli import people_cli
    from .catalog.cli import courses_cli
    from .demo.cli import demo_command
    from .development.cli import records_cli
    from .development.mix_cli import mix_command
    from .notifications.cli import outbox_cli, reminders_cli, scheduler_command
    from .privacy.cli import anonymise_command, export_data_command
    from .signin.cli import invite_command

    lms_cli.add_command(courses_cli)
    people_cli.add_command(invite_command)
    lms_cli.add_command(people_cli)
    people_cli.add_command(export_data_command)
    people_cli.add_command(anonymise_command)
    lms_cli.add_command(demo_command)
    lms_cli.add_command(mix_command)
    lms_cli.add_command(records_cli)
    lms_cli.add_command(reminders_cli)
    lms_cli.add_command(outbox_cli)
    lms_cli.add_command(scheduler_command)


_register_groups()
