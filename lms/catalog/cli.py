"""`flask --app wsgi lms courses …`: check, import and export course files.

Import and export each own their transaction: one commit when done, a rollback on error.
"""

import json
import sys

import click
from flask.cli import AppGroup
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from ..accounts.models import Institute
from ..core.audit import record_event
from ..core.dates import today_in_bangkok
from ..extensions import db
from ..reference.services import guideline_in_database, policy_for
from . import checker, transfer
from .services import course_vocabulary

courses_cli = AppGroup("courses", help="Course files: check, import and export them.")
LANGUAGES = click.Choice(["en", "th"])


def _policy_today():
    return policy_for(today_in_bangkok())


@courses_cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, one object per file.")
@click.option("--lang", type=LANGUAGES, default="en", help="Language of the messages.")
def check(paths, as_json, lang):
    """Check course files (default: courses/). Exit 0 all pass, 1 a rule fails, 2 a file is bad.

    Needs no database: without one the vocabulary and policy shipped with the code are used.
    """
    if not guideline_in_database():
        with force_locale(lang):
            click.echo(gettext("No database with the guideline's reference data: checking against the "
                               "vocabulary and policy shipped with Thaksa."), err=True)
    reports = checker.check_paths(paths or ["courses"], course_vocabulary(), _policy_today())
    if as_json:
        click.echo(json.dumps([checker.report_to_dict(r) for r in reports], ensure_ascii=False, indent=2))
    else:
        click.echo(checker.format_reports(reports, lang))
        click.echo(checker.format_summary(reports, lang))
    sys.exit(checker.exit_code(reports))


def _institute(code: str | None, required: bool):
    """The institute named by --institute; without one, the only institute there is."""
    if code:
        found = db.session.scalar(select(Institute).where(func.upper(Institute.code) == code.upper()))
        if found is None:
            raise click.BadParameter(f"no institute has the code {code!r}", param_hint="--institute")
        return found
    if not required:
        return None
    institutes = db.session.scalars(select(Institute).limit(2)).all()
    if len(institutes) != 1:
        raise click.BadParameter(
            "there is no institute yet" if not institutes else
            "there are several institutes: say which owns new courses", param_hint="--institute")
    return institutes[0]


_IMPORT_WORDS = {
    "en": {"created": "NEW ", "updated": "NEW VERSION", "unchanged": "SAME", "failed": "FAIL"},
    "th": {"created": "สร้างใหม่", "updated": "ฉบับใหม่", "unchanged": "ไม่เปลี่ยน", "failed": "ไม่ผ่าน"},
}


def _import_line(result: transfer.ImportResult, lang: str) -> str:
    if result.action == transfer.FAILED:
        if not result.report.ok:
            return checker.format_report(result.report, lang)
        message = result.message(lang)
        return f"{_IMPORT_WORDS[lang]['failed']} {result.path}: {message}"
    code = result.report.course.code
    return f"{_IMPORT_WORDS[lang][result.action]} {result.path}  {code} v{result.version_number}"


@courses_cli.command("import")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--institute", "institute_code", help="Code of the institute that owns new courses "
              "(needed unless there is exactly one institute).")
@click.option("--lang", type=LANGUAGES, default="en", help="Language of the messages.")
def import_command(paths, institute_code, lang):
    """Create or update courses from course files (default: courses/).

    Each file is checked as `courses check` does; a file that fails is reported and
    skipped, the others are published (a changed file as a new version). Exit 0 when
    every file was imported or unchanged, 1 when one failed a rule or was skipped,
    2 when a file is bad. A run that imported any file leaves one audit event
    ("courses.imported") in the same transaction.
    """
    institute = _institute(institute_code, required=True)
    try:
        results = transfer.import_paths(paths or ["courses"], institute, course_vocabulary(), _policy_today())
        counts = {action: sum(1 for r in results if r.action == action)
                  for action in (transfer.CREATED, transfer.UPDATED, transfer.UNCHANGED, transfer.FAILED)}
        if counts[transfer.FAILED] < len(results):
            record_event("courses.imported", institute, actor_label="cli", changes={
                "paths": [str(path) for path in paths or ["courses"]], **counts})
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    for result in results:
        click.echo(_import_line(result, lang))
    if lang == "th":
        click.echo(f"นำเข้า {len(results)} ไฟล์: สร้างใหม่ {counts['created']} ฉบับใหม่ {counts['updated']}"
                   f" ไม่เปลี่ยน {counts['unchanged']} ไม่ผ่าน {counts['failed']}")
    else:
        click.echo(f"{len(results)} files: {counts['created']} created, {counts['updated']} updated,"
                   f" {counts['unchanged']} unchanged, {counts['failed']} failed")
    code = checker.exit_code([r.report for r in results])
    skipped = any(r.action == transfer.FAILED and r.report.ok for r in results)
    sys.exit(max(code, checker.EXIT_RULE_FAILED if skipped else checker.EXIT_OK))


@courses_cli.command("export")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--institute", "institute_code", help="Only this institute's courses.")
def export_command(folder, institute_code):
    """Write every course's published version into FOLDER as course files.

    A file there with the same course code is rewritten in place. Courses never
    published (only a draft) are left out and listed.
    """
    institute = _institute(institute_code, required=False)
    institute_id = institute.id if institute is not None else None
    written = transfer.export_versions(transfer.published_versions(institute_id), folder)
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"{len(written)} courses exported to {folder}")
    drafts = transfer.never_published_codes(institute_id)
    if drafts:
        click.echo(f"left out, never published: {', '.join(drafts)}")
