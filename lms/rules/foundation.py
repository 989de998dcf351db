"""R4 foundation (§4.7.1): every plan includes the foundation skill sets."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .formatting import join_en, join_th
from .verdict import Verdict


@dataclass(frozen=True, kw_only=True)
class FoundationVerdict(Verdict):
    """R4 figures: the foundation slugs required and those the plan still lacks
    (in the order of the foundation mapping); `certified`: those covered, not by the plan,
    by a current certified level the person holds."""

    required: tuple[str, ...]
    missing: tuple[str, ...]
    certified: tuple[str, ...] = ()


def check_foundation(
    plan_skill_sets: Iterable[str], foundation: Mapping[str, tuple[str, str]],
    certified_skill_sets: Iterable[str] = (),
) -> FoundationVerdict:
    """Check that a development plan covers every foundation skill set.

    `foundation` maps each foundation skill-set slug to its (name_th, name_en),
    from reference data. The verdict names the missing ones in both languages;
    a plan with no skill sets at all gives an `empty` verdict. A foundation set in
    `certified_skill_sets` (the person holds a current certified level in it) is covered
    without being planned.
    """
    planned = set(plan_skill_sets)
    required = tuple(foundation)
    certified = tuple(slug for slug in required if slug in set(certified_skill_sets) and slug not in planned)
    missing = tuple(slug for slug in required if slug not in planned and slug not in certified)
    names_th = join_th([foundation[slug][0] for slug in missing])
    names_en = join_en([foundation[slug][1] for slug in missing])
    all_th = join_th([name_th for name_th, _ in foundation.values()])
    all_en = join_en([name_en for _, name_en in foundation.values()])

    if not planned:
        message_th = f"แผนยังไม่มีกลุ่มทักษะ — แผนต้องมีกลุ่มทักษะพื้นฐาน ได้แก่ {all_th}"
        message_en = f"The plan has no skill sets yet; it must include the foundation: {all_en}"
    elif missing:
        message_th = f"แผนยังขาดกลุ่มทักษะพื้นฐานที่ทุกคนต้องได้รับการพัฒนา ได้แก่ {names_th}"
        message_en = f"The plan is missing foundation skill sets every person needs: {names_en}"
    else:
        message_th = f"แผนมีกลุ่มทักษะพื้นฐานครบแล้ว ได้แก่ {all_th}"
        message_en = f"The plan includes every foundation skill set: {all_en}"
    if certified and planned:
        message_th += " (มีระดับที่ได้รับการรับรองแล้ว: " + join_th([foundation[s][0] for s in certified]) + ")"
        message_en += " (certified level held: " + join_en([foundation[s][1] for s in certified]) + ")"
    return FoundationVerdict(
        rule="R4",
        ok=bool(planned) and not missing,
        empty=not planned,
        policy_version=None,
        message_th=message_th,
        message_en=message_en,
        required=required,
        missing=missing,
        certified=certified,
    )
