"""Scoring each kind of question on the server, and the statistics on hand-worked numbers."""

from decimal import Decimal

import pytest

from lms.assessment.quizzes.scoring import answers_json, read_response, slot_fraction
from lms.assessment.quizzes.statistics import ScoredSlot, correlation, question_statistics
from tests.assessment.quiz_factories import ma_question, mc_question, numeric_question, short_question, tf_question

D = Decimal


def slot(question):
    return {"question_id": 1, "kind": question.kind.value, "name": question.name, "text": question.text,
            "text_format": "markdown", "mark": str(question.default_mark), "general_feedback": "",
            "case_sensitive": question.case_sensitive, "answers": answers_json(question.answers),
            "order": list(range(len(question.answers)))}


def test_multiple_choice_right_wrong_and_negative_clamped_at_zero():
    s = slot(mc_question(wrong=("เชียงใหม่",), wrong_grade=D("-0.5")))
    assert slot_fraction(s, 0) == 1
    assert slot_fraction(s, 1) == 0  # -50% of the mark: clamped at 0
    assert slot_fraction(s, None) == 0


def test_multiple_answer_partial_credit_penalties_and_cap():
    s = slot(ma_question())  # 2: 50%, 3: 50%, 4: -50%, 6: -50%
    assert slot_fraction(s, [0, 1]) == 1
    assert slot_fraction(s, [0]) == D("0.5")
    assert slot_fraction(s, [0, 2]) == 0
    assert slot_fraction(s, [0, 1, 2]) == D("0.5")
    assert slot_fraction(s, [2, 3]) == 0  # never below 0


def test_true_false():
    s = slot(tf_question(right="false"))
    assert slot_fraction(s, "false") == 1
    assert slot_fraction(s, "true") == 0


def test_short_answer_case_and_wildcard():
    s = slot(short_question())
    assert slot_fraction(s, " python ") == 1  # case does not matter unless the author says so
    assert slot_fraction(s, "pyqt") == D("0.5")  # "py*"
    assert slot_fraction(s, "java") == 0
    s["case_sensitive"] = True
    assert slot_fraction(s, "python") == D("0.5")  # only the wildcard answer matches now


@pytest.mark.parametrize(("given", "fraction"), [("3.14", 1), ("3.15", 1), ("3.13", 1), ("3.16", 0),
                                                 ("abc", 0), ("NaN", 0), ("Infinity", 0)])
def test_numeric_within_tolerance(given, fraction):
    assert slot_fraction(slot(numeric_question()), given) == fraction


def test_read_response_ignores_values_that_name_no_choice():
    s = slot(mc_question())
    assert read_response(s, ["7"]) is None
    assert read_response(s, ["x"]) is None
    assert read_response(s, ["1"]) == 1
    assert read_response(s, ["0", "1"]) is None  # two picks on a one-answer question
    ma = slot(ma_question())
    assert read_response(ma, ["3", "0", "9", "0"]) == [0, 3]
    assert read_response(slot(tf_question()), ["maybe"]) is None


def test_correlation_hand_worked():
    # x = 1, 2, 3; y = 2, 4, 7: means 2 and 13/3; sxy = 5, sxx = 2, syy = 38/3
    assert correlation([1, 2, 3], [2, 4, 7]) == pytest.approx(5 / (2 * 38 / 3) ** 0.5)
    assert correlation([1, 1], [2, 3]) is None
    assert correlation([1], [2]) is None


def test_facility_and_discrimination_hand_worked():
    # Three attempts at two one-mark questions (A, B) and a two-mark question C.
    attempts = [
        [ScoredSlot(1, 1, 1), ScoredSlot(2, 1, 1), ScoredSlot(3, 2, 2)],  # total 4
        [ScoredSlot(1, 1, 1), ScoredSlot(2, 0, 1), ScoredSlot(3, 1, 2)],  # total 2
        [ScoredSlot(1, 0, 1), ScoredSlot(2, 1, 1), ScoredSlot(3, 0, 2)],  # total 1
    ]
    stats = question_statistics(attempts)
    assert stats[1].facility == pytest.approx(2 / 3)
    assert stats[3].facility == pytest.approx(0.5)
    assert stats[1].attempts == 3
    # A: scores 1, 1, 0; rest of test 3, 1, 1 -> sxy = 2/3, sxx = 2/3, syy = 8/3 -> r = 0.5
    assert stats[1].discrimination == pytest.approx(0.5)
    # B: scores 1, 0, 1; rest 3, 2, 0 -> sxy = -1/3, sxx = 2/3, syy = 14/3 -> r = -1/sqrt(28):
    # the weakest got it right and a stronger one did not
    assert stats[2].discrimination == pytest.approx(-1 / 28 ** 0.5)


def test_statistics_of_a_question_drawn_by_some_attempts_only():
    stats = question_statistics([[ScoredSlot(1, 1, 1)], [ScoredSlot(2, 0, 1)]])
    assert stats[1].attempts == 1 and stats[1].facility == 1 and stats[1].discrimination is None
