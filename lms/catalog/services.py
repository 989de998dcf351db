"""Catalogue operations that need the database."""

from sqlalchemy import select

from ..extensions import db
from ..reference.guideline import shipped_session_method_kinds, shipped_slugs
from ..reference.models import LearningMethod, Phase, SessionMethod, SkillSet, TargetGroup
from ..reference.services import guideline_in_database
from .coursefile import Vocabulary


def session_method_kinds() -> dict[str, str]:
    """Session-method slug -> "lecture" or "active", as R1 counts them."""
    return dict(db.session.execute(select(SessionMethod.slug, SessionMethod.kind)).all())


def course_vocabulary() -> Vocabulary:
    """The slugs a course file may use, as the reference tables hold them now; with no
    database (see guideline_in_database), as shipped with the code."""
    if not guideline_in_database():
        return Vocabulary(
            skill_sets=shipped_slugs("skill_sets"),
            target_groups=shipped_slugs("target_groups"),
            phases=shipped_slugs("phases"),
            learning_methods=shipped_slugs("learning_methods"),
            session_method_kinds=shipped_session_method_kinds(),
        )

    def slugs(model):
        return frozenset(db.session.scalars(select(model.slug)))

    return Vocabulary(
        skill_sets=slugs(SkillSet),
        target_groups=slugs(TargetGroup),
        phases=slugs(Phase),
        learning_methods=slugs(LearningMethod),
        session_method_kinds=session_method_kinds(),
    )
