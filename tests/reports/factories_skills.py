"""Fixtures for the report's skills and training-supply sections: people in target groups with
learning records (the sums follow them by trigger), and course versions, classes, meetings and
enrolments written as rows, so a plan can fail R1 (a version published before a policy change)."""

import itertools
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from lms.accounts.models import person_target_groups
from lms.catalog.models import Course, CourseSession, CourseVersion
from lms.classes.models import ClassMeeting, CourseClass, Enrolment
from lms.core.dates import BANGKOK
from lms.extensions import db
from lms.records.services import record_learning
from lms.reference.models import LearningMethod, SessionMethod, SkillSet, TargetGroup

_seq = itertools.count(1)
FY = 2570  # 1 Oct 2026 – 30 Sep 2027: the current year on 1 Dec 2026, when the people exist


def by_slug(model, slug):
    return db.session.scalar(select(model).where(model.slug == slug))


def group_id(slug: str) -> int:
    return by_slug(TargetGroup, slug).id


def skill_set_id(slug: str) -> int:
    return by_slug(SkillSet, slug).id


def agree_groups(person, *slugs):
    """The target groups agreed in the person's plan (R5), as the plan's agreement writes them."""
    db.session.execute(person_target_groups.insert(),
                       [{"person_id": person.id, "target_group_id": group_id(slug)} for slug in slugs])
    db.session.flush()
    db.session.expire(person)


def record(person, hours, skill_sets=("digital-literacy",), on=date(2026, 10, 5), status="verified",
           method="on-the-job"):
    """A learning record through the real service; the sums follow it."""
    tags = db.session.scalars(select(SkillSet).where(SkillSet.slug.in_(skill_sets))).all()
    row, _created = record_learning(person, method=by_slug(LearningMethod, method), hours=Decimal(str(hours)),
                                    occurred_on=on, title=f"บันทึก {next(_seq)}", source="log",
                                    source_key=f"skills-{next(_seq)}", skill_sets=tags, status=status)
    return row


def version(institute, sessions=(("lecture", 60), ("discussion", 40)), skill_sets=("digital-literacy",),
            target_groups=("others",), format="classroom", course=None):
    """A published course version (a new course unless `course` is given: then its next version)
    with a session plan of (method slug, minutes)."""
    n = next(_seq)
    if course is None:
        course = Course(code=f"SUPPLY-{n}", institute_id=institute.id)
        db.session.add(course)
        db.session.flush()
    number = len(course.versions) + 1
    row = CourseVersion(
        course=course, number=number, status="published", title_th=f"หลักสูตร {n}", title_en=f"Course {n}",
        format=format, credit_hours=Decimal("6"), credit_method_id=by_slug(LearningMethod, "training").id,
        skill_sets=[by_slug(SkillSet, s) for s in skill_sets],
        target_groups=[by_slug(TargetGroup, g) for g in target_groups],
        sessions=[CourseSession(position=i, title=f"ช่วง {i}", session_method_id=by_slug(SessionMethod, m).id,
                                minutes=minutes) for i, (m, minutes) in enumerate(sessions, start=1)])
    db.session.add(row)
    db.session.flush()
    return row


def bangkok(year, month, day, hour=9, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BANGKOK)


def course_class(institute, version, capacity, first_meeting: datetime, statuses=(), cancelled=False, people=()):
    """A class whose meetings start at `first_meeting` (and a day later), with an enrolment
    of each status in `statuses` for a person of `people` (made on the fly when short)."""
    from tests import factories

    row = CourseClass(
        course_version_id=version.id, institute_id=institute.id, name=f"รุ่นที่ {next(_seq)}", capacity=capacity,
        enrol_opens_on=date(2026, 8, 1), enrol_closes_on=date(2026, 9, 15), is_cancelled=cancelled,
        meetings=[ClassMeeting(title=f"วันที่ {i + 1}", starts_at=first_meeting + timedelta(days=i),
                               ends_at=first_meeting + timedelta(days=i, hours=6)) for i in range(2)])
    db.session.add(row)
    db.session.flush()
    people = list(people)
    for status in statuses:
        person = people.pop() if people else factories.person(institute.organisation)
        db.session.add(Enrolment(class_id=row.id, person_id=person.id, status=status))
    db.session.flush()
    return row
