"""Framework versions as a site admin edits them: a new version copied from the one in force,
then its skill sets, levels and required levels, while it is still scheduled.

A version whose effective date has come is history (records, courses and plans of its time
read it) and is never changed; a scheduled one may change freely, or be deleted.
"""

import uuid
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from ...core.audit import record_event
from ...extensions import db
from ...reference.models import SkillSet
from .models import ProficiencyLevel, RequiredLevel, SkillFramework, SkillSetEdition
from .queries import framework_in_force

SCHEDULED, IN_FORCE, PAST = "scheduled", "in_force", "past"


def framework_status(framework: SkillFramework, today: date) -> str:
    """SCHEDULED (effective date still to come), IN_FORCE (the version in force today) or PAST."""
    if framework.effective_on > today:
        return SCHEDULED
    in_force = framework_in_force(today)
    return IN_FORCE if in_force is not None and in_force.id == framework.id else PAST


def is_editable(framework: SkillFramework, today: date) -> bool:
    """Only a scheduled version changes: once in force, it is what past records were judged by."""
    return framework.effective_on > today


@dataclass
class VersionData:
    version_label: str
    effective_on: date | None
    name_th: str
    name_en: str = ""


def version_errors(data: VersionData, today: date, framework: SkillFramework | None = None) -> dict:
    """{field: [messages]} for a label or effective date a (new or scheduled) version cannot have."""
    errors: dict[str, list[str]] = {}
    others = select(SkillFramework.id)
    if framework is not None and framework.id is not None:
        others = others.where(SkillFramework.id != framework.id)
    label = data.version_label.strip()
    if label and db.session.scalar(others.where(func.lower(SkillFramework.version_label) == label.lower())):
        errors["version_label"] = [_("Another version is already labelled %(label)s.", label=label)]
    if data.effective_on is not None:
        if data.effective_on <= today:
            errors["effective_on"] = [_("A new or scheduled version takes effect after today.")]
        elif db.session.scalar(others.where(SkillFramework.effective_on == data.effective_on)):
            errors["effective_on"] = [_("Another version takes effect on that day.")]
    return errors


def new_version(data: VersionData, actor, today: date) -> SkillFramework:
    """A scheduled version copied from the version in force (its skill sets, levels and
    required levels), with a new label, names, effective date and CASE identifier."""
    source = framework_in_force(today) or db.session.scalars(
        select(SkillFramework).order_by(SkillFramework.effective_on.desc()).limit(1)).first()
    framework = SkillFramework(
        version_label=data.version_label.strip(), effective_on=data.effective_on, name_th=data.name_th.strip(),
        name_en=data.name_en.strip(), identifier=str(uuid.uuid4()), created_by_id=actor.id,
        creator=source.creator if source is not None else "Thaksa")
    if source is not None:
        for edition in source.editions:
            framework.editions.append(SkillSetEdition(
                skill_set_id=edition.skill_set_id, position=edition.position, dimension_id=edition.dimension_id,
                name_th=edition.name_th, name_en=edition.name_en, description_th=edition.description_th,
                description_en=edition.description_en, is_foundation=edition.is_foundation,
                levels=[ProficiencyLevel(number=level.number, name_th=level.name_th, name_en=level.name_en,
                                         descriptor_th=level.descriptor_th, descriptor_en=level.descriptor_en)
                        for level in edition.levels]))
        for required in source.required_levels:
            framework.required_levels.append(RequiredLevel(
                target_group_id=required.target_group_id, phase_id=required.phase_id,
                skill_set_id=required.skill_set_id, level=required.level))
    db.session.add(framework)
    record_event("skill_framework.created", framework, actor=actor, object_label=framework.version_label,
                 changes={"copied_from": source.version_label if source is not None else None,
                          "effective_on": framework.effective_on})
    return framework


def update_version(framework: SkillFramework, data: VersionData, actor) -> None:
    """Change a scheduled version's label, names or effective date."""
    changes = {}
    for name in ("version_label", "effective_on", "name_th", "name_en"):
        value = getattr(data, name)
        value = value.strip() if isinstance(value, str) else value
        if getattr(framework, name) != value:
            changes[name] = [getattr(framework, name), value]
            setattr(framework, name, value)
    if changes:
        record_event("skill_framework.updated", framework, actor=actor, changes=changes,
                     object_label=framework.version_label)


def delete_version(framework: SkillFramework, actor) -> None:
    """Delete a scheduled version; skill sets created for it stay (retired) as reference rows."""
    record_event("skill_framework.deleted", framework, actor=actor, object_label=framework.version_label)
    db.session.delete(framework)
    db.session.flush()


@dataclass
class EditionData:
    name_th: str
    name_en: str = ""
    description_th: str = ""
    description_en: str = ""
    dimension_id: int | None = None
    is_foundation: bool = False
    position: int = 0


_EDITION_FIELDS = ("name_th", "name_en", "description_th", "description_en", "dimension_id",
                   "is_foundation", "position")


def skill_sets_to_continue(framework: SkillFramework) -> list[SkillSet]:
    """Skill sets a version may take up again or map to (those it does not have yet), in order."""
    held = {edition.skill_set_id for edition in framework.editions}
    return [s for s in db.session.scalars(select(SkillSet).order_by(SkillSet.position, SkillSet.id))
            if s.id not in held]


def new_skill_set_errors(framework: SkillFramework, slug: str, continues_id: int | None,
                         dimension_id: int | None) -> dict:
    """{field: [messages]} for adding a skill set: a new slug no set has, or a set this
    version does not have yet; a new set needs its learning dimension."""
    if continues_id is not None:
        if continues_id not in {s.id for s in skill_sets_to_continue(framework)}:
            return {"continues": [_("Choose a skill set this version does not have yet.")]}
        return {}
    errors: dict[str, list[str]] = {}
    if not slug:
        errors["slug"] = [_("Enter a slug for the new skill set, or choose the skill set it continues.")]
    elif db.session.scalar(select(SkillSet.id).where(SkillSet.slug == slug)):
        errors["slug"] = [_("A skill set with the slug %(slug)s exists: choose it under "
                            "\"Continues\" instead.", slug=slug)]
    if dimension_id is None:
        errors["dimension_id"] = [_("A new skill set needs its learning dimension.")]
    return errors


def add_skill_set(framework: SkillFramework, data: EditionData, actor, *, today: date,
                  slug: str = "", continues: SkillSet | None = None) -> SkillSetEdition:
    """Add a skill set to a scheduled version: a new reference row with `slug`, or an edition
    of `continues` (a set of an earlier version, renamed, mapped or taken up again)."""
    if continues is None:
        # Not offered for new tags until the version takes effect (apply_framework_in_force).
        continues = SkillSet(slug=slug, position=data.position, dimension_id=data.dimension_id,
                             name_th=data.name_th.strip(), name_en=data.name_en.strip(),
                             is_foundation=data.is_foundation, retired_on=today)
        db.session.add(continues)
    edition = SkillSetEdition(skill_set=continues, **_edition_values(data))
    framework.editions.append(edition)
    db.session.flush()
    record_event("skill_framework.skill_set_added", framework, actor=actor, object_label=framework.version_label,
                 changes={"skill_set": continues.slug, "name_th": edition.name_th})
    return edition


def _edition_values(data: EditionData) -> dict:
    values = {name: getattr(data, name) for name in _EDITION_FIELDS}
    for name in ("name_th", "name_en", "description_th", "description_en"):
        values[name] = (values[name] or "").strip()
    return values


def update_edition(edition: SkillSetEdition, data: EditionData, actor) -> None:
    """Rename or otherwise edit a skill set as a scheduled version has it."""
    changes = {}
    for name, value in _edition_values(data).items():
        if getattr(edition, name) != value:
            changes[name] = [getattr(edition, name), value]
            setattr(edition, name, value)
    if changes:
        record_event("skill_framework.skill_set_updated", edition.framework, actor=actor,
                     object_label=edition.framework.version_label,
                     changes={"skill_set": edition.skill_set.slug, **changes})


def retire_edition(edition: SkillSetEdition, actor) -> None:
    """Leave a skill set out of a scheduled version (with its levels and required levels);
    its reference row stays for the records that carry it."""
    framework = edition.framework
    for required in [r for r in framework.required_levels if r.skill_set_id == edition.skill_set_id]:
        framework.required_levels.remove(required)
    framework.editions.remove(edition)
    db.session.flush()
    record_event("skill_framework.skill_set_retired", framework, actor=actor, object_label=framework.version_label,
                 changes={"skill_set": edition.skill_set.slug})


@dataclass
class LevelData:
    name_th: str
    name_en: str = ""
    descriptor_th: str = ""
    descriptor_en: str = ""


def level_errors(edition: SkillSetEdition, levels: list[LevelData]) -> list[str]:
    """Why these levels cannot replace the edition's: a required level above the new top one."""
    top = len(levels)
    asked = [r for r in edition.framework.required_levels if r.skill_set_id == edition.skill_set_id and r.level > top]
    if not asked:
        return []
    highest = max(r.level for r in asked)
    return [_("The required levels ask for level %(level)s; lower them first or keep %(level)s levels.",
              level=highest)]


def save_levels(edition: SkillSetEdition, levels: list[LevelData], actor) -> None:
    """Replace the edition's levels by `levels`, numbered 1..n in their order."""
    existing = {level.number: level for level in edition.levels}
    for number, data in enumerate(levels, start=1):
        row = existing.pop(number, None)
        if row is None:
            row = ProficiencyLevel(number=number)
            edition.levels.append(row)
        for name in ("name_th", "name_en", "descriptor_th", "descriptor_en"):
            setattr(row, name, (getattr(data, name) or "").strip())
    for row in existing.values():
        edition.levels.remove(row)
    db.session.flush()
    record_event("skill_framework.levels_saved", edition.framework, actor=actor,
                 object_label=edition.framework.version_label,
                 changes={"skill_set": edition.skill_set.slug, "levels": len(levels)})


def required_level_errors(framework: SkillFramework, grid: dict[tuple[int, int, int], int]) -> list[str]:
    """Why the grid {(target group id, phase id, skill set id): level} cannot be saved."""
    levels = {edition.skill_set_id: (edition, len(edition.levels)) for edition in framework.editions}
    problems = []
    for (_group, _phase, skill_set_id), level in grid.items():
        edition, top = levels.get(skill_set_id, (None, 0))
        if edition is None:
            problems.append(_("A required level names a skill set this version does not have."))
        elif not 1 <= level <= top:
            problems.append(_("%(skill_set)s has levels 1 to %(top)s; level %(level)s cannot be required.",
                              skill_set=edition.name, top=top, level=level))
    return sorted(set(problems))


def save_required_levels(framework: SkillFramework, grid: dict[tuple[int, int, int], int], actor) -> None:
    """Make the version's required levels exactly `grid` (cells left out require nothing)."""
    # Updated in place: a delete and an insert of the same key in one flush would clash.
    existing = {(r.target_group_id, r.phase_id, r.skill_set_id): r for r in framework.required_levels}
    for key, level in grid.items():
        row = existing.pop(key, None)
        if row is None:
            group, phase, skill_set = key
            framework.required_levels.append(RequiredLevel(target_group_id=group, phase_id=phase,
                                                           skill_set_id=skill_set, level=level))
        else:
            row.level = level
    for row in existing.values():
        framework.required_levels.remove(row)
    db.session.flush()
    record_event("skill_framework.required_levels_saved", framework, actor=actor,
                 object_label=framework.version_label, changes={"cells": len(grid)})
