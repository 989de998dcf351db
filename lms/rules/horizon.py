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
# How the fix names each side: the work it serves and whose roles it develops.
HORIZON_NAMES = {
    CURRENT: ("การพัฒนาเพื่องานปัจจุบัน (บทบาทของระยะปัจจุบัน)",
              "development for current work (the current phase's roles)"),
    FUTURE: ("การพัฒนาเพื่องานในอนาคต (บทบาทของระยะถัดไป)",
             "development for future work (the next phase's roles)"),
}


@dataclass(frozen=True, kw_only=True)
class HorizonVerdict(Verdict):
    """R3 figures. Shares are exact percents (None when nothing is recorded).

    `current_percent` and `future_percent` are the policy's targets (70 and 30), each
    side judged within ±`tolerance_points` of its target. When the split fails, one side
    is short: `add_horizon` names it ("current" or "future") and `add_hours` is the exact
    fewest hours of that side that, added alone, bring the split within tolerance; they
    are None and 0 when it passes or nothing is recorded.
    `shown_current_percent` and `shown_future_percent` are the shares as the message
    shows them: one decimal, adding up to 100, never contradicting the verdict at the
    tolerance edge (a failing 19.96% future shows as 19.9). None when nothing is recorded.
    `has_future` is False in the last phase, where everything counts as current.
    """

    current_hours: Fraction
    future_hours: Fraction
    current_share: Fraction | None
    future_share: Fraction | None
    current_percent: int
    future_percent: int
    tolerance_points: int
    has_future: bool
    add_horizon: str | None
    add_hours: Fraction
    shown_current_percent: str | None
    shown_future_percent: str | None


def check_current_future(
    items: Iterable[tuple[str, object]], policy: Policy, has_future: bool = True
) -> HorizonVerdict:
    """Judge the split between current-work and future-work development against R3.

    `items` are (horizon, hours) pairs, horizon "current" (roles of the agency's
    phase) or "future" (roles of the next phase).

    "70:30" is a proportion, like R2's 70:20:10 (DOMAIN.md §6): the verdict passes when
    the future share lies within ±mix_tolerance_points of future_percent, edges included,
    which is the same as the current share lying within as much of current_percent.
    Too little future work fails, and so does too little current work (100% future
    fails as 100% current does); the fix adds hours to the short side.

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
    targets = {CURRENT: policy.current_percent, FUTURE: policy.future_percent}
    tolerance = policy.mix_tolerance_points
    common = dict(
        rule="R3",
        policy_version=policy.version,
        current_hours=current,
        future_hours=future,
        current_percent=targets[CURRENT],
        future_percent=targets[FUTURE],
        tolerance_points=tolerance,
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
            add_horizon=None,
            add_hours=Fraction(0),
            shown_current_percent=None,
            shown_future_percent=None,
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
            add_horizon=None,
            add_hours=Fraction(0),
            shown_current_percent="100",
            shown_future_percent="0",
            **common,
        )

    hours = {CURRENT: current, FUTURE: future}
    # The side (if any) below its target less the tolerance; at most one can be, since
    # the two shares add up to 100 and the two targets too.
    short = next((side for side in HORIZONS
                  if 100 * hours[side] < (targets[side] - tolerance) * total), None)
    ok = short is None
    add_hours = Fraction(0)
    shown_future = round_tenths(future * 100 / total)
    if short is not None:
        # Adding x hours to the short side: (H + x) / (T + x) = low/100
        #   =>  x = (low*T - 100*H) / (100 - low); low < 100 as both targets are below 100.
        low = targets[short] - tolerance
        add_hours = (low * total - 100 * hours[short]) / (100 - low)
        # A failing 19.96% future must not read as "20%, outside 30 ± 10".
        future_edge = low if short == FUTURE else 100 - low  # the future share at the edge
        if short == FUTURE and shown_future >= future_edge:
            shown_future = Fraction(10 * future_edge - 1, 10)
        elif short == CURRENT and shown_future <= future_edge:
            shown_future = Fraction(10 * future_edge + 1, 10)
    future_text = format_tenths(shown_future)
    current_text = format_tenths(100 - shown_future)  # the two shown shares add up to 100
    target_text = f"{targets[CURRENT]}:{targets[FUTURE]}"
    split_th = f"การพัฒนาเพื่องานปัจจุบัน {current_text}% และเพื่องานในอนาคต {future_text}%"
    split_en = (f"Development is {current_text}% for current work and {future_text}% for"
                " future work")

    if ok:
        message_th = (f"{split_th} อยู่ในเกณฑ์ {target_text}"
                      f" (คลาดเคลื่อนได้ไม่เกิน {tolerance} จุด)")
        message_en = f"{split_en}, within {tolerance} points of the {target_text} target"
    else:
        hours_text = format_hours_up(add_hours)
        name_th, name_en = HORIZON_NAMES[short]
        message_th = (
            f"{split_th} ไม่อยู่ในเกณฑ์ {target_text} (คลาดเคลื่อนได้ไม่เกิน {tolerance} จุด)"
            f" — ควรเพิ่ม{name_th} อย่างน้อย {hours_text} ชั่วโมง"
        )
        message_en = (
            f"{split_en}, more than {tolerance} points off the {target_text} target"
            f" — add at least {hours_en(hours_text)} of {name_en}"
        )

    return HorizonVerdict(
        ok=ok,
        message_th=message_th,
        message_en=message_en,
        current_share=100 * current / total,
        future_share=100 * future / total,
        add_horizon=short,
        add_hours=add_hours,
        shown_current_percent=current_text,
        shown_future_percent=future_text,
        **common,
    )
