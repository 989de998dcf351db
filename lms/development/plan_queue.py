"""The development plans waiting for a supervisor's decision: the queue, and its counts for
the team and home pages (every view shows them, so the counts run on statements built once)."""

from functools import cache

from sqlalchemy import bindparam, case, exists, func, select, union_all
from sqlalchemy.orm import aliased, contains_eager, selectinload

from ..accounts.delegation import supervised_ids
from ..accounts.models import Person
from ..extensions import db
from ..rules.agreement import GROUPS_AGREED_BY_SUPERVISOR_ALONE
from .models import DevelopmentPlan, PlanDecision, PlanRevision, plan_target_groups


def waiting_for(supervisor: Person):
    """A query for the submitted revisions waiting for `supervisor`'s decision, oldest first.

    Their direct reports' revisions not yet agreed at the first level, and their reports'
    reports' revisions already agreed at the first level that need the second (R5).
    Each level is its own query, driven by the people's supervisor index: as one OR the
    database would read every submitted revision on the site.
    """
    deciders = supervised_ids(supervisor)
    # The reports' ids as values, not a subquery: the planner then reads by the supervisor index.
    reports = list(db.session.scalars(select(Person.id).where(Person.supervisor_id.in_(deciders))))
    waiting = _waiting_ids(deciders, reports)
    owner = aliased(Person)
    return (
        select(PlanRevision)
        .join(waiting, waiting.c.id == PlanRevision.id)
        .join(PlanRevision.plan).join(owner, DevelopmentPlan.person)
        .where(owner.is_active)
        .options(contains_eager(PlanRevision.plan).contains_eager(DevelopmentPlan.person.of_type(owner)),
                 selectinload(PlanRevision.target_groups))
        .order_by(PlanRevision.submitted_at, PlanRevision.id)
    )


def waiting_count(supervisor: Person) -> int:
    """How many revisions `waiting_for(supervisor)` finds."""
    return sum(waiting_counts(supervisor))


def waiting_counts(supervisor: Person) -> tuple[int, int]:
    """The revisions `waiting_for(supervisor)` finds, counted as (those whose owner reports to
    the supervisor or to someone they act for, the others: second-level approvals), on
    statements built once per process (the team page and the home page show them on every view)."""
    reports_of, count = _waiting_count_statements()
    deciders = supervised_ids(supervisor)
    reports = list(db.session.execute(reports_of, {"deciders": deciders}).scalars())
    first, total = db.session.execute(count, {"deciders": deciders, "reports": reports}).one()
    return first, total - first


def _waiting_ids(deciders, reports):
    """Subquery: the ids of the submitted revisions waiting for `deciders` (see waiting_for),
    on values or on expanding bound parameters; `reports` are the deciders' reports."""
    last_submitted = (select(func.max(PlanDecision.id))
                      .where(PlanDecision.revision_id == PlanRevision.id, PlanDecision.kind == "submitted")
                      .correlate(PlanRevision).scalar_subquery())
    first_level_agreed = exists().where(PlanDecision.revision_id == PlanRevision.id,
                                        PlanDecision.kind == "agreed", PlanDecision.id > last_submitted)
    group_count = (select(func.count()).select_from(plan_target_groups)
                   .where(plan_target_groups.c.revision_id == PlanRevision.id)
                   .correlate(PlanRevision).scalar_subquery())

    def submitted_by(owner):
        return (select(PlanRevision.id).join(PlanRevision.plan).join(owner, DevelopmentPlan.person)
                .where(PlanRevision.status == "submitted"))

    owner = aliased(Person)
    return union_all(
        submitted_by(owner).where(owner.supervisor_id.in_(deciders), ~first_level_agreed),
        submitted_by(owner).where(owner.supervisor_id.in_(reports), first_level_agreed,
                                  group_count > GROUPS_AGREED_BY_SUPERVISOR_ALONE),
    ).subquery()


@cache
def _waiting_count_statements():
    """waiting_count's two statements, built once on first use (after every model is mapped):
    building them costs more than running them."""
    reports_of = select(Person.id).where(Person.supervisor_id.in_(bindparam("deciders", expanding=True)))
    waiting = _waiting_ids(bindparam("deciders", expanding=True), bindparam("reports", expanding=True))
    owner = aliased(Person)
    # Sums rather than GROUP BY a CASE: PostgreSQL refuses a grouped expression with parameters.
    first_level = func.coalesce(func.sum(case(
        (owner.supervisor_id.in_(bindparam("deciders", expanding=True)), 1), else_=0)), 0)
    count = (select(first_level, func.count()).select_from(PlanRevision)
             .join(waiting, waiting.c.id == PlanRevision.id)
             .join(PlanRevision.plan).join(owner, DevelopmentPlan.person)
             .where(owner.is_active))
    return reports_of, count
