"""R3 70:30: a two-sided proportion within the policy's tolerance, the last phase, the fix
and properties."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lms.rules import InvalidDuration, Policy, UnknownSlug, check_current_future
from tests.rules.seed import SEEDED as POLICY
from tests.rules.seed import seeded_policy

ONE_MINUTE = Fraction(1, 60)


def test_exactly_seventy_thirty_passes():
    verdict = check_current_future([("current", 70), ("future", 30)], POLICY)
    assert verdict.ok and not verdict.empty
    assert verdict.rule == "R3" and verdict.policy_version == "ocsc-2561"
    assert (verdict.current_share, verdict.future_share) == (70, 30)
    assert (verdict.current_percent, verdict.future_percent, verdict.tolerance_points) == (70, 30, 10)
    assert (verdict.add_horizon, verdict.add_hours) == (None, 0)
    assert (verdict.shown_current_percent, verdict.shown_future_percent) == ("70", "30")
    assert verdict.message_en == (
        "Development is 70% for current work and 30% for future work, within 10 points of the"
        " 70:30 target"
    )
    assert verdict.message_th == (
        "การพัฒนาเพื่องานปัจจุบัน 70% และเพื่องานในอนาคต 30% อยู่ในเกณฑ์ 70:30 (คลาดเคลื่อนได้ไม่เกิน 10 จุด)"
    )


@pytest.mark.parametrize("current, future", [(80, 20), (60, 40)])
def test_both_edges_of_the_tolerance_pass(current, future):
    assert check_current_future([("current", current), ("future", future)], POLICY).ok


def test_too_little_future_fails_with_the_future_hours_to_add():
    verdict = check_current_future([("current", 90), ("future", 10)], POLICY)
    assert not verdict.ok
    assert verdict.add_horizon == "future"
    assert verdict.add_hours == Fraction(25, 2)  # 22.5 of 112.5 is 20%
    assert verdict.message_en == (
        "Development is 90% for current work and 10% for future work, more than 10 points off"
        " the 70:30 target — add at least 12.5 hours of development for future work"
        " (the next phase's roles)"
    )
    assert verdict.message_th.endswith("ควรเพิ่มการพัฒนาเพื่องานในอนาคต (บทบาทของระยะถัดไป) อย่างน้อย 12.5 ชั่วโมง")


def test_too_much_future_fails_with_the_current_hours_to_add():
    verdict = check_current_future([("current", 50), ("future", 50)], POLICY)
    assert not verdict.ok
    assert verdict.add_horizon == "current"
    assert verdict.add_hours == 25  # 75 of 125 is 60%
    assert verdict.message_en.endswith(
        "more than 10 points off the 70:30 target — add at least 25 hours of development for"
        " current work (the current phase's roles)"
    )
    assert "ควรเพิ่มการพัฒนาเพื่องานปัจจุบัน (บทบาทของระยะปัจจุบัน) อย่างน้อย 25 ชั่วโมง" in verdict.message_th


@pytest.mark.parametrize("horizon, short", [("future", "current"), ("current", "future")])
def test_all_on_one_side_fails_either_way(horizon, short):
    verdict = check_current_future([(horizon, 6)], POLICY)
    assert not verdict.ok and verdict.add_horizon == short
    # 6 hours alone: future needs 20% (1.5 h), current needs 60% (9 h).
    assert verdict.add_hours == (Fraction(3, 2) if short == "future" else 9)


def test_hours_in_messages_are_rounded_up_to_half_hours():
    verdict = check_current_future([("current", 7)], POLICY)
    assert verdict.add_hours == Fraction(7, 4)  # 1.75 h
    assert "add at least 2 hours" in verdict.message_en


@pytest.mark.parametrize("current, future, shown", [
    ("80.04", "19.96", ("80.1", "19.9")),  # a failing 19.96% future is not "20%"
    ("59.96", "40.04", ("59.9", "40.1")),  # a failing 40.04% future is not "40%"
])
def test_a_failing_share_that_rounds_to_an_edge_is_shown_outside_it(current, future, shown):
    verdict = check_current_future([("current", Decimal(current)), ("future", Decimal(future))], POLICY)
    assert not verdict.ok
    assert (verdict.shown_current_percent, verdict.shown_future_percent) == shown
    assert verdict.message_en.startswith(
        f"Development is {shown[0]}% for current work and {shown[1]}% for future work, more than")


def test_last_phase_counts_everything_as_current():
    verdict = check_current_future([("current", 30), ("future", 10)], POLICY, has_future=False)
    assert verdict.ok and not verdict.has_future
    assert (verdict.current_hours, verdict.future_hours) == (40, 0)
    assert (verdict.current_share, verdict.future_share) == (100, 0)
    assert (verdict.shown_current_percent, verdict.shown_future_percent) == ("100", "0")
    assert verdict.message_en == (
        "The agency is in its last phase, so there is no next phase — all 40 hours count as"
        " development for current work"
    )
    assert "ไม่มีระยะถัดไป" in verdict.message_th


@pytest.mark.parametrize("has_future", [True, False])
def test_nothing_recorded_is_its_own_verdict(has_future):
    verdict = check_current_future([], POLICY, has_future=has_future)
    assert verdict.empty and not verdict.ok
    assert verdict.future_share is None and verdict.shown_future_percent is None
    assert (verdict.add_horizon, verdict.add_hours) == (None, 0)
    assert verdict.message_en.startswith("No development recorded yet")


def test_the_policy_sets_the_targets_and_the_tolerance():
    policy = seeded_policy(version="p", current_percent=60, future_percent=40, mix_tolerance_points=5)
    assert check_current_future([("current", 65), ("future", 35)], policy).ok
    verdict = check_current_future([("current", 66), ("future", 34)], policy)
    assert not verdict.ok
    assert (verdict.current_percent, verdict.future_percent, verdict.tolerance_points) == (60, 40, 5)
    assert verdict.add_horizon == "future" and verdict.add_hours == Fraction(20, 13)
    assert "more than 5 points off the 60:40 target" in verdict.message_en


def test_unknown_horizon_and_bad_hours_are_errors():
    with pytest.raises(UnknownSlug):
        check_current_future([("someday", 3)], POLICY)
    with pytest.raises(InvalidDuration):
        check_current_future([("future", -3)], POLICY)


amounts = st.integers(min_value=0, max_value=10_000).map(lambda n: Fraction(n, 4))
policies = st.builds(
    lambda future, tolerance: seeded_policy(current_percent=100 - future, future_percent=future,
                                            mix_tolerance_points=tolerance),
    st.integers(min_value=1, max_value=99), st.integers(min_value=0, max_value=30))


def _judge(hours: dict, policy: Policy):
    return check_current_future([("current", hours["current"]), ("future", hours["future"])], policy)


@given(current=amounts, future=amounts, policy=st.one_of(st.just(POLICY), policies))
def test_property_both_sides_within_tolerance_and_the_fix_is_the_least(current, future, policy):
    verdict = _judge({"current": current, "future": future}, policy)
    if current + future == 0:
        assert verdict.empty
        return
    assert verdict.current_share + verdict.future_share == 100
    tolerance = policy.mix_tolerance_points
    within = (abs(verdict.future_share - policy.future_percent) <= tolerance
              and abs(verdict.current_share - policy.current_percent) <= tolerance)
    assert verdict.ok == within
    # the shown shares add up to 100 and never contradict the verdict
    shown_current, shown_future = (Fraction(verdict.shown_current_percent),
                                   Fraction(verdict.shown_future_percent))
    assert shown_current + shown_future == 100
    assert verdict.ok == (abs(shown_future - policy.future_percent) <= tolerance)
    if verdict.ok:
        assert (verdict.add_horizon, verdict.add_hours) == (None, 0)
        return
    short = verdict.add_horizon
    share = verdict.current_share if short == "current" else verdict.future_share
    target = policy.current_percent if short == "current" else policy.future_percent
    assert share < target - tolerance  # the fix goes to the short side
    hours = {"current": current, "future": future}
    fixed = _judge({**hours, short: hours[short] + verdict.add_hours}, policy)
    assert fixed.ok  # the fix makes it pass ...
    less = max(Fraction(0), verdict.add_hours - ONE_MINUTE)
    assert not _judge({**hours, short: hours[short] + less}, policy).ok  # ... one minute less does not
