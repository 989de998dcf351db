"""Which framework version is in force, and what it asks of a person."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...extensions import db
from .models import RequiredLevel, SkillFramework, SkillSetEdition


def framework_in_force(on: date) -> SkillFramework | None:
    """The newest version whose effective date is not after `on` (None before the first)."""
    return db.session.scalars(
        select(SkillFramework).where(SkillFramework.effective_on <= on)
        .order_by(SkillFramework.effective_on.desc()).limit(1)
        .options(selectinload(SkillFramework.editions).selectinload(SkillSetEdition.levels))
    ).first()


def framework_id_in_force(on: date) -> int | None:
    """The id of the version in force on `on`, without loading it (one small query)."""
    return db.session.scalar(select(SkillFramework.id).where(SkillFramework.effective_on <= on)
                             .order_by(SkillFramework.effective_on.desc()).limit(1))


def required_levels_for(framework: SkillFramework, target_group_ids, phase_id: int | None) -> dict[int, int]:
    """{skill set id: level} the version asks of someone in these target groups in this phase;
    with several groups, the highest level any of them asks."""
    if phase_id is None or not target_group_ids:
        return {}
    required: dict[int, int] = {}
    for skill_set_id, level in db.session.execute(
        select(RequiredLevel.skill_set_id, RequiredLevel.level)
        .where(RequiredLevel.framework_id == framework.id, RequiredLevel.phase_id == phase_id,
               RequiredLevel.target_group_id.in_(list(target_group_ids)))
    ):
        required[skill_set_id] = max(level, required.get(skill_set_id, 0))
    return required
