"""What a report counts: the fiscal year and the filters (target group, phase, employment type,
skill set), and the people they select in a set of units. Every section of the report reads
its people from `people_in_report`, so the sections always count the same population."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import Integer, Select, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.sql import FromClause

from ..accounts.models import Organisation, Person
from ..accounts.person_groups import in_target_groups
from ..accounts.scope import in_scope
from ..extensions import db

# The query-string names of the filters (?fy=2569&group=3 …): links keep them.
QUERY_NAMES = {
    "fiscal_year": "fy",
    "target_group_id": "group",
    "phase_id": "phase",
    "employment_type_id": "employment",
    "skill_set_id": "skill_set",
}


@dataclass(frozen=True)
class ReportFilters:
    fiscal_year: int  # B.E.
    target_group_id: int | None = None
    phase_id: int | None = None  # the person's agency's phase (R6)
    employment_type_id: int | None = None
    skill_set_id: int | None = None  # narrows hour figures to that skill set

    def previous_year(self) -> ReportFilters:
        """The same filters a fiscal year earlier: the report's comparison column."""
        return replace(self, fiscal_year=self.fiscal_year - 1)

    def query_args(self) -> dict:
        """The filters as query-string arguments for url_for, so links keep them (unset ones
        left out)."""
        return {QUERY_NAMES[name]: value for name, value in self.__dict__.items() if value is not None}


def people_in_report(org_ids: list[int], filters: ReportFilters) -> Select:
    """SELECT Person.id of the people the report counts: in those units, in scope that year
    (accounts.scope.in_scope: employment type and active during the year), matching the
    group, phase and employment filters. The skill-set filter narrows hours, not people."""
    return select(Person.id).where(in_units(Person.organisation_id, org_ids), *person_conditions(filters))


def in_units(column, org_ids: list[int]):
    """`column` is one of these units. On PostgreSQL one array parameter (`= ANY`): one bind for
    the 40,000 units of a national tree where a list would cost one each, and the planner knows
    how many there are; elsewhere `IN (…)`."""
    if _on_postgresql():
        return column == any_(bindparam("report_units", list(org_ids), type_=ARRAY(Integer), unique=True))
    return column.in_(list(org_ids))


def branches(root_ids: list[int]) -> FromClause:
    """(id, branch): every unit at or below each of `root_ids`, with the root it lies under.
    SQLite walks the tree in the statement (a recursive CTE); on PostgreSQL the walk is read first
    and the statement gets it as two arrays, because the planner guesses a recursive CTE's size
    (a few hundred rows for a national tree of 40,000) and then joins 2,000,000 people to it by
    nested loops instead of hashing."""
    tree = select(Organisation.id.label("id"), Organisation.id.label("branch")) \
        .where(Organisation.id.in_(list(root_ids))).cte("branches", recursive=True)
    tree = tree.union_all(select(Organisation.id, tree.c.branch).join(tree, Organisation.parent_id == tree.c.id))
    if not _on_postgresql():
        return tree
    rows = db.session.execute(select(tree.c.id, tree.c.branch)).all()
    unit_ids, branch_ids = ([row[i] for row in rows] for i in (0, 1))
    return func.unnest(bindparam("branch_units", unit_ids, type_=ARRAY(Integer), unique=True),
                       bindparam("branch_roots", branch_ids, type_=ARRAY(Integer), unique=True)) \
        .table_valued("id", "branch").render_derived("branches", with_types=False)


def _on_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def person_conditions(filters: ReportFilters) -> list:
    """The conditions on Person of `people_in_report` but the units: for queries that group
    the people by unit themselves (the drill-down)."""
    conditions = [in_scope(filters.fiscal_year)]
    if filters.target_group_id is not None:
        conditions.append(in_target_groups([filters.target_group_id]))
    if filters.employment_type_id is not None:
        conditions.append(Person.employment_type_id == filters.employment_type_id)
    if filters.phase_id is not None:
        conditions.append(Person.organisation_id.in_(units_in_phase(filters.phase_id)))
    return conditions


def units_in_phase(phase_id: int) -> list[int]:
    """The units whose agency (the nearest agency at or above them) has set that phase: a
    unit under an agency without a phase, or under none, is in no phase."""
    return [org_id for org_id, found in agency_phase_of_units().items() if found == phase_id]


def agency_phase_of_units() -> dict[int, int | None]:
    """Every unit's agency's phase id (None when its agency has set none, or it has no agency),
    from one read of the organisation tree: a few thousand rows at most, walked in memory."""
    rows = db.session.execute(select(Organisation.id, Organisation.parent_id, Organisation.is_agency,
                                     Organisation.phase_id)).all()
    nodes = {org_id: (parent_id, is_agency, phase_id) for org_id, parent_id, is_agency, phase_id in rows}
    found: dict[int, int | None] = {}

    def phase_of(org_id: int) -> int | None:
        path, node = [], org_id
        while node is not None and node not in found:
            path.append(node)
            parent_id, is_agency, phase_id = nodes[node]
            if is_agency:
                found[node] = phase_id
                path.pop()
                break
            node = parent_id if parent_id not in path else None  # a loop in the tree ends the walk
        answer = found.get(node) if node is not None else None
        for unit in path:
            found[unit] = answer
        return found[org_id]

    for org_id in nodes:
        phase_of(org_id)
    return found
