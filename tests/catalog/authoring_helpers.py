"""What the authoring tests share: the course form as a browser posts it."""

from decimal import Decimal

from sqlalchemy import func, select

from lms.catalog.models import Course, CourseVersion

PLAN = [("Why digital government", "lecture", "60"), ("Hands-on practice", "learning-by-doing", "60")]


def plan_hours_text(sessions) -> str:
    """The hours the rows' plan takes ("2", "3.33"): the credit that needs no reason."""
    minutes = sum(int(row[2]) for row in sessions
                  if str(row[2]).isdigit() and not (len(row) > 4 and row[4]))
    return f"{Decimal(minutes) / 60:.2f}".rstrip("0").rstrip(".") if minutes else "3"


def course_form(sessions=PLAN, **fields) -> dict:
    """The course form's fields; `sessions` rows are (title, method, minutes[, position[, remove]]).
    Unless given, the credited hours are the plan's total, so that no reason is needed."""
    data = {
        "code": "T-NEW-1", "title_th": "การใช้ข้อมูลเพื่อการตัดสินใจ", "title_en": "Using data for decisions",
        "summary_th": "", "summary_en": "", "description_md": "A **practical** course.", "content_md": "",
        "skill_sets": ["digital-literacy"], "target_groups": ["others"], "phases": ["early"],
        "format": "classroom", "credit_hours": plan_hours_text(sessions), "credit_method": "training", "action": "save",
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
