"""What a report counts: the fiscal year and the filters (target group, phase, employment type,
skill set), and the people they select in a set of units. Every section of the report reads
its people from `people_in_report`, so the sections always count the same population."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import Select, select

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
    return select(Person.id).where(Person.organisation_id.in_(list(org_ids)), *person_conditions(filters))


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
