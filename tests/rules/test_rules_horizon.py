"""R3 70:30: at least 30% future, the last phase, the fix and properties."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lms.rules import InvalidDuration, Policy, UnknownSlug, check_current_future

POLICY = Policy("ocsc-2561", date(2017, 10, 1))


def test_exactly_thirty_percent_future_passes():
    verdict = check_current_future([("current", 70), ("future", 30)], POLICY)
    assert verdict.ok and not verdict.empty
    assert verdict.rule == "R3" and verdict.policy_version == "ocsc-2561"
    assert (verdict.current_share, verdict.future_share) == (70, 30)
    assert verdict.add_future_hours == 0
    assert verdict.message_en == (
        "Development for future work is 30% of the total, at least the 30% required"
        " (current work 70%)"
    )
    assert verdict.message_th == (
        "การพัฒนาเพื่องานในอนาคตคิดเป็น 30% ไม่น้อยกว่าเกณฑ์ 30% (งานปัจจุบัน 70%)"
    )


def test_below_thirty_percent_fails_with_the_exact_future_hours_to_add():
    verdict = check_current_future([("current", 70), ("future", 20)], POLICY)
    assert not verdict.ok
    assert verdict.add_future_hours == 10  # 30 of 100
    assert verdict.message_en == (
        "Development for future work is 22.2% of the total, below the 30% required"
        " (current work 77.8%) — add at least 10 hours of development for future work"
        " (the next phase's roles)"
    )
    assert verdict.message_th.endswith("อย่างน้อย 10 ชั่วโมง")


def test_hours_in_messages_are_rounded_up_to_half_hours():
    verdict = check_current_future([("current", 10)], POLICY)
    assert verdict.add_future_hours == Fraction(30, 7)  # 4.29 h
    assert "add at least 4.5 hours" in verdict.message_en


def test_a_failing_share_that_rounds_to_thirty_is_shown_below_it():
    verdict = check_current_future([("current", Decimal("70.04")), ("future", Decimal("29.96"))],
                                   POLICY)
    assert not verdict.ok
    assert verdict.message_en.startswith("Development for future work is 29.9% of the total")


def test_more_future_than_thirty_percent_passes():
    assert check_current_future([("current", 50), ("future", 50)], POLICY).ok
    assert check_current_future([("future", 5)], POLICY).ok


def test_last_phase_counts_everything_as_current():
    verdict = check_current_future([("current", 30), ("future", 10)], POLICY, has_future=False)
    assert verdict.ok and not verdict.has_future
    assert (verdict.current_hours, verdict.future_hours) == (40, 0)
    assert (verdict.current_share, verdict.future_share) == (100, 0)
    assert verdict.message_en == (
        "The agency is in its last phase, so there is no next phase — all 40 hours count as"
        " development for current work"
    )
    assert "ไม่มีระยะถัดไป" in verdict.message_th


@pytest.mark.parametrize("has_future", [True, False])
def test_nothing_recorded_is_its_own_verdict(has_future):
    verdict = check_current_future([], POLICY, has_future=has_future)
    assert verdict.empty and not verdict.ok
    assert verdict.future_share is None
    assert verdict.message_en.startswith("No development recorded yet")


def test_the_policy_sets_the_minimum():
    policy = Policy("p", date(2030, 10, 1), current_percent=60, future_percent=40)
    verdict = check_current_future([("current", 65), ("future", 35)], policy)
    assert not verdict.ok and verdict.future_min_percent == 40
    assert verdict.add_future_hours == Fraction(25, 3)


def test_unknown_horizon_and_bad_hours_are_errors():
    with pytest.raises(UnknownSlug):
        check_current_future([("someday", 3)], POLICY)
    with pytest.raises(InvalidDuration):
        check_current_future([("future", -3)], POLICY)


amounts = st.integers(min_value=0, max_value=10_000).map(lambda n: Fraction(n, 4))


@given(current=amounts, future=amounts)
def test_property_shares_sum_to_100_and_the_fix_reaches_the_minimum(current, future):
    verdict = check_current_future([("current", current), ("future", future)], POLICY)
    if current + future == 0:
        assert verdict.empty
        return
    assert verdict.current_share + verdict.future_share == 100
    assert verdict.ok == (verdict.future_share >= 30)
    add = verdict.add_future_hours
    after = check_current_future([("current", current), ("future", future + add)], POLICY)
    assert after.ok
    if add > 0:  # the fix is the least: it lands exactly on the minimum
        assert after.future_share == 30
