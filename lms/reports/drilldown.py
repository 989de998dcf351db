"""The report's section 5, drill-down: ministry → department → division → team → person.

At a unit, one row per child unit with its subtree's coverage (the same few grouped statements
for all of them, which give the unit's own figures too: coverage.unit_and_branches), and, for
the people directly in the unit, one row each for those the viewer may already see
(`view_person`); the others are not listed, but every figure of the unit still counts them.
The page shows the person rows a page at a time; the exports have them all (`listed_people`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.models import Organisation, Person
from ..core.access import can, people_seen_among
from ..core.pagination import CountedPage
from ..extensions import db
from .coverage import Coverage, coverage_of_people_in, unit_and_branches
from .filters import ReportFilters

# The columns a drill-down table sorts on (?sort=…&dir=desc).
SORTS = ("name", "people", "plan", "learning", "mix", "hours")
PEOPLE_PER_PAGE = 50


@dataclass(frozen=True)
class UnitRow:
    unit: Organisation
    coverage: Coverage


@dataclass(frozen=True)
class PersonRow:
    person: Person
    coverage: Coverage


@dataclass(frozen=True)
class PersonPage(CountedPage):
    """A page of person rows, shaped for the shared `pager` macro."""

    rows: list[PersonRow]
    page: int
    per_page: int
    total: int


@dataclass(frozen=True)
class Drilldown:
    unit: Organisation
    path: list[Organisation]  # the units above it whose report the viewer may open, top first
    total: Coverage  # the unit's whole subtree: its children's and its own people's figures together
    units: list[UnitRow]
    people: PersonPage  # the page of person rows the page shows
    listed_people: tuple[PersonRow, ...]  # every person row the viewer may see, in the same order
    direct_people: int  # people the report counts directly in the unit, listed or not
    sort: str
    descending: bool

    @property
    def hidden_people(self) -> int:
        """People directly in the unit the viewer may not see: counted, not listed."""
        return self.direct_people - self.people.total

    def table(self) -> tuple[list[str], list[list]]:
        """The child units' rows (people are not exported: the table is the units')."""
        headers = [_("Unit"), _("People in scope"), _("With an agreed plan (%)"),
                   _("With learning counted (%)"), _("Meeting 70:20:10 (%)"), _("Hours per person")]
        rows = [[row.unit.name, *row_figures(row.coverage)] for row in self.units]
        return headers, rows

    @property
    def people_table(self) -> PeopleInUnit:
        """Every person row the viewer may see, all pages, as a table of its own for the exports."""
        return PeopleInUnit(self.listed_people)


@dataclass(frozen=True)
class PeopleInUnit:
    """The person rows as the page shows them: each rule met or not (a person is one person, so
    a percentage would say nothing more) and the person's counted hours."""

    rows: tuple[PersonRow, ...]

    def table(self) -> tuple[list[str], list[list]]:
        headers = [_("Person"), _("Position"), _("Agreed plan"), _("Learning counted"), _("Meeting 70:20:10"),
                   _("Counted hours")]
        yes, no = _("Yes"), _("No")
        rows = [[row.person.name, row.person.position or None,
                 *(yes if figure.count else no for figure in (row.coverage.with_agreed_plan,
                                                              row.coverage.with_verified_learning,
                                                              row.coverage.meeting_mix)),
                 row.coverage.hours_total] for row in self.rows]
        return headers, rows


def row_figures(coverage: Coverage) -> list:
    """A row's figures, in the table's column order after the name."""
    return [coverage.in_scope, coverage.with_agreed_plan.percent, coverage.with_verified_learning.percent,
            coverage.meeting_mix.percent, coverage.hours_per_person]


def drilldown(unit: Organisation, filters: ReportFilters, viewer, *, sort: str = "name",
              descending: bool = False, page: int = 1, per_page: int = PEOPLE_PER_PAGE) -> Drilldown:
    """The drill-down at `unit` for `viewer`, sorted by one of SORTS (else by name)."""
    sort = sort if sort in SORTS else "name"
    children = list(db.session.scalars(select(Organisation).where(Organisation.parent_id == unit.id)))
    total, coverage = unit_and_branches(unit.id, [child.id for child in children], filters)
    units = _sorted([UnitRow(child, coverage[child.id]) for child in children], sort, descending,
                    lambda row: row.unit.name)

    by_person = coverage_of_people_in(unit.id, filters)
    people = db.session.scalars(select(Person).where(Person.id.in_(list(by_person)))).all() if by_person else []
    # view_person asked for all of them at once (a team of hundreds: one statement, not hundreds)
    seen = people_seen_among(viewer, people)
    people = [person for person in people if person.id in seen]
    rows = _sorted([PersonRow(person, by_person[person.id]) for person in people], sort, descending,
                   lambda row: row.person.name)
    pages = max(1, -(-len(rows) // per_page))
    page = min(max(page, 1), pages)
    listed = PersonPage(rows[(page - 1) * per_page: page * per_page], page, per_page, len(rows))
    path = [above for above in reversed(unit.ancestors()) if can(viewer, "view_unit_report", above)]
    return Drilldown(unit, path, total, units, listed, tuple(rows), len(by_person), sort, descending)


def _sorted(rows: list, sort: str, descending: bool, name_of) -> list:
    """Rows by the chosen column, a missing figure (nobody in scope) last either way; ties by name."""
    if sort == "name":
        return sorted(rows, key=lambda row: name_of(row).casefold(), reverse=descending)
    by_name = sorted(rows, key=lambda row: name_of(row).casefold())
    known = [row for row in by_name if _value(row.coverage, sort) is not None]
    unknown = [row for row in by_name if _value(row.coverage, sort) is None]
    return sorted(known, key=lambda row: _value(row.coverage, sort), reverse=descending) + unknown


def _value(coverage: Coverage, sort: str) -> Decimal | int | None:
    return {
        "people": lambda: coverage.in_scope,
        "plan": lambda: coverage.with_agreed_plan.percent,
        "learning": lambda: coverage.with_verified_learning.percent,
        "mix": lambda: coverage.meeting_mix.percent,
        "hours": lambda: coverage.hours_per_person,
    }[sort]()
