"""A framework version with proficiency levels and required levels, for tests of every part."""

import uuid
from datetime import date

from sqlalchemy import select

from lms.assessment.frameworks.models import ProficiencyLevel, RequiredLevel, SkillFramework, SkillSetEdition
from lms.extensions import db
from lms.reference.models import Phase, SkillSet, TargetGroup


def framework_with_levels(*, version_label="2566", effective_on=date(2022, 10, 1), levels=4,
                          required=None) -> SkillFramework:
    """Every seeded skill set with `levels` levels ("ระดับ 1" … with descriptors). `required`:
    {(target group slug, phase slug, skill set slug): level}; default: every group in every
    phase needs level 2 in every set."""
    skill_sets = db.session.scalars(select(SkillSet).order_by(SkillSet.position)).all()
    framework = SkillFramework(version_label=version_label, effective_on=effective_on,
                               name_th=f"กรอบทักษะ {version_label}", name_en=f"Framework {version_label}",
                               identifier=str(uuid.uuid4()))
    for skill_set in skill_sets:
        framework.editions.append(SkillSetEdition(
            skill_set=skill_set, position=skill_set.position, dimension_id=skill_set.dimension_id,
            name_th=skill_set.name_th, name_en=skill_set.name_en, is_foundation=skill_set.is_foundation,
            levels=[ProficiencyLevel(number=n, name_th=f"ระดับ {n}", name_en=f"Level {n}",
                                     descriptor_th=f"พฤติกรรมระดับ {n} ของ{skill_set.name_th}",
                                     descriptor_en=f"Behaviour at level {n}")
                    for n in range(1, levels + 1)]))
    groups = {g.slug: g for g in db.session.scalars(select(TargetGroup))}
    phases = {p.slug: p for p in db.session.scalars(select(Phase))}
    by_slug = {s.slug: s for s in skill_sets}
    if required is None:
        required = {(g, p, s): 2 for g in groups for p in phases for s in by_slug}
    for (group, phase, skill_set), level in required.items():
        framework.required_levels.append(RequiredLevel(
            target_group=groups[group], phase=phases[phase], skill_set=by_slug[skill_set], level=level))
    db.session.add(framework)
    db.session.flush()
    return framework
