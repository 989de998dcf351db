"""The report's skills section: counted hours by skill set × target group (a heat map), and
the expected roles of the agency's phase (current) and of the next one (future, R6).

Hours come from the per-person sums (records.models.PersonYearHours, the rows of one skill
set: skill_set_key = its id), never from learning records. A person's target groups follow
R5 as enrolment does (accounts.person_groups): one in two groups counts in both columns; the
"all people" column counts everyone once, including people in no group.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from flask_babel import gettext as _
from sqlalchemy import and_, func, select

from ..accounts.models import Person
from ..accounts.person_groups import PEOPLE_WITH_GROUPS, TARGET_GROUP, extra_groups
from ..extensions import db
from ..records.models import ALL_SKILL_SETS, PersonYearHours
from ..reference.cache import SkillSetRef, reference_data
from ..reference.models import ExpectedRole, Phase, TargetGroup
from ..reference.services import ordered
from .coverage_sums import counted_hours
from .filters import ReportFilters, agency_phase_of_units, in_units, people_in_report, person_conditions
from .shown import count_shown, hours_shown, per

ZERO = Decimal("0.00")
SHADES = 4  # the heat map's shading steps above "no hours"


@dataclass(frozen=True)
class Cell:
    """One skill set's hours among the people of one group (or all people)."""

    hours: Decimal
    people: int
    shade: int = 0  # 0 (no hours) … SHADES (the most hours per person in the table)

    @property
    def per_person(self) -> Decimal | None:
        return per(self.hours, self.people)

    @property
    def hours_text(self) -> str:
        return hours_shown(self.hours)

    @property
    def per_person_text(self) -> str:
        return hours_shown(self.per_person)


@dataclass(frozen=True)
class GroupColumn:
    group: TargetGroup | None  # None: all the people of the report, each once
    people: int

    @property
    def name(self) -> str:
        return self.group.name if self.group is not None else _("All people")

    @property
    def people_text(self) -> str:
        return count_shown(self.people)


@dataclass(frozen=True)
class SkillRow:
    skill_set: SkillSetRef
    cells: tuple[Cell, ...]  # in the order of SkillsFigures.columns


@dataclass(frozen=True)
class RoleRow:
    group: TargetGroup
    current: ExpectedRole | None
    future: ExpectedRole | None


@dataclass(frozen=True)
class PhaseRoles:
    """The roles every group is expected to play in an agency's phase, and in the next."""

    phase: Phase
    next_phase: Phase | None  # None in the last phase: all development is current
    roles: tuple[RoleRow, ...]


@dataclass(frozen=True)
class ExpectedRoles:
    """The expected roles of the report's phases, one row per phase and target group, as the
    page shows them (the last phase has no next one: its future cells stay empty)."""

    blocks: tuple[PhaseRoles, ...]

    def table(self) -> tuple[list[str], list[list]]:
        headers = [_("Phase"), _("Target group"), _("Current role"), _("Next phase"), _("Future role")]
        rows = [[block.phase.name, row.group.name, _name(row.current),
                 _name(block.next_phase), _name(row.future)]
                for block in self.blocks for row in block.roles]
        return headers, rows


def _name(named) -> str | None:
    return named.name if named is not None else None


@dataclass(frozen=True)
class SkillsFigures:
    fiscal_year: int
    people: int  # people in the report
    in_several_groups: int  # counted in more than one group column
    without_group: int  # in no group column (only under "all people")
    columns: tuple[GroupColumn, ...]  # the groups, then all people
    rows: tuple[SkillRow, ...]
    phase_roles: tuple[PhaseRoles, ...]  # one per phase of the agencies in the report

    @property
    def expected_roles(self) -> ExpectedRoles:
        """The expected roles as a table of their own: a section of the exports."""
        return ExpectedRoles(self.phase_roles)

    def table(self) -> tuple[list[str], list[list]]:
        """One row per skill set and group (then all people): for CSV and XLSX."""
        headers = [_("Skill set"), _("Target group"), _("People"), _("Hours"), _("Hours per person")]
        rows = [[row.skill_set.name, column.name, cell.people, cell.hours, cell.per_person]
                for row in self.rows for column, cell in zip(self.columns, row.cells, strict=True)]
        return headers, rows


def skills_figures(org_ids: list[int], filters: ReportFilters) -> SkillsFigures:
    """The skills section of the report of units `org_ids` under `filters`: four grouped
    queries on the people, their groups and their sums, whatever the number of people."""
    groups = [g for g in ordered(TargetGroup) if filters.target_group_id in (None, g.id)]
    skill_sets = [s for s in reference_data().skill_sets if filters.skill_set_id in (None, s.id)]
    # people_in_report's conditions on the Person of these statements themselves: the same
    # people, without joining the people table to itself.
    in_report = and_(in_units(Person.organisation_id, org_ids), *person_conditions(filters))
    people = people_in_report(org_ids, filters)
    # PEOPLE_WITH_GROUPS has a row per person and group (accounts.person_groups): a person in
    # several groups counts in each column, and their extra rows come off the whole.
    extra = extra_groups(people)

    group_people = defaultdict(int, db.session.execute(
        select(TARGET_GROUP, func.count()).select_from(PEOPLE_WITH_GROUPS).where(in_report)
        .group_by(TARGET_GROUP)).all())
    several, extra_rows = db.session.execute(
        select(func.count(), func.coalesce(func.sum(extra.c.extra), 0)).select_from(extra)).one()
    everyone = sum(group_people.values()) - int(extra_rows)  # PostgreSQL sums integers as numeric

    by_group, by_skill = defaultdict(lambda: ZERO), defaultdict(lambda: ZERO)
    for skill_set_id, group_id, hours in db.session.execute(
            select(PersonYearHours.skill_set_key, TARGET_GROUP, func.sum(counted_hours()))
            .select_from(PEOPLE_WITH_GROUPS).join(PersonYearHours, PersonYearHours.person_id == Person.id)
            .where(in_report, PersonYearHours.fiscal_year == filters.fiscal_year, _skill_set_rows(filters))
            .group_by(PersonYearHours.skill_set_key, TARGET_GROUP)):
        by_group[skill_set_id, group_id] = hours
        by_skill[skill_set_id] += hours
    for skill_set_id, repeated in db.session.execute(
            select(PersonYearHours.skill_set_key, func.sum(counted_hours() * extra.c.extra))
            .join(extra, extra.c.person_id == PersonYearHours.person_id)
            .where(PersonYearHours.fiscal_year == filters.fiscal_year, _skill_set_rows(filters))
            .group_by(PersonYearHours.skill_set_key)):
        by_skill[skill_set_id] -= repeated

    columns = tuple([GroupColumn(g, group_people[g.id]) for g in groups] + [GroupColumn(None, everyone)])
    raw = [[(by_group[s.id, c.group.id] if c.group else by_skill[s.id], c.people) for c in columns]
           for s in skill_sets]
    highest = max((per(hours, n) or ZERO for row in raw for hours, n in row), default=ZERO)
    rows = tuple(SkillRow(s, tuple(Cell(hours, n, shade_of(per(hours, n), highest)) for hours, n in row))
                 for s, row in zip(skill_sets, raw, strict=True))
    return SkillsFigures(
        fiscal_year=filters.fiscal_year, people=everyone, in_several_groups=several,
        without_group=group_people[None], columns=columns, rows=rows,
        phase_roles=_phase_roles(org_ids, filters, groups))


def _skill_set_rows(filters: ReportFilters):
    """The sums rows of the skill set filtered on, else of every skill set: keys above 0 (a
    range of the index, where a list of ids would be a lookup per id)."""
    if filters.skill_set_id is not None:
        return PersonYearHours.skill_set_key == filters.skill_set_id
    return PersonYearHours.skill_set_key > ALL_SKILL_SETS


def shade_of(value: Decimal | None, highest: Decimal) -> int:
    """The heat map's step for hours per person: 0 for none, else 1…SHADES in equal bands up
    to the table's highest value (a ratio: the same wherever the table is read)."""
    if not value or highest <= 0:
        return 0
    return max(1, min(SHADES, int((value * SHADES / highest).to_integral_value(ROUND_CEILING))))


def _phase_roles(org_ids: list[int], filters: ReportFilters, groups: list[TargetGroup]) -> tuple[PhaseRoles, ...]:
    """The expected roles of the phase filtered on, else of each phase the agencies of these
    units have set (usually one), with the next phase's as future roles."""
    if filters.phase_id is not None:
        phase_ids = {filters.phase_id}
    else:
        phase_of = agency_phase_of_units()
        phase_ids = {phase_of.get(org_id) for org_id in org_ids} - {None}
    if not phase_ids:
        return ()
    phases = ordered(Phase)
    following = {p.id: (phases[i + 1] if i + 1 < len(phases) else None) for i, p in enumerate(phases)}
    wanted = phase_ids | {p.id for p in following.values() if p is not None}
    roles = {(r.target_group_id, r.phase_id): r for r in db.session.scalars(
        select(ExpectedRole).where(ExpectedRole.phase_id.in_(wanted)))}
    result = []
    for phase in phases:
        if phase.id in phase_ids:
            after = following[phase.id]
            result.append(PhaseRoles(phase, after, tuple(
                RoleRow(g, roles.get((g.id, phase.id)), roles.get((g.id, after.id)) if after else None)
                for g in groups)))
    return tuple(result)
