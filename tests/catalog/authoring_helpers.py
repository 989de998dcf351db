"""What the authoring tests share: the course form as a browser posts it."""

from sqlalchemy import func, select

from lms.catalog.models import Course, CourseVersion

PLAN = [("Why digital government", "lecture", "60"), ("Hands-on practice", "learning-by-doing", "60")]


def course_form(sessions=PLAN, **fields) -> dict:
    """The course form's fields; `sessions` rows are (title, method, minutes[, position[, remove]])."""
    data = {
        "code": "T-NEW-1", "title_th": "การใช้ข้อมูลเพื่อการตัดสินใจ", "title_en": "Using data for decisions",
        "summary_th": "", "summary_en": "", "description_md": "A **practical** course.", "content_md": "",
        "skill_sets": ["digital-literacy"], "target_groups": ["others"], "phases": ["early"],
        "format": "classroom", "credit_hours": "3", "credit_method": "training", "action": "save",
    }
    for index, row in enumerate(sessions):
        title, method, minutes, *rest = row
        data[f"sessions-{index}-position"] = rest[0] if rest else str(index + 1)
        data[f"sessions-{index}-title"] = title
        data[f"sessions-{index}-method"] = method
        data[f"sessions-{index}-minutes"] = minutes
        if len(rest) > 1 and rest[1]:
            data[f"sessions-{index}-remove"] = "y"
    data.update(fields)
    return data


def count(db, model=CourseVersion) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def course_by_code(db, code) -> Course | None:
    db.session.expire_all()
    return db.session.scalar(select(Course).where(Course.code == code))
