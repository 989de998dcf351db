"""R1 lecture cap (§4.8.4): in classroom training, lecture is at most 60% of session time."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from .durations import validate_session_minutes
from .formatting import format_tenths, minutes_en, round_tenths
from .policy import Policy
from .verdict import UnknownSlug, Verdict

LECTURE = "lecture"
ACTIVE = "active"
SESSION_KINDS = (LECTURE, ACTIVE)


@dataclass(frozen=True, kw_only=True)
class LectureVerdict(Verdict):
    """R1 figures. Shares are exact percents (None when nothing is planned).

    When the plan fails, `add_active_minutes` and `cut_lecture_minutes` are each,
    on their own, the fewest whole minutes that make it pass. Both are 0 when it
    passes; `add_active_minutes` is None when adding time cannot help (a 0% limit).

    `shown_lecture_percent` and `shown_active_percent` are the shares as every page
    and the message show them ("60", "39.9"): one decimal, adding up to 100, and never
    contradicting the verdict (a failing 60.04% shows as 60.1). None when nothing is planned.
    """

    lecture_minutes: int
    active_minutes: int
    lecture_max_percent: int
    lecture_share: Fraction | None
    active_share: Fraction | None
    add_active_minutes: int | None
    cut_lecture_minutes: int
    shown_lecture_percent: str | None
    shown_active_percent: str | None

    @property
    def total_minutes(self) -> int:
        """All planned session time."""
        return self.lecture_minutes + self.active_minutes


def lecture_within_cap(lecture_minutes: int, active_minutes: int, max_percent: int) -> bool:
    """Exact R1 test: lecture / total <= max_percent / 100, in integers (60% exactly passes)."""
    return lecture_minutes * (100 - max_percent) <= max_percent * active_minutes


def _ceil_div(numerator: int, denominator: int) -> int:
    return -(-numerator // denominator)


def check_lecture_cap(sessions: Iterable[tuple[str, object]], policy: Policy) -> LectureVerdict:
    """Judge a classroom session plan against R1.

    `sessions` are (kind, minutes) pairs; kind is "lecture" or "active" (the caller
    maps session-method slugs to kinds from reference data). Each length is checked
    with validate_session_minutes, so InvalidDuration is raised for a bad one, and
    UnknownSlug (a ValueError) for an unknown kind. An empty plan gives an `empty` verdict.
    """
    lecture = active = 0
    for kind, minutes in sessions:
        length = validate_session_minutes(minutes)
        if kind == LECTURE:
            lecture += length
        elif kind == ACTIVE:
            active += length
        else:
            raise UnknownSlug("session kind", kind, SESSION_KINDS)

    cap = policy.lecture_max_percent
    total = lecture + active
    if total == 0:
        return LectureVerdict(
            rule="R1",
            ok=False,
            empty=True,
            policy_version=policy.version,
            message_th="ยังไม่มีช่วงการสอนในแผน จึงยังตรวจสัดส่วนการบรรยายไม่ได้",
            message_en="No session time is planned yet, so the lecture share cannot be checked",
            lecture_minutes=0,
            active_minutes=0,
            lecture_max_percent=cap,
            lecture_share=None,
            active_share=None,
            add_active_minutes=0,
            cut_lecture_minutes=0,
            shown_lecture_percent=None,
            shown_active_percent=None,
        )

    lecture_share = Fraction(100 * lecture, total)
    active_share = 100 - lecture_share
    ok = lecture_within_cap(lecture, active, cap)
    if ok:
        add_active, cut_lecture = 0, 0
    else:
        # Smallest N with L*(100-cap) <= cap*(A+N), and smallest M with
        # (L-M)*(100-cap) <= cap*A. A failing plan implies cap < 100.
        excess = lecture * (100 - cap) - cap * active
        add_active = _ceil_div(excess, cap) if cap > 0 else None
        cut_lecture = lecture - (cap * active) // (100 - cap)
    shown_lecture = round_tenths(lecture_share)
    if not ok and shown_lecture <= cap:
        # A failing 60.04% must not read as "60%, above the 60% limit".
        shown_lecture = Fraction(10 * cap + 1, 10)
    lecture_text = format_tenths(shown_lecture)
    active_text = format_tenths(100 - shown_lecture)  # the two shown shares add up to 100

    if ok:
        message_th = (
            f"สัดส่วนการบรรยาย {lecture_text}% ไม่เกินเกณฑ์ {cap}%"
            f" (การพัฒนารูปแบบอื่น {active_text}%)"
        )
        message_en = (
            f"Lecture is {lecture_text}% of the plan, within the {cap}% limit"
            f" (active learning {active_text}%)"
        )
    else:
        fixes_th = []
        fixes_en = []
        if add_active is not None:
            fixes_th.append(f"เพิ่มการพัฒนารูปแบบอื่นอย่างน้อย {add_active} นาที")
            fixes_en.append(f"add at least {minutes_en(add_active)} of active learning")
        fixes_th.append(f"ลดการบรรยายอย่างน้อย {cut_lecture} นาที")
        fixes_en.append(f"cut at least {minutes_en(cut_lecture)} of lecture")
        message_th = f"สัดส่วนการบรรยาย {lecture_text}% เกินเกณฑ์ {cap}% — " + " หรือ".join(
            fixes_th
        )
        message_en = f"Lecture is {lecture_text}% of the plan, above the {cap}% limit — " + (
            " or ".join(fixes_en)
        )

    return LectureVerdict(
        rule="R1",
        ok=ok,
        policy_version=policy.version,
        message_th=message_th,
        message_en=message_en,
        lecture_minutes=lecture,
        active_minutes=active,
        lecture_max_percent=cap,
        lecture_share=lecture_share,
        active_share=active_share,
        add_active_minutes=add_active,
        cut_lecture_minutes=cut_lecture,
        shown_lecture_percent=lecture_text,
        shown_active_percent=active_text,
    )
