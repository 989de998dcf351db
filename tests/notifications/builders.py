"""Rows for reminder tests, built directly from the models (flushed, never committed).

Built without the other modules' services on purpose: the reminder jobs read the
tables, and these tests pin what the jobs read.
"""

import itertools
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from lms.catalog.models import Course, CourseVersion
from lms.classes.models import Attendance, ClassMeeting, CourseClass, Enrolment
from lms.core.dates import BANGKOK
from lms.development.models import DevelopmentPlan, PlanDecision, PlanItem, PlanRevision, RecordReview
from lms.extensions import db
from lms.records.models import LearningRecord
from lms.reference.models import LearningMethod, SkillSet, TargetGroup

_seq = itertools.count(1)


def by_slug(model, slug):
    return db.session.scalar(select(model).where(model.slug == slug))


def bangkok(year, month, day, hour=0, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BANGKOK)


def course_version(institute, skill_sets=("digital-literacy",), title_th=None, title_en=None) -> CourseVersion:
    n = next(_seq)
    course = Course(code=f"N-COURSE-{n}", institute_id=institute.id)
    version = CourseVersion(
        course=course, number=1, status="published", title_th=title_th or f"หลักสูตรแจ้งเตือน {n}",
        title_en=title_en or f"Reminder course {n}", format="classroom", credit_hours=Decimal(6),
        credit_method=by_slug(LearningMethod, "training"),
        skill_sets=[by_slug(SkillSet, slug) for slug in skill_sets])
    db.session.add_all([course, version])
    db.session.flush()
    return version


def course_class(institute, version=None, *, opens_on: date, closes_on: date, meetings=(), capacity=20,
                 groups=(), organisations=(), name=None) -> CourseClass:
    """A class with meetings given as (starts_at, hours) pairs."""
    version = version or course_version(institute)
    cls = CourseClass(version=version, institute_id=institute.id, name=name or f"รุ่นที่ {next(_seq)}/2570",
                      place="ห้องประชุม 1", capacity=capacity, enrol_opens_on=opens_on, enrol_closes_on=closes_on,
                      target_groups=[by_slug(TargetGroup, g) for g in groups], organisations=list(organisations))
    for number, (starts_at, hours) in enumerate(meetings, start=1):
        cls.meetings.append(ClassMeeting(title=f"ครั้งที่ {number}", starts_at=starts_at,
                                         ends_at=starts_at + timedelta(hours=hours)))
    db.session.add(cls)
    db.session.flush()
    return cls


def enrol(person, cls, status="enrolled") -> Enrolment:
    enrolment = Enrolment(class_id=cls.id, person_id=person.id, status=status)
    db.session.add(enrolment)
    db.session.flush()
    return enrolment


def attend(meeting, enrolment, present=True) -> Attendance:
    row = Attendance(meeting_id=meeting.id, enrolment_id=enrolment.id, present=present)
    db.session.add(row)
    db.session.flush()
    return row


def record(person, method="on-the-job", hours=2, occurred_on=None, status="verified", skill_sets=(),
           title=None, source="log", course_version=None) -> LearningRecord:
    n = next(_seq)
    row = LearningRecord(person_id=person.id, method=by_slug(LearningMethod, method), hours=Decimal(str(hours)),
                         occurred_on=occurred_on or date.today(), title=title or f"บันทึกการเรียนรู้ {n}",
                         source=source, source_key=f"n-{n}", status=status, course_version=course_version,
                         skill_sets=[by_slug(SkillSet, s) for s in skill_sets])
    db.session.add(row)
    db.session.flush()
    return row


def review(record_row, actor, decision="returned", comment="", at=None) -> RecordReview:
    row = RecordReview(record_id=record_row.id, actor_id=actor.id, decision=decision, comment=comment,
                       **({"created_at": at} if at else {}))
    db.session.add(row)
    db.session.flush()
    return row


def plan(person, fiscal_year, status="draft", items=(), groups=("service",), submitted_at=None) -> DevelopmentPlan:
    """A plan with one revision; items are (skill set, method, hours)."""
    revision = PlanRevision(number=1, status=status, submitted_at=submitted_at,
                            target_groups=[by_slug(TargetGroup, g) for g in groups])
    for skill, method, hours in items:
        revision.items.append(PlanItem(skill_set_id=by_slug(SkillSet, skill).id,
                                       learning_method_id=by_slug(LearningMethod, method).id,
                                       planned_hours=Decimal(str(hours)), horizon="current"))
    row = DevelopmentPlan(person=person, fiscal_year=fiscal_year, revisions=[revision])
    db.session.add(row)
    db.session.flush()
    return row


def decide(plan_row, actor, kind, comment="", at=None) -> PlanDecision:
    decision = PlanDecision(revision_id=plan_row.revisions[-1].id, actor_id=actor.id, kind=kind, comment=comment,
                            **({"created_at": at} if at else {}))
    db.session.add(decision)
    db.session.flush()
    return decision
