"""R2 at edges the seeded 70:20:10 ± 10 never reaches, but a policy the Commission may
adopt does: no tolerance at all, ratios that are not multiples of ten, hours in thirds."""

from fractions import Fraction

import pytest

from lms.rules import BUCKETS, check_mix, name_buckets
from lms.rules.formatting import hours_en, in_sentence_en
from tests.rules.seed import BUCKET_NAMES, BUCKET_OF, seeded_policy
from tests.rules.seed import SEEDED as POLICY

EXACT = seeded_policy(version="exact", mix_tolerance_points=0)


def test_with_no_tolerance_a_share_just_short_of_its_target_is_not_shown_on_it():
    # 69.96 : 20.04 : 10 rounds to 70 : 20 : 10, which would read as a pass.
    verdict = check_mix({"self-learning": "69.96", "coaching": "20.04", "training": 10},
                        BUCKET_OF, EXACT, BUCKET_NAMES)
    assert not verdict.ok and verdict.tolerance_points == 0
    assert [verdict.bucket(b).shown_share for b in BUCKETS] == ["69.9", "20.1", "10"]
    assert verdict.message_en.startswith("The learning mix is 69.9:20.1:10, more than 0 points off")


def test_with_no_tolerance_a_share_off_its_target_is_shown_as_it_is():
    verdict = check_mix({"self-learning": "69.5", "coaching": "20.5", "training": 10},
                        BUCKET_OF, EXACT, BUCKET_NAMES)
    assert [verdict.bucket(b).shown_share for b in BUCKETS] == ["69.5", "20.5", "10"]


def test_every_bucket_short_of_the_exact_mix_is_named_even_by_a_sliver():
    uneven = seeded_policy(version="71-19-10", experiential_percent=71, social_percent=19, formal_percent=10,
                           mix_tolerance_points=0)
    verdict = check_mix({"self-learning": 64, "coaching": 17, "training": 9}, BUCKET_OF, uneven, BUCKET_NAMES)
    assert [verdict.bucket(b).add_hours for b in BUCKETS] == [0, Fraction(9, 71), Fraction(1, 71)]
    assert verdict.message_en.endswith(
        "add at least 0.5 hours of learning from others or coaching and developing others"
        " and 0.5 hours of in-class training")


def test_hours_in_thirds_are_totalled_exactly():
    verdict = check_mix({"self-learning": Fraction(7, 3), "coaching": Fraction(2, 3), "training": Fraction(1, 3)},
                        BUCKET_OF, POLICY, BUCKET_NAMES)
    assert verdict.total_hours == Fraction(10, 3) and verdict.ok
    assert [verdict.bucket(b).hours for b in BUCKETS] == [Fraction(7, 3), Fraction(2, 3), Fraction(1, 3)]


def test_one_hour_is_singular_in_english():
    assert (hours_en("1"), hours_en("0.5"), hours_en("1.5"), hours_en("10")) == (
        "1 hour", "0.5 hours", "1.5 hours", "10 hours")


def test_a_bucket_is_named_by_its_methods_in_the_reference_order():
    names = name_buckets([("experiential", "การเรียนรู้ด้วยตนเอง", "Self-learning"),
                          ("social", "การสอนงาน", "Coaching"),
                          ("experiential", "การเรียนรู้จากการปฏิบัติงาน", "On-the-job learning"),
                          ("experiential", "การอ่าน", "Reading")])
    assert names == {
        "experiential": ("การเรียนรู้ด้วยตนเอง การเรียนรู้จากการปฏิบัติงาน หรือ การอ่าน",
                         "Self-learning, on-the-job learning or reading"),
        "social": ("การสอนงาน", "Coaching"),
    }


def test_a_bucket_speaks_english_unless_asked_for_thai():
    verdict = check_mix({"training": 1}, BUCKET_OF, POLICY, BUCKET_NAMES)
    formal = verdict.bucket("formal")
    name_th, name_en = BUCKET_NAMES["formal"]
    assert (formal.name(), formal.name("th")) == (name_en, name_th)
    with pytest.raises(ValueError, match=r"^unknown language 'fr'; expected one of \('th', 'en'\)$"):
        formal.name("fr")


def test_a_two_letter_name_reads_in_a_sentence_too():
    assert in_sentence_en("On") == "on" and in_sentence_en("IT") == "IT"
