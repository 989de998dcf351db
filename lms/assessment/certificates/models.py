"""Tables of lms.assessment.certificates: the certificates issued and the keys that sign them.

A certificate keeps a snapshot of what it says (title, recipient name) and the signed
credential as issued, so renaming a course or a person later never changes a certificate
already in someone's hands. Public URLs use `public_id` (random), never the sequential id.
"""

import secrets
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...accounts.models import Person
from ...catalog.models import CourseVersion
from ...core.i18n import current_language
from ...core.models import UTCDateTime, utcnow
from ...extensions import db
from ...reference.models import SkillSet

CERTIFICATE_KINDS = ("course", "level")


def new_public_id() -> str:
    return secrets.token_urlsafe(16)


class SigningKey(db.Model):
    """A key the site signs credentials with. Retired keys stay published (JWKS) so the
    credentials they signed still verify; only the newest unretired key signs."""

    __tablename__ = "signing_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(64), unique=True)
    algorithm: Mapped[str] = mapped_column(String(10), default="ES256")
    # PKCS#8 PEM encrypted with a passphrase from the configuration (never in the repository).
    private_key_pem: Mapped[str] = mapped_column(Text)
    public_jwk: Mapped[str] = mapped_column(Text)  # JSON
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Certificate(db.Model):
    """A course completion or a certified skill level, as issued to one person."""

    __tablename__ = "certificates"
    __table_args__ = (
        CheckConstraint(f"kind IN {CERTIFICATE_KINDS}", name="kind"),
        CheckConstraint("(kind = 'course' AND course_version_id IS NOT NULL) OR "
                        "(kind = 'level' AND skill_set_id IS NOT NULL AND level >= 1)",
                        name="subject"),
        UniqueConstraint("person_id", "course_version_id"),
        Index("ix_certificates_person_kind", "person_id", "kind"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True, default=new_public_id)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    course_version_id: Mapped[int | None] = mapped_column(ForeignKey("course_versions.id"))
    skill_set_id: Mapped[int | None] = mapped_column(ForeignKey("skill_sets.id"))
    level: Mapped[int | None]
    title_th: Mapped[str] = mapped_column(String(400))
    title_en: Mapped[str] = mapped_column(String(400), default="")
    recipient_name: Mapped[str] = mapped_column(String(200))
    issued_on: Mapped[date]
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_on: Mapped[date | None]
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    revocation_reason: Mapped[str] = mapped_column(Text, default="")
    signing_key_id: Mapped[int | None] = mapped_column(ForeignKey("signing_keys.id"))
    credential_jwt: Mapped[str] = mapped_column(Text, default="")

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    revoked_by: Mapped[Person | None] = relationship(foreign_keys=[revoked_by_id])
    course_version: Mapped[CourseVersion | None] = relationship()
    skill_set: Mapped[SkillSet | None] = relationship()
    signing_key: Mapped[SigningKey | None] = relationship()

    @property
    def title(self) -> str:
        if current_language() == "en" and self.title_en:
            return self.title_en
        return self.title_th

    def status_on(self, on: date) -> str:
        """'revoked', 'expired' or 'valid' on a date."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_on is not None and self.expires_on < on:
            return "expired"
        return "valid"
