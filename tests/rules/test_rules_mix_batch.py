"""R2 in a batch: the same verdicts as check_mix (ok, not ok, empty, and each bucket's
within-tolerance) for every person, whatever the hours and the policy."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lms.rules import (
    BUCKETS,
    MIX_ALL_WITHIN,
    MIX_EMPTY,
    InvalidDuration,
    bucket_within,
    check_mix,
    half_hours,
    mix_failing,
    mix_ok,
    mix_outcome_of,
    mix_outcomes,
    mix_outcomes_in_half_hours,
)
from tests.rules.seed import BUCKET_NAMES, seeded_policy
from tests.rules.seed import SEEDED as POLICY

PER_BUCKET = {bucket: bucket for bucket in BUCKETS}


def verdict_of(hours, policy):
    return check_mix(dict(zip(BUCKETS, hours, strict=True)), PER_BUCKET, policy, BUCKET_NAMES)


def assert_same_verdicts(people, outcomes, policy):
    assert len(outcomes) == len(people)
    for hours, outcome in zip(people, outcomes, strict=True):
        verdict = verdict_of(hours, policy)
        assert (mix_ok(outcome), verdict.empty, mix_failing(outcome)) == (
            verdict.ok, outcome == MIX_EMPTY, not verdict.ok and not verdict.empty), hours
        assert [bucket_within(outcome, b) for b in BUCKETS] == [
            verdict.bucket(b).within_tolerance for b in BUCKETS], hours
        assert outcome == mix_outcome_of(verdict)


def columns(people):
    return [list(column) for column in zip(*people, strict=True)] if people else [[], [], []]


@st.composite
def policies(draw):
    """Any valid R2 policy: targets above 0 adding up to 100, any tolerance."""
    experiential = draw(st.integers(1, 98))
    social = draw(st.integers(1, 99 - experiential))
    return seeded_policy(version="drawn", experiential_percent=experiential, social_percent=social,
                         formal_percent=100 - experiential - social,
                         mix_tolerance_points=draw(st.sampled_from([0, 1, 5, 10, 15, 50, 100]) | st.integers(0, 100)))


@st.composite
def at_the_edge(draw, policy):
    """Half-hours where one bucket's share is exactly at (or one half-hour beside) the edge
    of its tolerance band: a total of 100 * m half-hours makes the edge a whole number."""
    m = draw(st.integers(1, 20))
    total = 100 * m
    index = draw(st.integers(0, 2))
    target = (policy.experiential_percent, policy.social_percent, policy.formal_percent)[index]
    edge = (target + draw(st.sampled_from([-1, 1])) * policy.mix_tolerance_points) * m
    hours = min(max(edge + draw(st.sampled_from([-1, 0, 1])), 0), total)
    rest = total - hours
    first = draw(st.integers(0, rest))
    others = [first, rest - first]
    return tuple(others.pop(0) if i != index else hours for i in range(3))


half_hour_counts = st.integers(0, 3000) | st.sampled_from([0, 1, 2])
people_in_half_hours = st.tuples(half_hour_counts, half_hour_counts, half_hour_counts)


@given(policies().flatmap(lambda policy: st.tuples(
    st.just(policy), st.lists(people_in_half_hours | at_the_edge(policy), max_size=40))))
def test_half_hours_judged_in_a_batch_as_check_mix_judges_each_person(policy_and_people):
    policy, people = policy_and_people
    in_hours = [tuple(Fraction(n, 2) for n in person) for person in people]

    assert_same_verdicts(in_hours, mix_outcomes_in_half_hours(*columns(people), policy), policy)
    as_sql_returns_them = [tuple(Decimal(n) / 2 for n in person) for person in people]
    assert_same_verdicts(as_sql_returns_them, mix_outcomes(*columns(as_sql_returns_them), policy), policy)


amounts = (
    st.integers(0, 500)
    | st.decimals(min_value=0, max_value=500, places=2)
    | st.fractions(min_value=0, max_value=500, max_denominator=12)
    | st.sampled_from([0.5, 0.1, 0.25, 2.0, 0, Decimal("0.00"), Decimal("0.50"), "1.5"])
)


@given(policies(), st.lists(st.tuples(amounts, amounts, amounts), max_size=30))
def test_any_amounts_judged_in_a_batch_as_check_mix_judges_each_person(policy, people):
    # Quarter hours, hundredths, thirds and floats are judged by check_mix itself.
    assert_same_verdicts(people, mix_outcomes(*columns(people), policy), policy)


def test_hand_examples_under_the_seeded_70_20_10_within_10_points():
    people = [
        (7, 2, 1),  # on target
        (8, 1, 1),  # 80 : 10 : 10, every share exactly at the edge: within
        (Decimal("80.5"), Decimal("9.5"), 10),  # 80.5 : 9.5 : 10: experiential and social out
        (0, 0, Decimal("3.5")),  # only training
        (0, 0, 0),  # nothing recorded
        (Decimal("3.21"), Decimal("0.79"), 0),  # hundredths: 80.25 : 19.75 : 0 (0 is 10 - 10: within)
    ]
    outcomes = mix_outcomes(*columns(people), POLICY)
    assert outcomes == [MIX_ALL_WITHIN, MIX_ALL_WITHIN, 0b100, 0b000, MIX_EMPTY, 0b110]
    assert [mix_ok(o) for o in outcomes] == [True, True, False, False, False, False]
    assert [mix_failing(o) for o in outcomes] == [False, False, True, True, False, True]
    assert bucket_within(outcomes[2], "formal") and not bucket_within(outcomes[2], "social")
    assert bucket_within(outcomes[3], "experiential") is False
    assert not any(bucket_within(MIX_EMPTY, b) for b in BUCKETS)
    assert_same_verdicts(people, outcomes, POLICY)


def test_amounts_are_turned_into_half_hours_or_left_to_check_mix():
    assert half_hours([0, Decimal("2.50"), 0.5, Fraction(3, 2), "4", Decimal("0.25"), Fraction(1, 3),
                       -1, "ten", float("nan"), True]) == [0, 5, 1, 3, 8, None, None, None, None, None, None]
    # Equal numbers share a conversion; a bool never does, though True == 1.
    assert half_hours([1, True, Decimal(1)]) == [2, None, 2]


@pytest.mark.parametrize("bad", [-1, Decimal("-0.5"), "ten", True, float("inf"), [1]])
def test_an_invalid_amount_is_refused_as_check_mix_refuses_it(bad):
    with pytest.raises(InvalidDuration):
        verdict_of((1, bad, 1), POLICY)
    with pytest.raises(InvalidDuration):
        mix_outcomes([1, 1], [0, bad], [1, 1], POLICY)


def test_columns_must_have_one_entry_per_person():
    with pytest.raises(ValueError, match="one entry per person"):
        mix_outcomes([1, 2], [1], [1, 2], POLICY)
    with pytest.raises(ValueError):
        mix_outcomes_in_half_hours([1, 2], [1, 2], [1], POLICY)
    assert mix_outcomes([], [], [], POLICY) == []
