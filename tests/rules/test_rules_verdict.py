"""One way to speak a language: verdicts and refused values answer message(language)."""


import pytest

from lms.rules import InvalidDuration, check_lecture_cap, validate_record_hours
from tests.rules.seed import SEEDED as POLICY


def test_a_verdict_speaks_thai_and_english():
    verdict = check_lecture_cap([("lecture", 60), ("active", 40)], POLICY)
    assert verdict.message("th") == verdict.message_th
    assert verdict.message("en") == verdict.message_en == verdict.message()


def test_a_refused_value_speaks_both_languages_too():
    with pytest.raises(InvalidDuration) as refused:
        validate_record_hours("-2")
    assert refused.value.message("th") == refused.value.message_th
    assert refused.value.message("en") == refused.value.message_en == str(refused.value)


@pytest.mark.parametrize("language", ["fr", "TH", ""])
def test_an_unknown_language_is_a_callers_bug(language):
    verdict = check_lecture_cap([("lecture", 60)], POLICY)
    with pytest.raises(ValueError, match="unknown language"):
        verdict.message(language)
