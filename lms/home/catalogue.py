"""The learner's catalogue: what they narrowed it to, and the published versions that match.

It filters on the course (lms.catalog, whose search finds Thai words) and on its classes
(lms.classes: "open for enrolment now"), so it sits above both.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager, defer, joinedload, selectinload

from ..catalog.models import Course, CourseVersion
from ..catalog.search import CourseSearchDocument, matches_all_terms, query_terms
from ..classes.open_classes import course_has_open_class
from ..reference.models import Phase, SkillSet, TargetGroup


@dataclass(frozen=True)
class CatalogueFilters:
    """What a learner narrowed the catalogue to; None (or False) means "any"."""

    query: str = ""
    skill_set: str | None = None  # slugs
    target_group: str | None = None
    phase: str | None = None
    format: str | None = None
    institute_id: int | None = None
    open_now: bool = False


def catalogue_query(filters: CatalogueFilters, today: date, language: str = "th") -> Select:
    """Published versions matching `filters`, by title, with what a result shows loaded.

    Only the published version of each course appears, never a draft or a superseded one.
    """
    query = (
        select(CourseVersion).join(CourseVersion.course)
        .where(CourseVersion.status == "published")
        .options(contains_eager(CourseVersion.course).joinedload(Course.institute),
                 joinedload(CourseVersion.credit_method), selectinload(CourseVersion.skill_sets),
                 defer(CourseVersion.description_md), defer(CourseVersion.content_md))  # not listed
    )
    if filters.skill_set:
        query = query.where(CourseVersion.skill_sets.any(SkillSet.slug == filters.skill_set))
    if filters.target_group:
        query = query.where(CourseVersion.target_groups.any(TargetGroup.slug == filters.target_group))
    if filters.phase:
        query = query.where(CourseVersion.phases.any(Phase.slug == filters.phase))
    if filters.format:
        query = query.where(CourseVersion.format == filters.format)
    if filters.institute_id:
        query = query.where(Course.institute_id == filters.institute_id)
    if filters.open_now:
        query = query.where(course_has_open_class(today))
    terms = query_terms(filters.query)
    if terms:
        query = query.join(CourseSearchDocument,
                           CourseSearchDocument.course_version_id == CourseVersion.id)
        query = query.where(matches_all_terms(terms))
    title = CourseVersion.title_en if language == "en" else CourseVersion.title_th
    return query.order_by(title, CourseVersion.id)
