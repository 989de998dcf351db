"""Load the demo: the accounts step, then the learning records of records.csv."""

from dataclasses import dataclass

from ..accounts.demo import DEMO_FILES, DemoFileError, DemoResult
from ..accounts.demo import load_demo as load_demo_accounts
from ..core.csv_import import ImportResult
from ..core.dates import today_in_bangkok
from ..development.records_import import import_records, parse_records_csv

RECORDS_FILE = DEMO_FILES / "records.csv"


@dataclass
class Demo:
    """What the demo holds now, and what this run created or changed."""

    accounts: DemoResult
    records: ImportResult

    @property
    def changed(self) -> bool:
        return self.accounts.changed or bool(self.records.created or self.records.updated)


def load_demo() -> Demo:
    """Create whatever part of the demo is missing; a second run changes nothing. Flushes,
    never commits."""
    accounts = load_demo_accounts()
    return Demo(accounts, load_demo_records())


def load_demo_records() -> ImportResult:
    """records.csv through `flask lms records import`'s parse and import: records missing
    are created, and a record changed since is set back to the file (the import's rule)."""
    parsed = parse_records_csv(RECORDS_FILE.read_bytes(), today=today_in_bangkok())
    problems = parsed.file_problems + [f"line {row.line}: {'; '.join(row.problems)}"
                                       for row in parsed.rows if row.problems]
    result = ImportResult() if problems else import_records(parsed.rows)
    problems += [f"line {error.line}: {'; '.join(error.reasons)}" for error in result.errors]
    if problems:
        raise DemoFileError("lms/demo/records.csv: " + "; ".join(problems))
    return result
