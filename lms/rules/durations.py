"""Validation of durations: learning-record hours and classroom-session minutes.

Values arrive from forms, course files and imports, so a number may come as an
int, a Decimal, a float or a numeric string. Everything is converted to an exact
Fraction (floats through their shortest decimal form, so 1.1 means 11/10);
NaN, infinities, booleans and non-numeric text are refused.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from .verdict import Bilingual

MAX_RECORD_HOURS_PER_DAY = 24
MAX_SESSION_MINUTES = 12 * 60


class InvalidDuration(Bilingual, ValueError):
    """A duration that cannot be right: negative, not a number, or impossibly long.

    `value` is what was given; `message(language)` explains it; str() is the English
    message.
    """

    def __init__(self, value: object, message_th: str, message_en: str) -> None:
        super().__init__(message_en)
        self.value = value
        self.message_th = message_th
        self.message_en = message_en


def _shown(value: object) -> str:
    """The value as the person typed it, for quoting in a message."""
    if isinstance(value, str):
        return repr(value)
    return str(value)


def _ratio(value: object) -> tuple[int, int] | None:
    """Exact (numerator, denominator) of a finite number or numeric string; None if not one."""
    if isinstance(value, bool):  # bool is an int subclass, but True hours is a mistake
        return None
    if isinstance(value, int):
        return value, 1
    if isinstance(value, Fraction):
        return value.numerator, value.denominator
    if isinstance(value, float):
        return Decimal(repr(value)).as_integer_ratio() if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            value = Decimal(value.strip())
        except InvalidOperation:
            return None
    if isinstance(value, Decimal):
        return value.as_integer_ratio() if value.is_finite() else None
    return None


def exact_ratio(value: object, what_th: str, what_en: str) -> tuple[int, int]:
    """A non-negative finite number as an exact (numerator, denominator) pair.

    The integer form lets hot paths (R2 over a whole civil service) avoid building
    Fractions. Raises InvalidDuration naming `what` and the value otherwise.
    """
    ratio = _ratio(value)
    if ratio is None:
        raise InvalidDuration(
            value,
            f"{what_th}ต้องเป็นตัวเลข (ได้รับ {_shown(value)})",
            f"{what_en} must be a number (got {_shown(value)})",
        )
    if ratio[0] < 0:
        raise InvalidDuration(
            value,
            f"{what_th}ต้องไม่ติดลบ (ได้รับ {_shown(value)})",
            f"{what_en} cannot be negative (got {_shown(value)})",
        )
    return ratio


def exact_amount(value: object, what_th: str, what_en: str) -> Fraction:
    """Convert a non-negative finite number to an exact Fraction (floats by their
    shortest decimal form). Raises InvalidDuration naming `what` and the value otherwise."""
    return Fraction(*exact_ratio(value, what_th, what_en))


def validate_record_hours(value: object) -> Decimal:
    """Check the hours of one learning record (one day) and return them as a Decimal.

    Valid: a number from 0 to 24 inclusive. Zero is allowed (attendance without
    credited time); more than 24 hours cannot happen in one day.
    """
    hours = exact_amount(value, "จำนวนชั่วโมงการเรียนรู้", "Learning hours")
    if hours > MAX_RECORD_HOURS_PER_DAY:
        raise InvalidDuration(
            value,
            f"บันทึกการเรียนรู้หนึ่งรายการต้องไม่เกิน {MAX_RECORD_HOURS_PER_DAY} ชั่วโมงต่อวัน"
            f" (ได้รับ {_shown(value)})",
            f"A learning record cannot be more than {MAX_RECORD_HOURS_PER_DAY} hours in one day"
            f" (got {_shown(value)})",
        )
    return Decimal(hours.numerator) / Decimal(hours.denominator)


def validate_session_minutes(value: object) -> int:
    """Check the length of one classroom session and return it as whole minutes.

    Valid: a whole number of minutes, more than 0 and at most 720 (12 hours).
    """
    minutes = exact_amount(value, "ระยะเวลาของช่วงการสอน", "Session length")
    if minutes.denominator != 1:
        raise InvalidDuration(
            value,
            f"ระยะเวลาของช่วงการสอนต้องเป็นจำนวนนาทีเต็ม (ได้รับ {_shown(value)})",
            f"Session length must be a whole number of minutes (got {_shown(value)})",
        )
    if minutes == 0:
        raise InvalidDuration(
            value,
            f"ระยะเวลาของช่วงการสอนต้องมากกว่า 0 นาที (ได้รับ {_shown(value)})",
            f"Session length must be more than 0 minutes (got {_shown(value)})",
        )
    if minutes > MAX_SESSION_MINUTES:
        raise InvalidDuration(
            value,
            f"ช่วงการสอนหนึ่งช่วงต้องไม่เกิน {MAX_SESSION_MINUTES} นาที (12 ชั่วโมง)"
            f" (ได้รับ {_shown(value)})",
            f"A session cannot be longer than {MAX_SESSION_MINUTES} minutes (12 hours)"
            f" (got {_shown(value)})",
        )
    return minutes.numerator
