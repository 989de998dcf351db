"""The learner dashboard's 100% stacked bar: where each bucket's segment starts and ends."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class ChartSegment:
    bucket: str
    x: float  # in percent of the bar's width
    width: float
    label: str  # shown inside the segment when it is wide enough, else empty


def stacked_segments(shares: list[tuple[str, Fraction | int | None]], labels: list[str]) -> list[ChartSegment]:
    """Geometry of a 100% stacked bar: each bucket's share as a segment (empty buckets skipped)."""
    segments, x = [], 0.0
    for (bucket, share), label in zip(shares, labels, strict=True):
        width = float(share or 0)
        if width > 0:
            segments.append(ChartSegment(bucket, x, width, label if width >= 8 else ""))
        x += width
    return segments
