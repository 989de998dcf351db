"""An agency's budget for developing and assessing its people (§4.9.3): requested and spent per
fiscal year and purpose, the cost of the classes its institutes held, and what development
cost per learning hour and per person developed. Services flush, never commit.

A class counts in the fiscal year of its first session (Bangkok dates) when an institute of
the agency's subtree ran it and it was not cancelled.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..accounts.models import Institute, Organisation
from ..accounts.services import organisation_subtree_ids
from ..catalog.models import CourseVersion
from ..classes.models import ClassMeeting, CourseClass
from ..classes.services import set_class_cost
from ..core.audit import record_event
from ..core.dates import BANGKOK, fiscal_year_bounds
from ..extensions import db
from .filters import in_units
from .models import BUDGET_PURPOSES, AgencyBudget

SATANG = Decimal("0.01")
PURPOSE_LABELS = {"development": _l("Development"), "assessment": _l("Assessment")}


@dataclass(frozen=True)
class BudgetLine:
    """What was asked for and spent for one purpose; None where nothing is recorded."""

    purpose: str
    requested: Decimal | None
    spent: Decimal | None

    @property
    def label(self) -> str:
        return str(PURPOSE_LABELS[self.purpose])


@dataclass(frozen=True)
class BudgetSummary:
    """The budget section of an agency's report for one fiscal year.

    Cost per learning hour and per person developed divide the development budget spent by
    the report's counted learning hours and people developed; None when either is missing or
    zero. The classes' cost is shown beside it, not added: classes are paid from that budget.
    """

    fiscal_year: int
    development: BudgetLine
    assessment: BudgetLine
    classes_held: int
    classes_costed: int
    classes_cost: Decimal
    learning_hours: Decimal
    people_developed: int
    cost_per_hour: Decimal | None
    cost_per_person: Decimal | None
    agency: object = None  # the Organisation whose budget this is; None for a unit in no agency

    @property
    def lines(self) -> list[BudgetLine]:
        return [self.development, self.assessment]

    def table(self) -> tuple[list[str], list[list]]:
        """(headers, rows) of plain values for the CSV and XLSX exports (baht as Decimal)."""
        rows = [
            [_("Development budget requested (baht)"), self.development.requested],
            [_("Development budget spent (baht)"), self.development.spent],
            [_("Assessment budget requested (baht)"), self.assessment.requested],
            [_("Assessment budget spent (baht)"), self.assessment.spent],
            [_("Classes held"), self.classes_held],
            [_("Classes with a recorded cost"), self.classes_costed],
            [_("Cost of those classes (baht)"), self.classes_cost],
            [_("Learning hours"), self.learning_hours],
            [_("People developed"), self.people_developed],
            [_("Development budget spent per learning hour (baht)"), self.cost_per_hour],
            [_("Development budget spent per person developed (baht)"), self.cost_per_person],
        ]
        return [_("Figure"), _("Value")], rows


def per(amount: Decimal | None, divisor) -> Decimal | None:
    """amount ÷ divisor to the satang, halves up; None for a missing amount or a zero divisor."""
    if amount is None or not divisor:
        return None
    return (Decimal(amount) / Decimal(divisor)).quantize(SATANG, rounding=ROUND_HALF_UP)


def budget_rows(agency, fiscal_year: int) -> dict[str, AgencyBudget]:
    """{purpose: row} of what the agency recorded for the year (purposes without a row absent)."""
    rows = db.session.scalars(select(AgencyBudget).where(
        AgencyBudget.organisation_id == agency.id, AgencyBudget.fiscal_year == fiscal_year))
    return {row.purpose: row for row in rows}


def _year_in_utc(fiscal_year: int) -> tuple[datetime, datetime]:
    """The fiscal year as [start, end) instants: Bangkok midnights of its first and next day."""
    first, last = fiscal_year_bounds(fiscal_year)
    return (datetime.combine(first, time.min, BANGKOK).astimezone(UTC),
            datetime.combine(last + timedelta(days=1), time.min, BANGKOK).astimezone(UTC))


def _first_sessions(agency, fiscal_year: int):
    """(class id, first session) of the agency's classes held in the fiscal year, as a subquery.

    Only classes with a session in the year can have begun in it: those are found by the
    sessions' start index, and only their sessions are grouped, not every class's ever held.
    """
    starts, ends = _year_in_utc(fiscal_year)
    units = organisation_subtree_ids(agency)
    in_year = select(ClassMeeting.class_id).where(ClassMeeting.starts_at >= starts, ClassMeeting.starts_at < ends)
    first_at = func.min(ClassMeeting.starts_at)
    return (select(ClassMeeting.class_id.label("class_id"), first_at.label("first_at"))
            .join(CourseClass, CourseClass.id == ClassMeeting.class_id)
            .join(Institute, Institute.id == CourseClass.institute_id)
            .where(ClassMeeting.class_id.in_(in_year), in_units(Institute.organisation_id, units),
                   CourseClass.is_cancelled.is_(False))
            .group_by(ClassMeeting.class_id)
            .having(first_at >= starts)
            .subquery())


def classes_query(agency, fiscal_year: int):
    """The agency's classes held in the fiscal year, by first session, with what the budget page
    shows of them (their sessions: the first is `meetings[0]`)."""
    first = _first_sessions(agency, fiscal_year)
    return (select(CourseClass)
            .join(first, first.c.class_id == CourseClass.id)
            .order_by(first.c.first_at, CourseClass.id)
            .options(selectinload(CourseClass.institute), selectinload(CourseClass.meetings),
                     selectinload(CourseClass.version).selectinload(CourseVersion.course)))


def class_costs(agency, fiscal_year: int) -> tuple[int, int, Decimal]:
    """(classes held, classes with a recorded cost, their cost) in the fiscal year: one query."""
    first = _first_sessions(agency, fiscal_year)
    held, costed, total = db.session.execute(
        select(func.count(CourseClass.id), func.count(CourseClass.cost_baht), func.sum(CourseClass.cost_baht))
        .join(first, first.c.class_id == CourseClass.id)).one()
    return held, costed, Decimal(total or 0).quantize(SATANG)


def budget_summary(unit, fiscal_year: int, learning_hours: Decimal, people_developed: int) -> BudgetSummary:
    """The budget section for the agency of `unit` (itself when it is one) in a fiscal year
    (B.E.), given the report's counted learning hours and people developed; empty figures for
    a unit in no agency."""
    agency = unit.agency if unit is not None else None
    rows = budget_rows(agency, fiscal_year) if agency is not None else {}
    lines = {purpose: BudgetLine(purpose, *((rows[purpose].requested_baht, rows[purpose].spent_baht)
                                            if purpose in rows else (None, None)))
             for purpose in BUDGET_PURPOSES}
    held, costed, total = class_costs(agency, fiscal_year) if agency is not None else (0, 0, Decimal("0.00"))
    learning_hours = Decimal(learning_hours or 0)
    spent = lines["development"].spent
    return BudgetSummary(fiscal_year=fiscal_year, development=lines["development"],
                         assessment=lines["assessment"], classes_held=held, classes_costed=costed,
                         classes_cost=total, learning_hours=learning_hours, people_developed=people_developed,
                         cost_per_hour=per(spent, learning_hours), cost_per_person=per(spent, people_developed),
                         agency=agency)


def save_budget(agency, fiscal_year: int, actor, figures: dict[str, tuple[Decimal | None, Decimal | None]]) -> None:
    """Record {purpose: (requested, spent)} for the agency's fiscal year (None: not known), and
    audit each purpose that changed."""
    # One writer at a time per agency: two first saves cannot both insert the year's row.
    db.session.execute(select(Organisation.id).where(Organisation.id == agency.id).with_for_update())
    rows = budget_rows(agency, fiscal_year)
    for purpose in BUDGET_PURPOSES:
        requested, spent = (None if value is None else Decimal(value).quantize(SATANG)
                            for value in figures.get(purpose, (None, None)))
        row = rows.get(purpose)
        before = (row.requested_baht, row.spent_baht) if row is not None else (None, None)
        if before == (requested, spent):
            continue
        if row is None:
            row = AgencyBudget(organisation_id=agency.id, fiscal_year=fiscal_year, purpose=purpose)
            db.session.add(row)
        row.requested_baht, row.spent_baht, row.updated_by_id = requested, spent, actor.id
        db.session.flush()
        changes = {"fiscal_year": fiscal_year, "purpose": purpose}
        for name, old, new in (("requested_baht", before[0], requested), ("spent_baht", before[1], spent)):
            if old != new:
                changes[name] = [old, new]
        record_event("agency_budget.updated", row, actor=actor, object_label=agency.code, changes=changes)


def classes_of(agency, fiscal_year: int, class_ids: list[int]) -> dict[int, CourseClass]:
    """{class id: class} for those of the ids naming classes the agency held in the fiscal
    year; any other id is left out."""
    query = classes_query(agency, fiscal_year).where(CourseClass.id.in_(class_ids))
    return {cls.id: cls for cls in db.session.scalars(query)}


def save_class_costs(actor, costs: dict[int, Decimal | None], classes: dict[int, CourseClass]) -> int:
    """Set {class id: cost} on the `classes` (loaded by classes_of, so the agency's own);
    returns how many changed."""
    return sum(set_class_cost(classes[class_id], actor, cost) for class_id, cost in costs.items())
