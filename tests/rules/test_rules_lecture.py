"""R1 lecture cap: boundaries, fixes, messages and properties."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lms.rules import InvalidDuration, UnknownSlug, check_lecture_cap
from tests.rules.seed import SEEDED as POLICY
from tests.rules.seed import seeded_policy


def plan(lecture: int, active: int) -> list[tuple[str, int]]:
    """Sessions adding up to the given minutes, none longer than the 720-minute limit."""
    sessions = []
    for kind, minutes in (("lecture", lecture), ("active", active)):
        while minutes > 0:
            sessions.append((kind, min(minutes, 720)))
            minutes -= 720
    return sessions


def test_the_worked_example_gives_exact_fixes_and_messages():
    verdict = check_lecture_cap([("lecture", 140), ("active", 60)], POLICY)
    assert not verdict.ok and not verdict.empty
    assert verdict.rule == "R1"
    assert verdict.policy_version == "ocsc-2561"
    assert (verdict.lecture_share, verdict.active_share) == (70, 30)
    assert (verdict.add_active_minutes, verdict.cut_lecture_minutes) == (34, 50)
    assert verdict.message_th == (
        "สัดส่วนการบรรยาย 70% เกินเกณฑ์ 60% — เพิ่มการพัฒนารูปแบบอื่นอย่างน้อย 34 นาที"
        " หรือลดการบรรยายอย่างน้อย 50 นาที"
    )
    assert verdict.message_en == (
        "Lecture is 70% of the plan, above the 60% limit — add at least 34 minutes of active"
        " learning or cut at least 50 minutes of lecture"
    )


@pytest.mark.parametrize("lecture, active", [(60, 40), (90, 60), (600, 400), (360, 240)])
def test_exactly_sixty_percent_passes(lecture, active):
    verdict = check_lecture_cap(plan(lecture, active), POLICY)
    assert verdict.ok
    assert verdict.lecture_share == 60
    assert (verdict.add_active_minutes, verdict.cut_lecture_minutes) == (0, 0)
    assert verdict.message_en == (
        "Lecture is 60% of the plan, within the 60% limit (active learning 40%)"
    )
    assert verdict.message_th == "สัดส่วนการบรรยาย 60% ไม่เกินเกณฑ์ 60% (การพัฒนารูปแบบอื่น 40%)"


def test_one_minute_over_sixty_percent_fails_with_one_minute_fixes():
    verdict = check_lecture_cap(plan(601, 400), POLICY)
    assert not verdict.ok
    assert verdict.lecture_share == Fraction(60100, 1001)
    assert (verdict.add_active_minutes, verdict.cut_lecture_minutes) == (1, 1)
    assert verdict.message_en == (
        "Lecture is 60.1% of the plan, above the 60% limit — add at least 1 minute of active"
        " learning or cut at least 1 minute of lecture"
    )


def test_a_failing_share_that_rounds_to_the_limit_is_not_shown_as_the_limit():
    verdict = check_lecture_cap(plan(1501, 999), POLICY)  # 60.04%
    assert not verdict.ok
    assert (verdict.shown_lecture_percent, verdict.shown_active_percent) == ("60.1", "39.9")
    assert verdict.message_en.startswith("Lecture is 60.1% of the plan, above the 60% limit")
    assert verdict.message_th.startswith("สัดส่วนการบรรยาย 60.1% เกินเกณฑ์ 60%")


def test_shares_that_are_not_whole_are_shown_with_one_decimal():
    verdict = check_lecture_cap([("lecture", 100), ("active", 200)], POLICY)
    assert verdict.ok
    assert verdict.message_en == (
        "Lecture is 33.3% of the plan, within the 60% limit (active learning 66.7%)"
    )


def test_all_active_passes_and_all_lecture_fails():
    assert check_lecture_cap([("active", 90)], POLICY).ok
    verdict = check_lecture_cap([("lecture", 90)], POLICY)
    assert not verdict.ok
    assert verdict.cut_lecture_minutes == 90
    assert verdict.add_active_minutes == 60  # 90 lecture + 60 active = 60%


def test_empty_plan_is_its_own_verdict():
    verdict = check_lecture_cap([], POLICY)
    assert verdict.empty and not verdict.ok
    assert verdict.lecture_share is None and verdict.active_share is None
    assert verdict.shown_lecture_percent is None and verdict.shown_active_percent is None
    assert verdict.policy_version == "ocsc-2561"
    assert "No session time is planned yet" in verdict.message_en
    assert "ยังไม่มีช่วงการสอน" in verdict.message_th


def test_the_policy_sets_the_cap_and_is_named():
    stricter = seeded_policy(version="stricter", lecture_max_percent=50)
    verdict = check_lecture_cap([("lecture", 60), ("active", 40)], stricter)
    assert not verdict.ok
    assert verdict.policy_version == "stricter"
    assert verdict.lecture_max_percent == 50
    assert (verdict.add_active_minutes, verdict.cut_lecture_minutes) == (20, 20)
    assert "above the 50% limit" in verdict.message_en


def test_a_zero_percent_cap_offers_only_cutting_lecture():
    no_lecture = seeded_policy(version="no-lecture", lecture_max_percent=0)
    verdict = check_lecture_cap([("lecture", 30), ("active", 60)], no_lecture)
    assert not verdict.ok
    assert verdict.add_active_minutes is None
    assert verdict.cut_lecture_minutes == 30
    assert verdict.message_en.endswith("— cut at least 30 minutes of lecture")


def test_a_hundred_percent_cap_always_passes():
    anything = seeded_policy(version="anything", lecture_max_percent=100)
    assert check_lecture_cap([("lecture", 600)], anything).ok


def test_unknown_kind_is_an_error():
    with pytest.raises(UnknownSlug, match="'discussion'"):
        check_lecture_cap([("discussion", 30)], POLICY)


@pytest.mark.parametrize("minutes", [0, -10, 721, "ninety", 1.5, None, True])
def test_bad_session_minutes_are_refused(minutes):
    with pytest.raises(InvalidDuration):
        check_lecture_cap([("lecture", 60), ("active", minutes)], POLICY)


def test_verdict_as_dict_is_json_friendly():
    data = check_lecture_cap([("lecture", 100), ("active", 200)], POLICY).as_dict()
    assert data["rule"] == "R1" and data["ok"] is True
    assert data["lecture_share"] == 33.33 and data["active_share"] == 66.67
    assert data["lecture_minutes"] == 100 and data["active_minutes"] == 200


minutes = st.integers(min_value=0, max_value=5000)
caps = st.integers(min_value=1, max_value=99)


@given(lecture=minutes, active=minutes, cap=caps)
def test_property_verdict_matches_the_exact_share(lecture, active, cap):
    if lecture + active == 0:
        return
    policy = seeded_policy(lecture_max_percent=cap)
    verdict = check_lecture_cap(plan(lecture, active), policy)
    assert verdict.lecture_share + verdict.active_share == 100
    assert verdict.ok == (Fraction(100 * lecture, lecture + active) <= cap)
    assert verdict.lecture_minutes == lecture and verdict.active_minutes == active
    # what every page shows: one decimal, adding up to 100, on the verdict's side of the cap
    shown = Fraction(verdict.shown_lecture_percent)
    assert shown + Fraction(verdict.shown_active_percent) == 100
    assert verdict.ok == (shown <= cap)
    assert abs(shown - verdict.lecture_share) <= Fraction(1, 10)


@given(lecture=st.integers(min_value=1, max_value=5000), active=minutes, cap=caps)
def test_property_each_fix_is_the_smallest_that_passes(lecture, active, cap):
    policy = seeded_policy(lecture_max_percent=cap)
    verdict = check_lecture_cap(plan(lecture, active), policy)
    if verdict.ok:
        assert (verdict.add_active_minutes, verdict.cut_lecture_minutes) == (0, 0)
        return
    add, cut = verdict.add_active_minutes, verdict.cut_lecture_minutes
    assert add > 0 and 0 < cut <= lecture
    assert check_lecture_cap(plan(lecture, active + add), policy).ok
    assert not check_lecture_cap(plan(lecture, active + add - 1), policy).ok
    if lecture - cut + active > 0:  # cutting all lecture from a lecture-only plan empties it
        assert check_lecture_cap(plan(lecture - cut, active), policy).ok
    assert not check_lecture_cap(plan(lecture - cut + 1, active), policy).ok
