"""What a parser hands back: a whole bank or, on any error, no bank and every problem found
(up to a cap), each naming the question and line it is about. Also the limits on a file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .model import QuestionBank

# A Moodle export of a few thousand questions with HTML text is about 1–3 MB; 5 MB leaves room
# and keeps one upload's parse (the whole file is held in memory) small for a shared server.
MAX_FILE_BYTES = 5 * 1024 * 1024
# A quiz draws from a bank; 2,000 questions is more than any course bank we know of and keeps
# one import's insert (and its error list) bounded.
MAX_QUESTIONS = 2000
# Past this many problems, more do not help the author: fix these and upload again.
MAX_PROBLEMS = 50


@dataclass(frozen=True)
class ImportProblem:
    """One reason a file cannot be imported. `message` is a lazy string with its values
    filled in; `question` is the question's name when known, `number` its place in the file
    (1-based, counting questions only), `line` the line in the file where known."""

    message: object
    line: int | None = None
    question: str | None = None
    number: int | None = None

    def __str__(self) -> str:
        message = str(self.message)
        where = self.question or (_("question %(number)s", number=self.number) if self.number else None)
        if self.line and where:
            return _("Line %(line)s, %(question)s: %(message)s", line=self.line, question=where, message=message)
        if self.line:
            return _("Line %(line)s: %(message)s", line=self.line, message=message)
        if where:
            return _("%(question)s: %(message)s", question=where, message=message)
        return message


@dataclass(frozen=True)
class ParseResult:
    """`bank` is None whenever `errors` is not empty: nothing is half-imported."""

    bank: QuestionBank | None
    errors: tuple[ImportProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return self.bank is not None and not self.errors


class TooManyProblems(Exception):
    """Raised by ProblemList.add past the cap, to stop parsing early."""


class ProblemList:
    """Collects problems up to MAX_PROBLEMS; the one after the cap ends the parse with a note."""

    def __init__(self, limit: int = MAX_PROBLEMS):
        self.limit = limit
        self.items: list[ImportProblem] = []

    def add(self, message, line=None, question=None, number=None) -> None:
        if len(self.items) >= self.limit:
            self.items.append(ImportProblem(_l("More problems were found; fix these first and try again.")))
            raise TooManyProblems
        self.items.append(ImportProblem(message, line, question, number))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self) -> Iterator[ImportProblem]:
        return iter(self.items)

    def result(self, bank: QuestionBank) -> ParseResult:
        if self.items:
            return ParseResult(None, tuple(self.items))
        return ParseResult(bank, ())


def failure(message) -> ParseResult:
    """One problem about the whole file (too big, not text): nothing was parsed."""
    return ParseResult(None, (ImportProblem(message),))


def file_too_large() -> ParseResult:
    return failure(_l("The file is larger than %(megabytes)s MB; split it into smaller files.",
                      megabytes=MAX_FILE_BYTES // (1024 * 1024)))


def too_many_questions() -> ParseResult:
    return failure(_l("The file has more than %(limit)s questions; split it into smaller files.",
                      limit=MAX_QUESTIONS))
