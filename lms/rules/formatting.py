"""Number and list formatting for verdict messages, in Thai and English.

Messages are plain sentences for civil servants, so numbers are short: whole
numbers when whole, otherwise one decimal (percent) or the next half hour (hours).
Callers nudge a rounded figure that would contradict its verdict (a failing
60.04% is shown as 60.1%, not 60%).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction


def round_tenths(value: Fraction) -> Fraction:
    """Round an exact value to one decimal place, halves up."""
    return Fraction(math.floor(value * 10 + Fraction(1, 2)), 10)


def tenths_text(tenths: int) -> str:
    """Show a whole number of tenths: 700 -> "70", 667 -> "66.7"."""
    whole, tenth = divmod(abs(tenths), 10)
    sign = "-" if tenths < 0 else ""
    return f"{sign}{whole}" if tenth == 0 else f"{sign}{whole}.{tenth}"


def format_tenths(value: Fraction) -> str:
    """Show a value already rounded to tenths: "70" when whole, else "66.7"."""
    tenths = value * 10
    if tenths.denominator != 1:
        raise ValueError(f"{value} is not a multiple of 0.1")
    return tenths_text(tenths.numerator)


def tenths_half_up(numerator: int, denominator: int) -> int:
    """numerator/denominator in tenths, rounded half up (denominator > 0), in integers."""
    return (20 * numerator + denominator) // (2 * denominator)


def halves_up(numerator: int, denominator: int) -> int:
    """numerator/denominator in halves, rounded up (denominator > 0), in integers."""
    return -((-2 * numerator) // denominator)


def hours_text(value: Decimal | Fraction | int | float | None) -> str:
    """Hours as people write them: 20.00 -> "20", 1.50 -> "1.5", 0.25 -> "0.25" (two places
    at most, no trailing zeros); None -> "0"."""
    if value is None:
        return "0"
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    text = f"{Decimal(value).quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_hours_up(value: Fraction) -> str:
    """Format hours rounded up to the next half hour: "34", "2.5" (never understated)."""
    return tenths_text(5 * halves_up(value.numerator, value.denominator))


def hours_en(text: str) -> str:
    """English unit for an already formatted number of hours ("1 hour", "2.5 hours")."""
    return f"{text} hour" if text == "1" else f"{text} hours"


def minutes_en(count: int) -> str:
    """English unit for a whole number of minutes ("1 minute", "34 minutes")."""
    return f"{count} minute" if count == 1 else f"{count} minutes"


def join_en(items: Sequence[str], word: str = "and") -> str:
    """Join a list in English: "a", "a and b", "a, b and c" (or with `word`, e.g. "or")."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def join_th(items: Sequence[str], word: str = "และ") -> str:
    """Join a list in Thai: "ก", "ก และ ข", "ก ข และ ค" (Thai lists use spaces, not commas;
    `word` may be another conjunction, e.g. "หรือ")."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return " ".join(items[:-1]) + f" {word} " + items[-1]


def in_sentence_en(name: str) -> str:
    """An English name as it reads inside a sentence: "Self-learning" -> "self-learning";
    a leading acronym stays ("ICT training")."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name
