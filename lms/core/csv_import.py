"""What every CSV import shares: the row errors, the counts, and the command's one transaction."""

import csv
import io
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


def read_csv(data: bytes | str, header_problems: Callable[[list[str]], list[str]]
             ) -> tuple[list[str], list[tuple[int, list[str]]], list[str]]:
    """A UTF-8 CSV (with or without BOM): (lower-case header names, [(line, cells)], file problems).

    Blank rows are skipped; a row's line is where it starts (a quoted value may span lines).
    """
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[:error.start].count(b"\n") + 1
            return [], [], [f"line {line}: the file is not UTF-8 text; save it as 'CSV UTF-8'"]
    else:
        text = data.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        return [], [], ["the file is empty: a header row is required"]
    names = [cell.strip().lower() for cell in header]
    problems = header_problems(names)
    if problems:
        return names, [], problems
    rows, end = [], reader.line_num
    for cells in reader:
        line, end = end + 1, reader.line_num
        if any(cell.strip() for cell in cells):
            rows.append((line, cells))
    return names, rows, []
