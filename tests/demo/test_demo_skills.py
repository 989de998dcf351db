"""The demo's skills: a framework version with levels in force, a quiz that DG-LIT-103 requires,
and a self-assessment waiting for its supervisor; a second load adds nothing."""

from sqlalchemy import func, select

from lms.accounts.demo import DEMO_PASSWORD
from lms.assessment.frameworks.models import ProficiencyLevel, SkillFramework
from lms.assessment.frameworks.queries import framework_in_force
from lms.assessment.quizzes.models import BankQuestion, Quiz
from lms.assessment.quizzes.queries import completion_quiz_missing
from lms.assessment.ratings.models import SkillAssessment
from lms.core.dates import today_in_bangkok
from lms.demo.services import load_demo
from lms.extensions import db


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_demo_has_levels_a_required_quiz_and_an_assessment_to_confirm(app, db, client, login):
    result = app.test_cli_runner().invoke(args=["lms", "demo"])
    assert result.exit_code == 0, result.output
    assert "Skills: the demo framework version" in result.output
    demo = load_demo()
    people = demo.accounts.people

    framework = framework_in_force(today_in_bangkok())
    assert framework.version_label == "2570-สาธิต"
    assert [len(edition.levels) for edition in framework.editions] == [4] * 7
    # The seven seeded skill sets keep their names: nothing the demo tagged is renamed.
    assert [e.name_th for e in framework.editions][0] == "ทักษะการรู้ดิจิทัล"

    learner = people["kanokporn.m"]
    quiz = completion_quiz_missing(learner, db.session.scalar(select(Quiz.course_id)))
    assert quiz is not None and quiz.course.code == "DG-LIT-103"
    assert db.session.scalar(select(func.count()).where(BankQuestion.bank_id == quiz.bank_id)) == 5

    login(learner.supervisor, DEMO_PASSWORD)
    waiting = client.get("/skills/reviews").get_data(as_text=True)
    assert learner.name_th in waiting

    before = {model: _count(model) for model in (SkillFramework, ProficiencyLevel, Quiz, BankQuestion, SkillAssessment)}
    again = load_demo()
    assert not again.skills.changed
    assert {model: _count(model) for model in before} == before
