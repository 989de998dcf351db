"""What a person's certificates prove on a date, for the other parts (ratings, plans)."""

from datetime import date

from sqlalchemy import func, or_, select

from ...extensions import db
from ...reference.models import SkillSet
from .models import Certificate


def current_certified_levels(person, on: date) -> dict[int, int]:
    """{skill_set_id: highest level} of the person's level certificates that are neither
    revoked nor expired on `on` (issued on or before it)."""
    person_id = getattr(person, "id", person)
    rows = db.session.execute(
        select(Certificate.skill_set_id, func.max(Certificate.level))
        .where(Certificate.person_id == person_id, Certificate.kind == "level",
               Certificate.revoked_at.is_(None), Certificate.issued_on <= on,
               or_(Certificate.expires_on.is_(None), Certificate.expires_on >= on))
        .group_by(Certificate.skill_set_id)
    ).all()
    return {skill_set_id: level for skill_set_id, level in rows}


def certified_skill_set_ids(person, on: date) -> set[int]:
    """The skill sets in which the person holds a current certified level on `on`."""
    return set(current_certified_levels(person, on))


def certified_skill_set_slugs(person, on: date) -> list[str]:
    """R4: the slugs of the skill sets in which the person holds a current certified level."""
    ids = certified_skill_set_ids(person, on)
    return list(db.session.scalars(select(SkillSet.slug).where(SkillSet.id.in_(ids)))) if ids else []
