"""`flask --app wsgi lms courses …`"""

import json
import sys

import click
from flask.cli import AppGroup

from ..core.dates import local_date
from ..core.models import utcnow
from ..reference.services import policy_for
from . import checker
from .services import course_vocabulary

courses_cli = AppGroup("courses", help="Course files: check them against the format and the rules.")


@courses_cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, one object per file.")
@click.option("--lang", type=click.Choice(["en", "th"]), default="en", help="Language of the messages.")
def check(paths, as_json, lang):
    """Check course files (default: courses/). Exit 0 all pass, 1 a rule fails, 2 a file is bad."""
    policy = policy_for(local_date(utcnow()))
    reports = checker.check_paths(paths or ["courses"], course_vocabulary(), policy)
    if as_json:
        click.echo(json.dumps([checker.report_to_dict(r) for r in reports], ensure_ascii=False, indent=2))
    else:
        click.echo(checker.format_reports(reports, lang))
        click.echo(checker.format_summary(reports, lang))
    sys.exit(checker.exit_code(reports))
