"""A course's credited hours against its session plan. Pure: no app, no database.

The hours a course credits count toward a learner's 70:20:10 (R2), so they should be
the time the course takes. For a classroom or blended course that is its session plan;
a credit that differs (a blended course's online part, reading set before the first
day) is allowed only with a stated reason, which the course form and the course-file
checker both ask for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..rules.formatting import hours_en, hours_text, minutes_en
from ..rules.verdict import Bilingual
from .coursefile_types import FORMATS_WITH_SESSIONS, Session

CREDIT_REASON_MAX_LENGTH = 500
# The learning-method bucket of classroom training (R2's 10 %): classroom and blended
# courses are credited as the first method of this bucket unless the author chooses another.
CLASSROOM_BUCKET = "formal"


def plan_minutes(sessions: Iterable[Session]) -> int:
    """All the time a session plan takes."""
    return sum(session.minutes for session in sessions)


def plan_hours(sessions: Iterable[Session]) -> Decimal:
    """A session plan's total in hours, to two decimals as credited hours are kept (240 min -> 4)."""
    return (Decimal(plan_minutes(sessions)) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def credit_differs_from_plan(course_format: str | None, credit_hours, sessions: Iterable[Session]) -> bool:
    """True when a course with a session plan credits other hours than its plan takes (so its
    credit needs a reason); False for a format without a plan, or a plan not yet written."""
    sessions = tuple(sessions)
    if course_format not in FORMATS_WITH_SESSIONS or not sessions or credit_hours is None:
        return False
    return Decimal(credit_hours) != plan_hours(sessions)


@dataclass(frozen=True)
class CreditMismatch(Bilingual):
    """Why a credit needs a reason: it differs from the plan; both figures are named."""

    message_th: str
    message_en: str


def credit_mismatch(credit_hours, sessions: Iterable[Session], reason_field: str | None = None) -> CreditMismatch:
    """The explanation of a credit that differs from its session plan; `reason_field` names
    where the reason goes (`credit_reason` in a course file), else it is the field shown."""
    sessions = tuple(sessions)
    credit, planned = hours_text(Decimal(credit_hours)), hours_text(plan_hours(sessions))
    minutes = plan_minutes(sessions)
    where_th, where_en = (f"ใน {reason_field}", f" in {reason_field}") if reason_field else ("", "")
    return CreditMismatch(
        f"ชั่วโมงที่ได้รับ {credit} ชั่วโมง ไม่ตรงกับเวลารวมของแผนการสอน {planned} ชั่วโมง ({minutes} นาที)"
        f" ให้ระบุเหตุผล{where_th} หรือกำหนดชั่วโมงที่ได้รับเป็น {planned} ชั่วโมง",
        f"The credit of {hours_en(credit)} differs from the session plan's total of {hours_en(planned)}"
        f" ({minutes_en(minutes)}): give the reason{where_en}, or credit {hours_en(planned)}",
    )
