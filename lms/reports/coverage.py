"""The report's section 1, coverage and rules: how many of the people in scope have an agreed
plan, counted learning, a 70:20:10 mix (R2), both foundation skill sets (R4) and a 70:30 plan
(R3), and their hours per person, for a set of units or for each of several groups of people
at once (the drill-down's child units, the Commission's agencies, a unit's people).

Reads the per-person sums (records.models.PersonYearTotals, PersonYearHours) and the agreed
plans' items, never learning records; the rules are judged in SQL and only counts per key come
into Python (coverage_sums). The statements group by a `key` column, so N units cost what one
does. The counted hours of each month come with them, for the trend (section 4).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import accumulate, pairwise

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, literal, select, union_all

from ..accounts.models import Person
from ..core.dates import format_fiscal_year
from ..core.i18n import current_language
from ..extensions import db
from .coverage_sums import CountsByKey, KeyCounts, counts_by_key, hours_of, merged
from .filters import ReportFilters, branches, in_units, person_conditions

ZERO = Decimal("0.00")
ONE_PLACE = Decimal("0.1")
# Hours per person in a year, in bands: (lowest hours of the band, its label).
HOUR_BANDS = (
    (Decimal("10"), _l("under 10 h")),
    (Decimal("20"), _l("10 to under 20 h")),
    (Decimal("40"), _l("20 to under 40 h")),
    (Decimal("80"), _l("40 to under 80 h")),
    (None, _l("80 h or more")),
)


@dataclass(frozen=True)
class Figure:
    count: int
    percent: Decimal | None  # one decimal place; None when nobody is in scope (or nothing to judge by)


def figure(count: int, of: int) -> Figure:
    """`count` of `of` people, with its share in percent to one decimal (half up)."""
    if not of:
        return Figure(count, None)
    return Figure(count, (Decimal(100 * count) / Decimal(of)).quantize(ONE_PLACE, ROUND_HALF_UP))


@dataclass(frozen=True)
class Coverage:
    fiscal_year: int
    in_scope: int
    with_agreed_plan: Figure
    with_verified_learning: Figure  # counted hours > 0
    meeting_mix: Figure  # R2 70:20:10 on counted hours
    foundation_covered: Figure  # R4: counted hours in both foundation skill sets
    meeting_horizon: Figure  # R3 70:30 on the agreed plan's items
    hours_total: Decimal
    hours_median: Decimal
    hours_distribution: list[tuple[str, int]]  # (band label, people)
    months: tuple[int, ...] | None = None  # counted hundredths by calendar month, January first (no skill-set filter)

    @property
    def hours_per_person(self) -> Decimal | None:
        """Counted hours per person in scope, to one decimal; None when nobody is."""
        if not self.in_scope:
            return None
        return (self.hours_total / self.in_scope).quantize(ONE_PLACE, ROUND_HALF_UP)

    def figures(self) -> list[tuple[str, str, Figure]]:
        """(key, label, figure) of each counted figure, in the report's order."""
        return [
            ("agreed_plan", _("With an agreed development plan"), self.with_agreed_plan),
            ("learning", _("With learning counted"), self.with_verified_learning),
            ("mix", _("Meeting 70:20:10 (R2)"), self.meeting_mix),
            ("foundation", _("Developed in both foundation skill sets (R4)"), self.foundation_covered),
            ("horizon", _("Agreed plan meeting 70:30 (R3)"), self.meeting_horizon),
        ]

    def table(self) -> tuple[list[str], list[list]]:
        """One year's figures as plain rows for the exports."""
        headers = [_("Figure"), _("People"), _("Percent of people in scope")]
        rows = [[_("People in scope"), self.in_scope, None]]
        rows += [[label, f.count, f.percent] for _key, label, f in self.figures()]
        rows += [[_("Counted hours"), self.hours_total, None],
                 [_("Hours per person"), self.hours_per_person, None],
                 [_("Median hours per person"), self.hours_median, None]]
        rows += [[_("People with %(band)s", band=label), people, None] for label, people in self.hours_distribution]
        return headers, rows


@dataclass(frozen=True)
class CoverageComparison:
    """A year's coverage beside the previous year's (None when that year cannot be reported)."""

    current: Coverage
    previous: Coverage | None

    def table(self) -> tuple[list[str], list[list]]:
        this_year = format_fiscal_year(self.current.fiscal_year, current_language())
        last_year = format_fiscal_year(self.current.fiscal_year - 1, current_language())
        headers = [_("Figure"), _("People, FY %(year)s", year=this_year),
                   _("Percent, FY %(year)s", year=this_year),
                   _("People, FY %(year)s", year=last_year), _("Percent, FY %(year)s", year=last_year)]
        _headers, current_rows = self.current.table()
        previous_rows = self.previous.table()[1] if self.previous else [[None, None, None]] * len(current_rows)
        rows = [[*now, *before[1:]] for now, before in zip(current_rows, previous_rows, strict=True)]
        return headers, rows


def unit_coverage(org_ids: list[int], filters: ReportFilters) -> Coverage:
    """Section 1 for the people in those units (a subtree: accounts.services.
    organisation_subtree_ids), as one group."""
    keyed = select(Person.id.label("person_id"), literal(0).label("key"), Person.organisation_id) \
        .where(in_units(Person.organisation_id, org_ids), *person_conditions(filters))
    return coverage_by_key(keyed, filters, [0])[0]


def branch_coverage(root_ids: list[int], filters: ReportFilters) -> dict[int, Coverage]:
    """Section 1 for each unit's subtree at once (the drill-down's child units, the
    Commission's agencies), by unit id: one recursive walk down from all of them that carries
    each unit's branch, then the same grouped statements as for one unit."""
    roots = list(root_ids)
    tree = branches(roots)
    keyed = select(Person.id.label("person_id"), tree.c.branch.label("key"), Person.organisation_id) \
        .join(tree, tree.c.id == Person.organisation_id).where(*person_conditions(filters))
    return coverage_by_key(keyed, filters, roots)


def unit_and_branches(unit_id: int, child_ids: list[int], filters: ReportFilters) -> tuple[Coverage, dict]:
    """Section 1 for a unit's whole subtree and for each child unit's subtree (the drill-down),
    from one set of statements: the children's figures and those of the people directly in the
    unit add up to the unit's (medians from everyone's hours, not from the parts')."""
    tree = branches(child_ids)
    conditions = person_conditions(filters)
    below = select(Person.id.label("person_id"), tree.c.branch.label("key"), Person.organisation_id) \
        .join(tree, tree.c.id == Person.organisation_id).where(*conditions)
    here = select(Person.id.label("person_id"), literal(0).label("key"), Person.organisation_id) \
        .where(Person.organisation_id == unit_id, *conditions)
    found = counts_by_key(union_all(below, here).subquery("report_people"), filters)
    total = _coverage(filters.fiscal_year, merged(found.counts.values()), found)
    return total, {key: _coverage(filters.fiscal_year, found.counts.get(key) or KeyCounts(), found)
                   for key in child_ids}


def coverage_of_people_in(org_id: int, filters: ReportFilters) -> dict[int, Coverage]:
    """Section 1 for each person the report counts directly in that unit (not below it), alone,
    by person id: the drill-down's person rows. Nobody there gives {}."""
    keyed = select(Person.id.label("person_id"), Person.id.label("key"), Person.organisation_id) \
        .where(Person.organisation_id == org_id, *person_conditions(filters))
    person_ids = list(db.session.scalars(select(keyed.subquery().c.person_id)))
    return coverage_by_key(keyed, filters, person_ids) if person_ids else {}


def coverage_by_key(keyed: Select, filters: ReportFilters, keys: Iterable[Hashable]) -> dict:
    """Section 1 for each group of people: `keyed` selects (person_id, key, organisation_id),
    one row per person and group it counts in; every key asked for gets a Coverage (an empty
    one when nobody falls under it)."""
    found = counts_by_key(keyed.subquery("report_people"), filters)
    return {key: _coverage(filters.fiscal_year, found.counts.get(key) or KeyCounts(), found) for key in keys}


def _coverage(fiscal_year: int, counts: KeyCounts, found: CountsByKey) -> Coverage:
    people, judged = counts.in_scope, found.judged
    amounts = sorted(counts.hours.items())  # (hundredths, people), fewest hours first
    people_up_to = list(accumulate(number for _amount, number in amounts))  # people at or below each amount
    with_hours = people - sum(number for amount, number in amounts if amount == 0)
    return Coverage(
        fiscal_year=fiscal_year,
        in_scope=people,
        with_agreed_plan=figure(counts.with_agreed_plan, people),
        with_verified_learning=figure(with_hours, people),
        meeting_mix=figure(counts.meeting_mix, people if judged else 0),
        foundation_covered=figure(counts.foundation_covered, people),
        meeting_horizon=figure(counts.meeting_horizon, people if judged else 0),
        hours_total=hours_of(sum(amount * number for amount, number in amounts)),
        hours_median=_median(amounts, people_up_to, people),
        hours_distribution=_distribution(amounts, people_up_to, people - with_hours),
        months=tuple(counts.months) if found.has_months else None,
    )


def _median(amounts: list[tuple[int, int]], people_up_to: list[int], people: int) -> Decimal:
    """The median of the people's counted hours, from their histogram (sorted hundredths and
    the running count of people)."""
    if not people:
        return ZERO

    def nth(position: int) -> int:  # the hundredths of the person at that 0-based position
        return amounts[bisect_right(people_up_to, position)][0]

    middle = people // 2
    if people % 2:
        return hours_of(nth(middle))
    return (hours_of(nth(middle - 1) + nth(middle)) / 2).quantize(ZERO, ROUND_HALF_UP)


def _distribution(amounts: list[tuple[int, int]], people_up_to: list[int], without: int) -> list[tuple[str, int]]:
    """People per band of hours; those without any first. The bands' edges are found in the
    sorted histogram by bisection."""
    def at_most_below(edge: int) -> int:  # people with fewer hundredths than `edge`
        index = bisect_left(amounts, (edge, 0))
        return people_up_to[index - 1] if index else 0

    edges = [without, *(at_most_below(int(below * 100)) for below, _label in HOUR_BANDS if below is not None),
             people_up_to[-1] if amounts else 0]
    counts = [high - low for low, high in pairwise(edges)]
    return [(_("no hours"), without),
            *((str(label), number) for (_below, label), number in zip(HOUR_BANDS, counts, strict=True))]
