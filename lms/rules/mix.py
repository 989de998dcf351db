"""R2 70:20:10 (§4.8.3): the mix of learning hours over a development period."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from .durations import exact_amount
from .formatting import format_hours_up, format_tenths, hours_en, join_en, join_th, round_tenths
from .policy import BUCKETS, Policy
from .verdict import UnknownSlug, Verdict

BUCKET_NAMES = {
    "experiential": ("การเรียนรู้ด้วยตนเองและจากการปฏิบัติงาน", "self-learning or on-the-job learning"),
    "social": ("การเรียนรู้จากผู้อื่นและการสอนงาน", "learning from others or coaching"),
    "formal": ("การเรียนรู้จากการฝึกอบรม", "training"),
}


@dataclass(frozen=True)
class BucketFigures:
    """One 70:20:10 bucket: its hours, share (percent, None when nothing is recorded),
    target, whether the share is within tolerance, and the hours to add for the exact mix."""

    bucket: str
    hours: Fraction
    share: Fraction | None
    target_percent: int
    within_tolerance: bool
    add_hours: Fraction


@dataclass(frozen=True, kw_only=True)
class MixVerdict(Verdict):
    """R2 figures; `buckets` are in the order experiential, social, formal.

    The add_hours of all buckets together are the fewest extra hours that bring
    the mix to exactly the target (a bucket already above its share gets 0).
    """

    total_hours: Fraction
    tolerance_points: int
    buckets: tuple[BucketFigures, ...]

    def bucket(self, slug: str) -> BucketFigures:
        """The figures of one bucket by slug."""
        for figures in self.buckets:
            if figures.bucket == slug:
                return figures
        raise UnknownSlug("70:20:10 bucket", slug, BUCKETS)


def _ratio_text(shares: list[Fraction]) -> str:
    return ":".join(format_tenths(share) for share in shares)


def _shown_share(share: Fraction, target: int, tolerance: int, within: bool) -> Fraction:
    """Share rounded for display without contradicting the verdict at the tolerance edge."""
    shown = round_tenths(share)
    if not within:
        if share > target and shown <= target + tolerance:
            shown = Fraction(10 * (target + tolerance) + 1, 10)
        elif share < target and shown >= target - tolerance:
            shown = Fraction(10 * (target - tolerance) - 1, 10)
    return shown


def check_mix(
    hours_by_method: Mapping[str, object], bucket_of: Mapping[str, str], policy: Policy
) -> MixVerdict:
    """Judge a person's hours per learning method against R2.

    `bucket_of` maps each learning-method slug to "experiential", "social" or
    "formal" (reference data from the database). Each bucket passes when its share
    lies within ±mix_tolerance_points of its target, edges included; the verdict
    passes when all three do. An unknown method raises UnknownSlug; a negative or
    non-numeric amount raises InvalidDuration. No hours at all gives an `empty` verdict.
    """
    hours = dict.fromkeys(BUCKETS, Fraction(0))
    for method, amount in hours_by_method.items():
        bucket = bucket_of.get(method)
        if bucket is None:
            raise UnknownSlug("learning method", method, sorted(bucket_of))
        if bucket not in hours:
            raise UnknownSlug(f"70:20:10 bucket (for method {method!r})", bucket, BUCKETS)
        hours[bucket] += exact_amount(amount, f"ชั่วโมงของ {method} ", f"Hours of {method}")
    total = sum(hours.values())
    targets = {bucket: policy.bucket_percent(bucket) for bucket in BUCKETS}
    tolerance = policy.mix_tolerance_points
    target_text = ":".join(str(targets[bucket]) for bucket in BUCKETS)

    if total == 0:
        return MixVerdict(
            rule="R2",
            ok=False,
            empty=True,
            policy_version=policy.version,
            message_th=f"ยังไม่มีการบันทึกการเรียนรู้ จึงยังคำนวณสัดส่วน {target_text} ไม่ได้",
            message_en=f"No learning recorded yet, so the {target_text} mix cannot be worked out",
            total_hours=total,
            tolerance_points=tolerance,
            buckets=tuple(
                BucketFigures(bucket, hours[bucket], None, targets[bucket], False, Fraction(0))
                for bucket in BUCKETS
            ),
        )

    # The smallest total at which no bucket is above its exact share; every bucket
    # is then topped up to its share of that total.
    new_total = max(hours[bucket] * 100 / targets[bucket] for bucket in BUCKETS)
    figures = []
    shown = []
    for bucket in BUCKETS:
        share = hours[bucket] * 100 / total
        within = abs(share - targets[bucket]) <= tolerance
        add = targets[bucket] * new_total / 100 - hours[bucket]
        figures.append(BucketFigures(bucket, hours[bucket], share, targets[bucket], within, add))
        shown.append(_shown_share(share, targets[bucket], tolerance, within))
    ok = all(f.within_tolerance for f in figures)
    ratio = _ratio_text(shown)

    if ok:
        message_th = (
            f"สัดส่วนการเรียนรู้และพัฒนาเป็น {ratio} อยู่ในเกณฑ์ {target_text}"
            f" (คลาดเคลื่อนได้ไม่เกิน {tolerance} จุด)"
        )
        message_en = (
            f"The learning mix is {ratio}, within {tolerance} points of the {target_text} target"
        )
    else:
        adds = [(f.bucket, format_hours_up(f.add_hours)) for f in figures if f.add_hours > 0]
        adds_th = [f"{BUCKET_NAMES[b][0]}อย่างน้อย {text} ชั่วโมง" for b, text in adds]
        adds_en = [f"{hours_en(text)} of {BUCKET_NAMES[b][1]}" for b, text in adds]
        message_th = (
            f"สัดส่วนการเรียนรู้และพัฒนาเป็น {ratio} ไม่อยู่ในเกณฑ์ {target_text}"
            f" (คลาดเคลื่อนได้ไม่เกิน {tolerance} จุด) — เพื่อให้ได้สัดส่วน {target_text}"
            f" ควรเพิ่ม{join_th(adds_th)}"
        )
        message_en = (
            f"The learning mix is {ratio}, more than {tolerance} points off the {target_text}"
            f" target — to reach {target_text}, add at least {join_en(adds_en)}"
        )

    return MixVerdict(
        rule="R2",
        ok=ok,
        policy_version=policy.version,
        message_th=message_th,
        message_en=message_en,
        total_hours=total,
        tolerance_points=tolerance,
        buckets=tuple(figures),
    )
