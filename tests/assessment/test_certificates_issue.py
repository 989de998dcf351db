"""Certificates are issued by what earns them: a completed course, a certified level."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from lms.assessment.certificates.models import Certificate
from lms.assessment.certificates.queries import certified_skill_set_ids, current_certified_levels
from lms.assessment.certificates.services import default_level_expiry, erase_certificates_of, revoke_certificate
from lms.core.audit import AuditEvent
from lms.core.dates import today_in_bangkok
from tests.assessment.certificate_factories import (
    course_certificate,
    level_certificate,
    self_paced_course,
    skill_set,
)
from tests.catalog.factories import published_course, republish
from tests.classes import factories as class_factories


def count_certificates(db, person):
    return db.session.scalar(select(func.count(Certificate.id)).where(Certificate.person_id == person.id))


def test_completing_a_self_paced_course_on_its_page_issues_one_certificate(client, login_as, world, db):
    course = self_paced_course(world)
    learner = login_as("learner")
    page = client.post(f"/courses/{course.id}/learn/complete", follow_redirects=True).get_data(as_text=True)

    [cert] = db.session.scalars(select(Certificate).where(Certificate.person_id == learner.id)).all()
    assert (cert.kind, cert.course_version_id) == ("course", course.published.id)
    assert cert.title_th == "สุขอนามัยไซเบอร์" and cert.title_en == "Cyber hygiene"
    assert cert.recipient_name == "สมชาย ผู้เรียน"
    assert cert.issued_on == today_in_bangkok() and cert.expires_on is None
    assert cert.credential_jwt.count(".") == 2 and cert.signing_key is not None
    assert len(cert.public_id) >= 20 and cert.public_id != str(cert.id)
    # the learn page offers the download after the completion notice
    assert 'id="course-certificate"' in page
    assert f'href="/certificates/{cert.id}/certificate.pdf"' in page
    course_page = client.get(f"/courses/{course.id}").get_data(as_text=True)
    assert f'href="/certificates/{cert.id}/certificate.pdf"' in course_page
    listing = client.get("/certificates/").get_data(as_text=True)
    assert f'id="certificate-{cert.id}"' in listing and "สุขอนามัยไซเบอร์" in listing


def test_one_certificate_per_person_and_course_even_after_a_new_version(client, login_as, world, db):
    course = self_paced_course(world)
    learner = login_as("learner")
    client.post(f"/courses/{course.id}/learn/complete")
    client.post(f"/courses/{course.id}/learn/complete")
    republish(course, content="ฉบับใหม่", credit_hours=4)
    client.post(f"/courses/{course.id}/learn/complete")
    assert count_certificates(db, learner) == 1


def test_someone_who_has_not_completed_sees_no_download(client, login_as, world, db):
    course = self_paced_course(world)
    course_certificate(world["peer"], course)
    login_as("learner")
    assert 'id="course-certificate"' not in client.get(f"/courses/{course.id}").get_data(as_text=True)
    assert 'id="no-certificates"' in client.get("/certificates/").get_data(as_text=True)


def test_a_certified_level_issues_a_level_certificate_valid_three_years_by_default(world, db):
    learner = world["learner"]
    certified_on = date(2026, 3, 1)
    cert = level_certificate(learner, "digital-literacy", 2, certified_on=certified_on)
    assert (cert.kind, cert.skill_set.slug, cert.level) == ("level", "digital-literacy", 2)
    assert cert.issued_on == certified_on and cert.expires_on == date(2029, 3, 1)
    assert "ระดับ 2" in cert.title_th and "level 2" in cert.title_en
    assert default_level_expiry(date(2024, 2, 29)) == date(2027, 2, 28)
    # the same level announced again: the same certificate
    assert level_certificate(learner, "digital-literacy", 2, certified_on=certified_on).id == cert.id
    assert count_certificates(db, learner) == 1
    # an expiry given by the quiz or result is kept
    explicit = level_certificate(learner, "digital-governance", 1, certified_on=certified_on,
                                 expires_on=date(2027, 1, 31))
    assert explicit.expires_on == date(2027, 1, 31)


def test_current_certified_levels_ignore_revoked_expired_and_future_certificates(world, db):
    learner, today = world["learner"], today_in_bangkok()
    literacy, governance, technology = (skill_set(s) for s in ("digital-literacy", "digital-governance",
                                                               "digital-technology"))
    level_certificate(learner, "digital-literacy", 1)
    level_certificate(learner, "digital-literacy", 3)
    revoked = level_certificate(learner, "digital-governance", 2)
    revoke_certificate(revoked, "ผลสอบไม่ถูกต้อง", world["site_admin"])
    level_certificate(learner, "digital-technology", 2, certified_on=today - timedelta(days=800),
                      expires_on=today - timedelta(days=1))
    level_certificate(world["peer"], "digital-governance", 4)

    assert current_certified_levels(learner, today) == {literacy.id: 3}
    assert certified_skill_set_ids(learner, today) == {literacy.id}
    # on a day the expired one still ran it counts; those issued today did not exist yet
    assert current_certified_levels(learner, today - timedelta(days=2)) == {technology.id: 2}
    assert governance.id not in current_certified_levels(learner, today - timedelta(days=2))
    assert current_certified_levels(learner, today - timedelta(days=900)) == {}


def test_issuing_and_revoking_are_in_the_audit_trail(world, db):
    cert = level_certificate(world["learner"])
    revoke_certificate(cert, "ออกผิดคน", world["agency_admin"])
    kinds = db.session.execute(select(AuditEvent.kind, AuditEvent.actor_id).where(
        AuditEvent.object_type == "certificate", AuditEvent.object_id == cert.id)
        .order_by(AuditEvent.id)).all()
    assert kinds == [("certificate.issued", None), ("certificate.revoked", world["agency_admin"].id)]


def test_completing_a_class_issues_a_certificate_dated_the_last_session(client, login_as, world, db):
    version = published_course(world["institute"], credit_hours=6, title_th="การจัดการข้อมูล").published
    cls = class_factories.course_class(world["institute"], version=version, capacity=2, meetings=[
        ("วันที่ 1", datetime(2026, 1, 5, 2, 0, tzinfo=UTC), datetime(2026, 1, 5, 9, 0, tzinfo=UTC))])
    learner, _peer = class_factories.enrol(cls, world["learner"], world["peer"])
    login_as("author")
    assert client.post(f"/classes/manage/{cls.id}/complete", data={"enrolment_id": [learner.id]}).status_code == 302
    [cert] = db.session.scalars(select(Certificate).where(Certificate.person_id == world["learner"].id)).all()
    assert (cert.course_version_id, cert.issued_on, cert.title_th) == (version.id, date(2026, 1, 5), "การจัดการข้อมูล")
    assert count_certificates(db, world["peer"]) == 0


def test_erasing_a_person_blanks_their_certificates_and_revokes_them(client, world, db):
    learner = world["learner"]
    cert = course_certificate(learner, self_paced_course(world))
    learner.name_th, learner.name_en = "ผู้ใช้ที่ลบข้อมูลแล้ว #1", "Erased person #1"
    assert erase_certificates_of(learner) == 1
    assert cert.recipient_name == "ผู้ใช้ที่ลบข้อมูลแล้ว #1" and cert.credential_jwt == ""
    page = client.get(f"/certificates/verify/{cert.public_id}").get_data(as_text=True)
    assert 'data-status="revoked"' in page and "สมชาย" not in page and "PDPA" in page
