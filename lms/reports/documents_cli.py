"""`flask --app wsgi lms reports …`: the report's documents for a unit too large for one web
download (every head's executive report takes about a second each). Read-only."""

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy import select

from ..accounts.models import Organisation
from ..core.dates import fiscal_year_of, today_in_bangkok
from ..core.pdf import PdfUnavailable
from ..development.dashboard import valid_fiscal_years
from ..extensions import db
from .executive import heads_in
from .executive_pdf import write_executive_zip
from .open_data import open_data_package

unit_option = click.option("--unit", "code", required=True, help="The unit's code (its subtree is included).")
year_option = click.option("--fy", "fiscal_year", type=int, default=None,
                           help="Fiscal year in Buddhist Era, e.g. 2569 (default: the current one).")
output_option = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
                             help="The zip file to write.")


@click.group("reports")
def reports_cli():
    """The agency report's documents: executive reports and open data."""


@reports_cli.command("executive-zip")
@unit_option
@year_option
@click.option("--lang", type=click.Choice(["th", "en"]), default="th", show_default=True,
              help="Language of the reports.")
@output_option
@with_appcontext
def executive_zip_command(code, fiscal_year, lang, output):
    """Write the executive report (§4.9.7) of every head in the unit's subtree to a zip, one PDF each."""
    unit, fiscal_year = _unit_and_year(code, fiscal_year)
    heads = heads_in(unit)
    try:
        with force_locale(lang), output.open("wb") as out:
            count = write_executive_zip(heads, fiscal_year, today_in_bangkok(), out)
    except PdfUnavailable as error:
        output.unlink(missing_ok=True)
        raise click.ClickException(f"cannot make PDF files here (WeasyPrint needs Pango): {error}") from error
    click.echo(f"{count} executive reports for {unit.code}, fiscal year {fiscal_year}, written to {output}")


@reports_cli.command("open-data")
@unit_option
@year_option
@output_option
@with_appcontext
def open_data_command(code, fiscal_year, output):
    """Write the unit's open-data package (aggregates only, small cells suppressed) to a zip."""
    unit, fiscal_year = _unit_and_year(code, fiscal_year)
    output.write_bytes(open_data_package(unit, fiscal_year).zip_bytes())
    click.echo(f"Open data for {unit.code}, fiscal year {fiscal_year}, written to {output}")


def _unit_and_year(code: str, fiscal_year: int | None) -> tuple[Organisation, int]:
    unit = db.session.scalar(select(Organisation).where(Organisation.code == code))
    if unit is None:
        raise click.BadParameter(f"no unit has the code {code!r}", param_hint="--unit")
    today = today_in_bangkok()
    fiscal_year = fiscal_year or fiscal_year_of(today)
    years = valid_fiscal_years(today)
    if fiscal_year not in years:
        raise click.BadParameter(f"choose a fiscal year from {years[-1]} to {years[0]}", param_hint="--fy")
    return unit, fiscal_year
