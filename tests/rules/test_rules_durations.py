"""Validation of record hours and session minutes."""

from decimal import Decimal
from fractions import Fraction

import pytest

from lms.rules import InvalidDuration, validate_record_hours, validate_session_minutes


@pytest.mark.parametrize("value, expected", [
    (0, Decimal(0)), (7, Decimal(7)), (24, Decimal(24)), (1.5, Decimal("1.5")),
    ("7.25", Decimal("7.25")), (Decimal("0.5"), Decimal("0.5")), (Fraction(3, 4), Decimal("0.75")),
])
def test_valid_record_hours(value, expected):
    assert validate_record_hours(value) == expected


@pytest.mark.parametrize("value", [
    -0.5, 24.01, 25, "25", float("nan"), float("inf"), Decimal("NaN"), True, False, "abc",
    "", None, [3],
])
def test_invalid_record_hours(value):
    with pytest.raises(InvalidDuration) as caught:
        validate_record_hours(value)
    assert caught.value.value is value


def test_record_error_names_the_value_in_both_languages():
    with pytest.raises(InvalidDuration) as caught:
        validate_record_hours(25)
    error = caught.value
    assert str(error) == error.message_en == (
        "A learning record cannot be more than 24 hours in one day (got 25)")
    assert error.message_th == "บันทึกการเรียนรู้หนึ่งรายการต้องไม่เกิน 24 ชั่วโมงต่อวัน (ได้รับ 25)"
    with pytest.raises(InvalidDuration, match=r"cannot be negative \(got -1\)"):
        validate_record_hours(-1)
    with pytest.raises(InvalidDuration, match=r"must be a number \(got 'abc'\)"):
        validate_record_hours("abc")


@pytest.mark.parametrize("value, expected", [(1, 1), (90, 90), (720, 720), ("45", 45), (60.0, 60)])
def test_valid_session_minutes(value, expected):
    result = validate_session_minutes(value)
    assert result == expected and type(result) is int


@pytest.mark.parametrize("value, fragment", [
    (0, "more than 0 minutes (got 0)"),
    (721, "longer than 720 minutes (12 hours) (got 721)"),
    (-5, "cannot be negative (got -5)"),
    (30.5, "whole number of minutes (got 30.5)"),
    (float("nan"), "must be a number (got nan)"),
    (True, "must be a number (got True)"),
    ("an hour", "must be a number (got 'an hour')"),
])
def test_invalid_session_minutes(value, fragment):
    with pytest.raises(InvalidDuration) as caught:
        validate_session_minutes(value)
    assert fragment in str(caught.value)
    assert caught.value.message_th  # a Thai message too
    assert isinstance(caught.value, ValueError)
