"""What an agency records about itself per fiscal year (B.E.): its indicators (§4.3, §4.9.8)
and its budget for developing and assessing its people (§4.9.3)."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import UTCDateTime, utcnow
from ..extensions import db

# innovation: a digital innovation in the agency's work or service; link: data or service
# linked with other agencies, businesses or citizens; open-data: a data set it published.
INDICATOR_KINDS = ("innovation", "link", "open-data")
LINK_KINDS = ("G2G", "G2B", "G2C")
BUDGET_PURPOSES = ("development", "assessment")


class AgencyIndicator(db.Model):
    """One innovation, link or open data set an agency records for a fiscal year, with a link
    to evidence of it."""

    __tablename__ = "agency_indicators"
    __table_args__ = (
        CheckConstraint(f"kind IN {INDICATOR_KINDS}", name="kind"),
        # Only a link says whom it links with; anything else says nothing.
        CheckConstraint(f"(kind = 'link' AND link_kind IN {LINK_KINDS}) OR (kind <> 'link' AND link_kind IS NULL)",
                        name="link_kind"),
        Index("ix_agency_indicators_organisation_year", "organisation_id", "fiscal_year"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    fiscal_year: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    link_kind: Mapped[str | None] = mapped_column(String(3))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    evidence_url: Mapped[str] = mapped_column(String(500))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organisation = relationship("Organisation")

    @property
    def audit_organisation_id(self) -> int:
        """The unit an audit event about this object concerns (lms.core.audit): the agency."""
        return self.organisation_id


class AgencyBudget(db.Model):
    """What an agency asked for and spent in a fiscal year for one purpose; a figure not yet
    known stays empty rather than zero."""

    __tablename__ = "agency_budgets"
    __table_args__ = (
        UniqueConstraint("organisation_id", "fiscal_year", "purpose"),
        CheckConstraint(f"purpose IN {BUDGET_PURPOSES}", name="purpose"),
        CheckConstraint("requested_baht IS NULL OR requested_baht >= 0", name="requested_not_negative"),
        CheckConstraint("spent_baht IS NULL OR spent_baht >= 0", name="spent_not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    fiscal_year: Mapped[int]
    purpose: Mapped[str] = mapped_column(String(20))
    requested_baht: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    spent_baht: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organisation = relationship("Organisation")

    @property
    def audit_organisation_id(self) -> int:
        return self.organisation_id
