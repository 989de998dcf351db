"""Recommendations: foundation first, then the learner's group's skill sets, then their phase."""

import pytest
from sqlalchemy import select

from lms.catalog.self_paced import complete_self_paced
from lms.classes.models import Enrolment
from lms.home.recommend import FOUNDATION_SLOTS, recommend_courses
from lms.reference.models import SkillSet, TargetGroup
from tests.catalog.factories import draft_course, published_course, republish
from tests.classes.factories import course_class, today


@pytest.fixture
def in_request(app, db):
    with app.test_request_context():
        yield


def group(db, slug) -> TargetGroup:
    return db.session.scalar(select(TargetGroup).where(TargetGroup.slug == slug))


def skill_name(db, slug) -> str:
    return db.session.scalar(select(SkillSet.name_th).where(SkillSet.slug == slug))


def recommended(person, world) -> list[tuple[str, str]]:
    """(Thai title, tier) of what the person is recommended; their agency is dept A (phase develop)."""
    return [(r.version.title_th, r.tier) for r in recommend_courses(person, world["dept_a"].phase)]


def course(world, title, skill, phases=("maturity",), groups=("others",), **content):
    return published_course(world["institute"], title_th=title, skill_sets=[skill], phases=list(phases),
                            target_groups=list(groups), **content)


@pytest.fixture
def service_learner(world, db):
    learner = world["learner"]
    learner.target_groups = [group(db, "service")]
    db.session.flush()
    return learner


def test_foundation_first_then_group_skill_sets_then_phase(world, service_learner, in_request):
    for n in range(4):
        course(world, f"พื้นฐาน {n}", "digital-literacy")
    course(world, "ออกแบบบริการ", "process-service-design")
    course(world, "เทคโนโลยี", "digital-technology")
    course(world, "ผู้นำในระยะพัฒนา", "digital-leadership", phases=["develop"])
    course(world, "ผู้นำระยะอื่น", "digital-leadership", phases=["maturity"])
    result = recommended(service_learner, world)
    tiers = [tier for _title, tier in result]
    assert tiers == ["foundation"] * FOUNDATION_SLOTS + ["group", "group", "phase"]
    titles = {title for title, _tier in result}
    assert {"ออกแบบบริการ", "เทคโนโลยี", "ผู้นำในระยะพัฒนา"} <= titles
    assert "ผู้นำระยะอื่น" not in titles


def test_each_recommendation_says_why(world, service_learner, db, in_request):
    course(world, "พื้นฐาน", "digital-governance")
    course(world, "ออกแบบบริการ", "process-service-design")
    course(world, "ผู้นำในระยะพัฒนา", "digital-leadership", phases=["develop"])
    reasons = {r.tier: r.reason for r in recommend_courses(service_learner, world["dept_a"].phase)}
    assert skill_name(db, "digital-governance") in reasons["foundation"]
    assert skill_name(db, "process-service-design") in reasons["group"]
    assert group(db, "service").name_th in reasons["group"]
    assert world["dept_a"].phase.name_th in reasons["phase"]


def test_more_foundation_courses_fill_the_places_the_others_leave(world, db, in_request):
    for n in range(8):
        course(world, f"พื้นฐาน {n}", "digital-literacy")
    result = recommend_courses(world["learner"], None)  # no agreed group, no phase
    assert [r.tier for r in result] == ["foundation"] * 6


def test_a_course_appears_once_in_its_first_tier(world, service_learner, in_request):
    published_course(world["institute"], title_th="ทั้งสองอย่าง", phases=["develop"],
                     skill_sets=["digital-literacy", "process-service-design"])
    assert recommended(service_learner, world) == [("ทั้งสองอย่าง", "foundation")]


def test_within_a_tier_courses_for_my_group_and_phase_come_first(world, service_learner, in_request):
    course(world, "สำหรับผู้บริหาร", "digital-literacy", groups=["executive"])
    course(world, "สำหรับงานบริการ", "digital-literacy", groups=["service"])
    course(world, "สำหรับระยะพัฒนา", "digital-literacy", groups=["executive"], phases=["develop"])
    assert [t for t, _tier in recommended(service_learner, world)] == [
        "สำหรับงานบริการ", "สำหรับระยะพัฒนา", "สำหรับผู้บริหาร"]


def test_leaves_out_completed_and_enrolled_courses_and_unpublished_ones(world, service_learner, db, in_request):
    done_online = course(world, "เรียนจบออนไลน์", "digital-literacy", format="self-paced",
                         credit_method="self-learning")
    complete_self_paced(service_learner, done_online.published, today())
    republish(done_online, title_th="เรียนจบออนไลน์ ฉบับใหม่")  # completing v1 covers the course
    done_in_class = course(world, "เรียนจบในห้อง", "digital-literacy")
    finished = course_class(world["institute"], version=done_in_class.published)
    db.session.add(Enrolment(class_id=finished.id, person_id=service_learner.id, status="completed"))
    waiting = course(world, "รอที่นั่ง", "digital-literacy")
    waiting_class = course_class(world["institute"], version=waiting.published)
    db.session.add(Enrolment(class_id=waiting_class.id, person_id=service_learner.id, status="waitlisted"))
    draft_course(world["institute"], title_th="ยังเป็นร่าง", skill_sets=["digital-literacy"])
    course(world, "ยังไม่ได้เรียน", "digital-literacy")
    db.session.flush()
    assert recommended(service_learner, world) == [("ยังไม่ได้เรียน", "foundation")]
    # someone else who completed nothing is still offered them all
    assert len(recommended(world["peer"], world)) == 4


def test_a_bounded_number_of_queries(world, service_learner, db, count_queries, in_request):
    def queries():
        db.session.expire_all()
        with count_queries() as counted:
            recommend_courses(service_learner, world["dept_a"].phase)
        return counted.count

    course(world, "พื้นฐาน", "digital-literacy")
    few = queries()
    for n in range(10):
        course(world, f"พื้นฐาน {n}", "digital-literacy")
        course(world, f"บริการ {n}", "process-service-design", phases=["develop"])
        course(world, f"ระยะ {n}", "digital-leadership", phases=["develop"])
    assert queries() == few


def test_home_page_shows_recommendations_with_links(client, login_as, world, service_learner):
    foundation = course(world, "พื้นฐานสำหรับทุกคน", "digital-literacy")
    login_as("learner")
    html = client.get("/").get_data(as_text=True)
    section = html.split('id="recommendations"', 1)[1]
    assert "พื้นฐานสำหรับทุกคน" in section
    assert f'href="/courses/{foundation.id}"' in section
    assert 'data-tier="foundation"' in section


def test_until_a_group_is_agreed_the_hr_group_recommends(world, db, in_request):
    """As enrolment goes: HR's target group counts while no group is agreed."""
    learner = world["learner"]
    learner.target_groups = []
    learner.hr_target_group = group(db, "service")
    db.session.flush()
    course(world, "ออกแบบบริการ", "process-service-design")
    assert ("ออกแบบบริการ", "group") in recommended(learner, world)

    learner.target_groups = [group(db, "others")]
    db.session.flush()
    assert ("ออกแบบบริการ", "group") not in recommended(learner, world)
