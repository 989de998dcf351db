"""Moodle XML question banks: each supported kind, categories, Thai text, and every way a
file is refused (the whole file, never part of it)."""

from decimal import Decimal

import pytest
from flask_babel import force_locale

from lms.assessment.question_formats import (
    MAX_FILE_BYTES,
    MAX_PROBLEMS,
    MAX_QUESTIONS,
    QuestionKind,
    TextFormat,
    parse_moodle_xml,
    parse_question_file,
)

BANK = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category">
    <category><text>$course$/top/ทักษะดิจิทัล/การใช้ข้อมูล</text></category>
  </question>
  <question type="multichoice">
    <name><text>ข้อมูลเปิด</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>ข้อใดคือ <b>ข้อมูลเปิด</b> &amp; ใช้ได้ฟรี?</p><p>เลือก 1 ข้อ<script>alert("x")</script></p>]]></text>
    </questiontext>
    <generalfeedback format="html"><text><![CDATA[<p>ดู data.go.th</p>]]></text></generalfeedback>
    <defaultgrade>2.0000000</defaultgrade>
    <single>true</single>
    <shuffleanswers>0</shuffleanswers>
    <answer fraction="100" format="html">
      <text><![CDATA[<p>ข้อมูลที่ทุกคนใช้ได้</p>]]></text>
      <feedback format="html"><text>ถูกต้อง</text></feedback>
    </answer>
    <answer fraction="0" format="html">
      <text>ข้อมูลลับ</text>
      <feedback format="html"><text></text></feedback>
    </answer>
  </question>
  <question type="multichoice">
    <name><text>Secure passwords</text></name>
    <questiontext format="html"><text>Which are good practice?</text></questiontext>
    <single>false</single>
    <answer fraction="33.33333" format="html"><text>A password manager</text></answer>
    <answer fraction="33.33333" format="html"><text>Two-factor sign-in</text></answer>
    <answer fraction="33.33333" format="html"><text>A long passphrase</text></answer>
    <answer fraction="-100" format="html"><text>The same password everywhere</text></answer>
  </question>
  <question type="category">
    <category><text>$course$/top/Security//Privacy</text></category>
  </question>
  <question type="truefalse">
    <name><text>PDPA</text></name>
    <questiontext format="moodle_auto_format"><text>PDPA protects personal data.
It came into force in 2022.</text></questiontext>
    <answer fraction="100"><text>true</text><feedback><text>Yes.</text></feedback></answer>
    <answer fraction="0"><text>false</text><feedback><text>No.</text></feedback></answer>
  </question>
  <question type="shortanswer">
    <name><text>Capital</text></name>
    <questiontext format="markdown"><text>The **capital** of Thailand?</text></questiontext>
    <usecase>1</usecase>
    <answer fraction="100"><text>Bangkok</text></answer>
    <answer fraction="100"><text>กรุงเทพมหานคร</text></answer>
    <answer fraction="50"><text>Krung Thep</text></answer>
  </question>
  <question type="numerical">
    <name><text>Pi</text></name>
    <questiontext format="plain_text"><text>Pi to two places?</text></questiontext>
    <answer fraction="100"><text>3.14</text><tolerance>0.005</tolerance></answer>
    <answer fraction="50"><text>3</text><tolerance>0</tolerance></answer>
    <answer fraction="0"><text>*</text><feedback><text>Try again.</text></feedback></answer>
  </question>
</quiz>
"""


def quiz(*questions: str) -> bytes:
    return ("<?xml version='1.0' encoding='UTF-8'?>\n<quiz>\n" + "\n".join(questions) + "\n</quiz>\n").encode()


def choice_question(name="Q", fractions=("100", "0"), single="true") -> str:
    answers = "".join(f'<answer fraction="{f}"><text>choice {i}</text></answer>' for i, f in enumerate(fractions))
    return (f'<question type="multichoice"><name><text>{name}</text></name>'
            f'<questiontext format="html"><text>Pick</text></questiontext><single>{single}</single>'
            f"{answers}</question>")


def english(errors) -> list[str]:
    with force_locale("en"):
        return [str(e) for e in errors]


def test_every_supported_kind_is_read_with_its_thai_text_intact():
    result = parse_moodle_xml(BANK.encode())

    assert result.errors == ()
    questions = result.bank.questions
    assert [q.kind for q in questions] == [
        QuestionKind.MULTIPLE_CHOICE, QuestionKind.MULTIPLE_ANSWER, QuestionKind.TRUE_FALSE,
        QuestionKind.SHORT_ANSWER, QuestionKind.NUMERIC,
    ]
    choice = questions[0]
    assert choice.name == "ข้อมูลเปิด"
    assert choice.text == "ข้อใดคือ ข้อมูลเปิด & ใช้ได้ฟรี?\n\nเลือก 1 ข้อ"
    assert choice.general_feedback == "ดู data.go.th"
    assert choice.default_mark == Decimal("2")
    assert choice.shuffle is False
    assert [(a.text, a.fraction, a.feedback) for a in choice.answers] == [
        ("ข้อมูลที่ทุกคนใช้ได้", Decimal(1), "ถูกต้อง"), ("ข้อมูลลับ", Decimal(0), ""),
    ]
    assert choice.line == 6


def test_percentages_become_exact_fractions_with_penalties():
    several = parse_moodle_xml(BANK.encode()).bank.questions[1]

    assert [a.fraction for a in several.answers] == [Decimal("0.3333333")] * 3 + [Decimal(-1)]
    assert several.default_mark == Decimal(1)


def test_categories_apply_to_the_questions_after_them():
    questions = parse_moodle_xml(BANK.encode()).bank.questions

    assert [q.category for q in questions] == [("ทักษะดิจิทัล", "การใช้ข้อมูล")] * 2 + [("Security/Privacy",)] * 3


def test_true_false_short_answer_and_numeric_details():
    _, _, true_false, short, numeric = parse_moodle_xml(BANK.encode()).bank.questions

    assert true_false.text == "PDPA protects personal data.\nIt came into force in 2022."
    assert [(a.text, a.fraction, a.feedback) for a in true_false.answers] == [
        ("true", Decimal(1), "Yes."), ("false", Decimal(0), "No."),
    ]
    assert short.case_sensitive is True
    assert short.text_format == TextFormat.MARKDOWN
    assert short.text == "The **capital** of Thailand?"
    assert [a.text for a in short.answers] == ["Bangkok", "กรุงเทพมหานคร", "Krung Thep"]
    # The "*" catch-all only carries feedback for a wrong answer; it is not an answer.
    assert [(a.value, a.tolerance, a.fraction) for a in numeric.answers] == [
        (Decimal("3.14"), Decimal("0.005"), Decimal(1)), (Decimal(3), Decimal(0), Decimal("0.5")),
    ]


def test_a_byte_order_mark_is_fine_and_the_format_is_recognised():
    result = parse_question_file(b"\xef\xbb\xbf" + BANK.encode())

    assert result.bank.source_format == "moodle_xml"
    assert len(result.bank.questions) == 5


def test_no_html_or_script_survives_in_any_text():
    question = (
        '<question type="multichoice"><name><text>x</text></name>'
        '<questiontext format="html"><text><![CDATA[<img src=x onerror="alert(1)">Hi<style>p{}</style>'
        '<iframe src="javascript:alert(1)">bad</iframe>]]></text></questiontext>'
        '<answer fraction="100"><text><![CDATA[<a href="javascript:alert(1)">yes</a>]]></text>'
        '<feedback><text><![CDATA[<script>steal()</script>ok]]></text></feedback></answer>'
        '<answer fraction="0"><text>no</text></answer></question>'
    )
    choice = parse_moodle_xml(quiz(question)).bank.questions[0]

    assert choice.text == "Hi"
    assert (choice.answers[0].text, choice.answers[0].feedback) == ("yes", "ok")


def test_one_unsupported_question_names_its_type_and_nothing_is_imported(app):
    essay = ('<question type="essay"><name><text>Reflect</text></name>'
             '<questiontext format="html"><text>Write</text></questiontext></question>')
    result = parse_moodle_xml(quiz(choice_question("Fine"), essay))

    assert result.bank is None
    assert not result.ok
    with app.test_request_context():
        assert english(result.errors) == ['Line 4, Reflect: Question type “essay” is not supported.']


@pytest.mark.parametrize("kind", ["matching", "cloze", "calculated", "description", "ddwtos", "random"])
def test_every_other_question_type_is_refused(kind):
    result = parse_moodle_xml(quiz(f'<question type="{kind}"><name><text>X</text></name></question>'))

    assert result.bank is None
    assert result.errors[0].message._kwargs == {"type": kind}


def test_a_bad_fraction_names_the_answer_line(app):
    bad = choice_question("Bad grade", fractions=("100", "lots"))
    result = parse_moodle_xml(quiz(choice_question("Fine"), bad))

    with app.test_request_context():
        assert english(result.errors) == ['Line 4, Bad grade: The grade “lots” is not a number.']


def test_missing_right_answers_and_wrong_sums_are_refused(app):
    no_right = choice_question("No right", fractions=("50", "0"))
    short_sum = choice_question("Half", fractions=("50", "0", "-100"), single="false")
    one_choice = choice_question("Lonely", fractions=("100",))
    short = ('<question type="shortanswer"><name><text>Short</text></name>'
             '<questiontext><text>Q</text></questiontext><answer fraction="50"><text>a</text></answer></question>')
    numeric = ('<question type="numerical"><name><text>Num</text></name><questiontext><text>Q</text></questiontext>'
               '<answer fraction="100"><text>three</text></answer></question>')
    true_false = ('<question type="truefalse"><name><text>TF</text></name><questiontext><text>Q</text></questiontext>'
                  '<answer fraction="100"><text>maybe</text></answer></question>')
    result = parse_moodle_xml(quiz(no_right, short_sum, one_choice, short, numeric, true_false))

    assert result.bank is None
    with app.test_request_context():
        assert english(result.errors) == [
            "Line 3, No right: No choice is fully right: one choice must be worth 100%.",
            "Line 4, Half: The right choices add up to 50%; they must add up to 100%.",
            "Line 5, Lonely: A choice question needs at least two choices.",
            "Line 6, Short: A short-answer question needs at least one accepted answer worth 100%.",
            "Line 7, Num: “three” is not a number.",
            "Line 8, TF: A true/false question needs the answer true or false.",
        ]


def test_a_grade_above_one_hundred_percent_is_refused(app):
    result = parse_moodle_xml(quiz(choice_question("Greedy", fractions=("150", "100"))))

    with app.test_request_context():
        assert english(result.errors) == [
            "Line 3, Greedy: The grade 150% of “choice 0” is outside -100% to 100%.",
            "Line 3, Greedy: No choice is fully right: one choice must be worth 100%.",
        ]


def test_malformed_xml_says_where(app):
    result = parse_moodle_xml(b"<quiz>\n<question type='truefalse'>\n<name><text>x</name>\n</question></quiz>")

    assert result.bank is None
    with app.test_request_context():
        assert english(result.errors) == ["Line 3: The file is not well-formed XML (mismatched tag)."]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<quiz><question type="shortanswer"><name><text>&lol3;</text></name></question></quiz>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="shortanswer"><name><text>&secret;</text></name></question></quiz>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE quiz SYSTEM "http://example.invalid/quiz.dtd">
<quiz/>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD])
def test_entities_and_dtds_are_refused_before_expanding(app, data):
    result = parse_moodle_xml(data)

    assert result.bank is None
    with app.test_request_context():
        [message] = english(result.errors)
    assert message.startswith("Line 2: The file declares a DTD or entities, which are refused for safety.")


def test_other_xml_and_empty_banks_are_refused(app):
    with app.test_request_context():
        assert english(parse_moodle_xml(b"<html><body/></html>").errors) == [
            "This is not a Moodle XML question file: it starts with <html>, not <quiz>."]
        assert english(parse_moodle_xml(b"<quiz></quiz>").errors) == ["The file has no questions."]


def test_an_oversized_file_is_refused_without_parsing(app):
    result = parse_moodle_xml(b" " * (MAX_FILE_BYTES + 1))  # not even XML: it is never read

    with app.test_request_context():
        assert english(result.errors) == ["The file is larger than 5 MB; split it into smaller files."]


def test_too_many_questions_is_one_clear_error(app):
    result = parse_moodle_xml(quiz(*[choice_question(f"Q{i}") for i in range(MAX_QUESTIONS + 1)]))

    with app.test_request_context():
        assert english(result.errors) == ["The file has more than 2000 questions; split it into smaller files."]


def test_errors_stop_at_the_cap_with_a_note(app):
    result = parse_moodle_xml(quiz(*[choice_question(f"Q{i}", fractions=("0", "0")) for i in range(80)]))

    assert len(result.errors) == MAX_PROBLEMS + 1
    with app.test_request_context():
        assert english(result.errors)[-1] == "More problems were found; fix these first and try again."


def test_messages_are_in_thai_by_default(app):
    result = parse_moodle_xml(quiz('<question type="essay"><name><text>เรียงความ</text></name></question>'))

    with app.test_request_context():  # Thai is the default language
        assert [str(e) for e in result.errors] == ["บรรทัดที่ 3, เรียงความ: ยังไม่รองรับคำถามประเภท “essay”"]
