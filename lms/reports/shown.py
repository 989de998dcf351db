"""Numbers as the report shows them, in the reader's language: counts and hours with
thousands separators ("1,234.5"), percentages to one decimal place. Exports keep the plain
values; only pages and documents format."""

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

from ..core.i18n import current_language

TENTH = Decimal("0.1")
HUNDREDTH = Decimal("0.01")


def percent_of(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """part / whole as a percentage with one decimal place (halves up); None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TENTH, ROUND_HALF_UP)


def per(amount: Decimal, count: int) -> Decimal | None:
    """amount / count to two decimal places (halves up); None when count is 0."""
    if not count:
        return None
    return (Decimal(amount) / count).quantize(HUNDREDTH, ROUND_HALF_UP)


def count_shown(value: int | None) -> str:
    """A whole number: "12,345"; "–" for None."""
    return "–" if value is None else format_decimal(value, format="#,##0", locale=current_language())


def hours_shown(value: Decimal | None) -> str:
    """Hours with at most one decimal: "1,234.5", "20"; "–" for None."""
    if value is None:
        return "–"
    return format_decimal(Decimal(value).quantize(TENTH, ROUND_HALF_UP), format="#,##0.#",
                          locale=current_language())


def percent_shown(value: Decimal | None) -> str:
    """A percentage as the report shows it: "66.7%"; "–" when there is nothing to divide."""
    if value is None:
        return "–"
    return format_decimal(value, format="#,##0.#", locale=current_language()) + "%"
