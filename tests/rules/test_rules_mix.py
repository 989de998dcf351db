"""R2 70:20:10: tolerance edges, the exact-mix fix, messages and properties."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lms.rules import BUCKETS, InvalidDuration, UnknownSlug, check_mix
from tests.rules.seed import BUCKET_NAMES, BUCKET_OF, seeded_policy
from tests.rules.seed import SEEDED as POLICY


def shares(verdict):
    return [verdict.bucket(b).share for b in BUCKETS]


def test_the_exact_mix_passes_with_nothing_to_add():
    verdict = check_mix({"self-learning": 40, "on-the-job": 30, "coaching": 20, "training": 10},
                        BUCKET_OF, POLICY, BUCKET_NAMES)
    assert verdict.ok and not verdict.empty
    assert verdict.rule == "R2" and verdict.policy_version == "ocsc-2561"
    assert shares(verdict) == [70, 20, 10]
    assert all(f.add_hours == 0 and f.within_tolerance for f in verdict.buckets)
    assert verdict.total_hours == 100
    assert verdict.message_en == "The learning mix is 70:20:10, within 10 points of the 70:20:10 target"
    assert verdict.message_th == (
        "สัดส่วนการเรียนรู้และพัฒนาเป็น 70:20:10 อยู่ในเกณฑ์ 70:20:10 (คลาดเคลื่อนได้ไม่เกิน 10 จุด)"
    )


def test_methods_of_one_bucket_add_up():
    verdict = check_mix({"self-learning": 5, "on-the-job": 9, "learning-from-others": 1,
                         "coaching": 3, "training": 2}, BUCKET_OF, POLICY, BUCKET_NAMES)
    assert [verdict.bucket(b).hours for b in BUCKETS] == [14, 4, 2]


def test_shares_exactly_at_the_tolerance_edges_pass():
    # 80% experiential (+10), 10% social (-10), 10% formal (0)
    verdict = check_mix({"on-the-job": 80, "coaching": 10, "training": 10}, BUCKET_OF, POLICY, BUCKET_NAMES)
    assert verdict.ok
    assert [f.within_tolerance for f in verdict.buckets] == [True, True, True]


def test_just_past_the_tolerance_edge_fails_and_is_shown_past_it():
    verdict = check_mix({"on-the-job": Decimal("80.04"), "coaching": Decimal("9.96"),
                         "training": 10}, BUCKET_OF, POLICY, BUCKET_NAMES)
    assert not verdict.ok
    assert [f.within_tolerance for f in verdict.buckets] == [False, False, True]
    # 80.04 and 9.96 would round to the edges; the message shows them outside.
    assert verdict.message_en.startswith("The learning mix is 80.1:9.9:10, more than 10 points")
    assert [f.shown_share for f in verdict.buckets] == ["80.1", "9.9", "10"]


def test_fix_reaches_the_exact_mix_with_the_fewest_hours():
    verdict = check_mix({"self-learning": 50, "coaching": 20, "training": 30}, BUCKET_OF, POLICY, BUCKET_NAMES)
    assert not verdict.ok
    # formal 30 h must be 10%: total 300 h, so 210 h experiential and 60 h social
    assert [verdict.bucket(b).add_hours for b in BUCKETS] == [160, 40, 0]
    assert verdict.message_en == (
        "The learning mix is 50:20:30, more than 10 points off the 70:20:10 target — to reach"
        " 70:20:10, add at least 160 hours of self-learning or on-the-job learning and 40 hours"
        " of learning from others or coaching and developing others"
    )
    assert verdict.message_th == (
        "สัดส่วนการเรียนรู้และพัฒนาเป็น 50:20:30 ไม่อยู่ในเกณฑ์ 70:20:10 (คลาดเคลื่อนได้ไม่เกิน"
        " 10 จุด) — เพื่อให้ได้สัดส่วน 70:20:10 ควรเพิ่มการเรียนรู้ด้วยตนเอง หรือ การเรียนรู้จากการปฏิบัติงาน"
        " (On the Job Training) อย่างน้อย 160 ชั่วโมง และ การเรียนรู้จากผู้อื่น หรือ การสอนงาน"
        " (Coaching and Developing Others) อย่างน้อย 40 ชั่วโมง"
    )


def test_buckets_are_named_by_their_learning_methods():
    assert BUCKET_NAMES == {
        "experiential": ("การเรียนรู้ด้วยตนเอง หรือ การเรียนรู้จากการปฏิบัติงาน (On the Job Training)",
                         "Self-learning or on-the-job learning"),
        "social": ("การเรียนรู้จากผู้อื่น หรือ การสอนงาน (Coaching and Developing Others)",
                   "Learning from others or coaching and developing others"),
        "formal": ("การเรียนรู้ด้วยการฝึกอบรม (In-class Training)", "In-class training"),
    }
    verdict = check_mix({"training": 1}, BUCKET_OF, POLICY, BUCKET_NAMES)
    assert [(f.name("th"), f.name("en")) for f in verdict.buckets] == [BUCKET_NAMES[b] for b in BUCKETS]
    with pytest.raises(ValueError):
        verdict.buckets[0].name("fr")


def test_the_names_come_from_the_caller():
    renamed = BUCKET_NAMES | {"formal": ("การฝึกอบรมในห้องเรียน", "ICT classroom training")}
    verdict = check_mix({"self-learning": 9, "coaching": 1}, BUCKET_OF, POLICY, renamed)
    assert verdict.message_en.endswith(" and 1.5 hours of ICT classroom training")
    assert verdict.message_th.endswith(" และ การฝึกอบรมในห้องเรียน อย่างน้อย 1.5 ชั่วโมง")
    assert verdict.bucket("formal").name("en") == "ICT classroom training"
    with pytest.raises(ValueError, match="'social'"):
        check_mix({"training": 1}, BUCKET_OF, POLICY, {"experiential": ("ก", "a"), "formal": ("ค", "c")})


def test_fix_keeps_exact_figures_and_rounds_up_to_half_hours_in_messages():
    verdict = check_mix({"self-learning": 7, "coaching": 1, "training": 3}, BUCKET_OF, POLICY, BUCKET_NAMES)
    # formal 3 h must be 10%: total 30 h, so 21 experiential (+14) and 6 social (+5)
    assert [verdict.bucket(b).add_hours for b in BUCKETS] == [14, 5, 0]
    verdict = check_mix({"self-learning": 1, "coaching": 1, "training": Decimal("0.7")},
                        BUCKET_OF, POLICY, BUCKET_NAMES)
    # total 7 h: 4.9 experiential (+3.9 -> "4"), 1.4 social (+0.4 -> "0.5")
    assert verdict.bucket("experiential").add_hours == Fraction(39, 10)
    assert verdict.bucket("social").add_hours == Fraction(2, 5)
    assert "add at least 4 hours of self-learning" in verdict.message_en
    assert "and 0.5 hours of learning from others" in verdict.message_en
    assert "อย่างน้อย 4 ชั่วโมง" in verdict.message_th


def test_only_training_recorded():
    verdict = check_mix({"training": 6}, BUCKET_OF, POLICY, BUCKET_NAMES)
    assert not verdict.ok
    assert [verdict.bucket(b).add_hours for b in BUCKETS] == [42, 12, 0]


@pytest.mark.parametrize("hours", [{}, {"training": 0, "coaching": 0}])
def test_no_learning_recorded_is_its_own_verdict(hours):
    verdict = check_mix(hours, BUCKET_OF, POLICY, BUCKET_NAMES)
    assert verdict.empty and not verdict.ok
    assert all(f.share is None and f.shown_share is None for f in verdict.buckets)
    assert verdict.message_en == "No learning recorded yet, so the 70:20:10 mix cannot be worked out"
    assert verdict.message_th.startswith("ยังไม่มีการบันทึกการเรียนรู้")


def test_floats_and_decimals_are_taken_at_their_decimal_value():
    verdict = check_mix({"self-learning": 0.7, "coaching": Decimal("0.2"), "training": 0.1},
                        BUCKET_OF, POLICY, BUCKET_NAMES)
    assert shares(verdict) == [70, 20, 10] and verdict.ok


def test_the_policy_sets_targets_and_tolerance():
    policy = seeded_policy(version="p2", experiential_percent=60, social_percent=30, formal_percent=10,
                           mix_tolerance_points=5)
    verdict = check_mix({"self-learning": 65, "coaching": 25, "training": 10}, BUCKET_OF, policy, BUCKET_NAMES)
    assert verdict.ok and verdict.policy_version == "p2"
    assert "within 5 points of the 60:30:10 target" in verdict.message_en
    assert not check_mix({"self-learning": 66, "coaching": 24, "training": 10},
                         BUCKET_OF, policy, BUCKET_NAMES).ok


def test_unknown_method_is_an_error():
    with pytest.raises(UnknownSlug, match="'reading'"):
        check_mix({"reading": 3}, BUCKET_OF, POLICY, BUCKET_NAMES)


def test_a_method_mapped_to_an_unknown_bucket_is_an_error():
    with pytest.raises(UnknownSlug, match="'other'"):
        check_mix({"reading": 3}, {"reading": "other"}, POLICY, BUCKET_NAMES)


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf"), "many", True])
def test_bad_hours_are_refused(bad):
    with pytest.raises(InvalidDuration):
        check_mix({"training": bad}, BUCKET_OF, POLICY, BUCKET_NAMES)


hours = st.one_of(
    st.integers(min_value=0, max_value=2000),
    st.decimals(min_value=0, max_value=2000, places=2, allow_nan=False, allow_infinity=False),
)


@given(st.dictionaries(st.sampled_from(sorted(BUCKET_OF)), hours, min_size=1))
def test_property_adding_the_suggested_hours_gives_the_exact_mix(recorded):
    verdict = check_mix(recorded, BUCKET_OF, POLICY, BUCKET_NAMES)
    if verdict.total_hours == 0:
        assert verdict.empty
        return
    assert sum(shares(verdict)) == 100
    adds = [verdict.bucket(b).add_hours for b in BUCKETS]
    assert min(adds) == 0 and all(add >= 0 for add in adds)  # fewest: one bucket untouched
    new = [verdict.bucket(b).hours + add for b, add in zip(BUCKETS, adds, strict=True)]
    after = check_mix(dict(zip(("self-learning", "coaching", "training"), new, strict=True)),
                      BUCKET_OF, POLICY, BUCKET_NAMES)
    assert after.ok and shares(after) == [70, 20, 10]
    assert all(f.add_hours == 0 for f in after.buckets)
    expected_ok = all(abs(share - target) <= 10
                      for share, target in zip(shares(verdict), (70, 20, 10), strict=True))
    assert verdict.ok == expected_ok
    # the shown shares never contradict the verdict: each is shown on its own side of the edge
    for figures in verdict.buckets:
        shown = Fraction(figures.shown_share)
        assert (abs(shown - figures.target_percent) <= 10) == figures.within_tolerance
        assert abs(shown - figures.share) <= Fraction(1, 10)
