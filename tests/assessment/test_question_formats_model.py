"""The kind checks on a question, HTML to text, and how a problem reads."""

from decimal import Decimal

from flask_babel import force_locale
from hypothesis import given, settings
from hypothesis import strategies as st

from lms.assessment.question_formats import Answer, ImportProblem, Question, QuestionKind, question_problems
from lms.assessment.question_formats.html_text import html_to_text
from lms.assessment.question_formats.moodle_xml import parse_moodle_xml


def answers(*fractions: str) -> tuple[Answer, ...]:
    return tuple(Answer(f"choice {i}", Decimal(f)) for i, f in enumerate(fractions))


def problems(kind, answer_tuple, **fields) -> list[str]:
    question = Question(kind=kind, name="Q", text=fields.pop("text", "Text?"), answers=answer_tuple, **fields)
    with force_locale("en"):
        return [str(p) for p in question_problems(question)]


def test_a_multiple_choice_may_give_partial_credit_and_penalties_but_needs_a_full_answer(app):
    with app.test_request_context():
        assert problems(QuestionKind.MULTIPLE_CHOICE, answers("1", "0.5", "-0.25")) == []
        assert problems(QuestionKind.MULTIPLE_CHOICE, answers("0.9", "0")) == [
            "No choice is fully right: one choice must be worth 100%."]


def test_multiple_answer_right_choices_add_to_one_within_a_hundredth(app):
    with app.test_request_context():
        assert problems(QuestionKind.MULTIPLE_ANSWER, answers("0.3333333", "0.3333333", "0.3333333", "-1")) == []
        assert problems(QuestionKind.MULTIPLE_ANSWER, answers("0.5", "0.48")) == [
            "The right choices add up to 98%; they must add up to 100%."]


def test_negative_grades_only_for_choices(app):
    short = (Answer("a", Decimal(1)), Answer("b", Decimal("-0.5")))
    with app.test_request_context():
        assert problems(QuestionKind.SHORT_ANSWER, short) == [
            "The grade -50% of “b” is outside 0% to 100%."]


def test_numeric_tolerance_must_not_be_negative(app):
    numeric = (Answer("3:-1", Decimal(1), value=Decimal(3), tolerance=Decimal(-1)),)
    with app.test_request_context():
        assert problems(QuestionKind.NUMERIC, numeric) == ["The tolerance of “3:-1” must be a number, 0 or more."]


def test_empty_text_long_names_and_zero_marks(app):
    tf = (Answer("true", Decimal(1)), Answer("false", Decimal(0)))
    with app.test_request_context():
        assert problems(QuestionKind.TRUE_FALSE, tf, text=" ", default_mark=Decimal(0)) == [
            "The question has no text.", "The default mark must be more than 0."]
        assert problems(QuestionKind.TRUE_FALSE, tf, text="x" * 20_001) == [
            "The question text or its feedback is longer than 20000 characters."]


def test_html_becomes_text_with_its_line_breaks():
    html = "<h2>หัวข้อ</h2><p>หนึ่ง&nbsp;&amp;<br/>สอง</p><ul><li>ก</li><li>ข</li></ul><p>&lt;b&gt; is a tag</p>"

    assert html_to_text(html) == "หัวข้อ\n\nหนึ่ง\xa0&\nสอง\n\nก\nข\n\n<b> is a tag"


def test_scripts_styles_and_frames_vanish_whole():
    html = "<script>alert(1)</script><style>body{}</style><iframe>x</iframe><p onclick='x()'>Safe</p>"

    assert html_to_text(html) == "Safe"


def test_a_problem_reads_with_what_is_known(app):
    with app.test_request_context(), force_locale("en"):
        assert str(ImportProblem("Broken.", line=4, question="Q1")) == "Line 4, Q1: Broken."
        assert str(ImportProblem("Broken.", line=4, number=2)) == "Line 4, question 2: Broken."
        assert str(ImportProblem("Broken.", question="Q1")) == "Q1: Broken."
        assert str(ImportProblem("Broken.", line=4)) == "Line 4: Broken."
        assert str(ImportProblem("Broken.")) == "Broken."


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(lambda t: f"<quiz>{t}</quiz>".encode()))
def test_any_bytes_give_a_bank_or_errors_never_a_crash(data):
    result = parse_moodle_xml(data)

    assert (result.bank is None) == bool(result.errors)
