"""R4 foundation, R5 group agreement and R6 agency phase."""

import pytest

from lms.rules import (
    Role,
    UnknownSlug,
    approvals_needed,
    check_foundation,
    expected_roles,
)

FOUNDATION = {  # in the app: skill sets flagged is_foundation
    "digital-literacy": ("ทักษะการรู้ดิจิทัล", "Digital Literacy Skill Set"),
    "digital-governance": ("ทักษะด้านกฎหมาย ธรรมาภิบาล และมาตรฐานดิจิทัล",
                           "Digital Governance, Standard and Compliance Skill Set"),
}
PHASES = ("early", "develop", "maturity")
ROLES = {
    ("executive", "early"): Role("ผู้กระตุ้นและสร้างความตระหนักรู้", "Digital awareness catalyst"),
    ("executive", "develop"): Role("ผู้นำด้านดิจิทัลภาครัฐ", "Digital government leader"),
    ("executive", "maturity"): Role("ผู้สร้างวัฒนธรรมองค์กรด้านดิจิทัลภาครัฐ",
                                    "Digital culture builder"),
}
PHASE_NAMES = {
    "early": ("ระยะเริ่มต้น", "Early"),
    "develop": ("ระยะพัฒนา", "Develop"),
    "maturity": ("ระยะสมบูรณ์", "Maturity"),
}


# R4 -----------------------------------------------------------------------------------


def test_plan_with_both_foundation_skill_sets_passes():
    verdict = check_foundation(
        ["digital-governance", "digital-technology", "digital-literacy"], FOUNDATION)
    assert verdict.ok and verdict.missing == ()
    assert verdict.rule == "R4" and verdict.policy_version is None


def test_missing_foundation_skill_sets_are_named_in_both_languages():
    verdict = check_foundation(["digital-technology"], FOUNDATION)
    assert not verdict.ok and not verdict.empty
    assert verdict.missing == ("digital-literacy", "digital-governance")
    assert verdict.message_en == (
        "The plan is missing foundation skill sets every person needs: Digital Literacy Skill"
        " Set and Digital Governance, Standard and Compliance Skill Set"
    )
    assert verdict.message_th == (
        "แผนยังขาดกลุ่มทักษะพื้นฐานที่ทุกคนต้องได้รับการพัฒนา ได้แก่ ทักษะการรู้ดิจิทัล และ"
        " ทักษะด้านกฎหมาย ธรรมาภิบาล และมาตรฐานดิจิทัล"
    )


def test_one_missing_is_named_alone():
    verdict = check_foundation(["digital-literacy"], FOUNDATION)
    assert verdict.missing == ("digital-governance",)
    assert "Digital Literacy" not in verdict.message_en
    assert "Digital Governance, Standard and Compliance Skill Set" in verdict.message_en


def test_empty_plan_is_its_own_verdict():
    verdict = check_foundation([], FOUNDATION)
    assert verdict.empty and not verdict.ok
    assert verdict.missing == ("digital-literacy", "digital-governance")
    assert verdict.message_en.startswith("The plan has no skill sets yet")


# R5 -----------------------------------------------------------------------------------


def test_one_group_needs_only_the_supervisor():
    verdict = approvals_needed(["service"], [])
    assert not verdict.ok and verdict.still_needed == ("supervisor",)
    assert verdict.message_en == "Still needs the approval of the immediate supervisor"
    assert verdict.message_th == "ยังต้องได้รับความเห็นชอบจากผู้บังคับบัญชาชั้นต้น"
    agreed = approvals_needed(["service"], ["supervisor"])
    assert agreed.ok and agreed.still_needed == ()
    assert agreed.rule == "R5" and agreed.policy_version is None
    assert not verdict.needs_second_level and not agreed.needs_second_level


def test_two_groups_need_the_second_level_too():
    verdict = approvals_needed(["service", "technology"], ["supervisor"])
    assert not verdict.ok
    assert verdict.required == ("supervisor", "second_level")
    assert verdict.needs_second_level
    assert verdict.still_needed == ("second_level",)
    assert verdict.message_en == (
        "Still needs the approval of the supervisor one level higher (more than one target"
        " group is proposed)"
    )
    nothing_yet = approvals_needed(["service", "technology"], [])
    assert nothing_yet.still_needed == ("supervisor", "second_level")
    assert approvals_needed(["service", "technology"], ["second_level", "supervisor"]).ok


def test_the_same_group_twice_is_one_group():
    verdict = approvals_needed(["service", "service"], ["supervisor"])
    assert verdict.ok and verdict.groups == ("service",)


def test_no_proposed_group_is_its_own_failure():
    verdict = approvals_needed([], ["supervisor"])
    assert verdict.empty and not verdict.ok and not verdict.needs_second_level
    assert verdict.message_en.startswith("No target group has been proposed yet")


def test_unknown_approval_is_an_error():
    with pytest.raises(UnknownSlug):
        approvals_needed(["service"], ["director"])


# R6 -----------------------------------------------------------------------------------


def test_current_role_is_the_agency_phase_and_future_the_next():
    verdict = expected_roles("develop", "executive", PHASES, ROLES)
    assert verdict.rule == "R6" and verdict.ok and verdict.policy_version is None
    assert verdict.current_role.name_en == "Digital government leader"
    assert verdict.future_role.name_en == "Digital culture builder"
    assert verdict.next_phase == "maturity" and verdict.has_future
    early = expected_roles("early", "executive", PHASES, ROLES)
    assert early.future_role == ROLES[("executive", "develop")]


def test_maturity_has_no_next_phase():
    verdict = expected_roles("maturity", "executive", PHASES, ROLES, PHASE_NAMES)
    assert verdict.future_role is None and verdict.next_phase is None
    assert not verdict.has_future
    assert verdict.message_en == (
        "The agency's phase is Maturity: current role “Digital culture builder”; there is no"
        " next phase, so all development counts as development for the current role"
    )
    assert "ไม่มีระยะถัดไป" in verdict.message_th


def test_phase_names_appear_in_messages():
    verdict = expected_roles("early", "executive", PHASES, ROLES, PHASE_NAMES)
    assert verdict.message_th == (
        "หน่วยงานอยู่ในระยะเริ่มต้น — บทบาทปัจจุบัน: ผู้กระตุ้นและสร้างความตระหนักรู้;"
        " บทบาทในอนาคตสำหรับระยะพัฒนา: ผู้นำด้านดิจิทัลภาครัฐ"
    )


def test_unknown_phase_and_missing_role_are_errors():
    with pytest.raises(UnknownSlug):
        expected_roles("later", "executive", PHASES, ROLES)
    with pytest.raises(LookupError, match="'service'"):
        expected_roles("early", "service", PHASES, ROLES)
