"""Quizzes: authored, published, started and submitted. Scoring is done here, on the server,
from the questions frozen in the attempt. They flush, never commit."""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from ...core import events
from ...core.audit import record_event, snapshot
from ...core.dates import local_date
from ...extensions import db
from ..question_formats import QuestionKind
from .models import BankQuestion, Quiz, QuizAttempt
from .scoring import freeze, read_response, slot_score

# A submission sent as the countdown ends still counts: the network and the page need a moment.
GRACE = timedelta(seconds=30)
QUIZ_FIELDS = ("title", "description", "course_id", "skill_set_id", "bank_id", "draw_count",
               "shuffle_questions", "shuffle_choices", "time_limit_minutes", "attempts_limit",
               "pass_percent", "required_for_completion", "certifies_level")
_random = random.SystemRandom()  # which questions a person draws should not be predictable


class QuizRefused(ValueError):
    """What a person asked cannot be done; `message` says why, in their language (lazy)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class QuizSettings:
    """What an author sets on a quiz (the form's data)."""

    title: str
    description: str
    bank_id: int
    course_id: int | None = None
    skill_set_id: int | None = None
    draw_count: int | None = None
    shuffle_questions: bool = True
    shuffle_choices: bool = True
    time_limit_minutes: int | None = None
    attempts_limit: int | None = None
    pass_percent: Decimal = Decimal(60)
    required_for_completion: bool = False
    certifies_level: int | None = None


def save_quiz(institute, settings: QuizSettings, actor, quiz: Quiz | None = None) -> Quiz:
    """Create a quiz of the institute (or change `quiz`) with these settings. The caller has
    checked that the bank and the course belong to the institute. A course quiz certifies no
    level and a skill-set quiz is never required for a course's completion."""
    if quiz is None:
        quiz = Quiz(institute_id=institute.id, created_by_id=actor.id)
        db.session.add(quiz)
        before = {}
    else:
        before = snapshot(quiz, QUIZ_FIELDS)
    for name in QUIZ_FIELDS:
        setattr(quiz, name, getattr(settings, name))
    quiz.title = quiz.title.strip()
    if quiz.course_id is not None:
        quiz.skill_set_id = quiz.certifies_level = None
    else:
        quiz.required_for_completion = False
    db.session.flush()
    record_event("quiz.saved", quiz, actor=actor, object_label=quiz.title,
                 changes={k: [before.get(k), v] for k, v in snapshot(quiz, QUIZ_FIELDS).items()
                          if before.get(k) != v})
    return quiz


def set_published(quiz: Quiz, published: bool, actor) -> None:
    """Open the quiz to learners, or close it to new attempts. A quiz with no questions in
    its bank cannot be published."""
    if published and not quiz_question_count(quiz):
        raise QuizRefused(_l("The quiz's question bank has no questions yet."))
    quiz.is_published = published
    db.session.flush()
    record_event("quiz.published" if published else "quiz.unpublished", quiz, actor=actor, object_label=quiz.title)


def quiz_question_count(quiz: Quiz) -> int:
    """How many questions an attempt at the quiz asks."""
    in_bank = db.session.scalar(select(func.count(BankQuestion.id)).where(BankQuestion.bank_id == quiz.bank_id))
    return min(in_bank, quiz.draw_count) if quiz.draw_count else in_bank


def attempt_state(attempt: QuizAttempt, now: datetime) -> str:
    """"submitted", "expired" (the time ran out before a submission) or "open"."""
    if attempt.submitted_at is not None:
        return "submitted"
    if attempt.deadline_at is not None and now > attempt.deadline_at + GRACE:
        return "expired"
    return "open"


def attempts_made(quiz: Quiz, person) -> list[QuizAttempt]:
    """The person's attempts at the quiz, first first."""
    return list(db.session.scalars(select(QuizAttempt).where(
        QuizAttempt.quiz_id == quiz.id, QuizAttempt.person_id == person.id).order_by(QuizAttempt.number)))


def start_attempt(quiz: Quiz, person, now: datetime) -> QuizAttempt:
    """The person's attempt in progress at the quiz, or a new one: its questions drawn from
    the bank (shuffled as the quiz says) and frozen. Raises QuizRefused when the quiz is not
    published, has no questions, or the person has used all their attempts."""
    if not quiz.is_published:
        raise QuizRefused(_l("This quiz is not open for attempts."))
    made = attempts_made(quiz, person)
    for attempt in made:
        if attempt_state(attempt, now) == "open":
            return attempt
    if quiz.attempts_limit is not None and len(made) >= quiz.attempts_limit:
        raise QuizRefused(_l("You have used all %(n)s attempts allowed at this quiz.", n=quiz.attempts_limit))
    rows = list(db.session.scalars(select(BankQuestion).where(BankQuestion.bank_id == quiz.bank_id)
                                   .order_by(BankQuestion.id)))
    if not rows:
        raise QuizRefused(_l("The quiz's question bank has no questions yet."))
    if quiz.draw_count and quiz.draw_count < len(rows):
        drawn = _random.sample(rows, quiz.draw_count)
        if not quiz.shuffle_questions:
            drawn.sort(key=lambda row: row.id)
    else:
        drawn = rows
        if quiz.shuffle_questions:
            _random.shuffle(drawn)
    slots = [freeze(row, _choice_order(row, quiz.shuffle_choices)) for row in drawn]
    attempt = QuizAttempt(
        quiz=quiz, person_id=person.id, number=len(made) + 1, started_at=now,
        deadline_at=now + timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None,
        questions=slots, responses={}, slot_scores=[],
        max_score=sum((Decimal(slot["mark"]) for slot in slots), Decimal(0)))
    db.session.add(attempt)
    db.session.flush()
    return attempt


def _choice_order(row: BankQuestion, shuffle: bool) -> list[int]:
    order = list(range(len(row.answers)))
    if shuffle and row.shuffle and row.kind in (QuestionKind.MULTIPLE_CHOICE, QuestionKind.MULTIPLE_ANSWER):
        _random.shuffle(order)
    return order


def submit_attempt(attempt: QuizAttempt, form_values, person, now: datetime) -> QuizAttempt:
    """Score the answers (`form_values`: {slot index as text: [values sent]}) and close the
    attempt, once. Raises QuizRefused when it was submitted already (also by a request that
    raced this one: the update only touches an attempt not yet submitted) or when its time
    ran out (past the deadline and a short grace): the late answers are not recorded.

    A passed attempt announces `events.quiz_passed` and, at a quiz that certifies a level,
    `events.level_certified` too, in this transaction (dated by its submission day in Bangkok)."""
    state = attempt_state(attempt, now)
    if state == "submitted":
        raise QuizRefused(_l("This attempt has already been submitted; it cannot be submitted again."))
    if state == "expired":
        raise QuizRefused(_l("The time limit has passed, so these answers were not accepted."))
    responses, scores = {}, []
    for index, slot in enumerate(attempt.questions):
        response = read_response(slot, list(form_values.get(str(index), [])))
        responses[str(index)] = response
        scores.append(str(slot_score(slot, response)))
    score = sum((Decimal(s) for s in scores), Decimal(0))
    percent = (score * 100 / attempt.max_score).quantize(Decimal("0.0001")) if attempt.max_score else Decimal(0)
    passed = percent >= attempt.quiz.pass_percent
    done = db.session.execute(
        update(QuizAttempt).where(QuizAttempt.id == attempt.id, QuizAttempt.submitted_at.is_(None))
        .values(submitted_at=now, responses=responses, slot_scores=scores, score=score, percent=percent,
                passed=passed).execution_options(synchronize_session=False))
    if done.rowcount != 1:
        raise QuizRefused(_l("This attempt has already been submitted; it cannot be submitted again."))
    db.session.refresh(attempt)
    quiz = attempt.quiz
    if passed:
        events.quiz_passed.send(attempt, actor=person)
    if passed and quiz.certifies_level is not None and quiz.skill_set_id is not None:
        events.level_certified.send(attempt, person=attempt.person, skill_set=quiz.skill_set,
                                    level=quiz.certifies_level, certified_on=local_date(now), expires_on=None,
                                    actor=person)
    return attempt
