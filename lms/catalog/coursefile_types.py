"""The values of the course-file format: what a parsed file holds and what can be wrong with it.

Pure dataclasses, shared by the parser (coursefile), the writer (coursefile_dump), the
checker and the import; `lms.catalog.coursefile` re-exports them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ..rules.verdict import Bilingual

# A course's format: what a course file may say and what the courses table allows.
COURSE_FORMATS = ("classroom", "self-paced", "blended", "coaching")
# The formats taught in a classroom: they have a session plan, and R1 judges it.
FORMATS_WITH_SESSIONS = frozenset({"classroom", "blended"})


@dataclass(frozen=True)
class Vocabulary:
    """The slugs a course file may use, from reference data (the database in the app)."""

    skill_sets: frozenset[str]
    target_groups: frozenset[str]
    phases: frozenset[str]
    learning_methods: frozenset[str]
    session_method_kinds: Mapping[str, str]  # session-method slug -> "lecture" | "active"


@dataclass(frozen=True)
class Session:
    """One classroom session of a course's plan."""

    title: str
    method: str
    minutes: int


@dataclass(frozen=True)
class CourseFile:
    """A parsed, valid course file. `body` is the Markdown description, `content` what a
    self-paced learner reads (after the CONTENT_MARKER line; empty without one).
    `credit_reason` says why `credit_hours` differ from the session plan's total.

    `source_name` and `field_lines` (front-matter key -> line number in the file)
    say where it came from and are left out of comparisons.
    """

    code: str
    title_th: str
    title_en: str
    format: str
    skill_sets: tuple[str, ...]
    target_groups: tuple[str, ...]
    phases: tuple[str, ...]
    credit_hours: Decimal
    credit_method: str
    credit_reason: str | None = None
    summary_th: str | None = None
    summary_en: str | None = None
    sessions: tuple[Session, ...] = ()
    body: str = ""
    content: str = ""
    source_name: str = field(default="", compare=False)
    field_lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Problem(Bilingual):
    """One thing wrong with a course file. `field` and `line` are None when unknown;
    `message(language)` says what is wrong."""

    source: str
    field: str | None
    line: int | None
    message_th: str
    message_en: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.field}: {self.message_en}" if self.field else (
            f"{where}: {self.message_en}"
        )


class CourseFileError(ValueError):
    """A course file with problems; `problems` lists every one found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems
