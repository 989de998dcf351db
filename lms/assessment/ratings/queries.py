"""A person's skill gaps on a day, for "My skills", the dashboard and the plan form."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ...catalog.models import Course, CourseVersion, version_skill_sets
from ...classes.eligibility import groups_for_enrolment
from ...core.i18n import current_language
from ...extensions import db
from ..certificates.queries import current_certified_levels
from ..frameworks.models import SkillSetEdition
from ..frameworks.queries import framework_in_force, required_levels_for
from .external import current_verified_levels
from .gaps import SkillLevels, skill_gaps_of
from .models import SkillAssessment, SkillRating


@dataclass(frozen=True)
class SkillGap:
    """One skill set's gap, with the version's edition (its names and levels) to show."""

    edition: SkillSetEdition
    required: int
    assessed: int
    source: str | None
    gap: int

    @property
    def skill_set_id(self) -> int:
        return self.edition.skill_set_id


def phase_id_of(person) -> int | None:
    """The phase the person's agency has set (R6), or None."""
    agency = person.organisation.agency if person.organisation else None
    return agency.phase_id if agency else None


def confirmed_levels(person_id: int) -> dict[int, int]:
    """{skill set id: level} the supervisor confirmed, each from the latest confirmed assessment
    that rated the set."""
    rows = db.session.execute(
        select(SkillRating.skill_set_id, SkillRating.supervisor_level)
        .join(SkillAssessment, SkillAssessment.id == SkillRating.assessment_id)
        .where(SkillAssessment.person_id == person_id, SkillAssessment.state == "confirmed",
               SkillRating.supervisor_level.is_not(None))
        .order_by(SkillAssessment.fiscal_year.desc()))
    levels: dict[int, int] = {}
    for skill_set_id, level in rows:
        levels.setdefault(skill_set_id, level)
    return levels


def skill_gaps(person, on: date) -> list[SkillGap]:
    """Every skill set of the version in force on `on`: the level the person's groups need in
    their phase (the highest when several), the assessed level and where it comes from, and the
    gap, the largest first. Empty before the first version."""
    framework = framework_in_force(on)
    if framework is None:
        return []
    groups, _source = groups_for_enrolment(person)
    required = required_levels_for(framework, [g.id for g in groups], phase_id_of(person))
    confirmed = confirmed_levels(person.id)
    external = current_verified_levels(person.id, on)
    certified = current_certified_levels(person, on)
    editions = {e.skill_set_id: e for e in framework.editions}
    gaps = skill_gaps_of([
        SkillLevels(skill_set_id=e.skill_set_id, position=e.position, required=required.get(e.skill_set_id, 0),
                    confirmed=confirmed.get(e.skill_set_id), external=external.get(e.skill_set_id),
                    certified=certified.get(e.skill_set_id))
        for e in framework.editions])
    return [SkillGap(editions[g.skill_set_id], g.required, g.assessed, g.source, g.gap) for g in gaps]


@dataclass(frozen=True)
class Proposal:
    """A skill set with a gap, and published courses tagged with it, for a new plan item."""

    gap: SkillGap
    courses: list[tuple[str, str]]  # (code, title)


def gap_proposals(person, on: date, limit: int = 3, courses_each: int = 3) -> list[Proposal]:
    """The `limit` largest gaps above 0, each with up to `courses_each` published courses."""
    gaps = [g for g in skill_gaps(person, on) if g.gap > 0][:limit]
    if not gaps:
        return []
    rows = db.session.execute(
        select(version_skill_sets.c.skill_set_id, Course.code, CourseVersion.title_th, CourseVersion.title_en)
        .join(CourseVersion, CourseVersion.id == version_skill_sets.c.course_version_id)
        .join(Course, Course.id == CourseVersion.course_id)
        .where(CourseVersion.status == "published",
               version_skill_sets.c.skill_set_id.in_([g.skill_set_id for g in gaps]))
        .order_by(CourseVersion.published_at.desc(), Course.code)).all()
    courses: dict[int, list[tuple[str, str]]] = {}
    english = current_language() == "en"
    for skill_set_id, code, title_th, title_en in rows:
        found = courses.setdefault(skill_set_id, [])
        if len(found) < courses_each:
            found.append((code, title_en if english and title_en else title_th))
    return [Proposal(g, courses.get(g.skill_set_id, [])) for g in gaps]
