"""Numbers and lists in messages."""

from decimal import Decimal
from fractions import Fraction

import pytest

from lms.rules import check_mix
from lms.rules.formatting import (
    format_hours_up,
    halves_up,
    hours_text,
    in_sentence_en,
    join_en,
    join_th,
    round_tenths,
    tenths_half_up,
    tenths_text,
)
from tests.rules.seed import BUCKET_NAMES, SEEDED


@pytest.mark.parametrize("tenths, text", [(700, "70"), (667, "66.7"), (5, "0.5"), (0, "0"),
                                          (-15, "-1.5")])
def test_tenths_text(tenths, text):
    assert tenths_text(tenths) == text


@pytest.mark.parametrize("numerator, denominator, tenths", [
    (2, 3, 7), (1, 3, 3), (1, 20, 1), (1, 21, 0), (200, 3, 667), (5, 1, 50)])
def test_tenths_half_up(numerator, denominator, tenths):
    assert tenths_half_up(numerator, denominator) == tenths


@pytest.mark.parametrize("value, halves, text", [
    (Fraction(34), 68, "34"), (Fraction(1, 100), 1, "0.5"), (Fraction(1, 2), 1, "0.5"),
    (Fraction(51, 100), 2, "1"), (Fraction(30, 7), 9, "4.5"), (Fraction(0), 0, "0")])
def test_hours_are_rounded_up_to_half_hours(value, halves, text):
    assert halves_up(value.numerator, value.denominator) == halves
    assert format_hours_up(value) == text


@pytest.mark.parametrize("value, rounded", [
    (Fraction(6004, 100), 60), (Fraction(6005, 100), Fraction(601, 10)),
    (Fraction(200, 3), Fraction(667, 10)), (Fraction(1, 3), Fraction(3, 10))])
def test_round_tenths_rounds_halves_up(value, rounded):
    assert round_tenths(value) == rounded


def test_lists_are_joined_as_each_language_writes_them():
    assert join_en(["a"]) == "a" and join_en(["a", "b", "c"]) == "a, b and c"
    assert join_th(["ก", "ข", "ค"]) == "ก ข และ ค"
    assert join_en([]) == join_th([]) == ""
    assert join_en(["a", "b", "c"], "or") == "a, b or c" and join_th(["ก", "ข"], "หรือ") == "ก หรือ ข"


@pytest.mark.parametrize("name, in_sentence", [
    ("Self-learning", "self-learning"), ("In-class training", "in-class training"),
    ("ICT training", "ICT training"), ("e-learning", "e-learning"), ("A", "A"), ("", ""),
    ("การฝึกอบรม", "การฝึกอบรม"),
])
def test_english_names_read_in_a_sentence(name, in_sentence):
    assert in_sentence_en(name) == in_sentence


def test_mix_shares_are_rounded_half_up_in_messages():
    bucket_of = {"self-learning": "experiential", "coaching": "social", "training": "formal"}
    verdict = check_mix({"self-learning": 2, "coaching": 1}, bucket_of, SEEDED, BUCKET_NAMES)
    assert verdict.message_en.startswith("The learning mix is 66.7:33.3:0,")


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("20.00"), "20"), (Decimal("1.50"), "1.5"), (Decimal("0.25"), "0.25"), (Decimal("100"), "100"),
    (Decimal("12.345"), "12.34"), (Fraction(25, 2), "12.5"), (Fraction(1, 3), "0.33"), (None, "0"),
    (3, "3"), (2.5, "2.5"), (Decimal("0"), "0"), (Decimal("1234567.5"), "1234567.5"),
])
def test_hours_text_writes_hours_as_people_do(value, text):
    assert hours_text(value) == text
