"""R2 70:20:10 (§4.8.3): the mix of learning hours over a development period."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from .durations import exact_ratio
from .formatting import (
    halves_up,
    hours_en,
    in_sentence_en,
    join_en,
    join_th,
    tenths_half_up,
    tenths_text,
)
from .policy import BUCKETS, Policy
from .verdict import LANGUAGES, UnknownSlug, Verdict

_BUCKET_INDEX = {bucket: index for index, bucket in enumerate(BUCKETS)}


@dataclass(frozen=True)
class BucketFigures:
    """One 70:20:10 bucket: its hours, share (percent, None when nothing is recorded),
    target, whether the share is within tolerance, and the hours to add for the exact mix.

    `shown_share` is the share as the message and every page show it: one decimal,
    never contradicting the verdict at the tolerance edge (a failing 80.04% shows as
    80.1). None when nothing is recorded. `name_th`/`name_en` name the bucket as the
    reference data does (see name_buckets).
    """

    bucket: str
    hours: Fraction
    share: Fraction | None
    target_percent: int
    within_tolerance: bool
    add_hours: Fraction
    shown_share: str | None
    name_th: str
    name_en: str

    def name(self, language: str = "en") -> str:
        """The bucket's name in "th" or "en"; any other language is a caller's bug (ValueError)."""
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}; expected one of {LANGUAGES}")
        return self.name_th if language == "th" else self.name_en


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


def shown_tenths(hours: int, total: int, target: int, tolerance: int, within: bool) -> int:
    """A bucket's share in tenths of a percent, rounded for display without contradicting
    the verdict at the tolerance edge (80.04% outside ±10 of 70 is shown as 80.1)."""
    shown = tenths_half_up(100 * hours, total)
    if not within:
        upper, lower = 10 * (target + tolerance), 10 * (target - tolerance)
        if 100 * hours > target * total and shown <= upper:
            shown = upper + 1
        elif 100 * hours < target * total and shown >= lower:
            shown = lower - 1
    return shown


def name_buckets(methods: Iterable[tuple[str, str, str]]) -> dict[str, tuple[str, str]]:
    """Each 70:20:10 bucket's (Thai, English) name, made of the names of the learning methods
    that count toward it: (bucket, name_th, name_en) per method, in the reference data's
    order. ("experiential", "การเรียนรู้ด้วยตนเอง", "Self-learning") and ("experiential",
    "การเรียนรู้จากการปฏิบัติงาน", "On-the-job learning") name it "การเรียนรู้ด้วยตนเอง หรือ
    การเรียนรู้จากการปฏิบัติงาน" and "Self-learning or on-the-job learning".
    """
    names: dict[str, tuple[list[str], list[str]]] = {}
    for bucket, name_th, name_en in methods:
        th, en = names.setdefault(bucket, ([], []))
        th.append(name_th)
        en.append(name_en if not en else in_sentence_en(name_en))
    return {bucket: (join_th(th, "หรือ"), join_en(en, "or")) for bucket, (th, en) in names.items()}


def check_mix(
    hours_by_method: Mapping[str, object],
    bucket_of: Mapping[str, str],
    policy: Policy,
    bucket_names: Mapping[str, tuple[str, str]],
) -> MixVerdict:
    """Judge a person's hours per learning method against R2.

    `bucket_of` maps each learning-method slug to "experiential", "social" or
    "formal", and `bucket_names` each bucket to its (Thai, English) name for the
    messages (reference data from the database; see name_buckets). Each bucket passes
    when its share lies within ±mix_tolerance_points of its target, edges included; the
    verdict passes when all three do. An unknown method raises UnknownSlug, a bucket
    missing from bucket_names ValueError; a negative or non-numeric amount raises
    InvalidDuration. No hours at all gives an `empty` verdict.
    """
    for bucket in BUCKETS:
        if bucket not in bucket_names:
            raise ValueError(f"bucket_names has no name for the 70:20:10 bucket {bucket!r}")
    # Exact integer arithmetic over a common denominator: this runs once per person
    # for a whole civil service, and Fractions at every step are ten times slower.
    ratios = []
    for method, amount in hours_by_method.items():
        bucket = bucket_of.get(method)
        if bucket is None:
            raise UnknownSlug("learning method", method, sorted(bucket_of))
        if bucket not in _BUCKET_INDEX:
            raise UnknownSlug(f"70:20:10 bucket (for method {method!r})", bucket, BUCKETS)
        numerator, denominator = exact_ratio(amount, f"ชั่วโมงของ {method} ", f"Hours of {method}")
        ratios.append((_BUCKET_INDEX[bucket], numerator, denominator))
    scale = math.lcm(*(denominator for _, _, denominator in ratios)) if ratios else 1
    hours = [0, 0, 0]  # per bucket, in units of 1/scale hour
    for index, numerator, denominator in ratios:
        hours[index] += numerator * (scale // denominator)
    total = sum(hours)
    targets = [policy.experiential_percent, policy.social_percent, policy.formal_percent]
    tolerance = policy.mix_tolerance_points
    target_text = f"{targets[0]}:{targets[1]}:{targets[2]}"

    if total == 0:
        return MixVerdict(
            rule="R2",
            ok=False,
            empty=True,
            policy_version=policy.version,
            message_th=f"ยังไม่มีการบันทึกการเรียนรู้ จึงยังคำนวณสัดส่วน {target_text} ไม่ได้",
            message_en=f"No learning recorded yet, so the {target_text} mix cannot be worked out",
            total_hours=Fraction(0),
            tolerance_points=tolerance,
            buckets=tuple(
                BucketFigures(bucket, Fraction(0), None, targets[i], False, Fraction(0), None,
                              *bucket_names[bucket])
                for i, bucket in enumerate(BUCKETS)
            ),
        )

    # The limiting bucket k has the largest hours/target: the exact mix needs a total of
    # hours[k] * 100 / targets[k], and every bucket is topped up to its share of it.
    k = 0
    for i in (1, 2):
        if hours[i] * targets[k] > hours[k] * targets[i]:
            k = i
    figures = []
    adds = []
    for i, bucket in enumerate(BUCKETS):
        within = abs(100 * hours[i] - targets[i] * total) <= tolerance * total
        add_numerator = targets[i] * hours[k] - targets[k] * hours[i]  # over targets[k]*scale
        figures.append(BucketFigures(
            bucket,
            Fraction(hours[i], scale),
            Fraction(100 * hours[i], total),
            targets[i],
            within,
            Fraction(add_numerator, targets[k] * scale),
            tenths_text(shown_tenths(hours[i], total, targets[i], tolerance, within)),
            *bucket_names[bucket],
        ))
        if add_numerator > 0:
            adds.append((bucket, tenths_text(5 * halves_up(add_numerator, targets[k] * scale))))
    ok = all(f.within_tolerance for f in figures)
    ratio = ":".join(f.shown_share for f in figures)

    if ok:
        message_th = (
            f"สัดส่วนการเรียนรู้และพัฒนาเป็น {ratio} อยู่ในเกณฑ์ {target_text}"
            f" (คลาดเคลื่อนได้ไม่เกิน {tolerance} จุด)"
        )
        message_en = (
            f"The learning mix is {ratio}, within {tolerance} points of the {target_text} target"
        )
    else:
        adds_th = [f"{bucket_names[b][0]} อย่างน้อย {text} ชั่วโมง" for b, text in adds]
        adds_en = [f"{hours_en(text)} of {in_sentence_en(bucket_names[b][1])}" for b, text in adds]
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
        total_hours=Fraction(total, scale),
        tolerance_points=tolerance,
        buckets=tuple(figures),
    )
