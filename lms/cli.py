"""`flask --app wsgi lms …`: the commands an operator runs. Each owns its transaction.

The commands live in their modules (`lms/<module>/cli.py`), which import models and
services; a command's module is imported only when that command is asked for, and the app's
blueprints and extensions are set up only when a command runs, so `lms --help`, or a
command's `--help`, starts about as fast as Flask itself (bench/bench_startup.py)."""

import functools
import importlib

import click
from flask import current_app
from flask.cli import AppGroup, ScriptInfo


def _people_commands() -> click.Group:
    """`lms people …`: the accounts module's commands, and those that higher layers add."""
    from .accounts.cli import people_cli
    from .privacy.cli import anonymise_command, export_data_command
    from .signin.cli import invite_command

    for command in (invite_command, export_data_command, anonymise_command):
        people_cli.add_command(command)
    return people_cli


def _records_commands() -> click.Group:
    """`lms records …`: the import (development module) and the sums' check and rebuild."""
    from .development.cli import records_cli
    from .records.cli import check_sums_command, rebuild_sums_command

    for command in (check_sums_command, rebuild_sums_command):
        records_cli.add_command(command)
    return records_cli


# name: (where the command is, or a function that builds it; its help, for `lms --help`,
# which thus imports none of them: tests/core/test_cli_startup.py keeps the two in step)
LAZY_COMMANDS = {
    "certificates": ("lms.assessment.certificates.cli:certificates_cli", "Certificates: rotate the signing key."),
    "courses": ("lms.catalog.cli:courses_cli", "Course files: check, import and export them."),
    "demo": ("lms.demo.cli:demo_command", "Load the demo ministry, people, institute, learning records, "
             "sample courses and a year of history; a second run changes nothing."),
    "frameworks": ("lms.assessment.frameworks.cli:frameworks_cli",
                   "Skill framework versions: import, export and apply them."),
    "mix": ("lms.development.mix_cli:mix_command", "Print a person's R2 70:20:10 verdict for a fiscal "
            "year, counted as the dashboard counts (only verified records when "
            "COUNT_ONLY_VERIFIED_RECORDS is on, never returned ones)."),
    "outbox": ("lms.notifications.cli:outbox_cli", "The e-mail outbox."),
    "people": (_people_commands, "People, as an HR system exports them."),
    "records": (_records_commands, "Learning records, as HR and other systems export them."),
    "reports": ("lms.reports.documents_cli:reports_cli",
                "The agency report's documents: executive reports and open data."),
    "reminders": ("lms.notifications.cli:reminders_cli",
                  "Reminder jobs: run them once (cron, tests) or preview them."),
    "xapi": ("lms.integrations.xapi.cli:xapi_cli",
             "xAPI: send statements to the LRS and fetch learning done elsewhere."),
    "scheduler": ("lms.notifications.cli:scheduler_command",
                  "Run the scheduler in this process until stopped (beside gunicorn, e.g. as a systemd unit)."),
}


def _finishing_the_app_first(command: click.Command) -> click.Command:
    """Before the command's own code runs (not for its --help), the app sets up what it
    deferred (lms.finish_setup): blueprints, extensions, the models."""
    if isinstance(command, click.Group):
        for subcommand in command.commands.values():
            _finishing_the_app_first(subcommand)
    if command.callback is not None and not getattr(command.callback, "finishes_the_app", False):
        callback = command.callback

        @functools.wraps(callback)
        def run(*args, **kwargs):
            from . import finish_setup

            if current_app:
                finish_setup(current_app._get_current_object())
            else:  # a test's CLI runner: the app context comes with the command's own decorator
                finish_setup(click.get_current_context().ensure_object(ScriptInfo).load_app())
            return callback(*args, **kwargs)

        run.finishes_the_app = True
        command.callback = run
    return command


class LazyGroup(AppGroup):
    """A group whose commands are imported when first asked for, and whose help lists them
    from LAZY_COMMANDS without importing any."""

    def __init__(self, *args, lazy_commands: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy_commands = lazy_commands

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx, name):
        if name not in self.commands and name in self.lazy_commands:
            self.add_command(self.load(name), name)
        command = super().get_command(ctx, name)
        return _finishing_the_app_first(command) if command is not None else None

    def load(self, name: str) -> click.Command:
        where = self.lazy_commands[name][0]
        if callable(where):
            return where()
        module, _, attribute = where.partition(":")
        return getattr(importlib.import_module(module), attribute)

    def format_commands(self, ctx, formatter):
        rows = []
        for name in self.list_commands(ctx):
            command = self.commands.get(name) or click.Command(name, help=self.lazy_commands[name][1])
            if not command.hidden:
                rows.append((name, command))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section("Commands"):
                formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in rows])


lms_cli = LazyGroup("lms", help="Thaksa administration commands.", lazy_commands=LAZY_COMMANDS)


@lms_cli.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", "name_th", prompt="Name (Thai)")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_admin(email, name_th, password):
    """Create a site administrator, or make an existing person one."""
    from flask_babel import force_locale

    from .accounts import services
    from .accounts.passwords import password_problems
    from .extensions import db

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
