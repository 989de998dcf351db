"""Skills on the home page's to-do list: a learner asked to rate their skills for the fiscal year
while a framework version with levels is in force, until they submit; a supervisor told how many
assessments and external results wait for them, until they decide."""

from datetime import date, timedelta

import pytest

from lms.accounts.models import Delegation
from lms.assessment.ratings import external, services
from lms.assessment.ratings.models import ExternalResult
from lms.assessment.ratings.services import LevelChoice, assessment_version
from lms.core.dates import fiscal_year_of, today_in_bangkok
from lms.extensions import db
from tests.assessment.framework_factories import framework_with_levels
from tests.assessment.ratings_factories import ratings_framework, submitted_assessment
from tests.home.todo_page import home_todo


@pytest.fixture
def english(world):
    for key in ("learner", "supervisor", "director", "peer"):
        world[key].language = "en"
    db.session.flush()
    return world


def _result(person, framework):
    return external.record_result(person, external.ResultData(
        title="TPQI", issuer="TPQI", skill_set_id=framework.editions[0].skill_set_id, level=2,
        issued_on=today_in_bangkok() - timedelta(days=1), expires_on=None))


def test_no_framework_in_force_or_none_with_levels_asks_nobody_to_rate(english, login):
    items, _html = home_todo(login(english["learner"]))
    assert "rate-skills" not in items
    framework_with_levels(version_label="no-levels", levels=0, required={})
    items, _html = home_todo(login(english["learner"]))
    assert "rate-skills" not in items
    framework_with_levels(version_label="later", effective_on=today_in_bangkok() + timedelta(days=30))
    items, _html = home_todo(login(english["learner"]))
    assert "rate-skills" not in items  # not in force yet


def test_the_learner_is_asked_to_rate_their_skills_until_they_submit(english, login):
    learner = english["learner"]
    framework = ratings_framework()
    year = fiscal_year_of(today_in_bangkok())
    items, _html = home_todo(login(learner))
    item = items["rate-skills"]
    assert item.link == "/skills/" and f"Rate your skills for fiscal year {year - 543} (B.E. {year})" in item.text
    # A draft is not a self-assessment yet.
    services.save_self_assessment(learner, {e.skill_set_id: LevelChoice(1) for e in framework.editions}, False,
                                  today_in_bangkok())
    items, _html = home_todo(login(learner))
    assert "rate-skills" in items
    submitted_assessment(learner, framework)
    items, _html = home_todo(login(learner))
    assert "rate-skills" not in items


def test_last_years_assessment_does_not_count_for_this_year(english, login):
    learner = english["learner"]
    framework = ratings_framework()
    last_year_day = today_in_bangkok() - timedelta(days=366)
    if last_year_day < date(2022, 10, 1):
        pytest.skip("the test framework is not in force a year ago")
    submitted_assessment(learner, framework, on=last_year_day)
    items, _html = home_todo(login(learner))
    assert "rate-skills" in items


def test_the_supervisor_and_the_acting_supervisor_see_what_waits_until_they_decide(english, login):
    world = english
    learner, peer, supervisor, director = world["learner"], world["peer"], world["supervisor"], world["director"]
    framework = ratings_framework()
    items, _html = home_todo(login(supervisor))
    assert "skill-reviews" not in items
    assessment = submitted_assessment(learner, framework)
    result = _result(peer, framework)
    _result(learner, framework)
    items, _html = home_todo(login(supervisor))
    item = items["skill-reviews"]
    assert item.count == 3 and item.link == "/skills/reviews"
    assert "Skill assessments and external results waiting for you" in item.text
    assert "skill-reviews" not in home_todo(login(world["other_supervisor"]))[0]
    assert "skill-reviews" not in home_todo(login(director))[0]  # not theirs to decide
    today = today_in_bangkok()
    db.session.add(Delegation(principal_id=supervisor.id, delegate_id=director.id, starts_on=today, ends_on=today))
    db.session.flush()
    assert home_todo(login(director))[0]["skill-reviews"].count == 3  # acting for the supervisor today

    services.confirm_assessment(supervisor, assessment,
                                {r.skill_set_id: LevelChoice(r.self_level) for r in assessment.ratings},
                                assessment_version(assessment))
    external.review_result(supervisor, result, "verified", "", external.result_version(result))
    items, _html = home_todo(login(supervisor))
    assert items["skill-reviews"].count == 1
    pending = _pending(learner)
    external.review_result(supervisor, pending, "returned", "แก้ไข", external.result_version(pending))
    items, _html = home_todo(login(supervisor))
    assert "skill-reviews" not in items


def _pending(person):
    return db.session.scalars(external.results_of(person).where(ExternalResult.status == "pending")).one()
