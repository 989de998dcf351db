"""What a developer or an operator reads when the rules are called wrongly: an unknown slug
names its kind, the slug and the slugs expected (reference data out of step shows at
once), and an inconsistent policy says which figure is wrong and why."""

import dataclasses
from datetime import datetime
from fractions import Fraction

import pytest

from lms.rules import (
    InvalidDuration,
    PolicyError,
    Role,
    UnknownSlug,
    approvals_needed,
    check_current_future,
    check_lecture_cap,
    check_mix,
    expected_roles,
)
from lms.rules.formatting import format_tenths
from tests.rules.seed import BUCKET_NAMES, BUCKET_OF
from tests.rules.seed import SEEDED as POLICY

EXECUTIVE_ROLES = {("executive", phase): Role(phase, phase) for phase in ("early", "develop", "maturity")}
MIX = {"self-learning": 7, "coaching": 2, "training": 1}

UNKNOWN = [
    (lambda: approvals_needed(["service"], ["director"]),
     "approval", "director", "('supervisor', 'second_level')"),
    (lambda: check_lecture_cap([("discussion", 30)], POLICY),
     "session kind", "discussion", "('lecture', 'active')"),
    (lambda: check_current_future([("someday", 3)], POLICY),
     "horizon", "someday", "('current', 'future')"),
    (lambda: expected_roles("later", "executive", ("early", "develop", "maturity"), EXECUTIVE_ROLES),
     "phase", "later", "('early', 'develop', 'maturity')"),
    (lambda: check_mix({"reading": 3}, BUCKET_OF, POLICY, BUCKET_NAMES),
     "learning method", "reading", "['coaching', 'learning-from-others', 'on-the-job', 'self-learning', 'training']"),
    (lambda: check_mix({"reading": 3}, {"reading": "other"}, POLICY, BUCKET_NAMES),
     "70:20:10 bucket (for method 'reading')", "other", "('experiential', 'social', 'formal')"),
    (lambda: check_mix(MIX, BUCKET_OF, POLICY, BUCKET_NAMES).bucket("fun"),
     "70:20:10 bucket", "fun", "('experiential', 'social', 'formal')"),
]


@pytest.mark.parametrize(("call", "what", "slug", "expected"), UNKNOWN,
                         ids=[case[1] for case in UNKNOWN])
def test_an_unknown_slug_names_its_kind_the_slug_and_what_was_expected(call, what, slug, expected):
    with pytest.raises(UnknownSlug) as unknown:
        call()
    assert (unknown.value.what, unknown.value.slug) == (what, slug)
    assert str(unknown.value) == f"unknown {what} {slug!r}; expected one of {expected}"


def test_refused_mix_hours_name_the_method():
    with pytest.raises(InvalidDuration) as refused:
        check_mix({"training": "x"}, BUCKET_OF, POLICY, BUCKET_NAMES)
    assert refused.value.message_th == "ชั่วโมงของ training ต้องเป็นตัวเลข (ได้รับ 'x')"
    assert refused.value.message_en == "Hours of training must be a number (got 'x')"


@pytest.mark.parametrize(("changes", "message"), [
    ({"version": " "}, "A policy needs a version name, e.g. 'ocsc-2561'"),
    ({"effective_on": datetime(2017, 10, 1)}, "Policy ocsc-2561: effective_on must be a date"),
    ({"lecture_max_percent": 101},
     "Policy ocsc-2561: lecture_max_percent must be a whole percent from 0 to 100 (got 101)"),
    ({"experiential_percent": 60}, "Policy ocsc-2561: the R2 percents must add up to 100"),
    ({"experiential_percent": 80, "social_percent": 20, "formal_percent": 0},
     "Policy ocsc-2561: every R2 percent must be above 0"),
    ({"current_percent": 80}, "Policy ocsc-2561: the R3 percents must add up to 100"),
    ({"current_percent": 0, "future_percent": 100}, "Policy ocsc-2561: future_percent must be between 1 and 99"),
    ({"current_percent": 100, "future_percent": 0}, "Policy ocsc-2561: future_percent must be between 1 and 99"),
])
def test_an_inconsistent_policy_says_what_is_wrong(changes, message):
    with pytest.raises(PolicyError) as refused:
        dataclasses.replace(POLICY, **changes)
    assert str(refused.value) == message


def test_a_share_that_is_not_in_tenths_cannot_be_shown_as_one():
    with pytest.raises(ValueError, match=r"^1/3 is not a multiple of 0.1$"):
        format_tenths(Fraction(1, 3))
