"""The gap (required − assessed): the pure function by hand-worked cases, then what the person
and their supervisor see on "My skills", the dashboard and the plan form."""

from datetime import date

from sqlalchemy import select

from lms.assessment.ratings.gaps import Gap, SkillLevels, assessed_level, skill_gaps_of
from lms.assessment.ratings.queries import gap_proposals, skill_gaps
from lms.assessment.ratings.services import LevelChoice, confirm_assessment
from lms.core.dates import today_in_bangkok
from lms.extensions import db
from lms.reference.models import SkillSet, TargetGroup
from tests.catalog.factories import published_course
from tests.development.plan_factories import draft_plan

from .ratings_factories import ratings_framework, submitted_assessment


def test_the_gap_is_required_less_the_highest_assessed_level_largest_first():
    rows = [
        SkillLevels(1, position=0, required=3, confirmed=1),  # 2 short
        SkillLevels(2, position=1, required=2, confirmed=1, external=3),  # external wins: none
        SkillLevels(3, position=2, required=4),  # never assessed: 4 short
        SkillLevels(4, position=3, required=0, confirmed=2),  # not required
        SkillLevels(5, position=4, required=3, confirmed=2, external=1, certified=2),  # tie: certificate
        SkillLevels(6, position=5, required=2, confirmed=0),  # "not yet level 1" is assessed
    ]
    assert skill_gaps_of(rows) == [
        Gap(3, 4, 0, None, 4),
        Gap(1, 3, 1, "supervisor", 2),
        Gap(6, 2, 0, "supervisor", 2),
        Gap(5, 3, 2, "certificate", 1),
        Gap(2, 2, 3, "external", 0),
        Gap(4, 0, 2, "supervisor", 0),
    ]


def test_assessed_level_takes_the_highest_source():
    assert assessed_level(SkillLevels(1)) == (0, None)
    assert assessed_level(SkillLevels(1, confirmed=3, external=2)) == (3, "supervisor")
    assert assessed_level(SkillLevels(1, confirmed=1, certified=1, external=1)) == (1, "certificate")
    assert assessed_level(SkillLevels(1, confirmed=1, external=4)) == (4, "external")


def _set(slug):
    return db.session.scalar(select(SkillSet).where(SkillSet.slug == slug))


def _in_group(person, slug="academic"):
    person.target_groups = [db.session.scalar(select(TargetGroup).where(TargetGroup.slug == slug))]
    db.session.flush()


def _confirmed(world, framework, levels: dict[str, int]):
    """The learner's assessment, every set at 1 but `levels`, confirmed by the supervisor."""
    assessment = submitted_assessment(world["learner"], framework, level=1)
    choices = {e.skill_set_id: LevelChoice(1) for e in framework.editions}
    for slug, level in levels.items():
        choices[_set(slug).id] = LevelChoice(level, "ปรับ")
    confirm_assessment(world["supervisor"], assessment, choices, assessment.submitted_at.isoformat())
    return assessment


def test_skill_gaps_use_the_highest_required_level_of_the_persons_groups_in_their_phase(world):
    framework = ratings_framework(required={
        ("academic", "develop", "digital-literacy"): 3,
        ("service", "develop", "digital-literacy"): 4,
        ("academic", "early", "digital-governance"): 4,  # another phase: not theirs
        ("academic", "develop", "digital-governance"): 2,
    })
    learner = world["learner"]
    learner.target_groups = list(db.session.scalars(
        select(TargetGroup).where(TargetGroup.slug.in_(("academic", "service")))))
    _confirmed(world, framework, {"digital-governance": 3})
    gaps = {g.edition.skill_set.slug: g for g in skill_gaps(learner, today_in_bangkok())}
    literacy = gaps["digital-literacy"]
    assert (literacy.required, literacy.assessed, literacy.gap) == (4, 1, 3)
    assert (gaps["digital-governance"].required, gaps["digital-governance"].gap) == (2, 0)
    assert gaps["digital-technology"].required == 0
    assert skill_gaps(learner, today_in_bangkok())[0].edition.skill_set.slug == "digital-literacy"
    assert skill_gaps(learner, date(2000, 1, 1)) == []  # before any version


def test_the_dashboard_shows_skills_and_gaps_to_the_person_and_their_supervisor(client, world, login):
    framework = ratings_framework(required={("academic", "develop", "digital-literacy"): 3})
    learner = world["learner"]
    _in_group(learner)
    _confirmed(world, framework, {"digital-literacy": 1})
    learner.language = world["supervisor"].language = "en"
    db.session.flush()
    login(learner)
    page = client.get("/dashboard/").get_data(as_text=True)
    assert "Skills and gaps" in page and "Assess my skills" in page
    assert "Confirmed by the supervisor" in page
    assert '<strong class="text-danger">2</strong>' in page  # required 3, confirmed 1
    login(world["supervisor"])
    page = client.get(f"/dashboard/people/{learner.id}").get_data(as_text=True)
    assert "Skills and gaps" in page and '<strong class="text-danger">2</strong>' in page
    assert "Assess my skills" not in page


def test_the_plan_form_proposes_items_for_the_largest_gaps(client, world, login):
    ratings_framework(required={("academic", "develop", "digital-literacy"): 4,
                                ("academic", "develop", "digital-governance"): 2,
                                ("academic", "develop", "digital-technology"): 3,
                                ("academic", "develop", "digital-leadership"): 1})
    learner = world["learner"]
    _in_group(learner)
    learner.language = "en"
    course = published_course(world["institute"], skill_sets=("digital-literacy",))
    db.session.flush()
    proposals = gap_proposals(learner, today_in_bangkok())
    assert [p.gap.edition.skill_set.slug for p in proposals] == [
        "digital-literacy", "digital-technology", "digital-governance"]  # the top 3 of 4
    assert proposals[0].courses == [(course.code, course.published.title_th)]  # no request: Thai
    plan = draft_plan(learner)
    login(learner)
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert "Proposed for your largest gaps" in page
    literacy = _set("digital-literacy")
    assert f"skill_set={literacy.id}&amp;course={course.code}" in page
    prefilled = client.get(f"/plans/{plan.id}?skill_set={literacy.id}&course={course.code}").get_data(as_text=True)
    assert f'<option selected value="{literacy.id}">' in prefilled
    assert f'value="{course.code}"' in prefilled
