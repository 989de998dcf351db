"""The version in force, copied onto the stable skill-set rows everything else reads.

Records, courses, plans, pickers and reports read `skill_sets` (names, position, dimension,
foundation flag). When a version takes effect its editions are copied there, and a set it
leaves out is marked retired (kept for the records of its time, no longer offered for new
tags). Run daily by the scheduler, by `flask lms frameworks apply`, and when an admin saves a
version that is already in force (an import with a past date). Idempotent: a second run on the
same day changes nothing.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from ...core.audit import record_event
from ...core.dates import today_in_bangkok
from ...extensions import db
from ...records.sums import rebuild_person_hours
from ...reference.models import SkillSet
from .queries import framework_in_force


@dataclass
class AppliedFramework:
    version_label: str | None = None
    changed: list[str] = field(default_factory=list)  # slugs whose row changed
    retired: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    foundation_changed: bool = False

    @property
    def changed_anything(self) -> bool:
        return bool(self.changed or self.retired or self.restored)


def apply_framework_in_force(today: date, actor=None) -> AppliedFramework:
    """Copy the editions of the version in force on `today` onto the skill-set rows, retire
    the sets it leaves out, and recompute the stored sums when the foundation sets changed
    (their foundation counts would be stale). Flushes; the caller commits."""
    framework = framework_in_force(today)
    result = AppliedFramework()
    if framework is None:
        return result
    result.version_label = framework.version_label
    editions = {edition.skill_set_id: edition for edition in framework.editions}
    for skill_set in db.session.scalars(select(SkillSet).order_by(SkillSet.id)):
        edition = editions.get(skill_set.id)
        if edition is None:
            if skill_set.retired_on is None:
                skill_set.retired_on = today
                result.retired.append(skill_set.slug)
            if skill_set.is_foundation:
                # A set the version leaves out is no one's foundation now (dashboards, sums, R4).
                skill_set.is_foundation = False
                result.foundation_changed = True
            continue
        wanted = {"name_th": edition.name_th, "name_en": edition.name_en,
                  "position": edition.position, "is_foundation": edition.is_foundation,
                  # A version may leave the dimension unset (a CASE file without it): keep the row's.
                  "dimension_id": edition.dimension_id or skill_set.dimension_id}
        # Assigned only when different, so an unchanged row writes nothing (and the
        # reference data's token stays).
        differs = {name: value for name, value in wanted.items() if getattr(skill_set, name) != value}
        if "is_foundation" in differs:
            result.foundation_changed = True
        for name, value in differs.items():
            setattr(skill_set, name, value)
        if differs:
            result.changed.append(skill_set.slug)
        if skill_set.retired_on is not None:
            skill_set.retired_on = None
            result.restored.append(skill_set.slug)
    db.session.flush()
    if result.foundation_changed:
        # Every person's totals count foundation sets with hours; a few seconds per 100,000 records.
        rebuild_person_hours(db.session)
    if result.changed_anything:
        record_event("skill_framework.applied", framework, actor=actor, actor_label="" if actor else "system",
                     object_label=framework.version_label,
                     changes={"changed": result.changed, "retired": result.retired, "restored": result.restored})
    return result


def apply_framework_job() -> AppliedFramework:
    """The scheduler's daily run: apply the version in force today, and commit."""
    try:
        result = apply_framework_in_force(today_in_bangkok())
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return result
