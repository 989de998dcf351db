"""Issuing and revoking certificates. Every function flushes; the caller commits (the
event handlers run inside the transaction of the completion or certification itself)."""

from datetime import date

from sqlalchemy import select

from ...catalog.models import CourseVersion
from ...core.audit import record_event
from ...core.dates import today_in_bangkok
from ...core.models import utcnow
from ...extensions import db
from ..frameworks.models import ProficiencyLevel, SkillSetEdition
from ..frameworks.queries import framework_in_force
from .credential import sign_certificate
from .keys import setting
from .models import Certificate


class RevocationError(ValueError):
    """A revocation that cannot be made (already revoked, no reason)."""


def _recipient_name(person) -> str:
    return person.name_th or person.name_en


def course_certificate_of(person, course_id: int) -> Certificate | None:
    """The person's certificate for any version of a course, if there is one."""
    return db.session.scalar(
        select(Certificate).join(CourseVersion, Certificate.course_version_id == CourseVersion.id)
        .where(Certificate.person_id == person.id, Certificate.kind == "course",
               CourseVersion.course_id == course_id)
        .order_by(Certificate.issued_at.desc()).limit(1))


def issue_course_certificate(record, actor=None) -> Certificate:
    """The certificate for the course a completed learning record credits: issued once per
    person and course (a second completion, of any version, returns the first certificate)."""
    version = record.course_version
    existing = course_certificate_of(record.person, version.course_id)
    if existing is not None:
        return existing
    cert = Certificate(person=record.person, kind="course", course_version=version,
                       title_th=version.title_th, title_en=version.title_en or "",
                       recipient_name=_recipient_name(record.person),
                       issued_on=record.occurred_on or today_in_bangkok(), issued_at=utcnow())
    return _issued(cert, actor)


def _level_titles(skill_set, level: int, on: date) -> tuple[str, str]:
    """"<set> level <n>: <level name>" as the framework version in force on `on` names them."""
    edition = level_row = None
    framework = framework_in_force(on)
    if framework is not None:
        edition = db.session.scalar(select(SkillSetEdition).where(
            SkillSetEdition.framework_id == framework.id, SkillSetEdition.skill_set_id == skill_set.id))
    if edition is not None:
        level_row = db.session.scalar(select(ProficiencyLevel).where(
            ProficiencyLevel.edition_id == edition.id, ProficiencyLevel.number == level))
    name_th = edition.name_th if edition else skill_set.name_th
    name_en = (edition.name_en if edition else skill_set.name_en) or skill_set.name_en
    title_th, title_en = f"{name_th} ระดับ {level}", f"{name_en}, level {level}"
    if level_row is not None:
        title_th += f": {level_row.name_th}"
        title_en += f": {level_row.name_en or level_row.name_th}"
    return title_th, title_en


def default_level_expiry(certified_on: date) -> date:
    """certified_on plus CERTIFICATE_LEVEL_VALID_YEARS (29 February → 28 February)."""
    years = int(setting("CERTIFICATE_LEVEL_VALID_YEARS"))
    try:
        return certified_on.replace(year=certified_on.year + years)
    except ValueError:
        return certified_on.replace(year=certified_on.year + years, day=28)


def issue_level_certificate(person, skill_set, level: int, certified_on: date,
                            expires_on: date | None = None, actor=None) -> Certificate:
    """A certificate of a certified level in a skill set, valid until `expires_on` (default:
    CERTIFICATE_LEVEL_VALID_YEARS after certification). The same level certified again while
    an unrevoked certificate of it runs at least as long returns that certificate."""
    expires_on = expires_on or default_level_expiry(certified_on)
    existing = db.session.scalar(select(Certificate).where(
        Certificate.person_id == person.id, Certificate.kind == "level",
        Certificate.skill_set_id == skill_set.id, Certificate.level == level,
        Certificate.revoked_at.is_(None), Certificate.expires_on >= expires_on).limit(1))
    if existing is not None:
        return existing
    title_th, title_en = _level_titles(skill_set, level, certified_on)
    cert = Certificate(person=person, kind="level", skill_set=skill_set, level=level,
                       title_th=title_th, title_en=title_en, recipient_name=_recipient_name(person),
                       issued_on=certified_on, issued_at=utcnow(), expires_on=expires_on)
    return _issued(cert, actor)


def _issued(cert: Certificate, actor) -> Certificate:
    db.session.add(cert)
    db.session.flush()
    sign_certificate(cert)
    db.session.flush()
    record_event("certificate.issued", cert, actor=actor, actor_label="" if actor else "system",
                 object_type="certificate", object_label=f"{cert.public_id} {cert.title_th}",
                 organisation_id=cert.person.organisation_id)
    return cert


def revoke_certificate(cert: Certificate, reason: str, actor) -> Certificate:
    """Revoke a certificate with a reason (kept and shown on the public verification page)."""
    reason = (reason or "").strip()
    if not reason:
        raise RevocationError("reason")
    if cert.revoked_at is not None:
        raise RevocationError("revoked")
    cert.revoked_at = utcnow()
    cert.revoked_by = actor
    cert.revocation_reason = reason
    db.session.flush()
    record_event("certificate.revoked", cert, actor=actor, object_type="certificate",
                 object_label=f"{cert.public_id} {cert.title_th}",
                 organisation_id=cert.person.organisation_id, changes={"reason": reason})
    return cert


def certificates_of(person) -> list[Certificate]:
    """A person's certificates, newest first."""
    return list(db.session.scalars(select(Certificate).where(Certificate.person_id == person.id)
                                   .order_by(Certificate.issued_at.desc(), Certificate.id.desc())))


def erase_certificates_of(person, actor=None) -> int:
    """PDPA erasure (lms.privacy.anonymise, after the person's names are replaced): each
    certificate takes the placeholder name, loses its signed credential (which names the
    person) and is revoked, so its verification page says so. How many certificates."""
    certificates = certificates_of(person)
    for cert in certificates:
        cert.recipient_name = _recipient_name(person)
        cert.credential_jwt = ""
        if cert.revoked_at is None:
            cert.revoked_at, cert.revoked_by = utcnow(), actor
            cert.revocation_reason = "ลบข้อมูลส่วนบุคคลตามคำขอ (PDPA) / Personal data erased (PDPA)"
    db.session.flush()
    return len(certificates)
