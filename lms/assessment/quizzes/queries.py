"""What other pages ask of quizzes: has this person passed a course's quiz, which quizzes
may they take, how did they do. Reads only."""

from dataclasses import dataclass

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import selectinload

from ...catalog.models import Course, CourseVersion
from ...extensions import db
from .models import Quiz, QuizAttempt


def passed_quiz_for_course(person, course_id: int) -> bool:
    """True when the person has a submitted, passed attempt at a quiz of the course (any quiz
    attached to it); the attempt's submitted_at is when it was passed (see passed_attempt)."""
    return passed_attempt(person, course_id) is not None


def passed_attempt(person, course_id: int) -> QuizAttempt | None:
    """The person's first passed attempt at a quiz of the course, or None."""
    return db.session.scalars(
        select(QuizAttempt).join(Quiz).where(Quiz.course_id == course_id, QuizAttempt.person_id == person.id,
                                             QuizAttempt.passed.is_(True))
        .order_by(QuizAttempt.submitted_at).limit(1)).first()


def completion_quiz_missing(person, course_id: int) -> Quiz | None:
    """A published quiz of the course that is required for completion and that the person
    has not passed yet; None when nothing stands in the way."""
    passed = exists().where(QuizAttempt.quiz_id == Quiz.id, QuizAttempt.person_id == person.id,
                            QuizAttempt.passed.is_(True))
    return db.session.scalars(
        select(Quiz).where(Quiz.course_id == course_id, Quiz.is_published.is_(True),
                           Quiz.required_for_completion.is_(True), ~passed)
        .order_by(Quiz.id).limit(1)).first()


@dataclass
class QuizStanding:
    """A quiz as one person stands with it: their best submitted attempt and how many made."""

    quiz: Quiz
    best: QuizAttempt | None
    attempts: int

    @property
    def attempts_left(self) -> int | None:
        limit = self.quiz.attempts_limit
        return None if limit is None else max(limit - self.attempts, 0)

    @property
    def passed(self) -> bool:
        return self.best is not None and bool(self.best.passed)


def standings(person, quizzes) -> list[QuizStanding]:
    """Each quiz with the person's best attempt and count, read in one statement."""
    quizzes = list(quizzes)
    attempts = db.session.scalars(select(QuizAttempt).where(
        QuizAttempt.person_id == person.id, QuizAttempt.quiz_id.in_([q.id for q in quizzes]))).all()
    result = []
    for quiz in quizzes:
        mine = [a for a in attempts if a.quiz_id == quiz.id]
        scored = [a for a in mine if a.submitted_at is not None]
        best = max(scored, key=lambda a: (a.percent, -a.number), default=None)
        result.append(QuizStanding(quiz, best, len(mine)))
    return result


def course_quizzes(course_id: int, published_only: bool = True) -> list[Quiz]:
    """The quizzes attached to a course (the published ones unless said otherwise)."""
    query = select(Quiz).where(Quiz.course_id == course_id).order_by(Quiz.id)
    if published_only:
        query = query.where(Quiz.is_published.is_(True))
    return list(db.session.scalars(query))


def quizzes_open_to_learners():
    """A select of the published quizzes anyone signed in may take: skill-set quizzes, and
    quizzes of courses with a published version; by title."""
    published_course = exists().where(CourseVersion.course_id == Quiz.course_id, CourseVersion.status == "published")
    return (select(Quiz).where(Quiz.is_published.is_(True), or_(Quiz.course_id.is_(None), published_course))
            .options(selectinload(Quiz.skill_set), selectinload(Quiz.course).selectinload(Course.versions))
            .order_by(Quiz.title, Quiz.id))


def institute_quizzes(institute_id: int) -> list[Quiz]:
    """An institute's quizzes, for its authors, by title."""
    return list(db.session.scalars(
        select(Quiz).where(Quiz.institute_id == institute_id)
        .options(selectinload(Quiz.skill_set), selectinload(Quiz.course).selectinload(Course.versions),
                 selectinload(Quiz.bank))
        .order_by(Quiz.title, Quiz.id)))


def submitted_attempts(quiz_id: int) -> list[QuizAttempt]:
    """Every submitted attempt at the quiz (for its statistics)."""
    return list(db.session.scalars(select(QuizAttempt).where(
        QuizAttempt.quiz_id == quiz_id, QuizAttempt.submitted_at.is_not(None)).order_by(QuizAttempt.id)))
