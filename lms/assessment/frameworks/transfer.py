"""A framework version out to a CASE 1.0 file and in from one (lms.assessment.case_format).

An import checks everything first (the file, then what it asks of the database: label,
identifier and effective date not taken, target groups and phases known, a dimension for
each new skill set) and writes nothing unless all is well. Skill sets are matched to the
reference rows by slug (CASE humanCodingScheme); an unknown slug becomes a new row.
"""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from ...core.audit import record_event
from ...core.dates import format_date
from ...core.i18n import current_language
from ...extensions import db
from ...reference.models import Phase, SkillDimension, SkillSet, TargetGroup
from ..case_format import dump_case, framework_from_case, framework_to_case
from ..case_model import Framework, LevelDef, Requirement, SkillSetDef
from .apply import apply_framework_in_force
from .models import ProficiencyLevel, RequiredLevel, SkillFramework, SkillSetEdition
from .queries import framework_in_force


def framework_as_case_model(framework: SkillFramework) -> Framework:
    """The version as the plain dataclasses the CASE writer takes."""
    skill_sets = tuple(SkillSetDef(
        slug=edition.skill_set.slug, name_th=edition.name_th, name_en=edition.name_en,
        dimension=edition.dimension.number if edition.dimension is not None else None,
        is_foundation=edition.is_foundation, description_th=edition.description_th,
        description_en=edition.description_en, position=edition.position,
        levels=tuple(LevelDef(number=level.number, name_th=level.name_th, name_en=level.name_en,
                              descriptor_th=level.descriptor_th, descriptor_en=level.descriptor_en)
                     for level in edition.levels))
        for edition in framework.editions)
    requirements = tuple(Requirement(r.target_group.slug, r.phase.slug, r.skill_set.slug, r.level)
                         for r in framework.required_levels)
    return Framework(identifier=framework.identifier, name_th=framework.name_th, name_en=framework.name_en,
                     version_label=framework.version_label, changed_at=framework.created_at,
                     creator=framework.creator, effective_on=framework.effective_on,
                     skill_sets=skill_sets, requirements=requirements)


def export_case(framework: SkillFramework, base_uri: str) -> bytes:
    """The version as the bytes of a CASE 1.0 JSON file; `base_uri` is the site's address."""
    return dump_case(framework_to_case(framework_as_case_model(framework), base_uri=base_uri))


def case_file_name(framework: SkillFramework) -> str:
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in framework.version_label)
    return f"skills-framework-{safe}.json"


def import_case(data: bytes, actor, *, today: date, effective_on: date | None = None,
                actor_label: str = "") -> tuple[SkillFramework | None, list[str]]:
    """Read a CASE file into a new version: (the version, []) or (None, every problem) with
    nothing written. `effective_on` overrides the file's statusStartDate. A version already
    in force on `today` (a past date) is applied at once."""
    groups = {g.slug: g.id for g in db.session.scalars(select(TargetGroup))}
    phases = {p.slug: p.id for p in db.session.scalars(select(Phase))}
    parsed = framework_from_case(data, target_groups=groups, phases=phases)
    if not parsed.ok:
        return None, [str(problem) for problem in parsed.errors]
    case = parsed.framework
    effective_on = effective_on or case.effective_on
    existing = {s.slug: s for s in db.session.scalars(select(SkillSet))}
    dimensions = {d.number: d.id for d in db.session.scalars(select(SkillDimension))}
    problems = _clashes(case, effective_on, today)
    for skill_set in case.skill_sets:
        if skill_set.dimension is not None and skill_set.dimension not in dimensions:
            problems.append(_("Skill set %(slug)s: there is no learning dimension %(number)s.",
                              slug=skill_set.slug, number=skill_set.dimension))
        elif skill_set.dimension is None and skill_set.slug not in existing:
            problems.append(_("Skill set %(slug)s is new and needs its learning dimension "
                              "(conceptKeywords \"dimension:N\").", slug=skill_set.slug))
    if problems:
        return None, problems

    framework = SkillFramework(version_label=case.version_label, effective_on=effective_on, name_th=case.name_th,
                               name_en=case.name_en, identifier=case.identifier, creator=case.creator,
                               created_by_id=actor.id if actor is not None else None)
    for definition in case.skill_sets:
        dimension_id = dimensions.get(definition.dimension)
        skill_set = existing.get(definition.slug)
        if skill_set is None:
            # Not offered for new tags until the version takes effect (apply_framework_in_force).
            skill_set = existing[definition.slug] = SkillSet(
                slug=definition.slug, position=definition.position, dimension_id=dimension_id,
                name_th=definition.name_th, name_en=definition.name_en, is_foundation=definition.is_foundation,
                retired_on=today)
            db.session.add(skill_set)
        framework.editions.append(SkillSetEdition(
            skill_set=skill_set, position=definition.position, dimension_id=dimension_id,
            name_th=definition.name_th, name_en=definition.name_en, description_th=definition.description_th,
            description_en=definition.description_en, is_foundation=definition.is_foundation,
            levels=[ProficiencyLevel(number=level.number, name_th=level.name_th, name_en=level.name_en,
                                     descriptor_th=level.descriptor_th, descriptor_en=level.descriptor_en)
                    for level in definition.levels]))
    for requirement in case.requirements:
        framework.required_levels.append(RequiredLevel(
            target_group_id=groups[requirement.target_group], phase_id=phases[requirement.phase],
            skill_set=existing[requirement.skill_set], level=requirement.level))
    db.session.add(framework)
    record_event("skill_framework.imported", framework, actor=actor, actor_label=actor_label,
                 object_label=framework.version_label,
                 changes={"identifier": framework.identifier, "effective_on": effective_on,
                          "skill_sets": [s.slug for s in case.skill_sets]})
    if effective_on <= today:
        apply_framework_in_force(today, actor=actor)
    return framework, []


def _clashes(case: Framework, effective_on: date | None, today: date) -> list[str]:
    """What the database already holds that the file's version would collide with."""
    problems = []
    same_label = db.session.scalar(select(SkillFramework.version_label).where(
        func.lower(SkillFramework.version_label) == case.version_label.lower()))
    if same_label is not None:
        problems.append(_("Version %(label)s exists already; change the file's version or delete that version.",
                          label=same_label))
    same_document = db.session.scalar(select(SkillFramework.version_label).where(
        SkillFramework.identifier == case.identifier))
    if same_document is not None:
        problems.append(_("This CASE document (%(identifier)s) was imported already as version %(label)s.",
                          identifier=case.identifier, label=same_document))
    if effective_on is None:
        problems.append(_("The file gives no effective date (statusStartDate): enter one."))
        return problems
    in_force = framework_in_force(today)
    if db.session.scalar(select(SkillFramework.id).where(SkillFramework.effective_on == effective_on)):
        problems.append(_("Another version takes effect on that day; choose another effective date."))
    elif in_force is not None and effective_on < in_force.effective_on:
        # History stays: a version may not slip in before the one in force took effect.
        problems.append(_("A version cannot take effect before the version in force did (%(label)s, %(day)s).",
                          label=in_force.version_label, day=format_date(in_force.effective_on, current_language())))
    return problems
