"""Plan progress on the learner dashboard: planned against recorded hours per item of the plan
in force, read as plain rows (one statement) and named from the reference cache."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..accounts.models import Person
from ..core.dates import fiscal_year_bounds
from ..reference.cache import MethodRef, ReferenceData, SkillSetRef, reference_data
from . import dashboard_sums as sums
from . import mix


@dataclass(frozen=True)
class PlanItemLine:
    """An item of the plan shown, with its skill set and method from the reference data."""

    id: int
    skill_set: SkillSetRef
    method: MethodRef
    planned_hours: Decimal


@dataclass(frozen=True)
class PlanItemProgress:
    item: PlanItemLine
    recorded_hours: Decimal

    @property
    def reached(self) -> bool:
        return self.recorded_hours >= self.item.planned_hours


@dataclass(frozen=True)
class RevisionShown:
    id: int
    number: int
    status: str


@dataclass(frozen=True)
class PlanProgress:
    """The plan in force: its agreed revision, else the newest one (being drafted or decided)."""

    plan_id: int
    revision: RevisionShown
    state: str  # the newest revision's status: what the learner is doing with the plan now
    items: tuple[PlanItemProgress, ...]

    @property
    def planned_hours(self) -> Decimal:
        return sum((p.item.planned_hours for p in self.items), Decimal(0))


def plan_progress(person: Person, fiscal_year: int, *, verified_only: bool) -> PlanProgress | None:
    """Planned against recorded hours per item of the person's plan for the year, or None.

    An item's recorded hours are the counted hours of records with the item's method and
    tagged with its skill set; two items with the same pair both show the same hours.
    """
    start, end = fiscal_year_bounds(fiscal_year)
    recorded = sums.skill_set_method_sums(person.id, start, end, mix.counted_statuses(verified_only))
    return plan_progress_from(person.id, fiscal_year, recorded, reference_data())


def plan_progress_from(person_id: int, fiscal_year: int, recorded: dict[tuple[int | None, int], Decimal],
                       reference: ReferenceData) -> PlanProgress | None:
    """plan_progress on sums already read: `recorded` maps (skill set id, method id) to hours."""
    rows = sums.plan_rows(person_id, fiscal_year)
    if not rows:
        return None
    revisions = {r.revision_number: RevisionShown(r.revision_id, r.revision_number, r.revision_status)
                 for r in rows}
    newest = revisions[max(revisions)]
    agreed = [r for r in revisions.values() if r.status == "agreed"]
    shown = max(agreed, key=lambda r: r.number) if agreed else newest
    items = tuple(
        PlanItemProgress(
            PlanItemLine(r.item_id, reference.skill_sets_by_id[r.skill_set_id],
                         reference.methods_by_id[r.method_id], r.planned_hours),
            recorded.get((r.skill_set_id, r.method_id), Decimal(0)))
        for r in rows if r.revision_id == shown.id and r.item_id is not None
    )
    return PlanProgress(plan_id=rows[0].plan_id, revision=shown, state=newest.status, items=items)
