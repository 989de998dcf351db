"""The route walk's values for the quizzes' URL arguments: the institute's bank, question and
quizzes (published, a draft), another institute's, and attempts of two people."""


def url_arguments(world) -> dict:
    from lms.assessment.quizzes.services import start_attempt
    from lms.core.models import utcnow
    from tests.assessment.quiz_factories import bank_with_questions, course_quiz
    from tests.catalog.factories import published_course

    author = world["author"]
    course = published_course(world["institute"], format="self-paced", sessions=())
    other_course = published_course(world["other_institute"], format="self-paced", sessions=())
    mine = bank_with_questions(world["institute"], author)
    theirs = bank_with_questions(world["other_institute"], author, name="คลังอื่น")
    published = course_quiz(course, mine, author)
    draft = course_quiz(course, mine, author, publish=False, title="ร่าง")
    elsewhere = course_quiz(other_course, theirs, author)
    attempts = [start_attempt(published, world["learner"], utcnow()),
                start_attempt(elsewhere, world["other_learner"], utcnow())]
    return {
        "bank_id": [(b.id, b) for b in (mine, theirs)],
        "question_id": [(b.questions[0].id, b.questions[0]) for b in (mine, theirs)],
        "quiz_id": [(q.id, q) for q in (published, draft, elsewhere)],
        "attempt_id": [(a.id, a) for a in attempts],
    }
