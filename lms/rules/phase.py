"""R6 agency phase (§4.6.2): the agency's phase gives current roles, the next gives future."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .verdict import UnknownSlug, Verdict


@dataclass(frozen=True)
class Role:
    """An expected role (บทบาทที่คาดหวัง) of a target group in a phase."""

    name_th: str
    name_en: str
    description_th: str = ""
    description_en: str = ""


@dataclass(frozen=True, kw_only=True)
class RolesVerdict(Verdict):
    """R6 figures: the roles to develop now and for the future.

    In the last phase `next_phase` and `future_role` are None and `has_future` is
    False: all development counts as current (see check_current_future).
    """

    group: str
    phase: str
    next_phase: str | None
    current_role: Role
    future_role: Role | None

    @property
    def has_future(self) -> bool:
        """Whether a next phase exists (False in the last phase, maturity)."""
        return self.next_phase is not None


def _role(roles: Mapping[tuple[str, str], Role], group: str, phase: str) -> Role:
    try:
        return roles[(group, phase)]
    except KeyError:
        raise LookupError(
            f"no expected role is defined for target group {group!r} in phase {phase!r}"
        ) from None


def expected_roles(
    agency_phase: str,
    group: str,
    phase_order: Sequence[str],
    roles: Mapping[tuple[str, str], Role],
    phase_names: Mapping[str, tuple[str, str]] | None = None,
) -> RolesVerdict:
    """The current role (agency's phase) and future role (next phase) of a target group.

    `phase_order` lists phase slugs in order (early, develop, maturity); `roles` maps
    (group, phase) to a Role; `phase_names` optionally maps a phase slug to its
    (name_th, name_en) for the messages. An unknown phase raises UnknownSlug; a
    missing role raises LookupError (reference data is incomplete).
    """
    order = list(phase_order)
    if agency_phase not in order:
        raise UnknownSlug("phase", agency_phase, tuple(order))
    position = order.index(agency_phase)
    next_phase = order[position + 1] if position + 1 < len(order) else None
    current_role = _role(roles, group, agency_phase)
    future_role = _role(roles, group, next_phase) if next_phase else None

    def name_th(phase: str) -> str:
        return phase_names[phase][0] if phase_names else f"ระยะ {phase}"

    def name_en(phase: str) -> str:
        return phase_names[phase][1] if phase_names else phase

    message_th = (
        f"หน่วยงานอยู่ใน{name_th(agency_phase)} — บทบาทปัจจุบัน: {current_role.name_th}"
    )
    message_en = (
        f"The agency's phase is {name_en(agency_phase)}: current role"
        f" “{current_role.name_en}”"
    )
    if future_role is not None:
        message_th += f"; บทบาทในอนาคตสำหรับ{name_th(next_phase)}: {future_role.name_th}"
        message_en += (
            f"; future role for the next phase, {name_en(next_phase)}: “{future_role.name_en}”"
        )
    else:
        message_th += "; ไม่มีระยะถัดไป การพัฒนาทั้งหมดจึงนับเป็นการพัฒนาเพื่อบทบาทปัจจุบัน"
        message_en += (
            "; there is no next phase, so all development counts as development for the"
            " current role"
        )
    return RolesVerdict(
        rule="R6",
        ok=True,
        policy_version=None,
        message_th=message_th,
        message_en=message_en,
        group=group,
        phase=agency_phase,
        next_phase=next_phase,
        current_role=current_role,
        future_role=future_role,
    )
