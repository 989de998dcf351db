"""Every module's tables, imported once so the ORM and Alembic see them all."""

from .accounts.models import Institute, LoginAttempt, Organisation, Person  # noqa: F401
from .reference.models import (  # noqa: F401
    ExpectedRole,
    LearningMethod,
    Phase,
    PolicyVersion,
    SessionMethod,
    SkillDimension,
    SkillSet,
    TargetGroup,
)
