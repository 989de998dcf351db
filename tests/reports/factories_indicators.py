"""An agency's indicators, budget and classes with costs, for tests: flushed, never committed."""

import itertools
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from lms.extensions import db
from lms.reports.models import AgencyBudget, AgencyIndicator

_seq = itertools.count(1)
FISCAL_YEAR = 2569  # 1 Oct 2025 – 30 Sep 2026


def indicator(agency, fiscal_year=FISCAL_YEAR, kind="innovation", **fields) -> AgencyIndicator:
    n = next(_seq)
    row = AgencyIndicator(organisation_id=agency.id, fiscal_year=fiscal_year, kind=kind,
                          link_kind=fields.pop("link_kind", "G2G" if kind == "link" else None),
                          title=fields.pop("title", f"นวัตกรรมดิจิทัล {n}"),
                          evidence_url=fields.pop("evidence_url", f"https://data.example.go.th/{n}"), **fields)
    db.session.add(row)
    db.session.flush()
    return row


def budget(agency, purpose, requested, spent, fiscal_year=FISCAL_YEAR) -> AgencyBudget:
    row = AgencyBudget(organisation_id=agency.id, fiscal_year=fiscal_year, purpose=purpose,
                       requested_baht=None if requested is None else Decimal(requested),
                       spent_baht=None if spent is None else Decimal(spent))
    db.session.add(row)
    db.session.flush()
    return row


def sessions_from(starts_at: datetime, count: int = 1):
    """`count` day-long sessions from `starts_at` (aware), a day apart, for a class factory."""
    return [(f"วันที่ {i + 1}", starts_at + timedelta(days=i), starts_at + timedelta(days=i, hours=6))
            for i in range(count)]


def bangkok(year, month, day, hour=9) -> datetime:
    """A Bangkok wall-clock time as UTC (Bangkok is UTC+7 all year)."""
    return datetime(year, month, day, hour, tzinfo=UTC) - timedelta(hours=7)
