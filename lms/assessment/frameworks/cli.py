"""`flask --app wsgi lms frameworks …`: import and export skill framework versions as CASE 1.0
JSON, and apply the version in force to the skill sets. Each command owns its transaction."""

import sys
from datetime import date

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ...core.dates import today_in_bangkok
from ...extensions import db
from ..case_model import MAX_FILE_BYTES
from .apply import apply_framework_in_force
from .models import SkillFramework
from .transfer import export_case, import_case

frameworks_cli = AppGroup("frameworks", help="Skill framework versions: import, export and apply them.")


@frameworks_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--effective-on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The day the version takes effect (ISO, C.E.); default: the file's statusStartDate. "
                   "A past day applies the version at once.")
def import_command(path, effective_on):
    """Import a framework version from a CASE 1.0 JSON file; exit 1, writing nothing, when it has problems."""
    with open(path, "rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    try:
        framework, problems = import_case(data, None, today=today_in_bangkok(), actor_label="cli",
                                          effective_on=effective_on.date() if effective_on else None)
        if framework is None:
            db.session.rollback()
            for problem in problems:
                click.echo(problem, err=True)
            sys.exit(1)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    click.echo(f"Imported version {framework.version_label}, effective {framework.effective_on.isoformat()}, "
               f"{len(framework.editions)} skill sets.")


@frameworks_cli.command("export")
@click.argument("label")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to this file instead of standard output.")
@click.option("--base-uri", default="https://thaksa.example", show_default=True,
              help="The site's address, for the CASE URIs.")
def export_command(label, output, base_uri):
    """Export the framework version LABEL as CASE 1.0 JSON."""
    framework = db.session.scalar(select(SkillFramework).where(SkillFramework.version_label == label))
    if framework is None:
        click.echo(f"No framework version is labelled {label!r}.", err=True)
        sys.exit(1)
    body = export_case(framework, base_uri=base_uri.rstrip("/"))
    if output:
        with open(output, "wb") as handle:
            handle.write(body)
    else:
        click.echo(body.decode("utf-8"), nl=False)


@frameworks_cli.command("apply")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Apply as on this day (ISO); default: today in Bangkok.")
def apply_command(today):
    """Copy the version in force onto the skill sets and retire those it leaves out (idempotent)."""
    day: date = today.date() if today else today_in_bangkok()
    try:
        result = apply_framework_in_force(day)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    if result.version_label is None:
        click.echo("No framework version is in force.")
    elif not result.changed_anything:
        click.echo(f"The skill sets already follow version {result.version_label}.")
    else:
        click.echo(f"Applied version {result.version_label}: changed {', '.join(result.changed) or '-'}; "
                   f"retired {', '.join(result.retired) or '-'}; restored {', '.join(result.restored) or '-'}.")
