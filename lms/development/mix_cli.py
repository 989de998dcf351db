"""`flask --app wsgi lms mix --email EMAIL --fy 2569`: one person's 70:20:10 verdict, as the
dashboard shows it. Read-only: it never writes to the database."""

import json

import click
from flask.cli import with_appcontext

from ..accounts.services import find_person_by_email
from ..core.dates import fiscal_year_bounds, fiscal_year_of, today_in_bangkok
from ..rules import PolicyError
from ..rules.formatting import hours_text
from . import mix
from .dashboard import add_hours_text, share_text


@click.command("mix")
@click.option("--email", required=True, help="The person's email address.")
@click.option("--fy", "fiscal_year", type=int, default=None,
              help="Fiscal year in Buddhist Era, e.g. 2569 (default: the current one).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option("--lang", type=click.Choice(["th", "en"]), default="th", show_default=True,
              help="Language of the verdict's message and bucket names.")
@with_appcontext
def mix_command(email, fiscal_year, as_json, lang):
    """Print a person's R2 70:20:10 verdict for a fiscal year, counted as the dashboard counts
    (only verified records when COUNT_ONLY_VERIFIED_RECORDS is on, never returned ones).

    JSON: `verdict` is the rule's verdict (`as_dict()`): hours and add_hours in hours and
    shares in percent as numbers rounded to 2 places, share null when nothing is recorded;
    `hours_by_method` holds the exact sums as decimal strings ("12.50"). An unknown email
    or a year before any policy exits with status 2.
    """
    person = find_person_by_email(email)
    if person is None:
        raise click.BadParameter(f"nobody has the email {email!r}", param_hint="--email")
    if fiscal_year is None:
        fiscal_year = fiscal_year_of(today_in_bangkok())
    verified_only = mix.counted_only_verified()
    try:
        verdict = mix.mix_verdict(person, fiscal_year, verified_only=verified_only)
    except PolicyError as error:
        raise click.BadParameter(str(error), param_hint="--fy") from error
    start, end = fiscal_year_bounds(fiscal_year)

    if as_json:
        by_method = mix.hours_by_method(person.id, start, end, verified_only=verified_only)
        click.echo(json.dumps({
            "person": {"id": person.id, "email": person.email, "name_th": person.name_th,
                       "name_en": person.name_en},
            "fiscal_year": fiscal_year,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "verified_only": verified_only,
            "hours_by_method": {slug: f"{hours:f}" for slug, hours in sorted(by_method.items())},
            "message": verdict.message(lang),
            "verdict": verdict.as_dict(),
        }, ensure_ascii=False, indent=2))
        return

    counted = "verified records only" if verified_only else "verified and pending records"
    click.echo(f"{person.name_th} <{person.email}>")
    click.echo(f"Fiscal year {fiscal_year} ({start.isoformat()} to {end.isoformat()}),"
               f" policy {verdict.policy_version}, {counted}")
    click.echo(f"{'bucket':<13} {'hours':>8} {'share %':>8} {'target %':>9}  {'within':<7} {'add hours':>9}")
    for figures in verdict.buckets:
        within = "-" if verdict.empty else ("yes" if figures.within_tolerance else "no")
        click.echo(f"{figures.bucket:<13} {hours_text(figures.hours):>8} {share_text(figures):>8}"
                   f" {figures.target_percent:>9}  {within:<7} {add_hours_text(figures):>9}"
                   f"  {figures.name(lang)}")
    click.echo(f"{'total':<13} {hours_text(verdict.total_hours):>8}")
    status = "EMPTY" if verdict.empty else ("OK" if verdict.ok else "OUTSIDE")
    click.echo(f"{status}: {verdict.message(lang)}")
