"""Reading and editing the reference data; handing it to the rules as plain values."""

import os
from datetime import date

from flask import current_app
from sqlalchemy import inspect, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError

from ..core.audit import record_event
from ..extensions import db
from ..rules.policy import Policy, policy_in_force
from .cache import reference_data
from .guideline import shipped_guideline, shipped_policies
from .models import (
    ExpectedRole,
    LearningMethod,
    Phase,
    PolicyVersion,
    SessionMethod,
    SkillDimension,
    SkillSet,
    TargetGroup,
)

# The kinds of reference row a site admin may rename, by URL name.
EDITABLE_KINDS = {
    "target-groups": TargetGroup,
    "phases": Phase,
    "roles": ExpectedRole,
    "dimensions": SkillDimension,
    "skill-sets": SkillSet,
    "learning-methods": LearningMethod,
    "session-methods": SessionMethod,
}
DESCRIBED_KINDS = {"target-groups", "roles"}


def ordered(model) -> list:
    """Every row of a reference table (target groups, phases, skill sets, methods…) in its stable order."""
    return db.session.scalars(select(model).order_by(model.position)).all()


def reference_overview() -> dict:
    """Everything the admin page lists, each in its stable order."""
    return {
        "groups": ordered(TargetGroup),
        "phases": ordered(Phase),
        "roles": {
            (r.target_group_id, r.phase_id): r
            for r in db.session.scalars(select(ExpectedRole))
        },
        "dimensions": db.session.scalars(select(SkillDimension).order_by(SkillDimension.number)).all(),
        "skill_sets": ordered(SkillSet),
        "learning_methods": ordered(LearningMethod),
        "session_methods": ordered(SessionMethod),
        "policies": db.session.scalars(
            select(PolicyVersion).order_by(PolicyVersion.effective_on.desc())).all(),
    }


def rename(row, actor, **names) -> None:
    """Change a reference row's names (and descriptions where it has them); never its slug.

    Audited as "reference.updated" with what changed.
    """
    before = {field: getattr(row, field) for field in names}
    for field, value in names.items():
        setattr(row, field, (value or "").strip())
    db.session.flush()
    changes = {field: [before[field], getattr(row, field)] for field in names
               if before[field] != getattr(row, field)}
    if changes:
        _audit("reference.updated", row, changes, actor)


def set_recommended_skill_sets(group: TargetGroup, skill_set_ids: list[int], actor) -> None:
    """§4.7.2: the Commission decides which skill sets each group needs.

    Audited as "reference.skill_sets_updated", the skill sets' slugs before and after.
    """
    before = [s.slug for s in group.recommended_skill_sets]
    chosen = db.session.scalars(select(SkillSet).where(SkillSet.id.in_(skill_set_ids))).all()
    group.recommended_skill_sets = sorted(chosen, key=lambda s: s.position)
    db.session.flush()
    after = [s.slug for s in group.recommended_skill_sets]
    if before != after:
        _audit("reference.skill_sets_updated", group, {"recommended_skill_sets": [before, after]}, actor)


def _audit(kind: str, row, changes: dict, actor) -> None:
    record_event(kind, row, changes=changes, actor=actor)


def as_policy(row: PolicyVersion) -> Policy:
    return Policy(
        version=row.version,
        effective_on=row.effective_on,
        lecture_max_percent=row.lecture_max_percent,
        experiential_percent=row.experiential_percent,
        social_percent=row.social_percent,
        formal_percent=row.formal_percent,
        mix_tolerance_points=row.mix_tolerance_points,
        current_percent=row.current_percent,
        future_percent=row.future_percent,
    )


def bucket_names() -> dict[str, tuple[str, str]]:
    """Each 70:20:10 bucket's (Thai, English) name, made of the names of the learning methods
    that count toward it (rules.name_buckets): what check_mix says and pages show, so an
    administrator who renames a method renames its bucket too."""
    return dict(reference_data().bucket_names)


def method_buckets() -> dict[str, str]:
    """Each learning method's slug and the 70:20:10 bucket it counts toward."""
    return dict(reference_data().bucket_of_methods)


def policy_for(day: date) -> Policy:
    """The policy version in force on `day` (a period's start), as the rules take it:
    from the database, or as shipped with the code when there is none (see
    guideline_in_database)."""
    policies = reference_data().policies if guideline_in_database() else shipped_policies()
    return policy_in_force(policies, day)


def first_policy_effective_on() -> date | None:
    """The day the first policy version took effect: nothing before it can be judged."""
    if guideline_in_database():
        return reference_data().first_effective_on
    return min((p.effective_on for p in shipped_policies()), default=None)


def policy_title(version: str, language: str) -> str:
    """A policy version's title in `language`, else in the other one, else its slug."""
    if guideline_in_database():
        titles = reference_data().policy_titles.get(version, ("", ""))
    else:
        shipped = {p["version"]: p for p in shipped_guideline()["policy_versions"]}.get(version, {})
        titles = (shipped.get("title_th", ""), shipped.get("title_en", ""))
    title = (titles[0] if language == "th" else titles[1]) or titles[0] or titles[1]
    return title or version


_SEEDED = "lms.guideline_in_database"


def guideline_in_database() -> bool:
    """Whether the database holds the guideline's reference data: reachable, migrated and
    seeded. Where it does not (a course repository's CI linting course files), the data
    shipped in guideline.json stands in for it.

    Asks nothing once the answer was yes (tables are not dropped under a running app), and
    never creates a SQLite file by asking.
    """
    if current_app.extensions.get(_SEEDED):
        return True
    if _sqlite_file_missing(db.engine.url):
        return False
    try:
        seeded = (inspect(db.session.connection()).has_table(SkillSet.__tablename__)
                  and db.session.scalar(select(SkillSet.id).limit(1)) is not None)
    except OperationalError:  # no server to connect to, or a file SQLite cannot open
        db.session.rollback()
        return False
    if seeded:
        current_app.extensions[_SEEDED] = True
    return seeded


def _sqlite_file_missing(url: URL) -> bool:
    path = url.database
    return (url.get_backend_name() == "sqlite" and bool(path) and path != ":memory:"
            and not path.startswith("file:") and not os.path.exists(path))
