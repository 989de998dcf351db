"""The route walk's values for the framework pages (site admin only: role permission, no object)."""

from datetime import timedelta

from sqlalchemy import select

from lms.assessment.frameworks.models import SkillFramework
from lms.core.dates import today_in_bangkok
from lms.extensions import db
from tests.assessment.framework_factories import framework_with_levels


def url_arguments(world) -> dict:
    in_force = db.session.scalar(select(SkillFramework).where(SkillFramework.version_label == "2561"))
    scheduled = framework_with_levels(version_label="walk-2570", effective_on=today_in_bangkok() + timedelta(days=60))
    return {
        # The version in force (its edit pages show it read-only) and a scheduled one.
        "framework_id": [(in_force.id, None), (scheduled.id, None)],
        "edition_id": [(in_force.editions[0].id, None), (scheduled.editions[0].id, None)],
    }
