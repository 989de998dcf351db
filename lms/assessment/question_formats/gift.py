"""GIFT question files (https://docs.moodle.org/en/GIFT_format) to a QuestionBank.

Questions are separated by blank lines; a line starting with // is a comment; `$CATEGORY:`
sets the category of the questions after it. Within a question: `::name::`, an optional
`[html]`/`[moodle]`/`[plain]`/`[markdown]` format, the text, and the answers in braces:
`{=right ~wrong#feedback}`, `{~%50%a ~%50%b ~%-100%c}` (several right), `{T}`/`{FALSE}`,
`{=a =b}` (short answer), `{#3.14:0.01}`, `{#1..5}`, `{#=1:0 =%50%1:2}` (numeric),
`####general feedback` last. `\\~ \\= \\# \\{ \\} \\: \\\\` are literal characters and `\\n` a newline.
Text after the braces makes a "missing word" question: the braces become a blank (_____).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

from .html_text import html_to_text
from .model import Answer, Question, QuestionBank, QuestionKind, TextFormat, question_problems
from .moodle_xml import NAME_FROM_TEXT_CHARS, category_path
from .results import (
    MAX_FILE_BYTES,
    MAX_QUESTIONS,
    ParseResult,
    ProblemList,
    TooManyProblems,
    failure,
    file_too_large,
    too_many_questions,
)

# Escaped characters become private-use characters while the syntax is read, then come back.
_ESCAPE = re.compile(r"\\([\\~=#{}:n])")
_PLACEHOLDERS = {c: chr(0xE000 + i) for i, c in enumerate("\\~=#{}:n")}
_RESTORE = str.maketrans({v: ("\n" if c == "n" else c) for c, v in _PLACEHOLDERS.items()})
_FORMATS = {"html": None, "moodle": None, "plain": TextFormat.PLAIN, "markdown": TextFormat.MARKDOWN}
_FORMAT_PREFIX = re.compile(r"\s*\[(html|moodle|plain|markdown)\]")
_WEIGHT = re.compile(r"\s*%([^%]*)%")
_MARKER = re.compile(r"[=~]")
_TRUE = {"T", "TRUE"}
_FALSE = {"F", "FALSE"}
MISSING_WORD_BLANK = "_____"


@dataclass
class _Block:
    """The lines of one question (comments emptied, so offsets still map to lines)."""

    first_line: int
    text: str

    def line_at(self, offset: int) -> int:
        return self.first_line + self.text.count("\n", 0, offset)


class _Problem(Exception):
    def __init__(self, message, offset: int | None = None):
        self.message = message
        self.offset = offset


def parse_gift(text: str | bytes) -> ParseResult:
    """A GIFT file (text, or UTF-8 bytes with or without a BOM) to a bank, or every problem."""
    if isinstance(text, bytes):
        if len(text) > MAX_FILE_BYTES:
            return file_too_large()
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = text.count(b"\n", 0, error.start) + 1
            return failure(_l("Line %(line)s is not UTF-8 text; save the file as UTF-8.", line=line))
    elif len(text) > MAX_FILE_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        return file_too_large()
    blocks = list(_blocks(text.removeprefix("\ufeff")))
    if sum(1 for b in blocks if not _is_category_only(b)) > MAX_QUESTIONS:
        return too_many_questions()
    return _bank(blocks)


def _blocks(text: str):
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    current: list[str] = []
    first = 1
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            if "".join(current).strip():
                yield _Block(first, "\n".join(current))
            current, first = [], number + 1
        else:
            current.append("" if stripped.startswith("//") else stripped)
    if "".join(current).strip():
        yield _Block(first, "\n".join(current))


def _is_category_only(block: _Block) -> bool:
    return block.text.strip().startswith("$CATEGORY:") and not block.text.strip().partition("\n")[2].strip()


def _bank(blocks: list[_Block]) -> ParseResult:
    problems = ProblemList()
    questions: list[Question] = []
    category: tuple[str, ...] = ()
    number = 0
    try:
        for block in blocks:
            start = len(block.text) - len(block.text.lstrip())
            if block.text.startswith("$CATEGORY:", start):
                line_end = block.text.find("\n", start)
                line_end = len(block.text) if line_end < 0 else line_end
                category = category_path(block.text[start + len("$CATEGORY:"):line_end])
                if not block.text[line_end:].strip():
                    continue
                block = _Block(block.first_line, "\n" * block.text.count("\n", 0, line_end) + block.text[line_end:])
            number += 1
            _read(block, category, number, problems, questions)
        if number == 0:
            problems.add(_l("The file has no questions."))
    except TooManyProblems:
        pass
    return problems.result(QuestionBank(tuple(questions), "gift"))


def _read(block: _Block, category, number: int, problems: ProblemList, questions: list) -> None:
    source = _ESCAPE.sub(lambda m: _PLACEHOLDERS[m.group(1)], block.text)
    start_line = block.line_at(len(source) - len(source.lstrip()))
    reader = _QuestionReader(source, category, start_line)
    try:
        question = reader.question()
    except _Problem as problem:
        line = block.line_at(problem.offset) if problem.offset is not None else start_line
        problems.add(problem.message, line, reader.name, number)
        return
    for message in question_problems(question):
        problems.add(message, start_line, question.name or None, number)
    questions.append(question)


class _QuestionReader:
    """Reads one question's source (escapes already replaced); raises _Problem at the first
    thing that is wrong, with the offset it is at."""

    def __init__(self, source: str, category: tuple[str, ...], line: int):
        self.source = source
        self.category = category
        self.line = line
        self.name: str | None = None
        self.named = False  # the file gave a ::name::
        self.format = "moodle"

    def question(self) -> Question:
        position = self._read_name()
        position = self._read_format(position)
        opening = self.source.find("{", position)
        closing = self.source.find("}", position)
        self._name_from(self.source[position:min(i for i in (opening, closing, len(self.source)) if i >= 0)])
        if opening < 0:
            if closing >= 0:
                raise _Problem(_l("A closing brace } has no opening brace {."), closing)
            raise _Problem(_l("Question type “%(type)s” is not supported.", type="description"))
        if closing < 0:
            raise _Problem(_l("The answers’ opening brace { has no closing brace }."), opening)
        if closing < opening:
            raise _Problem(_l("A closing brace } has no opening brace {."), closing)
        nested = self.source.find("{", opening + 1, closing)
        if nested >= 0:
            raise _Problem(_l("A brace { inside the answers: write \\{ for a brace in the text."), nested)
        after = self.source[closing + 1:]
        if "{" in after or "}" in after:
            extra = closing + 1 + min(i for i in (after.find("{"), after.find("}")) if i >= 0)
            raise _Problem(_l("A question has one set of answers in braces; found another."), extra)
        before = self.source[position:opening]
        text = before + (MISSING_WORD_BLANK + after if after.strip() else "")
        if not self.named:
            self.name = None  # the name from the text before the braces was for messages only
            self._name_from(text)
        answers_source, _, general_feedback = self.source[opening + 1:closing].partition("####")
        kind, answers = self._answers(answers_source, opening + 1)
        text_value, text_format = self._text(text)
        return Question(
            kind=kind,
            name=self.name or "",
            text=text_value,
            text_format=text_format,
            answers=answers,
            category=self.category,
            general_feedback=self._text(general_feedback)[0],
            line=self.line,
        )

    def _read_name(self) -> int:
        position = len(self.source) - len(self.source.lstrip())
        if not self.source.startswith("::", position):
            return position
        end = self.source.find("::", position + 2)
        if end < 0:
            raise _Problem(_l("The question name starts with :: but has no closing ::."), position)
        self.name = _restore(self.source[position + 2:end]).strip() or None
        self.named = self.name is not None
        return end + 2

    def _read_format(self, position: int) -> int:
        match = _FORMAT_PREFIX.match(self.source, position)
        if not match:
            return position
        self.format = match.group(1)
        return match.end()

    def _name_from(self, text: str) -> None:
        if self.name is None:
            plain = self._text(text)[0].split("\n")[0]
            self.name = plain[:NAME_FROM_TEXT_CHARS] or None

    def _text(self, raw: str) -> tuple[str, TextFormat]:
        """`raw` in the question's format, or in its own if it starts with one ("=[html]<b>x</b>")."""
        text_format = self.format
        own = _FORMAT_PREFIX.match(raw)
        if own:
            text_format, raw = own.group(1), raw[own.end():]
        text = _restore(raw)
        fixed = _FORMATS[text_format]
        if fixed is not None:
            return text.strip(), fixed
        return html_to_text(text, newlines_break=text_format == "moodle"), TextFormat.PLAIN

    def _answers(self, source: str, offset: int) -> tuple[QuestionKind, tuple[Answer, ...]]:
        content = source.strip()
        if not content:
            raise _Problem(_l("Question type “%(type)s” is not supported.", type="essay"))
        if content.startswith("#"):
            return QuestionKind.NUMERIC, self._numeric(source, offset)
        if "~" in content:
            answers = self._marked(source, offset)
            single = any(marker == "=" for marker, *_ in answers)
            kind = QuestionKind.MULTIPLE_CHOICE if single else QuestionKind.MULTIPLE_ANSWER
            return kind, tuple(self._choice(*a) for a in answers)
        if "=" in content and "->" in content:
            raise _Problem(_l("Question type “%(type)s” is not supported.", type="matching"))
        if content.split("#")[0].strip().upper() in _TRUE | _FALSE:
            return QuestionKind.TRUE_FALSE, self._true_false(content)
        answers = self._marked(source, offset)
        return QuestionKind.SHORT_ANSWER, tuple(self._choice(*a) for a in answers)

    def _marked(self, source: str, offset: int) -> list[tuple[str, str, int]]:
        """(marker, body, offset of the marker) for each `=`/`~` answer."""
        markers = list(_MARKER.finditer(source))
        head = source[:markers[0].start()] if markers else source
        if head.strip():
            raise _Problem(_l("“%(text)s” in the answers starts with neither = nor ~.", text=_restore(head).strip()),
                           offset + len(head) - len(head.lstrip()))
        ends = [m.start() for m in markers[1:]] + [len(source)]
        return [(m.group(), source[m.end():end], offset + m.start()) for m, end in zip(markers, ends, strict=True)]

    def _weight(self, body: str, default: Decimal, offset: int) -> tuple[Decimal, str]:
        match = _WEIGHT.match(body)
        if not match:
            return default, body
        try:
            return Decimal(match.group(1).strip()) / 100, body[match.end():]
        except InvalidOperation:
            raise _Problem(_l("The grade “%(grade)s” is not a number.", grade=match.group(1)), offset) from None

    def _choice(self, marker: str, body: str, offset: int) -> Answer:
        fraction, body = self._weight(body, Decimal(1) if marker == "=" else Decimal(0), offset)
        text, _, feedback = body.partition("#")
        return Answer(text=self._text(text)[0], fraction=fraction, feedback=self._text(feedback)[0])

    def _true_false(self, content: str) -> tuple[Answer, ...]:
        verdict, _, feedback = content.partition("#")
        wrong_feedback, _, right_feedback = feedback.partition("#")
        right = verdict.strip().upper() in _TRUE
        wrong_feedback, right_feedback = self._text(wrong_feedback)[0], self._text(right_feedback)[0]
        return (
            Answer("true", Decimal(right), right_feedback if right else wrong_feedback),
            Answer("false", Decimal(not right), wrong_feedback if right else right_feedback),
        )

    def _numeric(self, source: str, offset: int) -> tuple[Answer, ...]:
        hash_at = source.index("#")
        rest, rest_offset = source[hash_at + 1:], offset + hash_at + 1
        if "=" not in rest:
            return (self._number("=", rest, rest_offset),)
        if "~" in rest:
            raise _Problem(_l("A numeric answer is marked with =, not ~."), rest_offset + rest.index("~"))
        return tuple(self._number(*a) for a in self._marked(rest, rest_offset))

    def _number(self, marker: str, body: str, offset: int) -> Answer:
        fraction, body = self._weight(body, Decimal(1), offset)
        answer, _, feedback = body.partition("#")
        answer = _restore(answer).strip()
        low, dots, high = answer.partition("..")
        try:
            if dots:
                low_value, high_value = Decimal(low), Decimal(high)
                if low_value > high_value:
                    raise _Problem(_l("The range “%(answer)s” runs from high to low.", answer=answer), offset)
                value, tolerance = (low_value + high_value) / 2, (high_value - low_value) / 2
            else:
                number, _, tolerance_text = answer.partition(":")
                value, tolerance = Decimal(number), Decimal(tolerance_text or "0")
        except InvalidOperation:
            raise _Problem(_l("“%(answer)s” is not a number.", answer=answer), offset) from None
        return Answer(text=answer, fraction=fraction, feedback=self._text(feedback)[0],
                      value=value, tolerance=tolerance)


def _restore(text: str) -> str:
    return text.translate(_RESTORE)
