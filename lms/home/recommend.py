"""Course recommendations for a learner's home page, each with the reason it is there.

Three tiers, in the guideline's order of priority: courses in a foundation skill set
(R4: everyone's plan includes them), then courses in a skill set recommended for one of
the learner's agreed target groups (§4.7.2), then courses for their agency's phase (R6).
A course appears once, in its first tier. Foundation courses take at most
FOUNDATION_SLOTS places while the other tiers have something to offer, so a catalogue
rich in foundation courses does not hide the rest. Within a tier, courses aimed at the
learner's own groups come first, then those for their phase, then the newest.

Courses the learner completed, or holds a seat or waiting place in, are left out. The
number of queries is fixed (about ten) whatever the size of the catalogue.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, select, union
from sqlalchemy.orm import joinedload, selectinload

from ..accounts.models import person_target_groups
from ..catalog.models import Course, CourseVersion
from ..classes.models import CourseClass, Enrolment
from ..extensions import db
from ..records.models import LearningRecord
from ..reference.models import Phase, SkillSet, TargetGroup

RECOMMENDATIONS = 6
FOUNDATION_SLOTS = 3
TIERS = ("foundation", "group", "phase")
SEATED_OR_WAITING = ("enrolled", "waitlisted")


@dataclass(frozen=True)
class Recommendation:
    version: CourseVersion  # the published version, with its course and institute loaded
    tier: str  # one of TIERS
    reason: str  # in the person's language


def recommend_courses(person, phase: Phase | None, limit: int = RECOMMENDATIONS) -> list[Recommendation]:
    """Up to `limit` published courses for `person`, foundation first, each with why.

    `phase` is the phase the person's agency set (None when it has set none).
    """
    foundation = {s.id: s for s in db.session.scalars(select(SkillSet).where(SkillSet.is_foundation))}
    groups = _agreed_groups(person)
    group_of_skill: dict[int, TargetGroup] = {}
    for group in groups:
        for skill in group.recommended_skill_sets:
            if skill.id not in foundation:
                group_of_skill.setdefault(skill.id, group)
    conditions = {
        "foundation": CourseVersion.skill_sets.any(SkillSet.id.in_(foundation)) if foundation else None,
        "group": CourseVersion.skill_sets.any(SkillSet.id.in_(group_of_skill)) if group_of_skill else None,
        "phase": CourseVersion.phases.any(Phase.id == phase.id) if phase is not None else None,
    }
    skip = completed_course_ids(person) | _seated_or_waiting_course_ids(person)
    ranking = _ranking([g.id for g in groups], phase)

    found: dict[str, list[int]] = {}
    earlier: list[ColumnElement[bool]] = []
    for tier in TIERS:
        condition = conditions[tier]
        if condition is None:
            found[tier] = []
            continue
        # A course belongs to its first tier only.
        found[tier] = _best_version_ids(and_(condition, *(~c for c in earlier)), skip, ranking, limit)
        earlier.append(condition)

    chosen = _fill(found, limit)
    versions = {v.id: v for v in db.session.scalars(
        select(CourseVersion).where(CourseVersion.id.in_([vid for vid, _tier in chosen]))
        .options(joinedload(CourseVersion.course).joinedload(Course.institute),
                 selectinload(CourseVersion.skill_sets)))}
    return [Recommendation(versions[vid], tier, _reason(versions[vid], tier, foundation, group_of_skill, phase))
            for vid, tier in chosen]


def _agreed_groups(person) -> list[TargetGroup]:
    """The person's agreed target groups, or HR's until any are agreed (as enrolment goes),
    with their recommended skill sets (two queries)."""
    agreed = list(db.session.scalars(
        select(TargetGroup).join(person_target_groups, person_target_groups.c.target_group_id == TargetGroup.id)
        .where(person_target_groups.c.person_id == person.id).order_by(TargetGroup.position)
        .options(selectinload(TargetGroup.recommended_skill_sets))))
    if agreed or person.hr_target_group_id is None:
        return agreed
    return list(db.session.scalars(select(TargetGroup).where(TargetGroup.id == person.hr_target_group_id)
                                   .options(selectinload(TargetGroup.recommended_skill_sets))))


def completed_course_ids(person) -> set[int]:
    """Courses the person has finished: a learning record from one of its versions, or a
    completed class enrolment (one query)."""
    from_records = (select(CourseVersion.course_id)
                    .join(LearningRecord, LearningRecord.course_version_id == CourseVersion.id)
                    .where(LearningRecord.person_id == person.id))
    from_classes = (select(CourseVersion.course_id)
                    .join(CourseClass, CourseClass.course_version_id == CourseVersion.id)
                    .join(Enrolment, Enrolment.class_id == CourseClass.id)
                    .where(Enrolment.person_id == person.id, Enrolment.status == "completed"))
    return set(db.session.scalars(union(from_records, from_classes)))


def _seated_or_waiting_course_ids(person) -> set[int]:
    """Courses with a class the person holds a seat or a waiting place in: already on their way."""
    return set(db.session.scalars(
        select(CourseVersion.course_id).join(CourseClass, CourseClass.course_version_id == CourseVersion.id)
        .join(Enrolment, Enrolment.class_id == CourseClass.id)
        .where(Enrolment.person_id == person.id, Enrolment.status.in_(SEATED_OR_WAITING))))


def _ranking(group_ids: list[int], phase: Phase | None) -> list:
    """ORDER BY terms within a tier: aimed at my groups, then for my phase, then newest."""
    order = []
    if group_ids:
        order.append(CourseVersion.target_groups.any(TargetGroup.id.in_(group_ids)).desc())
    if phase is not None:
        order.append(CourseVersion.phases.any(Phase.id == phase.id).desc())
    return [*order, CourseVersion.published_at.desc(), CourseVersion.id.desc()]


def _best_version_ids(condition, skip: set[int], ranking: list, limit: int) -> list[int]:
    query = select(CourseVersion.id).where(CourseVersion.status == "published", condition)
    if skip:
        query = query.where(CourseVersion.course_id.not_in(skip))
    return list(db.session.scalars(query.order_by(*ranking).limit(limit)))


def _fill(found: dict[str, list[int]], limit: int) -> list[tuple[int, str]]:
    """Pick `limit` (version id, tier) pairs in tier order; foundation capped while the others can fill."""
    others = [(vid, "group") for vid in found["group"]] + [(vid, "phase") for vid in found["phase"]]
    room = max(limit - FOUNDATION_SLOTS - len(others), 0)  # the others ran short: more foundation
    foundation = found["foundation"][:FOUNDATION_SLOTS + room]
    return ([(vid, "foundation") for vid in foundation] + others)[:limit]


def _reason(version: CourseVersion, tier: str, foundation: dict, group_of_skill: dict,
            phase: Phase | None) -> str:
    if tier == "foundation":
        names = ", ".join(s.name for s in version.skill_sets if s.id in foundation)
        return _("Foundation skill set: %(names)s", names=names)
    if tier == "group":
        skill = next(s for s in version.skill_sets if s.id in group_of_skill)
        return _("Recommended for your group %(group)s: %(skill)s",
                 group=group_of_skill[skill.id].name, skill=skill.name)
    return _("For your agency's phase: %(phase)s", phase=phase.name)
