"""GIFT question banks: the syntax Moodle documents, Thai text, and errors with their lines."""

from decimal import Decimal

import pytest
from flask_babel import force_locale
from hypothesis import given, settings
from hypothesis import strategies as st

from lms.assessment.question_formats import (
    MAX_FILE_BYTES,
    MAX_QUESTIONS,
    QuestionKind,
    TextFormat,
    parse_gift,
    parse_question_file,
)

BANK = r"""// ชุดคำถามตัวอย่าง: ทักษะดิจิทัล
$CATEGORY: $course$/top/ทักษะดิจิทัล/ความปลอดภัย

::รหัสผ่าน::รหัสผ่านแบบใด\{ปลอดภัย\}ที่สุด? {
  =วลียาวที่จำได้#ถูกต้อง
  ~วันเกิด#เดาง่าย
  ~123456
}

::Good practice:: Which are good practice? {
  ~%50%A password manager
  ~%50%Two-factor sign-in
  ~%-100%The same password everywhere
  ####Use both.
}

// True/false with feedback for a wrong and for a right answer
::PDPA::PDPA protects personal data.{TRUE#No, it does.#Yes.}

::Phishing::[html]<p>Is this <b>safe</b>?</p><script>alert(1)</script>{F}

::Capital::The capital of Thailand is {=Bangkok =กรุงเทพมหานคร =%50%Krung Thep}.

$CATEGORY: Numbers

::Pi::[markdown]What is **pi** to two places? {#3.14:0.005}

::Range::Pick a number from 1 to 5. {#1..5}

::Year::When was the PDPA enacted? {#
  =2019:0#Exactly.
  =%50%2019:1#Close.
}

Escapes\: a\~b \= c \# d\nnext line {=yes}
"""


def english(errors) -> list[str]:
    with force_locale("en"):
        return [str(e) for e in errors]


def test_every_kind_is_read_in_file_order():
    result = parse_gift(BANK)

    assert result.errors == ()
    assert [(q.kind, q.name) for q in result.bank.questions] == [
        (QuestionKind.MULTIPLE_CHOICE, "รหัสผ่าน"),
        (QuestionKind.MULTIPLE_ANSWER, "Good practice"),
        (QuestionKind.TRUE_FALSE, "PDPA"),
        (QuestionKind.TRUE_FALSE, "Phishing"),
        (QuestionKind.SHORT_ANSWER, "Capital"),
        (QuestionKind.NUMERIC, "Pi"),
        (QuestionKind.NUMERIC, "Range"),
        (QuestionKind.NUMERIC, "Year"),
        (QuestionKind.SHORT_ANSWER, "Escapes: a~b = c # d"),
    ]
    assert result.bank.source_format == "gift"


def test_multiple_choice_keeps_thai_text_escapes_and_feedback():
    choice = parse_gift(BANK).bank.questions[0]

    assert choice.text == "รหัสผ่านแบบใด{ปลอดภัย}ที่สุด?"
    assert [(a.text, a.fraction, a.feedback) for a in choice.answers] == [
        ("วลียาวที่จำได้", Decimal(1), "ถูกต้อง"), ("วันเกิด", Decimal(0), "เดาง่าย"), ("123456", Decimal(0), ""),
    ]
    assert choice.line == 4
    assert choice.category == ("ทักษะดิจิทัล", "ความปลอดภัย")


def test_multiple_answer_weights_penalties_and_general_feedback():
    several = parse_gift(BANK).bank.questions[1]

    assert [a.fraction for a in several.answers] == [Decimal("0.5"), Decimal("0.5"), Decimal(-1)]
    assert several.general_feedback == "Use both."


def test_true_false_feedback_goes_to_the_answer_picked():
    pdpa, phishing = parse_gift(BANK).bank.questions[2:4]

    assert [(a.text, a.fraction, a.feedback) for a in pdpa.answers] == [
        ("true", Decimal(1), "Yes."), ("false", Decimal(0), "No, it does."),
    ]
    assert [(a.text, a.fraction) for a in phishing.answers] == [("true", Decimal(0)), ("false", Decimal(1))]
    assert phishing.text == "Is this safe?"  # [html]: tags and the script are gone


def test_short_answer_is_a_missing_word_question_and_case_insensitive():
    capital = parse_gift(BANK).bank.questions[4]

    assert capital.text == "The capital of Thailand is _____."
    assert [(a.text, a.fraction) for a in capital.answers] == [
        ("Bangkok", Decimal(1)), ("กรุงเทพมหานคร", Decimal(1)), ("Krung Thep", Decimal("0.5")),
    ]
    assert capital.case_sensitive is False


def test_numeric_answers_tolerances_and_ranges():
    pi, range_, year = parse_gift(BANK).bank.questions[5:8]

    assert pi.text_format == TextFormat.MARKDOWN and pi.text == "What is **pi** to two places?"
    assert [(a.value, a.tolerance) for a in pi.answers] == [(Decimal("3.14"), Decimal("0.005"))]
    assert [(a.value, a.tolerance) for a in range_.answers] == [(Decimal(3), Decimal(2))]
    assert [(a.value, a.tolerance, a.fraction, a.feedback) for a in year.answers] == [
        (Decimal(2019), Decimal(0), Decimal(1), "Exactly."), (Decimal(2019), Decimal(1), Decimal("0.5"), "Close."),
    ]
    assert pi.category == ("Numbers",)


def test_escapes_and_newline():
    escapes = parse_gift(BANK).bank.questions[8]

    assert escapes.text == "Escapes: a~b = c # d\nnext line"


def test_bytes_with_a_bom_and_windows_line_ends():
    data = b"\xef\xbb\xbf" + BANK.replace("\n", "\r\n").encode()
    result = parse_question_file(data)

    assert result.bank.source_format == "gift"
    assert len(result.bank.questions) == 9
    assert result.bank.questions[0].line == 4


def test_a_question_without_a_name_is_named_by_its_text():
    [question] = parse_gift("Who wrote the guideline? {=The Commission ~Nobody}").bank.questions

    assert question.name == "Who wrote the guideline?"


@pytest.mark.parametrize(("source", "expected"), [
    ("::Essay::Write about yourself. {}", "Line 3, Essay: Question type “essay” is not supported."),
    ("::Match::Match {=Thailand -> Bangkok =Japan -> Tokyo}",
     "Line 3, Match: Question type “matching” is not supported."),
    ("::Note::Only some text.", "Line 3, Note: Question type “description” is not supported."),
    ("::Open::Question {=a ~b", "Line 3, Open: The answers’ opening brace { has no closing brace }."),
    ("::Close::Question =a}", "Line 3, Close: A closing brace } has no opening brace {."),
    ("::Twice::A {=a ~b} and {=c}", "Line 3, Twice: A question has one set of answers in braces; found another."),
    ("::Nested::A {=a {b} ~c}", "Line 3, Nested: A brace { inside the answers: write \\{ for a brace in the text."),
    ("::Name with no end A {=a}", "Line 3, question 2: The question name starts with :: but has no closing ::."),
    ("::Bare::A {a =b}", "Line 3, Bare: “a” in the answers starts with neither = nor ~."),
    ("::Grade::A {~%lots%a =b}", "Line 3, Grade: The grade “lots” is not a number."),
    ("::NaN::A {#three}", "Line 3, NaN: “three” is not a number."),
    ("::Backwards::A {#5..1}", "Line 3, Backwards: The range “5..1” runs from high to low."),
    ("::No right::A {~a ~b}", "Line 3, No right: The right choices add up to 0%; they must add up to 100%."),
    ("::Half::A {=%50%a ~b}", "Line 3, Half: No choice is fully right: one choice must be worth 100%."),
])
def test_each_syntax_error_names_the_question_and_line(app, source, expected):
    result = parse_gift("Fine {=ok ~no}\n\n" + source + "\n")

    assert result.bank is None
    with app.test_request_context():
        assert english(result.errors) == [expected]


def test_the_line_is_where_the_problem_is_inside_a_long_question(app):
    source = "// header\n\n::Long::\nLine one\nline two {\n  =right\n  ~%x%wrong\n}\n"

    with app.test_request_context():
        assert english(parse_gift(source).errors) == ["Line 7, Long: The grade “x” is not a number."]


def test_one_bad_question_among_good_ones_gives_no_bank_and_every_error(app):
    source = "A {=a ~b}\n\n::Bad one::B {}\n\nC {T}\n\n::Bad two::D {#x}\n"
    result = parse_gift(source)

    assert result.bank is None
    with app.test_request_context():
        assert english(result.errors) == [
            "Line 3, Bad one: Question type “essay” is not supported.",
            "Line 7, Bad two: “x” is not a number.",
        ]


def test_comment_lines_do_not_end_a_question_or_shift_lines(app):
    source = "::Q::Text {\n// a comment inside\n=a\n~b\n}\n\n// only comments\n// here\n\n::R:: {=x ~%y%z}\n"
    result = parse_gift(source)

    with app.test_request_context():
        assert english(result.errors) == ["Line 10, R: The grade “y” is not a number."]


def test_a_file_that_is_not_utf8_is_refused_with_its_line(app):
    data = "A {=a ~b}\n\nข้อ {=ก ~ข}\n".encode("cp874")  # Thai in the old Windows code page

    with app.test_request_context():
        assert english(parse_gift(data).errors) == ["Line 3 is not UTF-8 text; save the file as UTF-8."]


def test_empty_and_oversized_files(app):
    with app.test_request_context():
        assert english(parse_gift("// nothing but a comment\n\n$CATEGORY: X\n").errors) == [
            "The file has no questions."]
        assert english(parse_gift("x" * (MAX_FILE_BYTES + 1)).errors) == [
            "The file is larger than 5 MB; split it into smaller files."]
        # Thai letters are three bytes each in UTF-8: the limit is on bytes, not characters.
        assert parse_gift("ก" * (MAX_FILE_BYTES // 3 + 1)).errors[0].message._kwargs == {"megabytes": 5}
        many = "\n\n".join(f"Q{i} {{T}}" for i in range(MAX_QUESTIONS + 1))
        assert english(parse_gift(many).errors) == [
            "The file has more than 2000 questions; split it into smaller files."]


GIFT_PIECES = ["::", "{", "}", "=", "~", "#", "####", "%50%", "%-100%", "T", "FALSE", "\n", "\n\n", " ", "a",
               "ก", "1", "2.5", ":", "..", "->", "\\{", "\\n", "\\", "$CATEGORY: x/y", "// c", "[html]", "<b>"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(GIFT_PIECES), max_size=30).map("".join))
def test_any_text_gives_a_bank_or_errors_never_a_crash(source):
    result = parse_gift(source)

    assert (result.bank is None) == bool(result.errors)


def test_a_category_line_may_head_its_question_and_answers_may_have_their_own_format():
    source = "$CATEGORY: A/B\n::Q::[plain]Text <b> {=[html]<b>yes</b> ~no#[html]<i>why</i>}\n"
    [question] = parse_gift(source).bank.questions

    assert (question.category, question.line, question.text) == (("A", "B"), 2, "Text <b>")
    assert [(a.text, a.feedback) for a in question.answers] == [("yes", ""), ("no", "why")]


def test_messages_are_in_thai_by_default(app):
    result = parse_gift("ข้อ {=ก ~ข}\n\n::ไม่มีชื่อปิด ข้อ {=ก}\n")

    with app.test_request_context():  # Thai is the default language
        assert [str(e) for e in result.errors] == [
            "บรรทัดที่ 3, คำถามข้อที่ 2: ชื่อคำถามขึ้นต้นด้วย :: แต่ไม่มี :: ปิดท้าย"]


def test_a_question_with_no_text_and_no_name_is_named_by_its_number(app):
    result = parse_gift("A {T}\n\n{=a ~b}\n")

    with app.test_request_context():
        assert english(result.errors) == ["Line 3, question 2: The question has no text."]
