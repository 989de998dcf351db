"""The course picker's answer (static/js/pickers.js): published courses matched on code and
Thai and English titles, 20 at most. It sits with the other pickers under /pickers/ (on the
accounts blueprint, a layer below); the plan form still posts the code, checked as before."""

from sqlalchemy import select

from ..accounts.views import bp
from ..core.access import require
from ..core.pickers import PICKER_LIMIT, asked_values, matches, picker_answer, search_text
from ..extensions import db
from .models import Course, CourseVersion


@bp.route("/pickers/courses")
@require("signed_in")  # a published course is everyone's to see (access: view_course)
def pick_courses():
    query = select(Course.code, CourseVersion).join(CourseVersion, CourseVersion.course_id == Course.id).where(
        CourseVersion.status == "published")
    values, text = asked_values(), search_text()
    if values:
        query = query.where(Course.code.in_(values))
    elif text:
        query = query.where(matches((Course.code, CourseVersion.title_th, CourseVersion.title_en), text))
    rows = db.session.execute(query.order_by(Course.code).limit(PICKER_LIMIT))
    return picker_answer((code, version.title, code) for code, version in rows)
