"""Policy versions and the version in force."""

import dataclasses
from datetime import date, datetime

import pytest

from lms.rules import Policy, PolicyError, policy_in_force
from tests.rules.seed import SEEDED, seeded_policy

FIRST = SEEDED
SECOND = seeded_policy(version="ocsc-2566", effective_on=date(2022, 10, 1), lecture_max_percent=50)


def test_the_seed_holds_the_guideline_ratios():
    # DOMAIN.md §4: R1 60%, R2 70:20:10 within ±10 points, R3 70:30
    assert (FIRST.version, FIRST.effective_on) == ("ocsc-2561", date(2017, 10, 1))
    assert [getattr(FIRST, f.name) for f in dataclasses.fields(Policy)][2:] == [
        60, 70, 20, 10, 10, 70, 30]


def test_every_figure_is_required():
    with pytest.raises(TypeError):
        Policy(version="ocsc-2561", effective_on=date(2017, 10, 1))
    with pytest.raises(TypeError):
        Policy("ocsc-2561", date(2017, 10, 1), 60, 70, 20, 10, 10, 70, 30)  # keywords only


def test_policies_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        FIRST.lecture_max_percent = 70


@pytest.mark.parametrize("on, expected", [
    (date(2017, 10, 1), FIRST),  # the day it takes effect
    (date(2022, 9, 30), FIRST),
    (date(2022, 10, 1), SECOND),
    (date(2030, 1, 1), SECOND),
])
def test_policy_in_force_is_the_latest_started(on, expected):
    assert policy_in_force([SECOND, FIRST], on) == expected


def test_no_policy_in_force_is_a_clear_error():
    with pytest.raises(PolicyError, match="No policy version is in force on 2017-09-30"):
        policy_in_force([FIRST, SECOND], date(2017, 9, 30))
    with pytest.raises(PolicyError):
        policy_in_force([], date(2020, 1, 1))


def test_two_versions_on_the_same_day_are_refused():
    twin = seeded_policy(version="ocsc-2561b")
    with pytest.raises(PolicyError, match="ocsc-2561, ocsc-2561b"):
        policy_in_force([FIRST, twin], date(2018, 1, 1))


@pytest.mark.parametrize("changes", [
    {"experiential_percent": 60},  # 60 + 20 + 10 != 100
    {"experiential_percent": 80, "social_percent": 20, "formal_percent": 0},
    {"current_percent": 80},
    {"current_percent": 100, "future_percent": 0},
    {"lecture_max_percent": 101},
    {"lecture_max_percent": -1},
    {"mix_tolerance_points": True},
    {"lecture_max_percent": 60.0},
    {"version": ""},
    {"effective_on": "2017-10-01"},
    {"effective_on": datetime(2017, 10, 1)},
])
def test_inconsistent_policies_are_refused(changes):
    with pytest.raises(PolicyError):
        dataclasses.replace(FIRST, **changes)
