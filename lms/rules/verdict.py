"""The common shape of every rule's answer."""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from decimal import Decimal
from fractions import Fraction

LANGUAGES = ("th", "en")


class Bilingual:
    """Anything that explains itself in Thai (`message_th`) and English (`message_en`):
    verdicts, refused values, course-file problems. `message(language)` is the one way
    to pick the reader's language."""

    message_th: str
    message_en: str

    def message(self, language: str = "en") -> str:
        """The message in "th" or "en"; any other language is a caller's bug (ValueError)."""
        if language == "th":
            return self.message_th
        if language == "en":
            return self.message_en
        raise ValueError(f"unknown language {language!r}; expected one of {LANGUAGES}")


@dataclass(frozen=True, kw_only=True)
class Verdict(Bilingual):
    """What a rule found.

    `ok` says whether the rule is met. `empty` marks "nothing to judge yet" (no
    learning recorded, no session planned, no group proposed): such a verdict is
    not ok, but callers should show its message rather than a failure.
    `policy_version` names the policy used, or is None for rules without ratios.
    Each rule's subclass adds the figures behind the verdict.
    """

    rule: str
    ok: bool
    policy_version: str | None
    message_th: str
    message_en: str
    empty: bool = False

    def as_dict(self) -> dict:
        """All fields as JSON-friendly values (exact figures become rounded numbers)."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}


def _plain(value: object) -> object:
    if isinstance(value, Fraction | Decimal):
        return as_number(value)
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


def as_number(value: Fraction | Decimal | int | None, places: int = 2) -> int | float | None:
    """A JSON-friendly copy of an exact figure: ints stay ints, others are rounded floats."""
    if value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction) and value.denominator == 1:
        return value.numerator
    return round(float(value), places)


class UnknownSlug(ValueError):
    """A slug the rule does not know (a learning method, phase, kind …): a caller's bug
    or reference data out of step, never something to guess around."""

    def __init__(self, what: str, slug: object, expected: object) -> None:
        super().__init__(f"unknown {what} {slug!r}; expected one of {expected}")
        self.what = what
        self.slug = slug
