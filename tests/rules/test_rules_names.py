"""Rules are named for people (the codes R1 … R6 stay in code, CLI and logs)."""

import re

import pytest

from lms.rules.names import RULES, rule_named
from lms.rules.verdict import UnknownSlug

CODE = re.compile(r"\bR[1-6]\b")


def test_every_rule_has_a_name_a_section_and_its_source():
    assert [r.code for r in RULES] == ["R1", "R2", "R3", "R4", "R5", "R6"]
    assert [r.section for r in RULES] == ["4.8.4", "4.8.3", "4.5.4", "4.7.1", "4.6.3", "4.6.2"]
    assert rule_named("R2").name("en") == "70:20:10 learning mix"
    for rule in RULES:
        assert rule.name_th and rule.name_en and rule.source_th
        assert not re.search("[๐-๙]", rule.source_th + rule.name_th)  # Arabic digits throughout
        assert not CODE.search(rule.name_en + rule.name_th)
    assert rule_named("R2").name("th") == "สัดส่วนการเรียนรู้ 70:20:10"
    with pytest.raises(UnknownSlug):
        rule_named("R9")
    with pytest.raises(ValueError):
        RULES[0].name("fr")
