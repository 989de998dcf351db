"""R2 70:20:10 for many people at once: the verdicts of check_mix, without its messages.

check_mix builds Fractions and two-language messages for every person; a reminder run or
a report over a whole civil service needs only who passes, who fails and which buckets
are off, then messages for the few people it shows (call check_mix for those). Here each
person's hours per bucket are counted in whole half-hours (what records almost always
add up to), and a bucket is within tolerance when

    abs(100 * hours - target * total) <= tolerance * total

in integers: the same test check_mix makes, scaled by the same factor on both sides, so
the verdicts are identical. An amount that is not a whole number of half-hours (or not a
valid amount at all) is judged by check_mix itself, which also raises where it would.

Verdicts are small integers ("outcomes"): MIX_EMPTY when nothing is recorded, otherwise a
bit mask of the buckets within tolerance (bit i for BUCKETS[i]); MIX_ALL_WITHIN means ok.
Columns are plain sequences, one entry per person, in the order of BUCKETS.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .durations import InvalidDuration, exact_ratio
from .mix import check_mix
from .policy import BUCKETS, Policy

MIX_EMPTY = -1  # nothing recorded: check_mix's `empty` verdict (not ok, no bucket within)
MIX_ALL_WITHIN = 0b111  # every bucket within tolerance: check_mix's `ok`

# check_mix needs bucket names only for its messages, which the fallback throws away.
_SELF_BUCKETS = {bucket: bucket for bucket in BUCKETS}
_UNNAMED = {bucket: (bucket, bucket) for bucket in BUCKETS}


def mix_ok(outcome: int) -> bool:
    """Whether an outcome is check_mix's `ok`."""
    return outcome == MIX_ALL_WITHIN


def mix_failing(outcome: int) -> bool:
    """Whether an outcome is judged and outside the mix (not ok, not empty)."""
    return 0 <= outcome < MIX_ALL_WITHIN


def bucket_within(outcome: int, bucket: str) -> bool:
    """Whether one bucket's share is within tolerance (False for MIX_EMPTY, as check_mix says)."""
    return outcome >= 0 and bool(outcome >> BUCKETS.index(bucket) & 1)


def mix_outcome_of(verdict) -> int:
    """The outcome of a MixVerdict, for comparing the two paths."""
    if verdict.empty:
        return MIX_EMPTY
    return sum(1 << i for i, figures in enumerate(verdict.buckets) if figures.within_tolerance)


def mix_outcomes_in_half_hours(experiential: Iterable[int], social: Iterable[int],
                               formal: Iterable[int], policy: Policy) -> list[int]:
    """Each person's outcome from non-negative whole half-hours per bucket (three columns of
    equal length, else ValueError). The hot loop: one comprehension, no call per person."""
    tolerance = policy.mix_tolerance_points
    targets = (policy.experiential_percent, policy.social_percent, policy.formal_percent)
    # within  <=>  (target - tolerance) * total <= 100 * hours <= (target + tolerance) * total
    low_e, low_s, low_f = (target - tolerance for target in targets)
    high_e, high_s, high_f = (target + tolerance for target in targets)
    return [
        ((low_e * total <= 100 * e <= high_e * total)
         | (low_s * total <= 100 * s <= high_s * total) << 1
         | (low_f * total <= 100 * f <= high_f * total) << 2)
        if (total := e + s + f) else MIX_EMPTY
        for e, s, f in zip(experiential, social, formal, strict=True)
    ]


def _same_length(*columns: Sequence[object]) -> None:
    if len({len(column) for column in columns}) > 1:
        raise ValueError("the three bucket columns must have one entry per person each")


class _HalfHours(dict):
    """Amount of hours -> whole half-hours, or None; filled on first sight of each amount.

    Yearly sums repeat a lot (a few thousand distinct values for a whole civil service),
    so one conversion per distinct amount instead of per person. Numbers that are equal
    hash alike across int, Decimal, Fraction and float, and convert alike.
    """

    def __missing__(self, amount: object) -> int | None:
        try:
            numerator, denominator = exact_ratio(amount, "", "")
        except InvalidDuration:
            half_hours = None
        else:
            half_hours = 2 * numerator // denominator if 2 * numerator % denominator == 0 else None
        self[amount] = half_hours
        return half_hours


def half_hours(amounts: Sequence[object]) -> list[int | None]:
    """Each amount of hours (int, Decimal, Fraction, float) as whole half-hours; None where
    it is not a non-negative whole number of half-hours, or not a valid amount."""
    table = _HalfHours()
    try:
        if bool in set(map(type, amounts)):  # True == 1, but check_mix refuses it
            return [None if amount.__class__ is bool else table[amount] for amount in amounts]
        return list(map(table.__getitem__, amounts))
    except TypeError:  # something unhashable, so not a number: check_mix says what is wrong
        return [None] * len(amounts)


def mix_outcomes(experiential: Sequence[object], social: Sequence[object],
                 formal: Sequence[object], policy: Policy) -> list[int]:
    """Each person's R2 outcome from their hours per bucket (three columns of equal length,
    amounts as check_mix takes them): MIX_EMPTY, or the mask of buckets within tolerance.

    The same verdicts as check_mix. A person with an amount that is not a whole number of
    half-hours is judged by check_mix; an invalid amount (negative, not a number) raises
    InvalidDuration as check_mix does.
    """
    _same_length(experiential, social, formal)
    buckets = (experiential, social, formal)
    if not any(bool in map(type, column) for column in buckets):  # True == 1, but is no amount
        # The common case, in one pass: every amount is whole half-hours. A None (not whole
        # half-hours) makes `e + s + f` raise TypeError, and so does an unhashable amount.
        half_hours_of = _HalfHours().__getitem__
        try:
            return mix_outcomes_in_half_hours(*(map(half_hours_of, column) for column in buckets), policy)
        except TypeError:
            pass
    columns = [half_hours(column) for column in buckets]
    unconverted = sorted({i for column in columns if None in column
                          for i, value in enumerate(column) if value is None})
    for column in columns:
        for i in unconverted:
            column[i] = 0
    outcomes = mix_outcomes_in_half_hours(*columns, policy)
    for i in unconverted:
        hours = dict(zip(BUCKETS, (experiential[i], social[i], formal[i]), strict=True))
        outcomes[i] = mix_outcome_of(check_mix(hours, _SELF_BUCKETS, policy, _UNNAMED))
    return outcomes
