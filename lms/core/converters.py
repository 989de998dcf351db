"""URL converters: an id the database cannot hold names no page."""

from werkzeug.routing import IntegerConverter

from .inputs import DB_INT_MAX


def _at_most(limit: int) -> str:
    """A regular expression for the decimal numbers 0..limit (no sign, no leading zeros but 0)."""
    digits = str(limit)
    if len(digits) == 1:
        return f"[0-{digits}]"
    shorter = f"[1-9][0-9]{{0,{len(digits) - 2}}}|0" if len(digits) > 1 else ""
    same_length = []
    for i, digit in enumerate(digits):
        if digit == "0" or (i == 0 and digit == "1"):
            continue
        low = "1" if i == 0 else "0"
        rest = len(digits) - i - 1
        same_length.append(f"{digits[:i]}[{low}-{int(digit) - 1}]" + (f"[0-9]{{{rest}}}" if rest else ""))
    same_length.append(digits)
    return "|".join(filter(None, [shorter, *same_length]))


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` for database ids: 0 to DB_INT_MAX, so a larger id answers 404 instead of
    overflowing the query (PostgreSQL `integer`, SQLite 64 bits). The bound is in the regular
    expression itself: werkzeug then matches no rule at all, so a path whose other methods live
    on another rule answers 404 too, not 405."""

    regex = f"(?:{_at_most(DB_INT_MAX)})"

    def __init__(self, url_map, fixed_digits=0, min=None, max=DB_INT_MAX, signed=False):
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
