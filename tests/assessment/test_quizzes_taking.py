"""Taking a quiz: no answers in the page, scoring on the server, frozen questions, limits,
and nobody else's attempt."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from lms.assessment.quizzes.models import QuizAttempt
from lms.assessment.quizzes.queries import passed_quiz_for_course
from lms.assessment.quizzes.services import QuizRefused, submit_attempt
from lms.core import events
from lms.core.dates import today_in_bangkok
from lms.core.models import utcnow
from lms.extensions import db
from lms.reference.models import SkillSet
from tests.assessment.quiz_factories import (
    bank_with_questions,
    course_quiz,
    ma_question,
    mc_question,
    numeric_question,
    short_question,
    skill_set_quiz,
    tf_question,
)
from tests.catalog.factories import published_course


@pytest.fixture
def course(world):
    return published_course(world["institute"], format="self-paced", sessions=(), content="เนื้อหา")


@pytest.fixture
def every_kind(world):
    return bank_with_questions(world["institute"], world["author"], questions=(
        mc_question(wrong_grade=Decimal("-0.5")), ma_question(), tf_question(), short_question(), numeric_question()))


def start(client, quiz):
    response = client.post(f"/quizzes/{quiz.id}/start")
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalars(select(QuizAttempt).where(QuizAttempt.quiz_id == quiz.id)
                              .order_by(QuizAttempt.id.desc())).first()


def index_of(attempt, kind, text):
    """The form value of the choice with this text, in the attempt's slot of this kind."""
    slot_number, slot = next((i, s) for i, s in enumerate(attempt.questions) if s["kind"] == kind)
    return slot_number, next(i for i, a in enumerate(slot["answers"]) if a["text"] == text)


def slot_of(attempt, kind):
    return next(i for i, s in enumerate(attempt.questions) if s["kind"] == kind)


def test_the_attempt_page_carries_no_correctness_data(client, world, login, course, every_kind):
    quiz = course_quiz(course, every_kind, world["author"])
    login(world["learner"])
    attempt = start(client, quiz)
    page = client.get(f"/quizzes/attempts/{attempt.id}").get_data(as_text=True)
    assert "เมืองหลวงของไทยคือ" in page and "กรุงเทพ" in page  # the question and its choices
    for secret in ("คำตอบนี้ถูกต้องแล้ว", "คำตอบนี้ยังไม่ถูก", "คำอธิบายทั่วไป", "fraction", "Python", "py*", "3.14", "0.01", "-0.5",
                   "feedback"):
        assert secret not in page, secret


def test_every_kind_is_scored_on_the_server(client, world, login, course, every_kind):
    quiz = course_quiz(course, every_kind, world["author"], pass_percent=Decimal(70))
    login(world["learner"])
    attempt = start(client, quiz)
    mc, right = index_of(attempt, "multiple_choice", "กรุงเทพ")
    ma, two = index_of(attempt, "multiple_answer", "2")
    response = client.post(f"/quizzes/attempts/{attempt.id}/submit", data={
        f"q-{mc}": str(right), f"q-{ma}": [str(two)], f"q-{slot_of(attempt, 'true_false')}": "false",
        f"q-{slot_of(attempt, 'short_answer')}": "python", f"q-{slot_of(attempt, 'numeric')}": "3.145"})
    assert response.status_code == 302
    db.session.refresh(attempt)
    # MC 1 + MA 0.5 (one of two right) + TF 0 + short 1 + numeric 2 (mark 2) = 4.5 of 6 = 75%
    assert attempt.score == Decimal("4.5") and attempt.max_score == 6
    assert attempt.percent == 75 and attempt.passed
    page = client.get(f"/quizzes/attempts/{attempt.id}").get_data(as_text=True)
    assert "75%" in page and "คำตอบนี้ถูกต้องแล้ว" in page and "คำอธิบายทั่วไป" in page  # feedback after submission
    assert passed_quiz_for_course(world["learner"], course.id)
    assert not passed_quiz_for_course(world["peer"], course.id)


def test_a_negative_grade_never_takes_marks_from_other_questions(client, world, login, course, every_kind):
    quiz = course_quiz(course, every_kind, world["author"])
    login(world["learner"])
    attempt = start(client, quiz)
    mc, wrong = index_of(attempt, "multiple_choice", "เชียงใหม่")  # -50%
    client.post(f"/quizzes/attempts/{attempt.id}/submit", data={
        f"q-{mc}": str(wrong), f"q-{slot_of(attempt, 'true_false')}": "true"})
    db.session.refresh(attempt)
    assert attempt.score == 1 and not attempt.passed  # only the true/false mark


def _attempt_form(page: str) -> str:
    """The questions and choices as shown, without the CSRF token (it carries the second)."""
    form = re.search(r'<form[^>]*id="attempt-form".*?</form>', page, re.S).group(0)
    return re.sub(r'name="csrf_token" value="[^"]*"', "", form)


def test_questions_and_choices_are_frozen_per_attempt(client, world, login, course):
    bank = bank_with_questions(world["institute"], world["author"], questions=[
        mc_question(name=f"ข้อ {n}", wrong=("ก", "ข", "ค", "ง", "จ")) for n in range(8)])
    quiz = course_quiz(course, bank, world["author"], draw_count=5)
    login(world["learner"])
    attempt = start(client, quiz)
    first = _attempt_form(client.get(f"/quizzes/attempts/{attempt.id}").get_data(as_text=True))
    assert "ข้อ" in first
    assert _attempt_form(client.get(f"/quizzes/attempts/{attempt.id}").get_data(as_text=True)) == first
    assert start(client, quiz).id == attempt.id  # an attempt in progress is resumed, not redrawn
    assert len(attempt.questions) == 5 and attempt.max_score == 5
    orders = [s["order"] for s in attempt.questions]
    assert any(order != sorted(order) for order in orders)  # 6 choices each: shuffled (1 in 6^5 not)
    # A later edit of the bank does not change the attempt.
    bank.questions[0].text = "แก้แล้ว"
    db.session.flush()
    db.session.refresh(attempt)
    assert "แก้แล้ว" not in client.get(f"/quizzes/attempts/{attempt.id}").get_data(as_text=True)


def test_the_attempts_limit(client, world, login, course, every_kind):
    quiz = course_quiz(course, every_kind, world["author"], attempts_limit=1)
    login(world["learner"])
    attempt = start(client, quiz)
    client.post(f"/quizzes/attempts/{attempt.id}/submit", data={})
    response = client.post(f"/quizzes/{quiz.id}/start", follow_redirects=True)
    assert "ครบ" in response.get_data(as_text=True) or "all 1 attempts" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 1


def test_a_submission_after_the_time_limit_is_refused(client, world, login, course, every_kind):
    quiz = course_quiz(course, every_kind, world["author"], time_limit_minutes=10)
    login(world["learner"])
    attempt = start(client, quiz)
    assert attempt.deadline_at - attempt.started_at == timedelta(minutes=10)
    assert "quiz-timer.js" in client.get(f"/quizzes/attempts/{attempt.id}").get_data(as_text=True)
    db.session.execute(update(QuizAttempt).where(QuizAttempt.id == attempt.id)
                       .values(deadline_at=utcnow() - timedelta(minutes=1)))
    mc, right = index_of(attempt, "multiple_choice", "กรุงเทพ")
    response = client.post(f"/quizzes/attempts/{attempt.id}/submit", data={f"q-{mc}": str(right)},
                           follow_redirects=True)
    assert "attempt-expired" in response.get_data(as_text=True)
    db.session.refresh(attempt)
    assert attempt.submitted_at is None and attempt.score is None


def test_a_submission_within_the_grace_counts(client, world, login, course, every_kind):
    quiz = course_quiz(course, every_kind, world["author"], time_limit_minutes=10)
    login(world["learner"])
    attempt = start(client, quiz)
    db.session.execute(update(QuizAttempt).where(QuizAttempt.id == attempt.id)
                       .values(deadline_at=utcnow() - timedelta(seconds=5)))
    client.post(f"/quizzes/attempts/{attempt.id}/submit", data={})
    db.session.refresh(attempt)
    assert attempt.submitted_at is not None


def test_an_attempt_cannot_be_submitted_twice(client, world, login, course, every_kind):
    quiz = course_quiz(course, every_kind, world["author"])
    login(world["learner"])
    attempt = start(client, quiz)
    client.post(f"/quizzes/attempts/{attempt.id}/submit", data={f"q-{slot_of(attempt, 'true_false')}": "true"})
    submitted_at = db.session.get(QuizAttempt, attempt.id).submitted_at
    mc, right = index_of(attempt, "multiple_choice", "กรุงเทพ")
    client.post(f"/quizzes/attempts/{attempt.id}/submit", data={f"q-{mc}": str(right)})
    db.session.refresh(attempt)
    assert attempt.score == 1 and attempt.submitted_at == submitted_at


def test_a_racing_second_submission_is_refused_by_the_guarded_update(world, course, every_kind):
    from lms.assessment.quizzes.services import start_attempt

    quiz = course_quiz(course, every_kind, world["author"])
    attempt = start_attempt(quiz, world["learner"], utcnow())
    # Another request submits it; this one still holds the attempt as not submitted.
    db.session.execute(update(QuizAttempt).where(QuizAttempt.id == attempt.id).values(submitted_at=utcnow())
                       .execution_options(synchronize_session=False))
    assert attempt.submitted_at is None
    with pytest.raises(QuizRefused):
        submit_attempt(attempt, {}, world["learner"], utcnow())


def test_another_persons_attempt_is_404(client, world, login, course, every_kind):
    quiz = course_quiz(course, every_kind, world["author"])
    login(world["learner"])
    attempt = start(client, quiz)
    login(world["peer"])
    assert client.get(f"/quizzes/attempts/{attempt.id}").status_code == 404
    assert client.post(f"/quizzes/attempts/{attempt.id}/submit", data={}).status_code == 404
    login(world["supervisor"])
    assert client.get(f"/quizzes/attempts/{attempt.id}").status_code == 404
    db.session.refresh(attempt)
    assert attempt.submitted_at is None


@pytest.fixture
def learner_in(world, login):
    login(world["learner"])


def test_a_submission_without_the_csrf_token_is_refused(client, world, course, every_kind, learner_in, csrf):
    from lms.assessment.quizzes.services import start_attempt

    quiz = course_quiz(course, every_kind, world["author"])
    attempt = start_attempt(quiz, world["learner"], utcnow())
    assert client.post(f"/quizzes/attempts/{attempt.id}/submit", data={}).status_code == 400
    assert client.post(f"/quizzes/{quiz.id}/start").status_code == 400
    db.session.refresh(attempt)
    assert attempt.submitted_at is None


def test_an_unpublished_quiz_cannot_be_seen_or_started(client, world, login, course, every_kind):
    quiz = course_quiz(course, every_kind, world["author"], publish=False)
    login(world["learner"])
    assert client.get(f"/quizzes/{quiz.id}").status_code == 404
    assert client.post(f"/quizzes/{quiz.id}/start").status_code == 404
    login(world["author"])  # its authors see it, but cannot start it either
    assert client.get(f"/quizzes/{quiz.id}").status_code == 200
    client.post(f"/quizzes/{quiz.id}/start")
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 0


def test_a_required_quiz_gates_self_paced_completion(client, world, login, course, every_kind):
    from lms.catalog.self_paced import self_paced_completion

    quiz = course_quiz(course, every_kind, world["author"], required_for_completion=True, pass_percent=Decimal(50))
    login(world["learner"])
    learn = client.get(f"/courses/{course.id}/learn").get_data(as_text=True)
    assert "quiz-pass-missing" in learn and f"/quizzes/{quiz.id}" in learn
    assert 'disabled aria-describedby="quiz-pass-missing"' in learn
    response = client.post(f"/courses/{course.id}/learn/complete", follow_redirects=True)
    assert quiz.title in response.get_data(as_text=True)
    assert self_paced_completion(world["learner"], course.id) is None
    attempt = start(client, quiz)
    mc, right = index_of(attempt, "multiple_choice", "กรุงเทพ")
    ma, two = index_of(attempt, "multiple_answer", "2")
    _ma, three = index_of(attempt, "multiple_answer", "3")
    client.post(f"/quizzes/attempts/{attempt.id}/submit", data={
        f"q-{mc}": str(right), f"q-{ma}": [str(two), str(three)], f"q-{slot_of(attempt, 'true_false')}": "true"})
    learn = client.get(f"/courses/{course.id}/learn").get_data(as_text=True)
    assert "quiz-pass-missing" not in learn
    client.post(f"/courses/{course.id}/learn/complete")
    assert self_paced_completion(world["learner"], course.id) is not None


def test_a_passed_level_quiz_announces_the_certified_level(client, world, login):
    skill_set = db.session.scalars(select(SkillSet).order_by(SkillSet.position)).first()
    bank = bank_with_questions(world["institute"], world["author"], questions=(tf_question(),))
    quiz = skill_set_quiz(world["institute"], skill_set, bank, world["author"], certifies_level=2)
    heard = []

    def listen(sender, **kwargs):  # read in the request: its objects are gone afterwards
        heard.append((sender.id, kwargs["person"].id, kwargs["skill_set"].id, kwargs["level"],
                      kwargs["certified_on"], kwargs["expires_on"], kwargs["actor"].id))

    events.level_certified.connect(listen)
    try:
        login(world["learner"])
        listing = client.get("/quizzes/").get_data(as_text=True)
        assert quiz.title in listing
        attempt = start(client, quiz)
        client.post(f"/quizzes/attempts/{attempt.id}/submit", data={"q-0": "false"})  # wrong: no level
        assert heard == []
        attempt = start(client, quiz)
        client.post(f"/quizzes/attempts/{attempt.id}/submit", data={"q-0": "true"})
    finally:
        events.level_certified.disconnect(listen)
    learner = world["learner"].id
    assert heard == [(attempt.id, learner, skill_set.id, 2, today_in_bangkok(), None, learner)]


def test_statistics_for_the_author(client, world, login, course, every_kind):
    quiz = course_quiz(course, every_kind, world["author"])
    for role, tf in (("learner", "true"), ("peer", "false"), ("other_learner", "true")):
        login(world[role])
        attempt = start(client, quiz)
        mc, right = index_of(attempt, "multiple_choice", "กรุงเทพ")
        client.post(f"/quizzes/attempts/{attempt.id}/submit", data={
            f"q-{slot_of(attempt, 'true_false')}": tf, **({f"q-{mc}": str(right)} if role == "learner" else {})})
    login(world["author"])
    page = client.get(f"/quizzes/{quiz.id}/statistics").get_data(as_text=True)
    tf_id = every_kind.questions[2].id
    row = page.split(f'data-question="{tf_id}"')[1].split("</tr>")[0]
    assert '<td class="text-end facility">66.7</td>' in row
    login(world["learner"])
    assert client.get(f"/quizzes/{quiz.id}/statistics").status_code == 404


def test_a_quiz_of_a_course_not_yet_published_is_404_for_learners(client, world, login, every_kind):
    from tests.catalog.factories import draft_course

    quiz = course_quiz(draft_course(world["institute"]), every_kind, world["author"])
    login(world["learner"])
    assert client.get(f"/quizzes/{quiz.id}").status_code == 404
    assert client.post(f"/quizzes/{quiz.id}/start").status_code == 404
    assert quiz.title not in client.get("/quizzes/").get_data(as_text=True)


def test_deleting_a_question_keeps_the_attempts_copy(client, world, login, course, every_kind):
    quiz = course_quiz(course, every_kind, world["author"])
    login(world["learner"])
    attempt = start(client, quiz)
    login(world["author"])
    question = every_kind.questions[0]
    assert client.post(f"/quizzes/questions/{question.id}/delete").status_code == 302
    assert len(every_kind.questions) == 4
    login(world["learner"])
    page = client.get(f"/quizzes/attempts/{attempt.id}").get_data(as_text=True)
    assert "เมืองหลวงของไทยคือ" in page
