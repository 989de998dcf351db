"""R5 group agreement (§4.6.3): who must approve a person's target group(s)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .formatting import join_en, join_th
from .verdict import UnknownSlug, Verdict

SUPERVISOR = "supervisor"
SECOND_LEVEL = "second_level"
APPROVALS = (SUPERVISOR, SECOND_LEVEL)
# The most target groups the immediate supervisor agrees alone (§4.6.3); a person with
# more needs the second-level approval too. SQL that selects such plans compares with it.
GROUPS_AGREED_BY_SUPERVISOR_ALONE = 1
# Words of R5's own sentences, not reference data: the guideline fixes the two levels and
# the code branches on them, so no administrator renames them (docs/decisions.md).
_APPROVER_WORDS = {
    SUPERVISOR: ("ผู้บังคับบัญชาชั้นต้น", "the immediate supervisor"),
    SECOND_LEVEL: ("ผู้บังคับบัญชาเหนือขึ้นไปอีกหนึ่งระดับ", "the supervisor one level higher"),
}


@dataclass(frozen=True, kw_only=True)
class AgreementVerdict(Verdict):
    """R5 figures: the distinct proposed groups, the approvals they require, and those
    still needed (in the order supervisor, second_level)."""

    groups: tuple[str, ...]
    required: tuple[str, ...]
    still_needed: tuple[str, ...]

    @property
    def needs_second_level(self) -> bool:
        """Whether the supervisor one level higher must approve too (more than one group)."""
        return SECOND_LEVEL in self.required


def required_approvals(group_count: int) -> tuple[str, ...]:
    """The approvals a proposal of `group_count` distinct target groups requires."""
    if group_count > GROUPS_AGREED_BY_SUPERVISOR_ALONE:
        return (SUPERVISOR, SECOND_LEVEL)
    return (SUPERVISOR,)


def approvals_needed(proposed_groups: Sequence[str], recorded: Iterable[str]) -> AgreementVerdict:
    """Which approvals a proposed target-group assignment still needs.

    The immediate supervisor ("supervisor") always agrees the group; when more than
    one group is proposed, the supervisor one level higher ("second_level") must
    approve too. `recorded` are approvals already given; an unknown approval slug
    raises UnknownSlug. No proposed group gives an `empty` verdict.
    """
    groups = tuple(dict.fromkeys(proposed_groups))  # distinct, in the order proposed
    given = set(recorded)
    for approval in given:
        if approval not in APPROVALS:
            raise UnknownSlug("approval", approval, APPROVALS)
    if not groups:
        return AgreementVerdict(
            rule="R5",
            ok=False,
            empty=True,
            policy_version=None,
            message_th="ยังไม่ได้เสนอกลุ่มเป้าหมาย — ต้องเสนออย่างน้อยหนึ่งกลุ่มและตกลงกับผู้บังคับบัญชาชั้นต้น",
            message_en="No target group has been proposed yet; propose at least one and agree it"
            " with the immediate supervisor",
            groups=(),
            required=(SUPERVISOR,),
            still_needed=(SUPERVISOR,),
        )

    required = required_approvals(len(groups))
    second_level = SECOND_LEVEL in required
    still_needed = tuple(approval for approval in required if approval not in given)
    if still_needed:
        names_th = join_th([_APPROVER_WORDS[a][0] for a in still_needed])
        names_en = join_en([_APPROVER_WORDS[a][1] for a in still_needed])
        message_th = f"ยังต้องได้รับความเห็นชอบจาก{names_th}"
        message_en = f"Still needs the approval of {names_en}"
        if second_level:
            message_th += " (เพราะงานครอบคลุมมากกว่าหนึ่งกลุ่มเป้าหมาย)"
            message_en += " (more than one target group is proposed)"
    elif second_level:
        message_th = (
            "ผู้บังคับบัญชาชั้นต้นเห็นชอบกลุ่มเป้าหมายแล้ว"
            " และผู้บังคับบัญชาเหนือขึ้นไปอีกหนึ่งระดับอนุมัติแล้ว"
        )
        message_en = (
            "The target groups are agreed with the immediate supervisor and approved by the"
            " supervisor one level higher"
        )
    else:
        message_th = "ผู้บังคับบัญชาชั้นต้นเห็นชอบกลุ่มเป้าหมายแล้ว"
        message_en = "The target group is agreed with the immediate supervisor"
    return AgreementVerdict(
        rule="R5",
        ok=not still_needed,
        policy_version=None,
        message_th=message_th,
        message_en=message_en,
        groups=groups,
        required=required,
        still_needed=still_needed,
    )
