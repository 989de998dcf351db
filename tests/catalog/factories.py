"""Course factories for any test module: real courses, built through the authoring services.

    from tests.catalog.factories import published_course
    course = published_course(world["institute"], sessions=[("lecture", 60), ("discussion", 60)])
    course.published          # the CourseVersion learners see (course.published.id for records)

Sessions are (method, minutes) or (title, method, minutes) tuples; formats without a
plan (self-paced, coaching) get none by default. Everything is flushed, never committed.
"""

import itertools
from decimal import Decimal

from lms.catalog.authoring import CourseContent, create_course, editable_version, publish, save_draft
from lms.catalog.authoring import version_content as _version_content
from lms.catalog.coursefile import FORMATS_WITH_SESSIONS, Session
from lms.catalog.models import Course
from lms.core.dates import today_in_bangkok
from lms.reference.services import policy_for

_seq = itertools.count(1)
DEFAULT_SESSIONS = (("lecture", 60), ("discussion", 60))


def _sessions(pairs) -> tuple[Session, ...]:
    plan = []
    for number, item in enumerate(pairs, start=1):
        title, method, minutes = item if len(item) == 3 else (f"ช่วงที่ {number}", *item)
        plan.append(Session(title, method, minutes))
    return tuple(plan)


def course_content(format="classroom", sessions=None, skill_sets=("digital-literacy",),
                   target_groups=("others",), phases=("early",), credit_hours=3,
                   credit_method="training", title_th=None, title_en=None, summary=None,
                   summary_th="", summary_en="", description=None, content="") -> CourseContent:
    """A CourseContent with sensible defaults (see published_course for the arguments)."""
    n = next(_seq)
    if sessions is None:
        sessions = DEFAULT_SESSIONS if format in FORMATS_WITH_SESSIONS else ()
    return CourseContent(
        title_th=title_th or f"หลักสูตรทดสอบ {n}", title_en=title_en or f"Test course {n}",
        format=format, credit_hours=Decimal(str(credit_hours)), credit_method=credit_method,
        skill_sets=tuple(skill_sets), target_groups=tuple(target_groups), phases=tuple(phases),
        summary_th=summary if summary is not None else summary_th, summary_en=summary_en,
        description_md=description if description is not None else f"คำอธิบายหลักสูตรทดสอบ {n}",
        content_md=content, sessions=_sessions(sessions),
    )


def _today_policy():
    return policy_for(today_in_bangkok())


def draft_course(institute, code=None, author=None, **content) -> Course:
    """A course whose only version is draft v1 (arguments as for published_course)."""
    return create_course(institute, author, code or f"T-COURSE-{next(_seq)}", course_content(**content))


def published_course(institute, code=None, author=None, **content) -> Course:
    """A published course (v1) of `institute`.

    Keyword arguments: format ("classroom", "self-paced", "blended", "coaching"),
    sessions [(method, minutes) or (title, method, minutes)], skill_sets, target_groups,
    phases (slug lists), credit_hours, credit_method (learning-method slug), title_th,
    title_en, summary (Thai), summary_th, summary_en, description, content (Markdown).
    Publishing checks R1 like the app does, so a lecture-heavy plan raises PublishRefused.
    """
    course = draft_course(institute, code=code, author=author, **content)
    publish(course.draft, author, _today_policy())
    return course


def republish(course, author=None, **changes) -> Course:
    """Publish a new version of a published course with `changes` to its content
    (the same keywords as published_course); the old version becomes superseded."""
    draft = editable_version(course, author)
    current = _version_content(draft)
    if "sessions" in changes:
        changes["sessions"] = _sessions(changes["sessions"])
    for name, field in (("description", "description_md"), ("content", "content_md"), ("summary", "summary_th")):
        if name in changes:
            changes[field] = changes.pop(name)
    for name in ("skill_sets", "target_groups", "phases"):
        if name in changes:
            changes[name] = tuple(changes[name])
    if "credit_hours" in changes:
        changes["credit_hours"] = Decimal(str(changes["credit_hours"]))
    save_draft(draft, author, CourseContent(**{**current.__dict__, **changes}))
    publish(draft, author, _today_policy())
    return course
