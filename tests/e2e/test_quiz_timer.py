"""A timed quiz in Chromium: when the countdown reaches zero, the page sends the answers
chosen so far by itself, and the server scores them (lms/static/js/quiz-timer.js)."""

from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from tests.e2e.steps import click_and_wait

SECONDS_LEFT = 4


def _timed_quiz(live_server) -> int:
    """A published self-paced course of the world's institute with a 10-minute quiz of one
    multiple-choice question, written into the live server's database."""
    from lms.accounts.models import Institute, Person
    from lms.extensions import db
    from tests.assessment.quiz_factories import bank_with_questions, course_quiz, mc_question
    from tests.catalog.factories import published_course

    with live_server.app.app_context():
        institute = db.session.scalar(select(Institute).where(
            Institute.name_th == live_server.world["institute"]["name_th"]))
        author = db.session.scalar(select(Person).where(Person.email == live_server.world["author"]["email"]))
        course = published_course(institute, format="self-paced", sessions=(), title_th="หลักสูตรจับเวลา")
        bank = bank_with_questions(institute, author, [mc_question("timer")], name="คลังจับเวลา")
        quiz_id = course_quiz(course, bank, author, title="แบบทดสอบจับเวลา", time_limit_minutes=10).id
        db.session.commit()
        db.session.remove()
    return quiz_id


def _bring_the_deadline_near(live_server, quiz_id: int) -> None:
    """As if the learner had spent nearly all their time: the attempt ends in a few seconds."""
    from lms.assessment.quizzes.models import QuizAttempt
    from lms.core.models import utcnow
    from lms.extensions import db

    with live_server.app.app_context():
        attempt = db.session.scalar(select(QuizAttempt).where(QuizAttempt.quiz_id == quiz_id))
        attempt.deadline_at = utcnow() + timedelta(seconds=SECONDS_LEFT)
        db.session.commit()
        db.session.remove()


def test_the_answers_are_sent_when_the_time_runs_out(page, live_server, log_in, th, console_errors):
    quiz_id = _timed_quiz(live_server)
    log_in(page, "learner")
    page.goto(live_server(f"/quizzes/{quiz_id}"))
    expect(page.locator("#quiz-rules")).to_contain_text(th("Time limit: %(n)s minutes", n=10))
    click_and_wait(page, "button", th("Take the quiz"))
    expect(page.locator("#quiz-timer")).to_be_visible()

    _bring_the_deadline_near(live_server, quiz_id)
    page.reload()
    page.get_by_label("กรุงเทพ", exact=True).check()
    # Nobody presses the button: the countdown submits the form at zero.
    with page.expect_navigation(timeout=(SECONDS_LEFT + 10) * 1000):
        pass
    result = page.locator("#attempt-result")
    expect(result).to_contain_text(th("Passed"))
    expect(result).to_contain_text("100")
    assert console_errors == []
