"""What every CSV import shares: reading the file, the header check, the row errors, the
counts, and the command's one transaction.

The reader takes what offices actually produce and refuses, with the line and column and
what to do, what it cannot read safely: a file over the size limit (before reading it), a
Thai Windows-874 file from Excel's plain "CSV" (say how to save it as CSV UTF-8), UTF-16,
bytes that are not UTF-8, unknown or missing columns. Columns separated by ';' or tabs
instead of commas are recognised from the header and read as such.
"""

import csv
import difflib
import io
import os
import re
import stat
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import BinaryIO

import click
from flask import current_app, has_app_context
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ..extensions import db

# The largest file an import reads; instance/config.py may set CSV_IMPORT_MAX_BYTES instead.
# Rows of records-import.md's example take 130-230 bytes: 100,000 of them (the size
# docs/records-import.md measures) fit, a runaway export or the wrong file does not.
MAX_CSV_BYTES = 32 * 1024 * 1024
SAVE_AS_UTF8 = "in Excel choose File → Save As → 'CSV UTF-8 (Comma delimited) (*.csv)' and import the new file"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# A Thai consonant followed by another Thai letter: what Windows-874 bytes of Thai text
# read as, and what a stray Latin-1 byte ("caf\xe9") does not.
_THAI_WORD = re.compile("[\u0e01-\u0e2e][\u0e01-\u0e4e]")
_NOT_ASCII = re.compile(rb"[\x80-\xff]")


@dataclass(frozen=True)
class Problem:
    """A row's problem: the column it is about (None: the row as a whole) and its text, often
    a lazy translation that `str` renders in the locale of wherever it is shown."""

    field: str | None
    text: object  # str, or flask_babel's LazyString

    def __str__(self) -> str:
        return str(self.text)


@dataclass(frozen=True)
class RowError:
    line: int
    reasons: tuple[Problem | str, ...]


def in_english(reasons: Iterable[Problem | str]) -> tuple[str, ...]:
    """The reasons as the CLI prints them: English, as every `flask lms` command speaks
    (outside a request the selected locale is the default, Thai)."""
    with force_locale("en"):
        return tuple(str(reason) for reason in reasons)


def line_problems(line: int, reasons: Iterable[Problem | str]) -> str:
    """One bad line as the CLI and the demo loaders report it: "line 3: a; b"."""
    return f"line {line}: {'; '.join(in_english(reasons))}"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return not self.errors


def mark_repeated(rows: list, key: Callable, column: str, named: Callable[[object], str]) -> list:
    """The rows, each whose non-empty `key` also stands on other lines given a problem naming
    those lines, about `column` (`named(row)` says what repeats: 'email a@b.th').
    Rows are dataclasses with `line` and `problems`."""
    lines_by_key = defaultdict(list)
    for row in rows:
        if key(row):
            lines_by_key[key(row)].append(row.line)
    marked = []
    for row in rows:
        lines = lines_by_key.get(key(row), [])
        if len(lines) > 1:
            others = ", ".join(str(n) for n in lines if n != row.line)
            repeated = Problem(column, _l("%(what)s is also on line(s) %(lines)s", what=named(row), lines=others))
            row = replace(row, problems=(*row.problems, repeated))
        marked.append(row)
    return marked


def run_import_command(ctx: click.Context, file_name: str, file_problems: list[str], row_count: int,
                       write: Callable[[], ImportResult], dry_run: bool,
                       on_accepted: Callable[[dict], object] | None = None, what: str = "") -> ImportResult:
    """Run `write` as the command's one unit of work and report it.

    A file that cannot be read, or any bad row, writes nothing: every problem is listed
    on stderr with its line number and the exit code is 1. A dry run counts and rolls back.
    `on_accepted` (the audit event) is called with {"file", "created", "updated",
    "unchanged"} just before the commit. A refused file (not a dry run) leaves one audit
    event, `import.refused` naming `what` was imported, so administrators see it waiting.
    """
    if file_problems:
        for problem in file_problems:
            click.echo(problem, err=True)
        click.echo(f"Rejected {file_name}: nothing was imported.", err=True)
        _record_refusal(what, file_name, len(file_problems), dry_run)
        ctx.exit(1)
    try:
        result = write()
        if result.accepted and not dry_run:
            if on_accepted is not None:
                on_accepted({"file": file_name, "created": result.created, "updated": result.updated,
                             "unchanged": result.unchanged})
            db.session.commit()
        else:
            db.session.rollback()
    except Exception:
        db.session.rollback()
        raise
    if not result.accepted:
        for error in result.errors:
            click.echo(line_problems(error.line, error.reasons), err=True)
        click.echo(f"Rejected {file_name}: {len(result.errors)} bad row(s) of {row_count}; "
                   "nothing was imported.", err=True)
        _record_refusal(what, file_name, len(result.errors), dry_run)
        ctx.exit(1)
    return result


REFUSED_IMPORT = "import.refused"


def _record_refusal(what: str, file_name: str, problems: int, dry_run: bool) -> None:
    """The one trace a refused import leaves (its own transaction: the import wrote nothing)."""
    if dry_run or not what:
        return
    from .audit import record_event

    record_event(REFUSED_IMPORT, actor_label="cli", object_type=what, object_label=os.path.basename(file_name),
                 changes={"file": os.path.basename(file_name), "problems": problems})
    db.session.commit()


def report_counts(result: ImportResult, dry_run: bool) -> None:
    prefix = "Dry run, nothing written: would have " if dry_run else ""
    click.echo(f"{prefix}created {result.created}, updated {result.updated}, unchanged {result.unchanged}")


# ---------------------------------------------------------------- reading the file

def max_csv_bytes() -> int:
    """The size limit: CSV_IMPORT_MAX_BYTES in the app's config, else MAX_CSV_BYTES."""
    return current_app.config.get("CSV_IMPORT_MAX_BYTES", MAX_CSV_BYTES) if has_app_context() else MAX_CSV_BYTES


def _megabytes(size: int) -> str:
    return f"{size / 2**20:,.1f}".removesuffix(".0") + " MB"  # as Windows shows file sizes


def _too_large(size: int | None, limit: int) -> str:
    given = f"{_megabytes(size)}, " if size is not None else ""
    return (f"the file is too large ({given}more than the {_megabytes(limit)} an import reads); "
            "split it into smaller files, each with the header row, and import them one after another")


def _read_limited(file: BinaryIO, limit: int) -> tuple[bytes, list[str]]:
    """At most `limit` bytes of the file; a regular file's size is known before reading."""
    try:
        status = os.fstat(file.fileno())
    except (AttributeError, OSError, io.UnsupportedOperation):
        status = None
    if status is not None and stat.S_ISREG(status.st_mode) and status.st_size - file.tell() > limit:
        return b"", [_too_large(status.st_size, limit)]
    data = file.read(limit + 1)
    return (b"", [_too_large(None, limit)]) if len(data) > limit else (data, [])


def _column_at(line_bytes: bytes, header: list[str], delimiter: str) -> str:
    """'column 3 (name_th)': which column of a line the end of `line_bytes` falls in."""
    number = len(next(csv.reader([line_bytes.decode("utf-8", "replace")], delimiter=delimiter), [])) or 1
    name = f" ({header[number - 1]})" if number <= len(header) and header[number - 1] else ""
    return f"column {number}{name}"


def _decoding_problem(data: bytes, error: UnicodeDecodeError) -> str:
    """Where the first byte that is not UTF-8 is, and what the file probably is."""
    try:
        thai = _THAI_WORD.search(data.decode("cp874")) is not None
    except UnicodeDecodeError:
        thai = False
    # In Windows-874 the first byte above 0x7F is the first Thai letter; some pairs of
    # them happen to be valid UTF-8, so the decoding error can come later.
    start = _NOT_ASCII.search(data).start() if thai else error.start
    line = data.count(b"\n", 0, start) + 1
    line_start = data.rfind(b"\n", 0, start) + 1
    first_line = data.split(b"\n", 1)[0].decode("utf-8", "replace").strip()
    delimiter = _delimiter(first_line)
    header = [name.strip().lower() for name in next(csv.reader([first_line], delimiter=delimiter), [])]
    where = f"line {line}, {_column_at(data[line_start:start], header, delimiter)}"
    if thai:
        return (f"{where}: the file is in the Thai Windows-874 (TIS-620) encoding, as Excel saves a plain "
                f"'CSV (Comma delimited)' file, not UTF-8; {SAVE_AS_UTF8}")
    return (f"{where}: the file is not UTF-8 text (byte {start - line_start + 1} of the line is "
            f"0x{data[start]:02X}); {SAVE_AS_UTF8}")


def _decode(data: bytes) -> tuple[str, list[str]]:
    if data.startswith(_UTF16_BOMS):
        return "", [f"line 1: the file is UTF-16 (Excel's 'Unicode Text'), not UTF-8; {SAVE_AS_UTF8}"]
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        return "", [_decoding_problem(data, error)]


def _delimiter(text: str) -> str:
    """',' unless the header line has none but has ';' (Excel where the list separator is
    ';') or tabs (Excel's 'Text (Tab delimited)'): column names never contain these."""
    first_line = text.split("\n", 1)[0]
    if "," not in first_line:
        for candidate in (";", "\t"):
            if candidate in first_line:
                return candidate
    return ","


def _some(items: list[str], count: int) -> str:
    """The first items of `count`, then how many more: a header of a million commas stays one line."""
    more = f" and {count - len(items)} more" if count > len(items) else ""
    return ", ".join(items) + more


def header_problems(names: list[str], columns: Sequence[str], required: Sequence[str]) -> list[str]:
    """What is wrong with a header: unnamed, repeated, unknown (with a likely meant name)
    and missing columns, each with its column number; the expected header is spelt out."""
    shown = 10  # of each kind
    unnamed = [n for n, name in enumerate(names, start=1) if not name]
    problems = [f"header: no name for column(s) {_some([str(n) for n in unnamed[:shown]], len(unnamed))}"
                ] if unnamed else []
    positions: dict[str, list[int]] = {}
    for number, name in enumerate(names, start=1):
        if name:
            positions.setdefault(name, []).append(number)
    repeated = [name for name, found in positions.items() if len(found) > 1]
    if repeated:
        listed = [f"{name} (columns {_some([str(n) for n in positions[name][:shown]], len(positions[name]))})"
                  for name in repeated[:shown]]
        problems.append(f"header: column(s) named more than once: {_some(listed, len(repeated))}")
    unknown = [name for name in positions if name not in columns]
    if unknown:
        listed = []
        for name in unknown[:shown]:
            guess = difflib.get_close_matches(name, columns, n=1, cutoff=0.6)
            listed.append(f"{name} (column {positions[name][0]}{f', did you mean {guess[0]}?' if guess else ''})")
        problems.append(f"header: unknown column(s) {_some(listed, len(unknown))}; "
                        f"the columns are {', '.join(columns)}")
    missing = [name for name in required if name not in names]
    if missing:
        problems.append(f"header: missing required column(s) {', '.join(missing)}; the expected header is "
                        f"{','.join(columns)} (required: {', '.join(required)})")
    return problems


def read_csv(data: bytes | str | BinaryIO, columns: Sequence[str], required: Sequence[str]
             ) -> tuple[list[str], list[tuple[int, list[str]]], list[str]]:
    """A UTF-8 CSV (with or without BOM): (lower-case header names, [(line, cells)], file problems).

    `data` may be an open binary file: a file over max_csv_bytes() is refused before it
    is read. The header must name only `columns` and every one of `required`. Blank rows
    are skipped; a row's line is where it starts (a quoted value may span lines). With
    any file problem there are no rows.
    """
    if hasattr(data, "read"):
        data, problems = _read_limited(data, max_csv_bytes())
        if problems:
            return [], [], problems
    if isinstance(data, bytes):
        if len(data) > max_csv_bytes():
            return [], [], [_too_large(len(data), max_csv_bytes())]
        text, problems = _decode(data)
        if problems:
            return [], [], problems
    else:
        text = data.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    line = 1  # where the row being read starts
    try:
        header = next(reader, None)
        if header is None:
            return [], [], ["the file is empty: a header row is required"]
        names = [cell.strip().lower() for cell in header]
        problems = header_problems(names, columns, required)
        if problems:
            return names, [], problems
        rows = []
        while True:
            line = reader.line_num + 1
            cells = next(reader, None)
            if cells is None:
                break
            if any(cell.strip() for cell in cells):
                rows.append((line, cells))
    except csv.Error as error:  # a quote never closed swallows the lines after it, for one
        return [], [], [f"line {line}: the file cannot be read as CSV ({error}); "
                        "look for a double quote (\") that is never closed"]
    return names, rows, []
