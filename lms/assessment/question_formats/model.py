"""The questions Thaksa can ask, as plain frozen dataclasses, and the checks each kind must pass.

Texts are plain text (Moodle's HTML stripped, line breaks kept, entities decoded) unless
`text_format` says "markdown" (a GIFT `[markdown]` question, or Moodle's markdown format):
render plain text escaped, Markdown through lms.core.markdown (which sanitises).
Fractions are the share of the question's mark an answer earns, as exact Decimals.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from flask_babel import lazy_gettext as _l

ONE = Decimal(1)
ZERO = Decimal(0)
# Moodle checks that a multiple-answer question's right choices add to 100% within this.
SUM_TOLERANCE = Decimal("0.01")
# Column-sized limits: a name is a list label; a text is a question, not a chapter.
MAX_NAME_CHARS = 255
MAX_TEXT_CHARS = 20_000
MAX_ANSWER_CHARS = 5_000
MAX_ANSWERS = 50


class QuestionKind(StrEnum):
    MULTIPLE_CHOICE = "multiple_choice"  # one answer is picked
    MULTIPLE_ANSWER = "multiple_answer"  # several may be picked; partial credit, penalties
    TRUE_FALSE = "true_false"
    SHORT_ANSWER = "short_answer"  # typed text compared with the accepted answers
    NUMERIC = "numeric"  # a number within an answer's tolerance


class TextFormat(StrEnum):
    PLAIN = "plain"
    MARKDOWN = "markdown"


@dataclass(frozen=True)
class Answer:
    """A choice (multiple choice/answer), "true"/"false", an accepted short answer, or a
    numeric answer (`value` ± `tolerance`; `text` keeps what the file said)."""

    text: str
    fraction: Decimal
    feedback: str = ""
    value: Decimal | None = None
    tolerance: Decimal | None = None


@dataclass(frozen=True)
class Question:
    kind: QuestionKind
    name: str
    text: str
    answers: tuple[Answer, ...]
    text_format: TextFormat = TextFormat.PLAIN
    category: tuple[str, ...] = ()  # path from the top: ("Digital skills", "Data")
    default_mark: Decimal = ONE
    general_feedback: str = ""
    shuffle: bool = True  # choices shown in a random order
    case_sensitive: bool = False  # short answer only
    line: int | None = None  # where the question starts in its file


@dataclass(frozen=True)
class QuestionBank:
    questions: tuple[Question, ...]
    source_format: str  # "moodle_xml" or "gift"


def percent(fraction: Decimal) -> str:
    """A fraction as the percentage an author wrote ("33.33333", "100")."""
    value = (fraction * 100).normalize()
    return format(value, "f")


def question_problems(question: Question) -> list:
    """Why a question cannot be used, as lazy messages; empty when it is fine."""
    problems = _common_problems(question)
    check = _KIND_CHECKS[question.kind]
    return problems + check(question)


def _common_problems(question: Question) -> list:
    problems = []
    if not question.text.strip():
        problems.append(_l("The question has no text."))
    if len(question.name) > MAX_NAME_CHARS:
        problems.append(_l("The name is longer than %(limit)s characters.", limit=MAX_NAME_CHARS))
    if len(question.text) > MAX_TEXT_CHARS or len(question.general_feedback) > MAX_TEXT_CHARS:
        problems.append(_l("The question text or its feedback is longer than %(limit)s characters.",
                           limit=MAX_TEXT_CHARS))
    if len(question.answers) > MAX_ANSWERS:
        problems.append(_l("The question has more than %(limit)s answers.", limit=MAX_ANSWERS))
    if any(len(a.text) > MAX_ANSWER_CHARS or len(a.feedback) > MAX_ANSWER_CHARS for a in question.answers):
        problems.append(_l("An answer or its feedback is longer than %(limit)s characters.",
                           limit=MAX_ANSWER_CHARS))
    if question.default_mark <= 0:
        problems.append(_l("The default mark must be more than 0."))
    low = -ONE if question.kind in _CHOICE_KINDS else ZERO
    for answer in question.answers:
        if not low <= answer.fraction <= ONE:
            problems.append(_l("The grade %(grade)s%% of “%(answer)s” is outside %(low)s%% to 100%%.",
                               grade=percent(answer.fraction), answer=answer.text, low=percent(low)))
    return problems


def _choice_problems(question: Question) -> list:
    problems = []
    if len(question.answers) < 2:
        problems.append(_l("A choice question needs at least two choices."))
    if any(not a.text.strip() for a in question.answers):
        problems.append(_l("A choice is empty."))
    return problems


def _multiple_choice_problems(question: Question) -> list:
    problems = _choice_problems(question)
    if question.answers and max(a.fraction for a in question.answers) != ONE:
        problems.append(_l("No choice is fully right: one choice must be worth 100%."))
    return problems


def _multiple_answer_problems(question: Question) -> list:
    problems = _choice_problems(question)
    total = sum((a.fraction for a in question.answers if a.fraction > 0), ZERO)
    if abs(total - ONE) > SUM_TOLERANCE:
        problems.append(_l("The right choices add up to %(total)s%%; they must add up to 100%%.",
                           total=percent(total)))
    return problems


def _true_false_problems(question: Question) -> list:
    texts = sorted(a.text for a in question.answers)
    if texts != ["false", "true"] or sorted(a.fraction for a in question.answers) != [ZERO, ONE]:
        return [_l("A true/false question needs the answer true or false.")]
    return []


def _short_answer_problems(question: Question) -> list:
    problems = []
    if not any(a.fraction == ONE for a in question.answers):
        problems.append(_l("A short-answer question needs at least one accepted answer worth 100%."))
    if any(not a.text.strip() for a in question.answers):
        problems.append(_l("An accepted answer is empty."))
    return problems


def _numeric_problems(question: Question) -> list:
    problems = []
    if not any(a.fraction == ONE for a in question.answers):
        problems.append(_l("A numeric question needs at least one answer worth 100%."))
    for answer in question.answers:
        if answer.value is None or not answer.value.is_finite():
            problems.append(_l("“%(answer)s” is not a number.", answer=answer.text))
        if answer.tolerance is not None and not (answer.tolerance.is_finite() and answer.tolerance >= 0):
            problems.append(_l("The tolerance of “%(answer)s” must be a number, 0 or more.", answer=answer.text))
    return problems


_CHOICE_KINDS = {QuestionKind.MULTIPLE_CHOICE, QuestionKind.MULTIPLE_ANSWER}
_KIND_CHECKS = {
    QuestionKind.MULTIPLE_CHOICE: _multiple_choice_problems,
    QuestionKind.MULTIPLE_ANSWER: _multiple_answer_problems,
    QuestionKind.TRUE_FALSE: _true_false_problems,
    QuestionKind.SHORT_ANSWER: _short_answer_problems,
    QuestionKind.NUMERIC: _numeric_problems,
}
