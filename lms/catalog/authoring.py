"""Course authoring: drafts, versions and publishing. Services flush, never commit.

A course's content lives in numbered versions. Only a draft is ever written to; a
published version is frozen, and editing it starts a draft of the next number copied
from it. Publishing the draft marks the previous published version "superseded", so
whoever took an earlier version still sees exactly what they took.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..core.audit import record_event
from ..core.i18n import current_language
from ..core.models import utcnow
from ..extensions import db
from ..reference.models import LearningMethod, Phase, SessionMethod, SkillSet, TargetGroup
from ..rules import ACTIVE, MAX_SESSION_MINUTES, LectureVerdict, Policy, UnknownSlug, check_lecture_cap
from .coursefile import FORMATS_WITH_SESSIONS, Session, tidy_markdown
from .credit import CLASSROOM_BUCKET, credit_differs_from_plan, plan_hours
from .models import Course, CourseSession, CourseVersion
from .services import session_method_kinds


@dataclass(frozen=True)
class CourseContent:
    """What an author writes into one version, whether from the form, a course file or a copy.

    Slugs name the reference rows; sessions are in plan order.
    """

    title_th: str
    title_en: str
    format: str
    credit_hours: Decimal
    credit_method: str
    credit_reason: str = ""
    skill_sets: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    phases: tuple[str, ...] = ()
    summary_th: str = ""
    summary_en: str = ""
    description_md: str = ""
    content_md: str = ""
    sessions: tuple[Session, ...] = ()


class NothingToFix(ValueError):
    """The plan already passes R1, or one active-learning session cannot make it pass."""


class VersionLocked(RuntimeError):
    """Only a draft may be changed; published and superseded versions are history."""


class PublishRefused(ValueError):
    """A draft that may not be published yet; `problems` are messages in the person's language
    (lazy: they take the language of the request that shows them)."""

    def __init__(self, problems: list) -> None:
        super().__init__(problems)
        self.problems = problems


def institute_courses(institute_id: int):
    """A query for an institute's courses by code, their versions loaded in one more query."""
    return (select(Course).where(Course.institute_id == institute_id)
            .options(selectinload(Course.versions)).order_by(Course.code))


def find_course(code: str) -> Course | None:
    """The course with this code (codes are unique across institutes), or None."""
    return db.session.scalar(select(Course).where(func.upper(Course.code) == code.upper()))


def _rows_by_slug(model, slugs) -> list:
    """Reference rows in the order the slugs were given; UnknownSlug for one that is missing."""
    slugs = list(slugs)
    if not slugs:
        return []
    found = {row.slug: row for row in db.session.scalars(select(model).where(model.slug.in_(slugs)))}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise UnknownSlug(model.__tablename__, missing[0], sorted(found))
    return [found[slug] for slug in slugs]


def _write_content(version: CourseVersion, content: CourseContent) -> None:
    version.title_th, version.title_en = content.title_th.strip(), content.title_en.strip()
    version.summary_th, version.summary_en = content.summary_th.strip(), content.summary_en.strip()
    # Kept as a course file keeps Markdown, so a download or export reads back the same.
    version.description_md = tidy_markdown(content.description_md)
    version.content_md = tidy_markdown(content.content_md)
    version.format = content.format
    version.credit_hours = Decimal(content.credit_hours)
    version.credit_method = _rows_by_slug(LearningMethod, [content.credit_method])[0]
    version.credit_reason = content.credit_reason.strip()
    version.skill_sets = _rows_by_slug(SkillSet, content.skill_sets)
    version.target_groups = _rows_by_slug(TargetGroup, content.target_groups)
    version.phases = _rows_by_slug(Phase, content.phases)
    # A self-paced or coaching course has no classroom plan, whatever the form still held.
    plan = content.sessions if content.format in FORMATS_WITH_SESSIONS else ()
    methods = {m.slug: m for m in _rows_by_slug(SessionMethod, {s.method for s in plan})}
    version.sessions = [
        CourseSession(position=number, title=s.title.strip(), method=methods[s.method], minutes=s.minutes)
        for number, s in enumerate(plan, start=1)
    ]


def version_content(version: CourseVersion) -> CourseContent:
    """A version's content as plain values (to fill a form, copy or compare)."""
    return CourseContent(
        title_th=version.title_th, title_en=version.title_en, format=version.format,
        credit_hours=version.credit_hours, credit_method=version.credit_method.slug,
        credit_reason=version.credit_reason or "",
        skill_sets=tuple(s.slug for s in version.skill_sets),
        target_groups=tuple(g.slug for g in version.target_groups),
        phases=tuple(p.slug for p in version.phases),
        summary_th=version.summary_th or "", summary_en=version.summary_en or "",
        description_md=version.description_md or "", content_md=version.content_md or "",
        sessions=tuple(Session(s.title, s.method.slug, s.minutes) for s in version.sessions),
    )


def create_course(institute, actor, code: str, content: CourseContent) -> Course:
    """A new course of `institute` with `content` as its draft version 1."""
    actor_id = actor.id if actor is not None else None
    course = Course(code=code.strip(), institute_id=institute.id, created_by_id=actor_id)
    version = CourseVersion(number=1, status="draft", created_by_id=actor_id)
    _write_content(version, content)
    course.versions.append(version)
    db.session.add(course)
    db.session.flush()
    return course


def editable_version(course: Course, actor) -> CourseVersion:
    """The course's draft; when it has none, a new draft copied from its latest version.

    The copy is numbered after the latest version, so a published course is edited as
    version N+1 while version N stays what learners took.
    """
    if course.draft is not None:
        return course.draft
    latest = course.latest
    draft = CourseVersion(number=latest.number + 1, status="draft",
                          created_by_id=actor.id if actor is not None else None)
    _write_content(draft, version_content(latest))
    course.versions.append(draft)
    db.session.flush()
    return draft


def save_draft(version: CourseVersion, actor, content: CourseContent, code: str | None = None) -> None:
    """Write `content` into a draft; `code` renames a course that was never published.

    Raises VersionLocked for a published or superseded version.
    """
    if version.status != "draft":
        raise VersionLocked(f"version {version.number} of {version.course.code} is {version.status}")
    course = version.course
    if code is not None and code.strip() != course.code:
        if not code_may_change(course):
            raise VersionLocked(f"{course.code} has been published; its code is fixed")
        course.code = code.strip()
    _write_content(version, content)
    db.session.flush()


def code_may_change(course: Course) -> bool:
    """A code is fixed once published: course files and learners' records name it."""
    return all(v.status == "draft" for v in course.versions)


def code_errors(course: Course | None, code: str) -> list[str]:
    """What is wrong with giving `course` (None for a new one) this code."""
    clash = find_course(code) if code else None
    if clash is not None and clash is not course:
        return [_("Another course already has the code %(code)s.", code=clash.code)]
    if course is not None and course.id is not None and code != course.code and not code_may_change(course):
        return [_("The code of a published course cannot change.")]
    return []


def discard_draft(course: Course) -> None:
    """Throw away the draft of a course that has a published version (v1 is the course itself)."""
    draft = course.draft
    if draft is not None and course.published is not None:
        course.versions.remove(draft)
        db.session.flush()


def lecture_verdict(sessions, policy: Policy) -> LectureVerdict | None:
    """R1 for a session plan (Session items), as the checker judges it; None without sessions."""
    sessions = list(sessions)
    if not sessions:
        return None
    kinds = session_method_kinds()
    return check_lecture_cap([(kinds[s.method], s.minutes) for s in sessions], policy)


def publish_problems(version: CourseVersion, policy: Policy) -> list:
    """Why this version may not be published (empty: it may), as lazy messages shown in the
    person's language; R1's is the rule's own verdict message."""
    problems = []
    if version.status != "draft":
        problems.append(_l("Only a draft can be published."))
    if not version.skill_sets:
        problems.append(_l("Choose at least one skill set."))
    if not version.target_groups:
        problems.append(_l("Choose at least one target group."))
    if not (version.description_md or "").strip():
        problems.append(_l("Write a description."))
    if version.has_sessions:
        verdict = lecture_verdict(version_content(version).sessions, policy)
        if verdict is None:
            problems.append(_l("A classroom or blended course needs at least one session in its plan."))
        elif not verdict.ok:
            problems.append(LazyString(lambda: verdict.message(current_language())))
    return problems


def publish(version: CourseVersion, actor, policy: Policy) -> CourseVersion:
    """Publish a draft: the previous published version becomes superseded; who and when are kept.

    Raises PublishRefused with every reason when the draft fails R1 or lacks a skill
    set, a target group, a description or (classroom/blended) a session.
    """
    problems = publish_problems(version, policy)
    if problems:
        raise PublishRefused(problems)
    previous = version.course.published
    if previous is not None:
        previous.status = "superseded"
    version.status = "published"
    version.published_at = utcnow()
    version.published_by_id = actor.id if actor is not None else None
    course = version.course
    # Without a person, only a course-file import publishes (`flask lms courses import`).
    record_event("course.published", course, actor=actor, actor_label="" if actor is not None else "import",
                 organisation_id=course.institute.organisation_id if course.institute else None,
                 changes={"version": version.number, "status": ["draft", "published"],
                          "superseded": previous.number if previous is not None else None})
    return version


# Defaults and fixes that follow the reference data ----------------------------------------------


def default_credit_method(course_format: str) -> str | None:
    """The learning method a new course of this format is credited as, unless its author
    chooses another: classroom training's for classroom and blended courses (R2's 10 %
    bucket, first by position); None (the form's first choice) for the others."""
    if course_format not in FORMATS_WITH_SESSIONS:
        return None
    return db.session.scalar(select(LearningMethod.slug).where(LearningMethod.bucket == CLASSROOM_BUCKET)
                             .order_by(LearningMethod.position).limit(1))


def first_active_method() -> SessionMethod | None:
    """The session method R1's fix adds: the first active-learning method by position."""
    return db.session.scalar(select(SessionMethod).where(SessionMethod.kind == ACTIVE)
                             .order_by(SessionMethod.position).limit(1))


def active_minutes_fix(verdict: LectureVerdict | None) -> int | None:
    """The minutes of one active-learning session that make a failing plan pass, as R1's
    verdict gives them; None when it passes, or when one session cannot hold them."""
    if verdict is None or verdict.ok or verdict.empty or verdict.add_active_minutes is None:
        return None
    return verdict.add_active_minutes if verdict.add_active_minutes <= MAX_SESSION_MINUTES else None


def add_active_session(course: Course, actor, policy: Policy) -> CourseSession:
    """Apply R1's fix to the course's latest version: one session of the first active-learning
    method, as long as the verdict says, appended to the draft (a published course gets one).

    A credit that equalled the plan's total follows the new total; one that differed keeps
    its hours and reason. Raises NothingToFix when the plan passes or cannot pass this way.
    """
    verdict = lecture_verdict(version_content(course.latest).sessions, policy) if course.latest.has_sessions else None
    minutes = active_minutes_fix(verdict)
    method = first_active_method()
    if minutes is None or method is None:
        raise NothingToFix(f"{course.code}: no active-learning session to add")
    draft = editable_version(course, actor)
    plan = version_content(draft).sessions
    credit_followed_plan = not credit_differs_from_plan(draft.format, draft.credit_hours, plan)
    draft.sessions.append(CourseSession(position=len(plan) + 1, title=method.name, method=method, minutes=minutes))
    if credit_followed_plan:
        draft.credit_hours = plan_hours((*plan, Session(method.name, method.slug, minutes)))
    db.session.flush()
    return draft.sessions[-1]
