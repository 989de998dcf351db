"""Load the demo: the accounts step, the learning records of records.csv, the sample
courses of courses/ for the demo institute, then a year of history (history.py, classes.py)
and the skills framework, a quiz and a self-assessment (skills.py).

`load_demo` flushes, never commits. The reminder jobs run after the commit
(`run_reminders`), as the scheduler runs them: they commit as they go.
"""

from dataclasses import dataclass, field
from datetime import date

from ..accounts.demo import DEMO_FILES, DemoFileError, DemoResult
from ..accounts.demo import load_demo as load_demo_accounts
from ..catalog import transfer
from ..catalog.services import course_vocabulary
from ..core.audit import record_event
from ..core.csv_import import ImportResult, line_problems
from ..core.dates import today_in_bangkok
from ..development.records_import import import_records, parse_records_csv
from ..notifications import jobs
from ..reference.services import policy_for
from . import classes
from . import history as year
from .skills import Skills, build_skills

RECORDS_FILE = DEMO_FILES / "records.csv"
COURSES_FOLDER = DEMO_FILES.parents[1] / "courses"
# Who does what the history needs a person for: the institute's course author runs the classes.
COURSE_AUTHOR = "anchalee.w"


@dataclass
class Demo:
    """What the demo holds now, and what this run created or changed."""

    accounts: DemoResult
    records: ImportResult
    courses: list[transfer.ImportResult] = field(default_factory=list)
    history: year.History = field(default_factory=year.History)
    skills: Skills = field(default_factory=Skills)

    @property
    def courses_changed(self) -> int:
        return sum(1 for result in self.courses if result.action in (transfer.CREATED, transfer.UPDATED))

    @property
    def changed(self) -> bool:
        return (self.accounts.changed or bool(self.records.created or self.records.updated)
                or bool(self.courses_changed) or self.history.changed or self.skills.changed)


def load_demo(today: date | None = None) -> Demo:
    """Create whatever part of the demo is missing; a second run changes nothing. Flushes,
    never commits."""
    today = today or today_in_bangkok()
    accounts = load_demo_accounts(today)
    demo = Demo(accounts, load_demo_records())
    demo.courses = load_demo_courses(accounts, today)
    demo.history = load_history(accounts, today)
    demo.skills = build_skills(accounts.people, accounts.institute, accounts.people[COURSE_AUTHOR], today)
    return demo


def load_demo_records() -> ImportResult:
    """records.csv through `flask lms records import`'s parse and import: records missing
    are created, and a record changed since is set back to the file (the import's rule)."""
    parsed = parse_records_csv(RECORDS_FILE.read_bytes(), today=today_in_bangkok())
    problems = parsed.file_problems + [line_problems(row.line, row.problems)
                                       for row in parsed.rows if row.problems]
    result = ImportResult() if problems else import_records(parsed.rows)
    problems += [line_problems(error.line, error.reasons) for error in result.errors]
    if problems:
        raise DemoFileError("lms/demo/records.csv: " + "; ".join(problems))
    return result


def load_demo_courses(accounts: DemoResult, today: date) -> list[transfer.ImportResult]:
    """The sample courses through `flask lms courses import courses --institute DEMO-INST`'s
    import: new files are published for the demo institute, unchanged ones change nothing."""
    results = transfer.import_paths([str(COURSES_FOLDER)], accounts.institute, course_vocabulary(),
                                    policy_for(today))
    failing = [result.path for result in results if not result.report.ok]
    if failing:
        raise DemoFileError("courses/: these files fail `flask lms courses check`: " + ", ".join(failing))
    counts = {action: sum(1 for r in results if r.action == action)
              for action in (transfer.CREATED, transfer.UPDATED, transfer.UNCHANGED, transfer.FAILED)}
    if counts[transfer.CREATED] or counts[transfer.UPDATED]:
        record_event("courses.imported", accounts.institute, actor_label="demo",
                     changes={"paths": ["courses"], **counts})
    return results


def load_history(accounts: DemoResult, today: date) -> year.History:
    """A year of plans, log entries, coaching, classes and an acting supervisor, each part
    only where it is missing (see history.py)."""
    people = accounts.people
    built = year.History(
        plans=year.build_plans(people, today),
        log_entries=year.build_log_entries(people, today),
        coaching_sessions=year.build_coaching(people, today),
    )
    built.classes, built.enrolments = classes.build_classes(people, people[COURSE_AUTHOR], today)
    built.delegations = year.build_delegation(people, today)
    return built


def run_reminders() -> int:
    """Run every reminder job once for now, through the scheduler's own runner (each job
    commits its batches); returns how many notifications were written."""
    return sum(report.written for report in jobs.run_jobs())
