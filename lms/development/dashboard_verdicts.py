"""R2 for the rows of the team table: check_mix's verdicts and shown shares, without its messages.

The table shows, per person, whether the mix is met and each bucket's share and hours, never
the rule's two-language message; check_mix builds that message and a dozen Fractions for every
row. Here the verdicts come from the rules' batch path (`mix_outcomes`, integers in half-hours,
the same verdicts as check_mix) and the shares from the rules' own display rounding. A row with
an amount that is not a whole number of half-hours goes through check_mix itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..rules import BUCKETS, MIX_EMPTY, Policy, bucket_within, check_mix, half_hours, mix_ok, mix_outcomes
from ..rules.formatting import tenths_text
from ..rules.mix import shown_tenths  # the rounding check_mix shows shares with

_SELF_BUCKETS = {bucket: bucket for bucket in BUCKETS}
_UNNAMED = {bucket: (bucket, bucket) for bucket in BUCKETS}  # names go only into the messages


@dataclass(frozen=True)
class RowBucket:
    """One bucket of a row: what check_mix's BucketFigures says of it that the table shows."""

    bucket: str
    hours: Decimal
    shown_share: str | None  # as check_mix shows it ("80.1"); None when nothing is recorded


@dataclass(frozen=True)
class RowVerdict:
    """R2 for one row: check_mix's `empty` and `ok`, the total and the buckets in BUCKETS order."""

    empty: bool
    ok: bool
    total_hours: Decimal
    buckets: tuple[RowBucket, ...]


def row_verdicts(rows: Sequence[Mapping[str, Decimal]], policy: Policy) -> list[RowVerdict]:
    """R2 for each row of hours per bucket (every bucket present), as check_mix judges it."""
    columns = [[hours[bucket] for hours in rows] for bucket in BUCKETS]
    outcomes = mix_outcomes(*columns, policy)
    halves = [half_hours(column) for column in columns]
    targets = (policy.experiential_percent, policy.social_percent, policy.formal_percent)
    tolerance = policy.mix_tolerance_points
    verdicts = []
    for i, (hours, outcome) in enumerate(zip(rows, outcomes, strict=True)):
        amounts = [column[i] for column in halves]
        total_hours = sum((hours[bucket] for bucket in BUCKETS), Decimal(0))
        if None in amounts:
            verdicts.append(_from_check_mix(hours, total_hours, policy))
            continue
        total = sum(amounts)
        buckets = tuple(
            RowBucket(bucket, hours[bucket], None if outcome == MIX_EMPTY else tenths_text(
                shown_tenths(amounts[j], total, targets[j], tolerance, bucket_within(outcome, bucket))))
            for j, bucket in enumerate(BUCKETS))
        verdicts.append(RowVerdict(outcome == MIX_EMPTY, mix_ok(outcome), total_hours, buckets))
    return verdicts


def _from_check_mix(hours: Mapping[str, Decimal], total_hours: Decimal, policy: Policy) -> RowVerdict:
    verdict = check_mix(hours, _SELF_BUCKETS, policy, _UNNAMED)
    return RowVerdict(verdict.empty, verdict.ok, total_hours,
                      tuple(RowBucket(f.bucket, hours[f.bucket], f.shown_share) for f in verdict.buckets))
