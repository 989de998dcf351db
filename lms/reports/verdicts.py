"""R2 (70:20:10) and R3 (70:30) as SQL conditions, so that a report counts the people meeting
them with GROUP BY instead of reading a row per person into Python (issue 13, Scale).

The same inequalities as lms.rules (mix_batch.mix_outcomes_in_half_hours, horizon.
check_current_future), written over whole hundredths of an hour and the policy's whole
percents, so both sides are integers and SQL compares them exactly. lms.rules stays the one
definition: tests/reports/test_verdicts_sql.py checks these against it on generated figures.
"""

from __future__ import annotations

from sqlalchemy import and_, false, or_, true

from ..rules import Policy


def mix_ok_sql(experiential, social, formal, policy: Policy):
    """R2 met: some hours, and each bucket's share within the policy's tolerance of its target
    (edges included), as rules.check_mix's `ok`."""
    total = experiential + social + formal
    tolerance = policy.mix_tolerance_points
    shares = ((experiential, policy.experiential_percent), (social, policy.social_percent),
              (formal, policy.formal_percent))
    return and_(total > 0, *(and_((target - tolerance) * total <= 100 * hours,
                                  100 * hours <= (target + tolerance) * total)
                             for hours, target in shares))


def horizon_ok_sql(current, future, has_future, policy: Policy):
    """R3 met, as rules.check_current_future's `ok`: some planned hours, and either no next
    phase (`has_future` false: every hour counts as current) or neither side short of its
    target less the tolerance."""
    total = current + future
    tolerance = policy.mix_tolerance_points
    neither_short = and_(100 * current >= (policy.current_percent - tolerance) * total,
                         100 * future >= (policy.future_percent - tolerance) * total)
    if has_future is True:
        has_future = true()
    elif has_future is False:
        has_future = false()
    return and_(total > 0, or_(~has_future, neither_short))
