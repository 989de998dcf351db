"""Catalogue operations that need the database."""

from sqlalchemy import select

from ..extensions import db
from ..reference.models import LearningMethod, Phase, SessionMethod, SkillSet, TargetGroup
from .coursefile import Vocabulary


def session_method_kinds() -> dict[str, str]:
    """Session-method slug -> "lecture" or "active", as R1 counts them."""
    return dict(db.session.execute(select(SessionMethod.slug, SessionMethod.kind)).all())


def course_vocabulary() -> Vocabulary:
    """The slugs a course file may use, as the reference tables hold them now."""

    def slugs(model):
        return frozenset(db.session.scalars(select(model.slug)))

    return Vocabulary(
        skill_sets=slugs(SkillSet),
        target_groups=slugs(TargetGroup),
        phases=slugs(Phase),
        learning_methods=slugs(LearningMethod),
        session_method_kinds=session_method_kinds(),
    )
