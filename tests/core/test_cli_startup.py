"""`flask --app wsgi lms --help` starts about as fast as Flask: it imports no command module,
no model and no Alembic; the app sets itself up when a command runs. Every command is still
there, with the help it had."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from lms import _runs_an_lms_command
from lms.cli import LAZY_COMMANDS, lms_cli

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "alembic", "flask_migrate", "flask_sqlalchemy", "lms.models", "lms.accounts",
         "lms.notifications", "lms.catalog")


def _flask_in_a_process(tmp_path, *args: str, report_modules: bool = False) -> subprocess.CompletedProcess:
    """`flask --app wsgi …` in a new process; with report_modules, the heavy modules it imported
    are printed on the last line."""
    code = ("import sys\nfrom flask.cli import main\nsys.argv = ['flask', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n")
    if report_modules:
        code += f"print(sorted(m for m in sys.modules if m.startswith({HEAVY!r})))\n"
    env = {**os.environ, "LMS_SECRET_KEY": "test-" + "x" * 32, "PYTHONPATH": str(ROOT),
           "LMS_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    env.pop("FLASK_APP", None)
    return subprocess.run([sys.executable, "-c", code, "--app", "wsgi", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_help_imports_no_command_module_model_or_alembic(tmp_path):
    result = _flask_in_a_process(tmp_path, "lms", "--help", report_modules=True)

    assert "Thaksa administration commands." in result.stdout, result.stderr
    for name in [*LAZY_COMMANDS, "create-admin"]:
        assert f"  {name} " in result.stdout, name
    assert result.stdout.strip().splitlines()[-1] == "[]"
    assert not (tmp_path / "cli.sqlite3").exists()


def test_a_commands_help_imports_its_module_but_sets_up_nothing(tmp_path):
    result = _flask_in_a_process(tmp_path, "lms", "people", "--help", report_modules=True)

    for name in ("import", "sign-out", "invite", "export-data", "anonymise"):
        assert f"  {name} " in result.stdout, (name, result.stderr)
    assert "lms.accounts.cli" in result.stdout.splitlines()[-1]
    assert "flask_migrate" not in result.stdout.splitlines()[-1]


def test_flasks_own_commands_see_the_whole_app(tmp_path):
    routes = _flask_in_a_process(tmp_path, "routes")
    migrations = _flask_in_a_process(tmp_path, "db", "--help")

    assert "core.home" in routes.stdout and "dashboard.mine" in routes.stdout, routes.stderr
    assert "upgrade" in migrations.stdout, migrations.stderr


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
def test_the_listed_help_is_the_commands_own(name):
    """LAZY_COMMANDS repeats each command's help so that `lms --help` imports nothing."""
    where, summary = LAZY_COMMANDS[name]
    if callable(where):
        command = where()
    else:
        module, _, attribute = where.partition(":")
        command = getattr(importlib.import_module(module), attribute)
    listed = click.Command(name, help=summary)

    assert command.name == name
    for width in (45, 200):
        assert listed.get_short_help_str(width) == command.get_short_help_str(width)


def test_every_command_is_reachable():
    context = click.Context(lms_cli)
    for name in lms_cli.list_commands(context):
        command = lms_cli.get_command(context, name)
        assert command is not None and command.name == name, name


@pytest.mark.parametrize("argv, deferred", [
    (["flask", "--app", "wsgi", "lms", "--help"], True),
    (["flask", "-A", "wsgi", "--debug", "lms", "reminders", "run"], True),
    (["flask", "--app=wsgi", "lms"], True),
    (["flask", "--env-file", "lms", "routes"], False),  # an option's value is not the command
    (["flask", "--app", "wsgi", "db", "upgrade"], False),
    (["flask", "--app", "wsgi", "run"], False),
    (["flask", "--app", "wsgi", "--help"], False),  # lists `db` too
    (["gunicorn", "wsgi:app"], False),
])
def test_only_an_lms_command_defers_the_setup(monkeypatch, argv, deferred):
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")
    assert _runs_an_lms_command(argv) is deferred
    monkeypatch.delenv("FLASK_RUN_FROM_CLI")
    assert _runs_an_lms_command(argv) is False  # imported by gunicorn or a test: everything at once
