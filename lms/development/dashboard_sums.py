"""The learner dashboard's sums: four statements over one person's records and plan.

The statements are built once per process with bound parameters: building a SQLAlchemy
statement costs more than SQLite takes to run one of these, and they run on every view of
the page. Rows come back as plain tuples; names come from the reference cache, not joins.
Sums are Decimals with two places (the hours column's scale) on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from sqlalchemy import and_, bindparam, case, func, literal, or_, select

from ..extensions import db
from ..records.models import LearningRecord, record_skill_sets
from .models import DevelopmentPlan, PlanItem, PlanRevision

ZERO = Decimal("0.00")
_records = LearningRecord.__table__
_tags = record_skill_sets
_in_period = and_(_records.c.occurred_on >= bindparam("start"), _records.c.occurred_on <= bindparam("end"))
_pending = _records.c.status == "pending"


def _sum_hours(condition):
    # The status test sits inside the sum, not in WHERE: the person's own index drives the
    # query (mix._counted_hours says why).
    return func.coalesce(func.sum(case((condition, _records.c.hours), else_=ZERO)), ZERO)


def _count(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _is_counted(counted: tuple[str, ...]):
    # OR of equalities rather than IN: an IN list is an "expanding" parameter, rendered again
    # on every execution.
    return or_(*(_records.c.status == status for status in counted))


@lru_cache(maxsize=4)
def _by_method(counted: tuple[str, ...]):
    """Per method over all the person's records: counted and pending hours in the period, and
    how many entries wait for verification or were returned whatever their date."""
    return (
        select(_records.c.learning_method_id,
               _sum_hours(and_(_is_counted(counted), _in_period)), _sum_hours(and_(_pending, _in_period)),
               _count(_pending), _count(_records.c.status == "returned"))
        .where(_records.c.person_id == bindparam("person_id"))
        .group_by(_records.c.learning_method_id)
    )


@lru_cache(maxsize=4)
def _by_skill_set_and_method(counted: tuple[str, ...]):
    """Per (skill set, method) in the period; a NULL skill set holds untagged records' hours."""
    return (
        select(_tags.c.skill_set_id, _records.c.learning_method_id, _sum_hours(_is_counted(counted)))
        .select_from(_records.outerjoin(_tags, _tags.c.record_id == _records.c.id))
        .where(_records.c.person_id == bindparam("person_id"), _in_period)
        .group_by(_tags.c.skill_set_id, _records.c.learning_method_id)
    )


_plans, _revisions, _items = DevelopmentPlan.__table__, PlanRevision.__table__, PlanItem.__table__
# The person's plan for the year: every revision, each with its items (none: one row of NULLs).
_PLAN = (
    select(_plans.c.id, _revisions.c.id, _revisions.c.number, _revisions.c.status, _items.c.id,
           _items.c.skill_set_id, _items.c.learning_method_id, _items.c.planned_hours)
    .select_from(_plans.join(_revisions, _revisions.c.plan_id == _plans.c.id)
                 .outerjoin(_items, _items.c.revision_id == _revisions.c.id))
    .where(_plans.c.person_id == bindparam("person_id"), _plans.c.fiscal_year == bindparam("fiscal_year"))
    .order_by(_revisions.c.number, _items.c.id)
)

_RETURNED = (
    select(_records.c.id, _records.c.title, _records.c.occurred_on, _records.c.hours)
    .where(_records.c.person_id == bindparam("person_id"), _records.c.status == literal("returned"))
    .order_by(_records.c.occurred_on.desc(), _records.c.id.desc())
    .limit(bindparam("limit"))
)


@dataclass(frozen=True)
class MethodSums:
    counted: dict[int, Decimal]  # method id → counted hours in the period (> 0 only)
    pending: dict[int, Decimal]  # method id → hours awaiting verification in the period (> 0 only)
    pending_count: int  # entries awaiting verification, any date
    returned_count: int  # returned entries, any date

    @property
    def pending_hours(self) -> Decimal:
        return sum(self.pending.values(), ZERO)


def method_sums(person_id: int, start: date, end: date, counted: tuple[str, ...]) -> MethodSums:
    """Counted and pending hours per method in the period (both days included), with the
    person's pending and returned entry counts: one statement."""
    sums, waiting, pending_count, returned_count = {}, {}, 0, 0
    rows = db.session.execute(_by_method(counted), {"person_id": person_id, "start": start, "end": end})
    for method_id, hours, pending_hours, pending, returned in rows:
        if hours > 0:
            sums[method_id] = hours
        if pending_hours > 0:
            waiting[method_id] = pending_hours
        pending_count += pending
        returned_count += returned
    return MethodSums(sums, waiting, pending_count, returned_count)


def skill_set_method_sums(person_id: int, start: date, end: date,
                          counted: tuple[str, ...]) -> dict[tuple[int | None, int], Decimal]:
    """Counted hours per (skill set id, method id) in the period, > 0 only; the skill set is
    None for untagged records. A record tagged with two skill sets counts under both."""
    rows = db.session.execute(_by_skill_set_and_method(counted),
                              {"person_id": person_id, "start": start, "end": end})
    return {(skill_set_id, method_id): hours for skill_set_id, method_id, hours in rows if hours > 0}


@dataclass(frozen=True)
class PlanRow:
    plan_id: int
    revision_id: int
    revision_number: int
    revision_status: str
    item_id: int | None
    skill_set_id: int | None
    method_id: int | None
    planned_hours: Decimal | None


def plan_rows(person_id: int, fiscal_year: int) -> list[PlanRow]:
    """The person's plan for the year as rows: revisions by number, items by id."""
    return [PlanRow(*row) for row in db.session.execute(
        _PLAN, {"person_id": person_id, "fiscal_year": fiscal_year})]


def returned_rows(person_id: int, limit: int) -> list[tuple]:
    """The person's newest returned entries: (id, title, occurred_on, hours)."""
    return db.session.execute(_RETURNED, {"person_id": person_id, "limit": limit}).all()
