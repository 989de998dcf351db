"""R3 70:30 (§4.5.4): development for present work and for future work."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from .durations import exact_amount
from .formatting import format_hours_up, format_tenths, hours_en, round_tenths
from .policy import Policy
from .verdict import UnknownSlug, Verdict

CURRENT = "current"
FUTURE = "future"
HORIZONS = (CURRENT, FUTURE)


@dataclass(frozen=True, kw_only=True)
class HorizonVerdict(Verdict):
    """R3 figures. Shares are exact percents (None when nothing is recorded).

    `add_future_hours` is the exact number of future-work hours that, added alone,
    bring the future share up to future_percent (0 when it already is).
    `has_future` is False in the last phase, where everything counts as current.
    """

    current_hours: Fraction
    future_hours: Fraction
    current_share: Fraction | None
    future_share: Fraction | None
    future_min_percent: int
    has_future: bool
    add_future_hours: Fraction


def check_current_future(
    items: Iterable[tuple[str, object]], policy: Policy, has_future: bool = True
) -> HorizonVerdict:
    """Judge the split between current-work and future-work development against R3.

    `items` are (horizon, hours) pairs, horizon "current" (roles of the agency's
    phase) or "future" (roles of the next phase).

    Interpretation of "70:30": the verdict passes when the future share is at least
    the policy's future_percent. The guideline's worry is that preparation for
    future roles is crowded out by today's work; a person who invests more in the
    future than 30% is not failing the guideline, so there is no upper bound and the
    only fix offered is adding future-work hours.

    In the last phase (maturity) there is no next phase: pass has_future=False and
    every hour, whatever its label, counts as current; the verdict passes and says so.
    No hours at all gives an `empty` verdict.
    """
    current = future = Fraction(0)
    for horizon, amount in items:
        hours = exact_amount(amount, f"ชั่วโมงการพัฒนา ({horizon}) ", f"Hours ({horizon})")
        if horizon == CURRENT or (horizon == FUTURE and not has_future):
            current += hours
        elif horizon == FUTURE:
            future += hours
        else:
            raise UnknownSlug("horizon", horizon, HORIZONS)
    total = current + future
    minimum = policy.future_percent
    common = dict(
        rule="R3",
        policy_version=policy.version,
        current_hours=current,
        future_hours=future,
        future_min_percent=minimum,
        has_future=has_future,
    )

    if total == 0:
        return HorizonVerdict(
            ok=False,
            empty=True,
            message_th="ยังไม่มีการบันทึกการพัฒนา จึงยังคำนวณสัดส่วนงานปัจจุบันกับงานในอนาคตไม่ได้",
            message_en="No development recorded yet, so the current/future split cannot be"
            " worked out",
            current_share=None,
            future_share=None,
            add_future_hours=Fraction(0),
            **common,
        )

    if not has_future:
        total_text = format_tenths(round_tenths(total))
        return HorizonVerdict(
            ok=True,
            message_th="หน่วยงานอยู่ในระยะสุดท้ายแล้ว ไม่มีระยะถัดไป — การพัฒนาทั้งหมด"
            f" {total_text} ชั่วโมงนับเป็นการพัฒนาเพื่องานปัจจุบัน",
            message_en="The agency is in its last phase, so there is no next phase — all"
            f" {hours_en(total_text)} count as development for current work",
            current_share=Fraction(100),
            future_share=Fraction(0),
            add_future_hours=Fraction(0),
            **common,
        )

    future_share = future * 100 / total
    ok = future_share >= minimum
    # Adding x future hours: (F + x) / (T + x) = m/100  =>  x = (m*T - 100*F) / (100 - m);
    # the policy keeps m below 100.
    add_future = Fraction(0) if ok else (minimum * total - 100 * future) / (100 - minimum)
    shown_future = round_tenths(future_share)
    if not ok and shown_future >= minimum:
        # A failing 29.96% must not read as "30%, below 30%".
        shown_future = Fraction(10 * minimum - 1, 10)
    future_text = format_tenths(shown_future)
    current_text = format_tenths(100 - shown_future)

    if ok:
        message_th = (
            f"การพัฒนาเพื่องานในอนาคตคิดเป็น {future_text}% ไม่น้อยกว่าเกณฑ์ {minimum}%"
            f" (งานปัจจุบัน {current_text}%)"
        )
        message_en = (
            f"Development for future work is {future_text}% of the total, at least the"
            f" {minimum}% required (current work {current_text}%)"
        )
    else:
        message_th = (
            f"การพัฒนาเพื่องานในอนาคตคิดเป็น {future_text}% ต่ำกว่าเกณฑ์ {minimum}%"
            f" (งานปัจจุบัน {current_text}%)"
        )
        message_en = (
            f"Development for future work is {future_text}% of the total, below the"
            f" {minimum}% required (current work {current_text}%)"
        )
        hours_text = format_hours_up(add_future)
        message_th += (
            f" — ควรเพิ่มการพัฒนาเพื่องานในอนาคต (บทบาทของระยะถัดไป) อย่างน้อย {hours_text} ชั่วโมง"
        )
        message_en += (
            f" — add at least {hours_en(hours_text)} of development for future work"
            " (the next phase's roles)"
        )

    return HorizonVerdict(
        ok=ok,
        message_th=message_th,
        message_en=message_en,
        current_share=100 - future_share,
        future_share=future_share,
        add_future_hours=add_future,
        **common,
    )
