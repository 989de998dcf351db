"""Thaksa's skills framework as plain data, and what reading a CASE file hands back.

A framework version has skill sets, each with proficiency levels 1..n, and the level each
target group needs in each phase. The dataclasses keep themselves in one canonical order,
so two equal frameworks compare equal however they were built (a round trip is tested by
equality). lms/assessment/case_format.py turns them into 1EdTech CASE 1.0 JSON and back.
"""

from __future__ import annotations

import dataclasses
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# The limits below match the columns the reference tables use (slugs 60, names 300).
SLUG_MAX_CHARS = 60
NAME_MAX_CHARS = 300
# A behavioural descriptor or a description is a paragraph or two (under 2,000 characters);
# 10,000 leaves room and keeps one row bounded.
TEXT_MAX_CHARS = 10_000
VERSION_MAX_CHARS = 60
# Proficiency scales in use have 4 to 8 levels (SFIA 7, TPQI qualifications 8).
MAX_LEVEL = 10
MAX_DIMENSION = 99

# A framework of 7 skill sets × 8 levels with paragraph-long descriptors exports to about
# 0.3 MB; 5 MB holds some 3,000 items with their associations (250 sets × 10 levels) and
# bounds one upload held in memory (read in about 0.1 s).
MAX_FILE_BYTES = 5 * 1024 * 1024
# Bounds parsed JSON handed in directly (no byte count), far above any real framework.
MAX_ITEMS = 5_000
MAX_ASSOCIATIONS = 20_000
# Past this many problems, more do not help: fix these and upload again.
MAX_PROBLEMS = 50

# How the framework sits in CASE: see lms/assessment/case_format.py.
SKILL_SET, LEVEL, REQUIRED = "Skill Set", "Proficiency Level", "Required Levels"
# CFItemType names read, compared without case; a caller may add more (framework_from_case).
ITEM_TYPES = {"skill set": SKILL_SET, "proficiency level": LEVEL, "required levels": REQUIRED}
IS_CHILD_OF, IS_RELATED_TO = "isChildOf", "isRelatedTo"
DIMENSION_KEYWORD, FOUNDATION_KEYWORD = "dimension:", "foundation"


def _within(obj, limit: int, *names: str) -> None:
    # What a file could not carry back (see case_reader) is refused here, on the way out too.
    for name in names:
        if len(getattr(obj, name)) > limit:
            raise ValueError(f"{type(obj).__name__}.{name} is longer than {limit} characters")


def _blank_to_empty(obj, *names: str) -> None:
    """Optional texts of only spaces are kept as "" (CASE omits empty fields, so a blank one
    could not come back from a file as it went in)."""
    for name in names:
        if not getattr(obj, name).strip():
            object.__setattr__(obj, name, "")


@dataclass(frozen=True)
class LevelDef:
    """One proficiency level of a skill set: its number (1 = lowest), name and the
    behaviours that show it. English texts may be empty (pages fall back to Thai)."""

    number: int
    name_th: str
    name_en: str = ""
    descriptor_th: str = ""
    descriptor_en: str = ""

    def __post_init__(self) -> None:
        _blank_to_empty(self, "name_en", "descriptor_th", "descriptor_en")
        if not self.name_th.strip():
            raise ValueError(f"level {self.number}: name_th is empty")
        if not 1 <= self.number <= MAX_LEVEL:
            raise ValueError(f"level {self.number} is not from 1 to {MAX_LEVEL}")
        _within(self, NAME_MAX_CHARS, "name_th", "name_en")
        _within(self, TEXT_MAX_CHARS, "descriptor_th", "descriptor_en")


@dataclass(frozen=True)
class SkillSetDef:
    """A skill set (กลุ่มทักษะ): `slug` is stable (DOMAIN.md's slugs for the seven of 2018),
    `dimension` the learning dimension 1..5 or None while an administrator has not set it,
    `levels` numbered 1..n without gaps (kept sorted by number)."""

    slug: str
    name_th: str
    name_en: str = ""
    dimension: int | None = None
    is_foundation: bool = False
    description_th: str = ""
    description_en: str = ""
    position: int = 0
    levels: tuple[LevelDef, ...] = ()

    def __post_init__(self) -> None:
        _blank_to_empty(self, "name_en", "description_th", "description_en")
        object.__setattr__(self, "levels", tuple(sorted(self.levels, key=lambda level: level.number)))
        if not (SLUG.fullmatch(self.slug) and len(self.slug) <= SLUG_MAX_CHARS):
            raise ValueError(f"skill-set slug {self.slug!r} is not lowercase letters, digits and hyphens")
        if not self.name_th.strip():
            raise ValueError(f"skill set {self.slug}: name_th is empty")
        if self.dimension is not None and not 1 <= self.dimension <= MAX_DIMENSION:
            raise ValueError(f"skill set {self.slug}: dimension {self.dimension} is not from 1 to {MAX_DIMENSION}")
        _within(self, NAME_MAX_CHARS, "name_th", "name_en")
        _within(self, TEXT_MAX_CHARS, "description_th", "description_en")
        numbers = [level.number for level in self.levels]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"skill set {self.slug}: levels {numbers} are not 1..n without gaps")


@dataclass(frozen=True)
class Requirement:
    """The level a target group needs in a skill set during a phase (slugs of DOMAIN.md)."""

    target_group: str
    phase: str
    skill_set: str
    level: int


@dataclass(frozen=True)
class Framework:
    """A framework version. `identifier` is its CASE document's UUID: a new version gets
    one (uuid4) when created and keeps it; an imported one keeps its file's, so a CASE
    consumer sees the same document. `creator` is CASE's required author (the Commission
    for its frameworks). `effective_on` is None until an administrator sets it; `changed_at`
    (timezone-aware) is the last change, exported as every object's lastChangeDateTime.
    Skill sets are kept by (position, slug), requirements by their slugs."""

    identifier: str
    name_th: str
    version_label: str
    changed_at: datetime
    name_en: str = ""
    creator: str = "Thaksa"
    effective_on: date | None = None
    skill_sets: tuple[SkillSetDef, ...] = ()
    requirements: tuple[Requirement, ...] = ()

    def __post_init__(self) -> None:
        _blank_to_empty(self, "name_en")
        object.__setattr__(self, "identifier", str(uuid.UUID(self.identifier)))  # canonical form
        if not (self.name_th.strip() and self.version_label.strip() and self.creator.strip()):
            raise ValueError("a framework needs name_th, version_label and creator")
        _within(self, NAME_MAX_CHARS, "name_th", "name_en", "creator")
        _within(self, VERSION_MAX_CHARS, "version_label")
        object.__setattr__(
            self, "skill_sets", tuple(sorted(self.skill_sets, key=lambda s: (s.position, s.slug)))
        )
        object.__setattr__(
            self, "requirements",
            tuple(sorted(self.requirements, key=lambda r: (r.target_group, r.phase, r.skill_set))),
        )
        if self.changed_at.tzinfo is None:
            raise ValueError("changed_at must be timezone-aware")
        levels = {s.slug: len(s.levels) for s in self.skill_sets}
        if len(levels) != len(self.skill_sets):
            raise ValueError("two skill sets share a slug")
        keys = {(r.target_group, r.phase, r.skill_set) for r in self.requirements}
        if len(keys) != len(self.requirements):
            raise ValueError("a skill set is required twice for one target group and phase")
        for requirement in self.requirements:
            if not 1 <= requirement.level <= levels.get(requirement.skill_set, 0):
                raise ValueError(f"{requirement} names a skill set or level the framework lacks")

    def skill_set(self, slug: str) -> SkillSetDef | None:
        return next((s for s in self.skill_sets if s.slug == slug), None)


@dataclass(frozen=True)
class CaseProblem:
    """One reason a CASE file cannot be imported. `message` is a lazy string naming the
    item (its identifier and humanCodingScheme or title) and the field; `item` and `field`
    repeat them for a table; `line` is the line of the item in the file where known."""

    message: object = dataclasses.field(compare=False)
    item: str | None = None
    field: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        if self.line:
            return _("Line %(line)s: %(message)s", line=self.line, message=str(self.message))
        return str(self.message)


@dataclass(frozen=True)
class ParseResult:
    """`framework` is None whenever `errors` is not empty: nothing is half-imported."""

    framework: Framework | None
    errors: tuple[CaseProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return self.framework is not None and not self.errors
