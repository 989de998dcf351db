"""What every CSV import shares: the row errors, the counts, and the command's one transaction."""

from collections.abc import Callable
from dataclasses import dataclass, field

import click

from ..extensions import db


@dataclass(frozen=True)
class RowError:
    line: int
    reasons: tuple[str, ...]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return not self.errors


def run_import_command(ctx: click.Context, file_name: str, file_problems: list[str], row_count: int,
                       write: Callable[[], ImportResult], dry_run: bool) -> ImportResult:
    """Run `write` as the command's one unit of work and report it.

    A file that cannot be read, or any bad row, writes nothing: every problem is listed
    on stderr with its line number and the exit code is 1. A dry run counts and rolls back.
    """
    if file_problems:
        for problem in file_problems:
            click.echo(problem, err=True)
        click.echo(f"Rejected {file_name}: nothing was imported.", err=True)
        ctx.exit(1)
    try:
        result = write()
        if result.accepted and not dry_run:
            db.session.commit()
        else:
            db.session.rollback()
    except Exception:
        db.session.rollback()
        raise
    if not result.accepted:
        for error in result.errors:
            click.echo(f"line {error.line}: {'; '.join(error.reasons)}", err=True)
        click.echo(f"Rejected {file_name}: {len(result.errors)} bad row(s) of {row_count}; "
                   "nothing was imported.", err=True)
        ctx.exit(1)
    return result


def report_counts(result: ImportResult, dry_run: bool) -> None:
    prefix = "Dry run, nothing written: would have " if dry_run else ""
    click.echo(f"{prefix}created {result.created}, updated {result.updated}, unchanged {result.unchanged}")
