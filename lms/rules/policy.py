"""Policy versions: the ratios and thresholds of the guideline, kept as data.

The Commission may change a ratio; a new version is added with the date it takes
effect, and past periods keep being judged by the version that was in force
when they started.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, fields

BUCKETS = ("experiential", "social", "formal")


class PolicyError(ValueError):
    """A policy that cannot be applied: inconsistent figures, or none in force."""


@dataclass(frozen=True, kw_only=True)
class Policy:
    """One version of the guideline's ratios (field names mirror the database table).

    Every figure is required: policies come only from data (the policy_versions table,
    or lms/reference/guideline.json where there is no database), never from defaults here.
    """

    version: str  # e.g. "ocsc-2561"
    effective_on: datetime.date
    lecture_max_percent: int  # R1
    experiential_percent: int  # R2 bucket "experiential" (self-learning, on-the-job)
    social_percent: int  # R2 bucket "social" (learning-from-others, coaching)
    formal_percent: int  # R2 bucket "formal" (training)
    mix_tolerance_points: int  # R2 and R3 ± percentage points (each share, both sides)
    current_percent: int  # R3
    future_percent: int  # R3

    def __post_init__(self) -> None:
        if not isinstance(self.version, str) or not self.version.strip():
            raise PolicyError("A policy needs a version name, e.g. 'ocsc-2561'")
        if not isinstance(self.effective_on, datetime.date) or isinstance(
            self.effective_on, datetime.datetime
        ):
            raise PolicyError(f"Policy {self.version}: effective_on must be a date")
        for field in fields(self)[2:]:
            value = getattr(self, field.name)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
                raise PolicyError(
                    f"Policy {self.version}: {field.name} must be a whole percent from 0 to 100"
                    f" (got {value!r})"
                )
        mix = (self.experiential_percent, self.social_percent, self.formal_percent)
        if sum(mix) != 100:
            raise PolicyError(f"Policy {self.version}: the R2 percents must add up to 100")
        # A zero target would make "the exact mix" unreachable once that bucket has hours.
        if min(mix) == 0:
            raise PolicyError(f"Policy {self.version}: every R2 percent must be above 0")
        if self.current_percent + self.future_percent != 100:
            raise PolicyError(f"Policy {self.version}: the R3 percents must add up to 100")
        # 0% future would make R3 meaningless; 100% could never be reached by adding hours.
        if not 0 < self.future_percent < 100:
            raise PolicyError(f"Policy {self.version}: future_percent must be between 1 and 99")


def policy_in_force(policies: Iterable[Policy], on: datetime.date) -> Policy:
    """The policy in force on a day: the latest whose effective_on is on or before it.

    A period is judged by the version in force at the period's start, so pass the
    start date. Raises PolicyError when none is in force yet, or when two versions
    take effect on the same day (the choice between them would be arbitrary).
    """
    candidates = [p for p in policies if p.effective_on <= on]
    if not candidates:
        raise PolicyError(f"No policy version is in force on {on.isoformat()}")
    latest = max(p.effective_on for p in candidates)
    chosen = [p for p in candidates if p.effective_on == latest]
    if len(chosen) > 1:
        names = ", ".join(sorted(p.version for p in chosen))
        raise PolicyError(f"Policy versions {names} all take effect on {latest.isoformat()}")
    return chosen[0]
