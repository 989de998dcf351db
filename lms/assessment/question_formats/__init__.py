"""Question banks from Moodle: Moodle XML and GIFT files parsed into plain, checked questions.

Pure: bytes in, a ParseResult out (a whole QuestionBank, or no bank and every problem found,
each naming the question and line). The caller stores the bank; nothing here touches the
database or the request.
"""

from .gift import parse_gift
from .model import Answer, Question, QuestionBank, QuestionKind, TextFormat, question_problems
from .moodle_xml import parse_moodle_xml
from .results import MAX_FILE_BYTES, MAX_PROBLEMS, MAX_QUESTIONS, ImportProblem, ParseResult

__all__ = [
    "MAX_FILE_BYTES", "MAX_PROBLEMS", "MAX_QUESTIONS", "Answer", "ImportProblem", "ParseResult",
    "Question", "QuestionBank", "QuestionKind", "TextFormat", "parse_gift", "parse_moodle_xml",
    "parse_question_file", "question_problems",
]


def parse_question_file(data: bytes) -> ParseResult:
    """A question file of either format: Moodle XML when it starts with "<", else GIFT."""
    if data.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<"):
        return parse_moodle_xml(data)
    return parse_gift(data)
