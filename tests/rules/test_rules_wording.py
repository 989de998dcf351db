"""Word for word, in both languages: what a person reads for each refused value and for the
verdicts at the edges (nothing to judge yet, the last phase, a complete plan), and every
figure such a verdict carries. The other rule tests check the arithmetic; these check that
the sentence shown with it is the right one and names the right thing.

(Found missing by `make mutation`: a message emptied or swapped, a field set to None,
survived the other tests.)
"""

from fractions import Fraction

import pytest

from lms.rules import (
    BUCKETS,
    InvalidDuration,
    approvals_needed,
    check_current_future,
    check_foundation,
    check_lecture_cap,
    check_mix,
    expected_roles,
    validate_record_hours,
    validate_session_minutes,
)
from lms.rules.verdict import as_number
from tests.rules.seed import BUCKET_NAMES, BUCKET_OF
from tests.rules.seed import SEEDED as POLICY
from tests.rules.test_rules_people import FOUNDATION, PHASE_NAMES, PHASES, ROLES

# Refused values ------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "thai", "english"), [
    ("abc", "จำนวนชั่วโมงการเรียนรู้ต้องเป็นตัวเลข (ได้รับ 'abc')", "Learning hours must be a number (got 'abc')"),
    (None, "จำนวนชั่วโมงการเรียนรู้ต้องเป็นตัวเลข (ได้รับ None)", "Learning hours must be a number (got None)"),
    ("-2", "จำนวนชั่วโมงการเรียนรู้ต้องไม่ติดลบ (ได้รับ '-2')", "Learning hours cannot be negative (got '-2')"),
])
def test_refused_record_hours_say_what_and_quote_the_value(value, thai, english):
    with pytest.raises(InvalidDuration) as refused:
        validate_record_hours(value)
    assert (refused.value.value, refused.value.message_th, refused.value.message_en) == (value, thai, english)


@pytest.mark.parametrize(("value", "thai", "english"), [
    ("x", "ระยะเวลาของช่วงการสอนต้องเป็นตัวเลข (ได้รับ 'x')", "Session length must be a number (got 'x')"),
    (-5, "ระยะเวลาของช่วงการสอนต้องไม่ติดลบ (ได้รับ -5)", "Session length cannot be negative (got -5)"),
    ("1.5", "ระยะเวลาของช่วงการสอนต้องเป็นจำนวนนาทีเต็ม (ได้รับ '1.5')",
     "Session length must be a whole number of minutes (got '1.5')"),
    (0, "ระยะเวลาของช่วงการสอนต้องมากกว่า 0 นาที (ได้รับ 0)", "Session length must be more than 0 minutes (got 0)"),
    (721, "ช่วงการสอนหนึ่งช่วงต้องไม่เกิน 720 นาที (12 ชั่วโมง) (ได้รับ 721)",
     "A session cannot be longer than 720 minutes (12 hours) (got 721)"),
])
def test_refused_session_minutes_say_what_and_quote_the_value(value, thai, english):
    with pytest.raises(InvalidDuration) as refused:
        validate_session_minutes(value)
    assert (refused.value.value, refused.value.message_th, refused.value.message_en) == (value, thai, english)


def test_refused_plan_hours_name_their_side():
    with pytest.raises(InvalidDuration) as refused:
        check_current_future([("current", 2), ("future", "lots")], POLICY)
    assert refused.value.message_th == "ชั่วโมงการพัฒนา (future) ต้องเป็นตัวเลข (ได้รับ 'lots')"
    assert refused.value.message_en == "Hours (future) must be a number (got 'lots')"


# R1 and R3 with nothing to judge, and R3 in the last phase ------------------------------------


def test_a_plan_without_sessions_is_an_empty_r1_verdict_with_every_figure_zero():
    assert check_lecture_cap([], POLICY).as_dict() == {
        "rule": "R1", "ok": False, "empty": True, "policy_version": POLICY.version,
        "message_th": "ยังไม่มีช่วงการสอนในแผน จึงยังตรวจสัดส่วนการบรรยายไม่ได้",
        "message_en": "No session time is planned yet, so the lecture share cannot be checked",
        "lecture_minutes": 0, "active_minutes": 0, "lecture_max_percent": POLICY.lecture_max_percent,
        "lecture_share": None, "active_share": None, "add_active_minutes": 0, "cut_lecture_minutes": 0,
        "shown_lecture_percent": None, "shown_active_percent": None,
    }


@pytest.mark.parametrize("has_future", [True, False])
def test_no_development_is_an_empty_r3_verdict_with_every_figure_zero(has_future):
    assert check_current_future([], POLICY, has_future=has_future).as_dict() == {
        "rule": "R3", "ok": False, "empty": True, "policy_version": POLICY.version,
        "message_th": "ยังไม่มีการบันทึกการพัฒนา จึงยังคำนวณสัดส่วนงานปัจจุบันกับงานในอนาคตไม่ได้",
        "message_en": "No development recorded yet, so the current/future split cannot be worked out",
        "current_hours": 0, "future_hours": 0, "current_share": None, "future_share": None,
        "current_percent": POLICY.current_percent, "future_percent": POLICY.future_percent,
        "tolerance_points": POLICY.mix_tolerance_points, "has_future": has_future,
        "add_horizon": None, "add_hours": 0, "shown_current_percent": None, "shown_future_percent": None,
    }


def test_in_the_last_phase_every_hour_counts_as_current_and_the_verdict_says_how_many():
    verdict = check_current_future([("current", 3), ("future", 1), ("future", Fraction(1, 2))], POLICY,
                                   has_future=False)
    assert verdict.as_dict() | {"message_th": "", "message_en": ""} == {
        "rule": "R3", "ok": True, "empty": False, "policy_version": POLICY.version,
        "message_th": "", "message_en": "",
        "current_hours": 4.5, "future_hours": 0, "current_share": 100, "future_share": 0,
        "current_percent": POLICY.current_percent, "future_percent": POLICY.future_percent,
        "tolerance_points": POLICY.mix_tolerance_points, "has_future": False,
        "add_horizon": None, "add_hours": 0, "shown_current_percent": "100", "shown_future_percent": "0",
    }
    assert verdict.message_th == ("หน่วยงานอยู่ในระยะสุดท้ายแล้ว ไม่มีระยะถัดไป — การพัฒนาทั้งหมด"
                                  " 4.5 ชั่วโมงนับเป็นการพัฒนาเพื่องานปัจจุบัน")
    assert verdict.message_en == ("The agency is in its last phase, so there is no next phase — all"
                                  " 4.5 hours count as development for current work")


def test_future_hours_add_up_across_items():
    verdict = check_current_future([("current", 7), ("future", 1), ("future", 2)], POLICY)
    assert (verdict.current_hours, verdict.future_hours) == (7, 3)
    assert verdict.ok and verdict.has_future


# R4 --------------------------------------------------------------------------------------


def test_a_plan_without_skill_sets_is_told_the_whole_foundation():
    verdict = check_foundation([], FOUNDATION)
    assert verdict.required == ("digital-literacy", "digital-governance")
    assert verdict.message_th == ("แผนยังไม่มีกลุ่มทักษะ — แผนต้องมีกลุ่มทักษะพื้นฐาน ได้แก่ ทักษะการรู้ดิจิทัล และ"
                                  " ทักษะด้านกฎหมาย ธรรมาภิบาล และมาตรฐานดิจิทัล")
    assert verdict.message_en == ("The plan has no skill sets yet; it must include the foundation:"
                                  " Digital Literacy Skill Set and Digital Governance, Standard and"
                                  " Compliance Skill Set")


def test_a_complete_plan_is_told_so_naming_the_foundation():
    verdict = check_foundation(["digital-literacy", "digital-governance"], FOUNDATION)
    assert (verdict.ok, verdict.empty, verdict.required) == (True, False, ("digital-literacy", "digital-governance"))
    assert verdict.message_th == ("แผนมีกลุ่มทักษะพื้นฐานครบแล้ว ได้แก่ ทักษะการรู้ดิจิทัล และ"
                                  " ทักษะด้านกฎหมาย ธรรมาภิบาล และมาตรฐานดิจิทัล")
    assert verdict.message_en == ("The plan includes every foundation skill set: Digital Literacy Skill Set"
                                  " and Digital Governance, Standard and Compliance Skill Set")


# R6 --------------------------------------------------------------------------------------


def test_the_roles_verdict_names_both_roles_and_both_phases():
    verdict = expected_roles("develop", "executive", PHASES, ROLES, PHASE_NAMES)
    assert (verdict.group, verdict.phase, verdict.next_phase) == ("executive", "develop", "maturity")
    assert verdict.message_en == (
        "The agency's phase is Develop: current role “Digital government leader”;"
        " future role for the next phase, Maturity: “Digital culture builder”")
    assert verdict.message_th == (
        "หน่วยงานอยู่ในระยะพัฒนา — บทบาทปัจจุบัน: ผู้นำด้านดิจิทัลภาครัฐ;"
        " บทบาทในอนาคตสำหรับระยะสมบูรณ์: ผู้สร้างวัฒนธรรมองค์กรด้านดิจิทัลภาครัฐ")


def test_the_last_phase_says_in_thai_that_everything_counts_as_current():
    verdict = expected_roles("maturity", "executive", PHASES, ROLES, PHASE_NAMES)
    assert (verdict.group, verdict.phase) == ("executive", "maturity")
    assert verdict.message_th == (
        "หน่วยงานอยู่ในระยะสมบูรณ์ — บทบาทปัจจุบัน: ผู้สร้างวัฒนธรรมองค์กรด้านดิจิทัลภาครัฐ;"
        " ไม่มีระยะถัดไป การพัฒนาทั้งหมดจึงนับเป็นการพัฒนาเพื่อบทบาทปัจจุบัน")


def test_without_phase_names_the_slugs_are_shown():
    verdict = expected_roles("early", "executive", PHASES, ROLES)
    assert verdict.message_en.startswith("The agency's phase is early: current role")
    assert "สำหรับระยะ develop:" in verdict.message_th


# Verdicts as JSON --------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "number"), [
    (Fraction(3), 3), (Fraction(3, 2), 1.5), (Fraction(2, 3), 0.67), (7, 7), (None, None)])
def test_exact_figures_become_json_numbers(value, number):
    assert as_number(value) == number and type(as_number(value)) is type(number)


def test_nested_figures_become_plain_dicts_and_lists():
    verdict = expected_roles("early", "executive", PHASES, ROLES)
    data = verdict.as_dict()
    assert data["current_role"] == {"name_th": "ผู้กระตุ้นและสร้างความตระหนักรู้",
                                    "name_en": "Digital awareness catalyst",
                                    "description_th": "", "description_en": ""}
    assert data["future_role"]["name_en"] == "Digital government leader"
    assert check_foundation(["digital-literacy"], FOUNDATION).as_dict()["missing"] == ["digital-governance"]


# R2 and R5 with nothing to judge, and R5's other sentences --------------------------------


def test_no_learning_is_an_empty_r2_verdict_with_every_bucket_zero():
    data = check_mix({}, BUCKET_OF, POLICY, BUCKET_NAMES).as_dict()
    assert data.pop("buckets") == [
        {"bucket": bucket, "hours": 0, "share": None, "target_percent": target, "within_tolerance": False,
         "add_hours": 0, "shown_share": None, "name_th": BUCKET_NAMES[bucket][0], "name_en": BUCKET_NAMES[bucket][1]}
        for bucket, target in zip(BUCKETS, (POLICY.experiential_percent, POLICY.social_percent,
                                            POLICY.formal_percent), strict=True)]
    assert data == {
        "rule": "R2", "ok": False, "empty": True, "policy_version": POLICY.version,
        "message_th": "ยังไม่มีการบันทึกการเรียนรู้ จึงยังคำนวณสัดส่วน 70:20:10 ไม่ได้",
        "message_en": "No learning recorded yet, so the 70:20:10 mix cannot be worked out",
        "total_hours": 0, "tolerance_points": POLICY.mix_tolerance_points,
    }


def test_no_proposed_group_is_an_empty_r5_verdict_asking_for_the_supervisor():
    assert approvals_needed([], []).as_dict() == {
        "rule": "R5", "ok": False, "empty": True, "policy_version": None,
        "message_th": "ยังไม่ได้เสนอกลุ่มเป้าหมาย — ต้องเสนออย่างน้อยหนึ่งกลุ่มและตกลงกับผู้บังคับบัญชาชั้นต้น",
        "message_en": "No target group has been proposed yet; propose at least one and agree it"
                      " with the immediate supervisor",
        "groups": [], "required": ["supervisor"], "still_needed": ["supervisor"],
    }


def test_one_group_agreed_by_the_supervisor_is_said_so():
    verdict = approvals_needed(["service"], ["supervisor"])
    assert (verdict.message_th, verdict.message_en) == (
        "ผู้บังคับบัญชาชั้นต้นเห็นชอบกลุ่มเป้าหมายแล้ว", "The target group is agreed with the immediate supervisor")


def test_two_groups_fully_approved_name_both_levels():
    verdict = approvals_needed(["service", "executive"], ["supervisor", "second_level"])
    assert verdict.ok and verdict.still_needed == ()
    assert verdict.message_th == ("ผู้บังคับบัญชาชั้นต้นเห็นชอบกลุ่มเป้าหมายแล้ว"
                                  " และผู้บังคับบัญชาเหนือขึ้นไปอีกหนึ่งระดับอนุมัติแล้ว")
    assert verdict.message_en == ("The target groups are agreed with the immediate supervisor and approved by"
                                  " the supervisor one level higher")


def test_two_groups_waiting_for_the_second_level_say_why_in_thai_too():
    verdict = approvals_needed(["service", "executive"], ["supervisor"])
    assert verdict.message_th == ("ยังต้องได้รับความเห็นชอบจากผู้บังคับบัญชาเหนือขึ้นไปอีกหนึ่งระดับ"
                                  " (เพราะงานครอบคลุมมากกว่าหนึ่งกลุ่มเป้าหมาย)")
    assert verdict.message_en == ("Still needs the approval of the supervisor one level higher"
                                  " (more than one target group is proposed)")
