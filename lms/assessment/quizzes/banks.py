"""Question banks: created, filled in the browser or from a Moodle XML / GIFT file. They
flush, never commit."""

from ...core.audit import record_event
from ...extensions import db
from ..question_formats import ParseResult, Question, QuestionBank, parse_question_file, question_problems
from ..question_formats.results import file_too_large
from .models import BankQuestion
from .models import QuestionBank as Bank
from .scoring import answers_json, answers_of

MAX_FILE_BYTES = 5 * 1024 * 1024  # as the parsers' limit; the view reads no more than one byte past it


def create_bank(institute, name: str, description: str, actor) -> Bank:
    """A new, empty question bank of the institute."""
    bank = Bank(institute_id=institute.id, name=name.strip(), description=description.strip(),
                created_by_id=actor.id)
    db.session.add(bank)
    db.session.flush()
    record_event("question_bank.created", bank, actor=actor, object_label=bank.name)
    return bank


def question_as_dataclass(row: BankQuestion) -> Question:
    """A stored question as the parsers' dataclass (to check it, or to fill a form)."""
    from ..question_formats import QuestionKind, TextFormat

    return Question(kind=QuestionKind(row.kind), name=row.name, text=row.text, answers=answers_of(row.answers),
                    text_format=TextFormat(row.text_format), default_mark=row.default_mark,
                    general_feedback=row.general_feedback, shuffle=row.shuffle,
                    case_sensitive=row.case_sensitive)


def _fill(row: BankQuestion, question: Question) -> None:
    row.kind = question.kind.value
    row.name = question.name.strip() or question.text.strip()[:80]
    row.text = question.text
    row.text_format = question.text_format.value
    row.default_mark = question.default_mark
    row.general_feedback = question.general_feedback
    row.shuffle = question.shuffle
    row.case_sensitive = question.case_sensitive
    row.answers = answers_json(question.answers)


def save_question(bank: Bank, question: Question, actor, row: BankQuestion | None = None) -> list:
    """Add `question` to the bank, or replace `row` with it; returns the problems that stop
    it (lazy messages), in which case nothing is written. Attempts already started keep the
    question as it was when they started."""
    problems = question_problems(question)
    if problems:
        return problems
    if row is None:
        row = BankQuestion(bank=bank)
        db.session.add(row)
    _fill(row, question)
    db.session.flush()
    return []


def delete_question(row: BankQuestion, actor) -> None:
    """Remove a question from its bank; started and finished attempts keep their copy."""
    record_event("bank_question.deleted", row.bank, actor=actor, object_label=row.name[:300])
    db.session.delete(row)
    db.session.flush()


def import_questions(bank: Bank, data: bytes, actor) -> ParseResult:
    """Add every question of a Moodle XML or GIFT file to the bank, or none: on any problem
    the result lists them all (naming the question and line) and nothing is written."""
    if len(data) > MAX_FILE_BYTES:
        return file_too_large()
    result = parse_question_file(data)
    if not result.ok:
        return result
    parsed: QuestionBank = result.bank
    for question in parsed.questions:
        row = BankQuestion(bank=bank)
        _fill(row, question)
        db.session.add(row)
    db.session.flush()
    record_event("question_bank.imported", bank, actor=actor, object_label=bank.name,
                 changes={"questions": len(parsed.questions), "format": parsed.source_format})
    return result
