"""The report's section 4, trend: counted hours added up month by month through the fiscal year
(October → September), beside the same months of the year before, from the per-person monthly
sums (records.models.PersonMonthHours, read pivoted from PersonYearTotals). Drawn server-side
as an inline SVG line chart, with a table of the same figures for screen readers and the exports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..core.dates import (
    BUDDHIST_ERA_OFFSET,
    ENGLISH_MONTHS_SHORT,
    THAI_MONTHS_SHORT,
    format_fiscal_year,
    today_in_bangkok,
)
from ..core.i18n import current_language
from ..development.mix import counted_only_verified, counted_statuses
from ..extensions import db
from ..records.models import PersonYearTotals
from .coverage import ZERO, Coverage
from .coverage_sums import hours_of, hundredths
from .filters import ReportFilters, people_in_report

FISCAL_MONTHS = (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)

# The chart's drawing area in SVG units (viewBox 0 0 WIDTH HEIGHT).
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 36


@dataclass(frozen=True)
class TrendPoint:
    month: int  # calendar month, 1–12
    label: str  # the month's short name in the reader's language
    this_year: Decimal | None  # hours so far by the month's end; None for a month still to come
    last_year: Decimal


@dataclass(frozen=True)
class ChartLine:
    points: str  # an SVG polyline's points
    dots: list[tuple[float, float, str]]  # (x, y, the month's figure) for each point


@dataclass(frozen=True)
class Trend:
    fiscal_year: int
    points: list[TrendPoint]

    def table(self) -> tuple[list[str], list[list]]:
        language = current_language()
        headers = [_("Month"),
                   _("Hours so far, FY %(year)s", year=format_fiscal_year(self.fiscal_year, language)),
                   _("Hours so far, FY %(year)s", year=format_fiscal_year(self.fiscal_year - 1, language))]
        return headers, [[point.label, point.this_year, point.last_year] for point in self.points]

    @property
    def top(self) -> Decimal:
        """The chart's top: a round number at or above the largest figure (1, 2 or 5 × 10ⁿ)."""
        largest = max([p.last_year for p in self.points] + [p.this_year or ZERO for p in self.points])
        step = Decimal(1)
        while True:
            for factor in (1, 2, 5):
                if largest <= step * factor:
                    return step * factor
            step *= 10

    def y_ticks(self) -> list[tuple[float, Decimal]]:
        """(y, hours) of the horizontal grid lines: quarters of the top."""
        return [(self._y(self.top * i / 4), self.top * i / 4) for i in range(5)]

    def x_labels(self) -> list[tuple[float, str]]:
        return [(self._x(i), point.label) for i, point in enumerate(self.points)]

    def line(self, which: str) -> ChartLine | None:
        """The line of "this_year" or "last_year" (None when it has no point yet)."""
        values = [getattr(point, which) for point in self.points]
        dots = [(self._x(i), self._y(value), value) for i, value in enumerate(values) if value is not None]
        if not dots:
            return None
        return ChartLine(" ".join(f"{x:.1f},{y:.1f}" for x, y, _value in dots), dots)

    def _x(self, index: int) -> float:
        return LEFT + index * (WIDTH - LEFT - RIGHT) / (len(FISCAL_MONTHS) - 1)

    def _y(self, value: Decimal) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * float(1 - value / self.top)


def unit_trend(org_ids: list[int], filters: ReportFilters, today: date | None = None) -> Trend:
    """The trend of the people in the report each year (the people in scope that year), two
    grouped statements. The skill-set filter does not apply: the monthly sums are of every
    skill set together."""
    return _trend(filters.fiscal_year, _monthly_hours(org_ids, filters),
                  _monthly_hours(org_ids, filters.previous_year()), today)


def trend_of(current: Coverage, previous: Coverage, today: date | None = None) -> Trend | None:
    """The trend from section 1's figures of the year and the year before, which carry each
    month's counted hours (no statement of its own); None when they do not (a skill-set filter)."""
    if current.months is None or previous.months is None:
        return None
    return _trend(current.fiscal_year, _by_month(current.months), _by_month(previous.months), today)


def _by_month(months: tuple[int, ...]) -> dict[int, Decimal]:
    return {month: hours_of(amount) for month, amount in zip(range(1, 13), months, strict=True)}


def _trend(fiscal_year: int, this_year_by_month: dict[int, Decimal], last_year_by_month: dict[int, Decimal],
           today: date | None) -> Trend:
    today = today or today_in_bangkok()
    this_year, last_year = _cumulative(this_year_by_month), _cumulative(last_year_by_month)
    names = THAI_MONTHS_SHORT if current_language() == "th" else ENGLISH_MONTHS_SHORT
    points = []
    for month, so_far, before in zip(FISCAL_MONTHS, this_year, last_year, strict=True):
        first_day = date(_calendar_year(fiscal_year, month), month, 1)
        points.append(TrendPoint(month, names[month - 1], so_far if first_day <= today else None, before))
    return Trend(fiscal_year, points)


def _calendar_year(fiscal_year: int, month: int) -> int:
    """The Common Era year a month of a fiscal year (B.E.) falls in: October to December in
    the year before the one the fiscal year ends in."""
    ends_in = fiscal_year - BUDDHIST_ERA_OFFSET
    return ends_in - 1 if month >= 10 else ends_in


def _monthly_hours(org_ids: list[int], filters: ReportFilters) -> dict[int, Decimal]:
    """Counted hours by calendar month of the people in the report, from each person's one
    totals row of the year (its months pivoted): no sort of every month row."""
    people = people_in_report(org_ids, filters)
    totals, pending = PersonYearTotals, "pending" in counted_statuses(counted_only_verified())

    def counted(month: int):
        verified = getattr(totals, f"month_{month}_verified")
        return verified + getattr(totals, f"month_{month}_pending") if pending else verified

    row = db.session.execute(
        select(*(hundredths(func.sum(counted(month))) for month in range(1, 13)))
        .where(totals.person_id.in_(people.scalar_subquery()), totals.fiscal_year == filters.fiscal_year)).one()
    return {month: hours_of(amount) for month, amount in zip(range(1, 13), row, strict=True)}


def _cumulative(by_month: dict[int, Decimal]) -> list[Decimal]:
    total, running = ZERO, []
    for month in FISCAL_MONTHS:
        total += by_month.get(month, ZERO)
        running.append(total)
    return running
