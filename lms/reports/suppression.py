"""Small-cell suppression for every export that counts people at the unit × group level:
a figure that counts fewer than five people, or is worked out from fewer than five (the hours
of three people, a percentage of two), is left empty so that nobody can be picked out.

The threshold is the one the issue sets for open data (§4.9.8); zero counts as "fewer than five"
too, so an empty cell means "0 to 4", never a number a reader could subtract from another.
"""

from __future__ import annotations

from decimal import Decimal

THRESHOLD = 5


def suppress(count: int | None, threshold: int = THRESHOLD) -> int | None:
    """`count` people, or None (an empty cell) when fewer than `threshold`."""
    if count is None or count < threshold:
        return None
    return count


def suppressed_unless(value: Decimal | int | None, people: int | None,
                      threshold: int = THRESHOLD) -> Decimal | int | None:
    """A figure worked out from `people` people (their hours, a share of them), or None when
    they are fewer than `threshold`."""
    return value if suppress(people, threshold) is not None else None
