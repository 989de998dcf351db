"""Certificates for the tests: issued as the app issues them (a completed self-paced course,
a certified level signal), never inserted by hand."""

from datetime import date

from sqlalchemy import select

from lms.assessment.certificates.models import Certificate
from lms.catalog.self_paced import complete_self_paced
from lms.core import events
from lms.core.dates import today_in_bangkok
from lms.extensions import db
from lms.reference.models import SkillSet
from tests.catalog.factories import published_course


def self_paced_course(world, **content):
    content = {"format": "self-paced", "credit_method": "self-learning", "credit_hours": 3,
               "skill_sets": ["digital-literacy"], "title_th": "สุขอนามัยไซเบอร์",
               "title_en": "Cyber hygiene", "content": "## บทที่ 1", **content}
    return published_course(world["institute"], **content)


def course_certificate(person, course) -> Certificate:
    """Complete the course's published version as `person` (the service the page calls)."""
    record, _created = complete_self_paced(person, course.published, today_in_bangkok())
    db.session.flush()
    return db.session.scalar(select(Certificate).where(Certificate.person_id == person.id,
                                                       Certificate.course_version_id == record.course_version_id))


def skill_set(slug: str) -> SkillSet:
    return db.session.scalar(select(SkillSet).where(SkillSet.slug == slug))


def level_certificate(person, slug="digital-literacy", level=2, certified_on: date | None = None,
                      expires_on: date | None = None) -> Certificate:
    """Announce a certified level as a quiz or an external result would (events.level_certified)."""
    certified_on = certified_on or today_in_bangkok()
    events.level_certified.send(person, person=person, skill_set=skill_set(slug), level=level,
                                certified_on=certified_on, expires_on=expires_on, actor=None)
    db.session.flush()
    return db.session.scalar(select(Certificate).where(
        Certificate.person_id == person.id, Certificate.kind == "level",
        Certificate.skill_set_id == skill_set(slug).id, Certificate.level == level)
        .order_by(Certificate.id.desc()).limit(1))
