"""The assessment part of a person's data export: quiz attempts and certificates (skill
assessments and external results come from lms.assessment.ratings.personal_data)."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from ..assessment.certificates.services import certificates_of
from ..assessment.quizzes.models import QuizAttempt
from ..extensions import db


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def quiz_attempts(person) -> list[dict]:
    """Every attempt, with the answers given and the score, oldest first."""
    attempts = db.session.scalars(select(QuizAttempt).where(QuizAttempt.person_id == person.id)
                                  .order_by(QuizAttempt.started_at, QuizAttempt.id))
    return [{"quiz": attempt.quiz.title, "number": attempt.number,
             "started_at": _plain(attempt.started_at), "submitted_at": _plain(attempt.submitted_at),
             "answers": attempt.responses, "score": _plain(attempt.score),
             "max_score": _plain(attempt.max_score), "passed": attempt.passed} for attempt in attempts]


def certificates(person) -> list[dict]:
    """Every certificate, with its signed credential as issued."""
    return [{"id": cert.public_id, "kind": cert.kind, "title_th": cert.title_th, "title_en": cert.title_en,
             "level": cert.level, "issued_on": _plain(cert.issued_on), "expires_on": _plain(cert.expires_on),
             "revoked_at": _plain(cert.revoked_at), "revocation_reason": cert.revocation_reason,
             "credential": cert.credential_jwt} for cert in certificates_of(person)]
