"""Reading and editing the reference data; handing it to the rules as plain values."""

import os
import re
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, inspect, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError

from ..core.audit import differences, record_event, snapshot
from ..core.dates import BUDDHIST_ERA_OFFSET, fiscal_year_of, today_in_bangkok
from ..extensions import db
from ..rules.policy import Policy, policy_in_force
from .cache import reference_data
from .guideline import shipped_guideline, shipped_policies
from .models import (
    EmploymentType,
    ExpectedRole,
    LearningMethod,
    Phase,
    PolicyVersion,
    SessionMethod,
    SkillDimension,
    SkillSet,
    TargetGroup,
)

# The kinds of reference row a site admin may rename, by URL name. Skill sets are not among
# them: their names belong to a framework version (lms.assessment.frameworks), whose version
# in force the skill sets follow, so a rename here would be undone by the next apply.
EDITABLE_KINDS = {
    "target-groups": TargetGroup,
    "phases": Phase,
    "roles": ExpectedRole,
    "dimensions": SkillDimension,
    "learning-methods": LearningMethod,
    "session-methods": SessionMethod,
    "employment-types": EmploymentType,  # more than names: its own form (views.employment_type)
}
DESCRIBED_KINDS = {"target-groups", "roles"}


def ordered(model) -> list:
    """Every row of a reference table (target groups, phases, skill sets, methods…) in its stable order."""
    return db.session.scalars(select(model).order_by(model.position)).all()


def offered_skill_sets(keep=()) -> list[SkillSet]:
    """The skill sets a form offers for a new tag, in order: those of the framework version in
    force, and of the retired ones only those in `keep` (ids or slugs the object already has),
    so an old tag still shows."""
    keep = set(keep or ())
    return [s for s in ordered(SkillSet) if s.retired_on is None or s.id in keep or s.slug in keep]


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
        "employment_types": employment_types(),
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


# ---------------------------------------------------------------- employment types (§4.4)

# What the audit trail records of an employment type; its slug is set once, when it is added.
EMPLOYMENT_TYPE_FIELDS = ("slug", "name_th", "name_en", "position", "in_scope_from_fiscal_year")
SLUG_SHAPE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# §4.4 put its first people in scope in FY 2561; a type cannot count before the guideline did.
FIRST_SCOPE_FISCAL_YEAR = 2561
# How far ahead a widening of scope may be scheduled: further is a typing slip.
SCOPE_YEARS_AHEAD = 10
_COMMON_ERA_YEARS = range(1900, 2400)  # a year typed in the Common Era (lms.core.dates)
MAX_POSITION = 9999


def employment_types() -> list[EmploymentType]:
    """Every employment type in its stable order (position, then when it was added)."""
    return db.session.scalars(select(EmploymentType).order_by(EmploymentType.position, EmploymentType.id)).all()


def scope_year_range(today: date | None = None) -> range:
    """The fiscal years (B.E.) a type may come into scope from: §4.4's first, up to ten ahead."""
    return range(FIRST_SCOPE_FISCAL_YEAR, fiscal_year_of(today or today_in_bangkok()) + SCOPE_YEARS_AHEAD + 1)


def scope_year_problem(year: int, today: date | None = None) -> str | None:
    """Why `year` cannot be a type's first fiscal year in scope, in the reader's language."""
    years = scope_year_range(today)
    if year in years:
        return None
    if year in _COMMON_ERA_YEARS:
        return _("%(year)s is a Common Era year: write the fiscal year in the Buddhist Era, such as %(be)s.",
                 year=year, be=year + BUDDHIST_ERA_OFFSET)
    return _("Enter a fiscal year from %(first)s to %(last)s (Buddhist Era).", first=years[0], last=years[-1])


def employment_type_errors(row: EmploymentType, data: dict, today: date | None = None) -> dict:
    """What is wrong with saving `data` into `row`, by form field (empty when nothing). The
    slug is checked only for a new type: it never changes afterwards (imports name it)."""
    errors: dict[str, list[str]] = {}
    others = [other for other in employment_types() if other is not row]
    if row.id is None:
        slug = (data.get("slug") or "").strip()
        if not SLUG_SHAPE.fullmatch(slug):
            errors["slug"] = [_("Use lower-case letters a-z, digits and single hyphens, such as %(example)s.",
                                example="contract-employee")]
        elif any(other.slug == slug for other in others):
            errors["slug"] = [_("Another employment type already has this slug.")]
    # A name is what an import may give instead of the slug: each must name one type only.
    for field in ("name_th", "name_en"):
        name = (data.get(field) or "").strip().casefold()
        if name and any(name in (other.name_th.casefold(), other.name_en.casefold()) for other in others):
            errors[field] = [_("Another employment type already has this name.")]
    position = data.get("position")
    if position is not None and not 0 <= position <= MAX_POSITION:
        errors["position"] = [_("Enter a whole number from 0 to %(most)s.", most=MAX_POSITION)]
    year = data.get("in_scope_from_fiscal_year")
    if year is not None and (problem := scope_year_problem(year, today)):
        errors["in_scope_from_fiscal_year"] = [problem]
    return errors


def next_employment_type_position() -> int:
    """Where a new type goes by default: after the last."""
    return (db.session.scalar(select(func.max(EmploymentType.position))) or 0) + 1


def save_employment_type(row: EmploymentType, actor, data: dict) -> None:
    """Write checked form data (see employment_type_errors) into `row`, and audit it as
    "reference.created" or "reference.updated" with what changed. The next request of every
    worker reads it (the reference cache's token changes in the same flush)."""
    created = row.id is None
    before = {} if created else snapshot(row, EMPLOYMENT_TYPE_FIELDS)
    if created:
        row.slug = data["slug"].strip()
        db.session.add(row)
    row.name_th, row.name_en = data["name_th"].strip(), data["name_en"].strip()
    row.position, row.in_scope_from_fiscal_year = data["position"], data["in_scope_from_fiscal_year"]
    db.session.flush()
    changes = differences(before, snapshot(row, EMPLOYMENT_TYPE_FIELDS))
    if created or changes:
        _audit("reference.created" if created else "reference.updated", row, changes, actor)


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
