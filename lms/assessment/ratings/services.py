"""The yearly self-assessment: the person rates each skill set of the framework version in force,
the supervisor confirms or adjusts each level and confirms the whole; then it is read-only."""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...accounts.models import Person
from ...core import events
from ...core.audit import record_event
from ...core.dates import fiscal_year_of
from ...core.models import utcnow
from ...extensions import db
from ..frameworks.models import ProficiencyLevel, SkillFramework, SkillSetEdition
from ..frameworks.queries import framework_id_in_force, framework_in_force
from .models import SkillAssessment, SkillRating

MAX_COMMENT_LENGTH = 2000


class AssessmentRefused(Exception):
    """Why an assessment cannot be saved or confirmed, in the reader's language."""


@dataclass(frozen=True)
class LevelChoice:
    """A level picked for one skill set (0 = not yet level 1), with an optional comment."""

    level: int | None
    comment: str = ""


def rateable_editions(framework: SkillFramework | None) -> list[SkillSetEdition]:
    """The skill sets of a version that have levels to rate against, in the version's order."""
    if framework is None:
        return []
    return [edition for edition in framework.editions if edition.levels]


def assessment_of(person, fiscal_year: int) -> SkillAssessment | None:
    """The person's assessment of a fiscal year (Buddhist Era), with its ratings, or None."""
    return db.session.scalars(
        select(SkillAssessment).where(SkillAssessment.person_id == person.id,
                                      SkillAssessment.fiscal_year == fiscal_year)
        .options(selectinload(SkillAssessment.ratings).selectinload(SkillRating.skill_set))
    ).first()


def self_assessment_due(person, on: date) -> int | None:
    """The fiscal year of `on` when the person still has to rate their skills for it (no assessment,
    or only a draft) and the version in force has levels to rate against; else None (two small queries)."""
    fiscal_year = fiscal_year_of(on)
    framework_id = framework_id_in_force(on)
    if framework_id is None:
        return None
    rateable = select(ProficiencyLevel.id).join(SkillSetEdition, SkillSetEdition.id == ProficiencyLevel.edition_id) \
        .where(SkillSetEdition.framework_id == framework_id).exists()
    given = select(SkillAssessment.id).where(SkillAssessment.person_id == person.id,
                                             SkillAssessment.fiscal_year == fiscal_year,
                                             SkillAssessment.state != "draft").exists()
    return fiscal_year if db.session.scalar(select(rateable & ~given)) else None


def framework_for(assessment: SkillAssessment | None, on: date) -> SkillFramework | None:
    """The version an assessment rates against: its own once started, else the one in force."""
    if assessment is not None:
        return assessment.framework
    return framework_in_force(on)


def _checked(editions, choices: dict[int, LevelChoice]) -> list[str]:
    problems = []
    for edition in editions:
        choice = choices.get(edition.skill_set_id)
        highest = len(edition.levels)
        if choice is None or choice.level is None:
            problems.append(_("Choose a level for %(skill_set)s.", skill_set=edition.name))
        elif not 0 <= choice.level <= highest:
            problems.append(_("The level of %(skill_set)s must be from 0 to %(highest)s.",
                              skill_set=edition.name, highest=highest))
        elif len(choice.comment) > MAX_COMMENT_LENGTH:
            problems.append(_("The comment on %(skill_set)s is longer than %(n)s characters.",
                              skill_set=edition.name, n=MAX_COMMENT_LENGTH))
    return problems


def save_self_assessment(person: Person, choices: dict[int, LevelChoice], submit: bool,
                         on: date) -> SkillAssessment:
    """Save the person's levels for the fiscal year of `on` (flushes): a draft, or submitted to the
    supervisor. Every rateable skill set needs a level; nothing is saved when one is wrong.
    Raises AssessmentRefused once the supervisor has confirmed the year, or with no framework."""
    fiscal_year = fiscal_year_of(on)
    assessment = assessment_of(person, fiscal_year)
    if assessment is not None:
        db.session.refresh(assessment, with_for_update=True)  # not confirmed meanwhile
        if assessment.state == "confirmed":
            raise AssessmentRefused(_("Your supervisor has confirmed this year's assessment; it can no "
                                      "longer be changed."))
    framework = framework_for(assessment, on)
    editions = rateable_editions(framework)
    if not editions:
        raise AssessmentRefused(_("The skills framework in force has no proficiency levels yet."))
    problems = _checked(editions, choices)
    if problems:
        raise AssessmentRefused(" ".join(problems))
    if assessment is None:
        assessment = SkillAssessment(person_id=person.id, fiscal_year=fiscal_year, framework_id=framework.id)
        db.session.add(assessment)
    by_set = {rating.skill_set_id: rating for rating in assessment.ratings}
    for edition in editions:
        choice = choices[edition.skill_set_id]
        rating = by_set.get(edition.skill_set_id)
        if rating is None:
            rating = SkillRating(skill_set_id=edition.skill_set_id, self_level=choice.level)
            assessment.ratings.append(rating)
        rating.self_level, rating.self_comment = choice.level, choice.comment.strip()
    assessment.state = "submitted" if submit else "draft"
    assessment.submitted_at = utcnow() if submit else None
    db.session.flush()
    if submit:
        record_event("skill_assessment.submitted", assessment, actor=person)
        events.skill_assessment_submitted.send(assessment, actor=person)
    return assessment


def assessment_version(assessment: SkillAssessment) -> str:
    """What the supervisor decided on: the submission's time, changed by every new submission."""
    return assessment.submitted_at.isoformat() if assessment.submitted_at else ""


def confirm_assessment(supervisor: Person, assessment: SkillAssessment, choices: dict[int, LevelChoice],
                       version: str) -> SkillAssessment:
    """Confirm each level as the person gave it or adjust it (a comment says why), and confirm the
    assessment (flushes). Refused when the person changed it since the page was shown."""
    db.session.refresh(assessment, with_for_update=True)
    if assessment.state != "submitted" or assessment_version(assessment) != version:
        raise AssessmentRefused(_("The assessment changed since you opened it; look at it again."))
    editions = {e.skill_set_id: e for e in rateable_editions(assessment.framework)}
    ratings = [r for r in assessment.ratings if r.skill_set_id in editions]
    problems = _checked([editions[r.skill_set_id] for r in ratings], choices)
    for rating in ratings:
        choice = choices.get(rating.skill_set_id)
        if choice and choice.level is not None and choice.level != rating.self_level and not choice.comment.strip():
            problems.append(_("Say why you changed the level of %(skill_set)s.",
                              skill_set=editions[rating.skill_set_id].name))
    if problems:
        raise AssessmentRefused(" ".join(problems))
    for rating in ratings:
        choice = choices[rating.skill_set_id]
        rating.supervisor_level, rating.supervisor_comment = choice.level, choice.comment.strip()
    assessment.state, assessment.confirmed_by_id, assessment.confirmed_at = "confirmed", supervisor.id, utcnow()
    db.session.flush()
    record_event("skill_assessment.confirmed", assessment, actor=supervisor,
                 changes={"adjusted": [r.skill_set_id for r in ratings if r.supervisor_level != r.self_level]})
    events.skill_assessment_confirmed.send(assessment, actor=supervisor)
    return assessment


def assessments_waiting_for(supervisor: Person):
    """A select of the submitted assessments of those the person supervises or acts for."""
    deciders = {supervisor.id, *supervisor.acting_for_ids()}
    return (select(SkillAssessment).join(Person, Person.id == SkillAssessment.person_id)
            .where(SkillAssessment.state == "submitted", Person.supervisor_id.in_(deciders),
                   Person.id != supervisor.id)
            .order_by(SkillAssessment.submitted_at)
            .options(selectinload(SkillAssessment.person)))
