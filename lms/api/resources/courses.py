"""Courses with their session plans and R1 (60/40) verdicts, and R1 as a service."""

from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...catalog.models import Course, CourseSession, CourseVersion
from ...catalog.services import session_method_kinds
from ...core.access import visible_or_404
from ...core.dates import today_in_bangkok
from ...reference.guideline import shipped_session_method_kinds
from ...reference.services import policy_for
from ...rules import MAX_SESSION_MINUTES, check_lecture_cap
from ..auth import requires
from ..pagination import PageArguments, page, page_schema
from ..spec import blueprint, scoped

bp = blueprint("courses", "Courses, their session plans and the 60/40 check (R1).")


class LectureVerdictSchema(Schema):
    rule = fields.String()
    ok = fields.Boolean()
    empty = fields.Boolean()
    policy_version = fields.String(allow_none=True)
    lecture_minutes = fields.Integer()
    active_minutes = fields.Integer()
    lecture_max_percent = fields.Integer()
    shown_lecture_percent = fields.String(allow_none=True)
    shown_active_percent = fields.String(allow_none=True)
    add_active_minutes = fields.Integer(allow_none=True, metadata={
        "description": "The fewest active minutes to add that make the plan pass (0 when it passes)."})
    cut_lecture_minutes = fields.Integer(metadata={
        "description": "The fewest lecture minutes to cut that make the plan pass (0 when it passes)."})
    message_th = fields.String()
    message_en = fields.String()


class SessionSchema(Schema):
    title = fields.String(dump_only=True)
    method = fields.String(required=True, validate=validate.OneOf(sorted(shipped_session_method_kinds())),
                           metadata={"description": "A session method's slug; R1 counts lecture against the rest."})
    minutes = fields.Integer(required=True, validate=validate.Range(1, MAX_SESSION_MINUTES))


class CourseSchema(Schema):
    id = fields.Integer()
    code = fields.String()
    title_th = fields.String()
    title_en = fields.String()
    format = fields.String()
    credit_hours = fields.Float()
    skill_sets = fields.List(fields.String())
    target_groups = fields.List(fields.String())
    version = fields.Integer()
    sessions = fields.List(fields.Nested(SessionSchema))
    lecture_verdict = fields.Nested(LectureVerdictSchema, allow_none=True, metadata={
        "description": "R1 for the session plan; null for a course without one."})


CoursePage = page_schema(CourseSchema, "CoursePage")
# What a course's answer reads, loaded for a whole page in a few statements (no N+1).
_WHOLE_COURSE = selectinload(Course.versions).options(
    selectinload(CourseVersion.sessions).selectinload(CourseSession.method),
    selectinload(CourseVersion.skill_sets), selectinload(CourseVersion.target_groups))


def _course_data(course: Course) -> dict:
    version = course.published or course.latest
    return {
        "id": course.id, "code": course.code, "title_th": version.title_th, "title_en": version.title_en,
        "format": version.format, "credit_hours": version.credit_hours, "version": version.number,
        "skill_sets": [s.slug for s in version.skill_sets], "target_groups": [g.slug for g in version.target_groups],
        "sessions": [{"title": s.title, "method": s.method.slug, "minutes": s.minutes} for s in version.sessions],
        "lecture_verdict": _lecture_verdict(version),
    }


def _lecture_verdict(version: CourseVersion):
    """R1 for the version's session plan, under today's policy; None without one."""
    if not version.sessions:
        return None
    return check_lecture_cap([(s.method.kind, s.minutes) for s in version.sessions], policy_for(today_in_bangkok()))


@bp.route("/courses")
@scoped(bp, "courses:read")
@bp.arguments(PageArguments, location="query")
@bp.response(200, CoursePage)
@requires("courses:read", "signed_in")
def list_courses(arguments):
    """Published courses (and the caller's institute's drafts), by id."""
    published = select(CourseVersion.course_id).where(CourseVersion.status == "published")
    statement = select(Course).where(
        Course.id.in_(published) | (Course.institute_id == current_user.institute_id)).options(_WHOLE_COURSE)
    return page(statement, Course.id, arguments, shape=_course_data)


@bp.route("/courses/<int:course_id>")
@scoped(bp, "courses:read")
@bp.response(200, CourseSchema)
@requires("courses:read", "view_course")
def get_course(course_id):
    """One course the caller may see, with its session plan and R1 verdict."""
    return _course_data(visible_or_404(Course, course_id, "view_course"))


class SessionPlanSchema(Schema):
    sessions = fields.List(fields.Nested(SessionSchema), required=True,
                           validate=validate.Length(min=1, max=200))

    @validates_schema
    def _known_methods(self, data, **kwargs):
        kinds = session_method_kinds()
        unknown = sorted({s["method"] for s in data.get("sessions", []) if s["method"] not in kinds})
        if unknown:
            raise ValidationError(_("Unknown session methods: %(slugs)s. Known: %(known)s.",
                                    slugs=", ".join(unknown), known=", ".join(sorted(kinds))), "sessions")


@bp.route("/checks/session-plan", methods=["POST"])
@scoped(bp, "courses:read")
@bp.arguments(SessionPlanSchema)
@bp.response(200, LectureVerdictSchema)
@requires("courses:read", "signed_in")
def check_session_plan(plan):
    """R1 under the policy in force today: is lecture at most 60 % of a classroom session plan?
    With the fixes, in Thai and English."""
    kinds = session_method_kinds()
    return check_lecture_cap([(kinds[s["method"]], s["minutes"]) for s in plan["sessions"]],
                             policy_for(today_in_bangkok()))
