"""Moodle XML question files (Moodle's "Export questions" → Moodle XML) to a QuestionBank.

Parsed with defusedxml: a DTD, entity declaration or external reference is refused before it
can expand (billion laughs, XXE). Expat gives each <question> its line for the messages.
Images, tags, units, hints and Moodle-only settings are left out: Thaksa does not use them.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from flask_babel import lazy_gettext as _l

from .html_text import html_to_text
from .model import Answer, Question, QuestionBank, QuestionKind, TextFormat, question_problems
from .results import (
    MAX_FILE_BYTES,
    MAX_QUESTIONS,
    ImportProblem,
    ParseResult,
    ProblemList,
    TooManyProblems,
    failure,
    file_too_large,
    too_many_questions,
)

_TRUE = {"true", "1"}
_FALSE = {"false", "0"}
_SUPPORTED = {"multichoice", "truefalse", "shortanswer", "numerical"}
# Moodle's top of a category path: the context ($course$, $system$, $module$…) and "top".
_CONTEXT_PREFIX = "$"
NAME_FROM_TEXT_CHARS = 40  # a nameless question is named by its text's start, as Moodle does


class _LineTarget:
    """A TreeBuilder that notes the line each element starts on (expat knows it, the
    element does not)."""

    def __init__(self):
        self.builder = TreeBuilder()
        self.lines: dict[int, int] = {}
        self.expat = None

    def start(self, tag, attrs):
        element = self.builder.start(tag, attrs)
        self.lines[id(element)] = self.expat.CurrentLineNumber
        return element

    def end(self, tag):
        return self.builder.end(tag)

    def data(self, data):
        self.builder.data(data)

    def close(self):
        return self.builder.close()


def parse_moodle_xml(data: bytes) -> ParseResult:
    """A Moodle XML file (UTF-8, with or without a BOM) to a bank, or every problem found."""
    if len(data) > MAX_FILE_BYTES:
        return file_too_large()
    target = _LineTarget()
    parser = DefusedXMLParser(target=target, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    target.expat = parser.parser
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException:
        message = _l("The file declares a DTD or entities, which are refused for safety. "
                     "Export the questions from Moodle again as Moodle XML.")
        return ParseResult(None, (ImportProblem(message, parser.parser.CurrentLineNumber),))
    except ParseError as error:
        line = error.position[0] if error.position else None
        message = _l("The file is not well-formed XML (%(detail)s).", detail=_expat_detail(error))
        return ParseResult(None, (ImportProblem(message, line),))
    if root.tag != "quiz":
        return failure(_l("This is not a Moodle XML question file: it starts with <%(tag)s>, not <quiz>.",
                          tag=root.tag))
    elements = root.findall("question")
    if sum(1 for e in elements if e.get("type") != "category") > MAX_QUESTIONS:
        return too_many_questions()
    return _bank(elements, target.lines)


def _expat_detail(error: ParseError) -> str:
    # "mismatched tag: line 3, column 2" → "mismatched tag": the line is given apart.
    return str(error).split(":")[0]


def _bank(elements: list[Element], lines: dict[int, int]) -> ParseResult:
    problems = ProblemList()
    questions: list[Question] = []
    category: tuple[str, ...] = ()
    number = 0
    try:
        for element in elements:
            kind = element.get("type", "")
            if kind == "category":
                category = category_path(element.findtext("category/text") or "")
                continue
            number += 1
            line = lines.get(id(element))
            reader = _QuestionReader(element, lines, category)
            question = reader.question()
            for message, where in reader.problems:
                problems.add(message, where or line, reader.name or None, number)
            if question is not None:
                for message in question_problems(question):
                    problems.add(message, line, question.name or None, number)
                questions.append(question)
        if number == 0:
            problems.add(_l("The file has no questions."))
    except TooManyProblems:
        pass
    return problems.result(QuestionBank(tuple(questions), "moodle_xml"))


def category_path(path: str) -> tuple[str, ...]:
    """A Moodle category ("$course$/top/Skills/Data") as a path from the top: ("Skills", "Data")."""
    # Moodle writes a "/" inside a category name as "//".
    parts = [p.replace("\0", "/").strip() for p in path.replace("//", "\0").split("/")]
    parts = [p for p in parts if p]
    if parts and parts[0].startswith(_CONTEXT_PREFIX):
        parts = parts[1:]
    if parts and parts[0] == "top":
        parts = parts[1:]
    return tuple(parts)


class _QuestionReader:
    """Reads one <question>; what is wrong goes to `problems` as (message, line or None)."""

    def __init__(self, element: Element, lines: dict[int, int], category: tuple[str, ...]):
        self.element = element
        self.lines = lines
        self.category = category
        self.problems: list[tuple[object, int | None]] = []
        self.moodle_type = element.get("type", "")
        text, self.text_format = _formatted_text(element.find("questiontext"))
        self.text = text
        name = (element.findtext("name/text") or "").strip()
        self.name = name or _name_from_text(text)

    def question(self) -> Question | None:
        if self.moodle_type not in _SUPPORTED:
            self._problem(_l("Question type “%(type)s” is not supported.", type=self.moodle_type or "?"))
            return None
        kind, answers = self._kind_and_answers()
        if kind is None:
            return None
        general_feedback, _format = _formatted_text(self.element.find("generalfeedback"))
        return Question(
            kind=kind,
            name=self.name,
            text=self.text,
            text_format=self.text_format,
            answers=answers,
            category=self.category,
            default_mark=self._default_mark(),
            general_feedback=general_feedback,
            shuffle=self._flag("shuffleanswers", default=True),
            case_sensitive=self._flag("usecase", default=False),
            line=self.lines.get(id(self.element)),
        )

    def _kind_and_answers(self) -> tuple[QuestionKind | None, tuple[Answer, ...]]:
        answers = []
        for element in self.element.findall("answer"):
            answer = self._answer(element)
            if answer is not None:
                answers.append(answer)
        if len(answers) != len(self.element.findall("answer")):
            return None, ()
        if self.moodle_type == "multichoice":
            single = self._flag("single", default=True)
            return (QuestionKind.MULTIPLE_CHOICE if single else QuestionKind.MULTIPLE_ANSWER), tuple(answers)
        if self.moodle_type == "truefalse":
            return QuestionKind.TRUE_FALSE, tuple(answers)
        if self.moodle_type == "shortanswer":
            return QuestionKind.SHORT_ANSWER, tuple(answers)
        # Numerical: a "*" answer matches anything else; it only carries feedback, and Thaksa
        # gives a wrong answer no credit anyway.
        return QuestionKind.NUMERIC, tuple(a for a in answers if not (a.text == "*" and a.fraction == 0))

    def _answer(self, element: Element) -> Answer | None:
        line = self.lines.get(id(element))
        fraction = self._fraction(element.get("fraction", "0"), line)
        feedback, _format = _formatted_text(element.find("feedback"))
        if self.moodle_type == "multichoice":
            text, _format = _formatted_text(element)
        else:
            text = (element.findtext("text") or "").strip()
        if self.moodle_type == "truefalse":
            text = text.lower()
        value = tolerance = None
        if self.moodle_type == "numerical" and text != "*":
            value = _decimal(text)
            if value is None:
                self._problem(_l("“%(answer)s” is not a number.", answer=text), line)
                return None
            tolerance_text = (element.findtext("tolerance") or "0").strip()
            tolerance = _decimal(tolerance_text)
            if tolerance is None or tolerance < 0:
                self._problem(_l("The tolerance “%(tolerance)s” must be a number, 0 or more.",
                                 tolerance=tolerance_text), line)
                return None
        if fraction is None:
            return None
        return Answer(text=text, fraction=fraction, feedback=feedback, value=value, tolerance=tolerance)

    def _fraction(self, raw: str, line: int | None) -> Decimal | None:
        percentage = _decimal(raw)
        if percentage is None:
            self._problem(_l("The grade “%(grade)s” is not a number.", grade=raw), line)
            return None
        return percentage / 100

    def _default_mark(self) -> Decimal:
        raw = (self.element.findtext("defaultgrade") or "1").strip()
        mark = _decimal(raw)
        if mark is None:
            self._problem(_l("The default mark “%(mark)s” is not a number.", mark=raw))
            return Decimal(1)
        return Decimal(format(mark.normalize(), "f"))  # "1.0000000" → 1

    def _flag(self, tag: str, default: bool) -> bool:
        raw = (self.element.findtext(tag) or "").strip().lower()
        if raw in _TRUE:
            return True
        if raw in _FALSE:
            return False
        if raw:
            self._problem(_l("<%(tag)s> must be true or false, not “%(value)s”.", tag=tag, value=raw))
        return default

    def _problem(self, message, line: int | None = None) -> None:
        self.problems.append((message, line))


def _formatted_text(element: Element | None) -> tuple[str, TextFormat]:
    """The text of a Moodle <questiontext>, <feedback>… by its format attribute."""
    if element is None:
        return "", TextFormat.PLAIN
    raw = element.findtext("text") or ""
    text_format = element.get("format", "html")
    if text_format == "markdown":
        return raw.strip(), TextFormat.MARKDOWN
    if text_format == "plain_text":
        return raw.strip(), TextFormat.PLAIN
    return html_to_text(raw, newlines_break=text_format == "moodle_auto_format"), TextFormat.PLAIN


def _name_from_text(text: str) -> str:
    first_line = text.strip().split("\n")[0]
    return first_line[:NAME_FROM_TEXT_CHARS]


def _decimal(raw: str) -> Decimal | None:
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
