"""Tables of lms.assessment.quizzes: question banks and their questions, quizzes drawn from a
bank, and attempts (the questions drawn, frozen at the start, the answers and the score).

A question's answers (choices with their fraction and feedback, accepted short answers,
numeric answers with a tolerance) are kept as one JSON list in the question's row: they are
always read and written with their question, never queried on their own. Fractions and
numbers are stored as decimal strings so nothing is lost to floats.
"""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...core.models import UTCDateTime, utcnow
from ...extensions import db
from ..question_formats.model import QuestionKind

QUESTION_KINDS = tuple(kind.value for kind in QuestionKind)
TEXT_FORMATS = ("plain", "markdown")


class QuestionBank(db.Model):
    """A named set of questions of an institute, which its quizzes draw from."""

    __tablename__ = "question_banks"
    id: Mapped[int] = mapped_column(primary_key=True)
    institute_id: Mapped[int] = mapped_column(ForeignKey("institutes.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    institute = relationship("Institute")
    questions: Mapped[list["BankQuestion"]] = relationship(
        back_populates="bank", order_by="BankQuestion.id", cascade="all, delete-orphan")


class BankQuestion(db.Model):
    """One question of a bank; `answers` is a list of {text, fraction, feedback, value,
    tolerance} with decimals as strings (see services.question_of / answers_json)."""

    __tablename__ = "bank_questions"
    __table_args__ = (
        CheckConstraint(f"kind IN {QUESTION_KINDS}", name="kind"),
        CheckConstraint(f"text_format IN {TEXT_FORMATS}", name="text_format"),
        CheckConstraint("default_mark > 0", name="default_mark_positive"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("question_banks.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(255), default="")
    text: Mapped[str] = mapped_column(Text)
    text_format: Mapped[str] = mapped_column(String(10), default="markdown")
    default_mark: Mapped[Decimal] = mapped_column(Numeric(7, 2), default=Decimal(1))
    general_feedback: Mapped[str] = mapped_column(Text, default="")
    shuffle: Mapped[bool] = mapped_column(Boolean, default=True)
    case_sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    answers: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    bank: Mapped[QuestionBank] = relationship(back_populates="questions")


class Quiz(db.Model):
    """A quiz of an institute, attached to one of its courses or to a skill set, drawing its
    questions from a bank (all of them, or `draw_count` at random)."""

    __tablename__ = "quizzes"
    __table_args__ = (
        CheckConstraint("(course_id IS NULL) <> (skill_set_id IS NULL)", name="course_or_skill_set"),
        CheckConstraint("draw_count IS NULL OR draw_count > 0", name="draw_count_positive"),
        CheckConstraint("time_limit_minutes IS NULL OR time_limit_minutes > 0", name="time_limit_positive"),
        CheckConstraint("attempts_limit IS NULL OR attempts_limit > 0", name="attempts_limit_positive"),
        CheckConstraint("pass_percent >= 0 AND pass_percent <= 100", name="pass_percent_range"),
        CheckConstraint("certifies_level IS NULL OR (certifies_level >= 1 AND skill_set_id IS NOT NULL)",
                        name="certifies_level_of_skill_set"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    institute_id: Mapped[int] = mapped_column(ForeignKey("institutes.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    skill_set_id: Mapped[int | None] = mapped_column(ForeignKey("skill_sets.id"), index=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("question_banks.id"), index=True)
    draw_count: Mapped[int | None]  # None: every question of the bank
    shuffle_questions: Mapped[bool] = mapped_column(Boolean, default=True)
    shuffle_choices: Mapped[bool] = mapped_column(Boolean, default=True)
    time_limit_minutes: Mapped[int | None]
    attempts_limit: Mapped[int | None]
    pass_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal(60))
    required_for_completion: Mapped[bool] = mapped_column(Boolean, default=False)
    certifies_level: Mapped[int | None]
    is_published: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    institute = relationship("Institute")
    course = relationship("Course")
    skill_set = relationship("SkillSet")
    bank: Mapped[QuestionBank] = relationship()


class QuizAttempt(db.Model):
    """One try at a quiz. `questions` freezes, at the start, each drawn question as it was
    (kind, text, mark, answers) and the order its choices are shown in, so a reload shows the
    same and a later edit of the bank does not change a started attempt. `responses` maps a
    slot ("0", "1", ...) to what was answered; `slot_scores` the marks each slot earned."""

    __tablename__ = "quiz_attempts"
    __table_args__ = (
        UniqueConstraint("quiz_id", "person_id", "number"),
        Index("ix_quiz_attempts_person_quiz", "person_id", "quiz_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    number: Mapped[int]  # 1 for a person's first attempt at the quiz
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    questions: Mapped[list] = mapped_column(JSON)
    responses: Mapped[dict] = mapped_column(JSON, default=dict)
    slot_scores: Mapped[list] = mapped_column(JSON, default=list)
    score: Mapped[Decimal | None] = mapped_column(Numeric(9, 4))
    max_score: Mapped[Decimal] = mapped_column(Numeric(9, 4))
    percent: Mapped[Decimal | None] = mapped_column(Numeric(7, 4))
    passed: Mapped[bool | None] = mapped_column(Boolean)

    quiz: Mapped[Quiz] = relationship()
    person = relationship("Person")
