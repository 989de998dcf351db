"""Catalogue operations that need the database."""

from sqlalchemy import select

from ..extensions import db
from ..reference.models import LearningMethod, Phase, SessionMethod, SkillSet, TargetGroup
from .coursefile import Vocabulary


def course_vocabulary() -> Vocabulary:
    """The slugs a course file may use, as the reference tables hold them now."""

    def slugs(model):
        return frozenset(db.session.scalars(select(model.slug)))

    kinds = dict(db.session.execute(select(SessionMethod.slug, SessionMethod.kind)).all())
    return Vocabulary(
        skill_sets=slugs(SkillSet),
        target_groups=slugs(TargetGroup),
        phases=slugs(Phase),
        learning_methods=slugs(LearningMethod),
        session_method_kinds=kinds,
    )
