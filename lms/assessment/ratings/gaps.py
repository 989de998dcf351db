"""The gap between the level a person's groups need and the level they are assessed at: pure
(plain dataclasses in, a list out), so the hand-worked cases in the tests pin it down.

The assessed level of a skill set is the highest of three: the level the supervisor confirmed
in the latest confirmed assessment, a verified external result that is current, and a current
certified level (lms.assessment.certificates). None of them: level 0, "not yet level 1".
"""

from dataclasses import dataclass

# Which source gave the assessed level; the order breaks ties (a certificate proves the most).
SOURCES = ("certificate", "external", "supervisor")


@dataclass(frozen=True)
class SkillLevels:
    """What is known of one skill set for one person; None where nothing is."""

    skill_set_id: int
    position: int = 0  # the skill set's place in the framework: the order of equal gaps
    required: int = 0  # 0: none of the person's groups needs the set in their phase
    confirmed: int | None = None
    external: int | None = None
    certified: int | None = None


@dataclass(frozen=True)
class Gap:
    skill_set_id: int
    required: int
    assessed: int
    source: str | None  # one of SOURCES, None when the set was never assessed
    gap: int  # required − assessed, never below 0 (a level above the need is no gap)


def assessed_level(levels: SkillLevels) -> tuple[int, str | None]:
    """(level, source): the highest known level, and where it comes from."""
    known = {"certificate": levels.certified, "external": levels.external, "supervisor": levels.confirmed}
    best, source = 0, None
    for name in SOURCES:
        value = known[name]
        if value is not None and (source is None or value > best):
            best, source = value, name
    return best, source


def skill_gaps_of(rows: list[SkillLevels]) -> list[Gap]:
    """Every skill set's gap, the largest first (equal gaps in the framework's order)."""
    gaps = []
    for levels in sorted(rows, key=lambda r: r.position):
        assessed, source = assessed_level(levels)
        gaps.append(Gap(levels.skill_set_id, levels.required, assessed, source,
                        max(levels.required - assessed, 0)))
    return sorted(gaps, key=lambda g: -g.gap)  # stable: the framework's order within a gap
