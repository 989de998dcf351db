"""Reminders for supervisors: one weekly digest, and second-level approvals waiting.

"Waiting" follows the plan workflow (lms.development.plan_queue.waiting_for): a submitted
revision waits for the immediate supervisor until they agree it, then, when more than
one target group is proposed, for the supervisor one level higher (R5).
"""

from collections import defaultdict
from collections.abc import Iterator

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import aliased

from ...accounts.models import Person
from ...assessment.ratings.models import ExternalResult, SkillAssessment
from ...core.dates import fiscal_year_of
from ...development.models import DevelopmentPlan, PlanDecision, PlanRevision, plan_target_groups
from ...extensions import db
from ...records.models import LearningRecord
from ...rules.agreement import GROUPS_AGREED_BY_SUPERVISOR_ALONE
from ..services import Reminder
from ..settings import setting
from .common import REMINDABLE, RunContext, id_windows, iso, iso_week, mix_failing_among, rows_of, scalars_of, unindexed

Batches = Iterator[list[Reminder]]
DIGEST_PEOPLE = 25  # people listed by name in one digest; the rest are counted


def _last_submitted():
    return (select(func.max(PlanDecision.id))
            .where(PlanDecision.revision_id == PlanRevision.id, PlanDecision.kind == "submitted")
            .correlate(PlanRevision).scalar_subquery())


def _first_level_agreed():
    """The immediate supervisor agreed the revision's latest submission."""
    return exists().where(PlanDecision.revision_id == PlanRevision.id, PlanDecision.kind == "agreed",
                          PlanDecision.id > _last_submitted())


def _group_count():
    return (select(func.count()).select_from(plan_target_groups)
            .where(plan_target_groups.c.revision_id == PlanRevision.id)
            .correlate(PlanRevision).scalar_subquery())


def _remindable(person) -> tuple:
    return person.is_active.is_(True), person.organisation_id.is_not(None)


def _waiting_plans(reports) -> dict[int, tuple[int, object]]:
    """{report id: (plans waiting for the immediate supervisor, submitted since)}."""
    rows = rows_of(
        select(DevelopmentPlan.person_id, func.count(), func.min(PlanRevision.submitted_at))
        .join(PlanRevision, PlanRevision.plan_id == DevelopmentPlan.id)
        .where(DevelopmentPlan.person_id.in_(reports), unindexed(PlanRevision.status) == "submitted",
               ~_first_level_agreed())
        .group_by(DevelopmentPlan.person_id))
    return {person_id: (count, since) for person_id, count, since in rows}


def _waiting_entries(reports) -> dict[int, tuple[int, object]]:
    """{report id: (log entries waiting for verification, waiting since)}."""
    since = func.min(func.coalesce(LearningRecord.updated_at, LearningRecord.created_at))
    rows = rows_of(
        select(LearningRecord.person_id, func.count(), since)
        .where(LearningRecord.person_id.in_(reports), LearningRecord.status == "pending")
        .group_by(LearningRecord.person_id))
    return {person_id: (count, since) for person_id, count, since in rows}


def _waiting_skills(reports) -> dict[int, tuple[int, object]]:
    """{report id: (self-assessments and external results waiting for the supervisor, since)}."""
    waiting: dict[int, tuple[int, object]] = {}
    for query in (
        select(SkillAssessment.person_id, func.count(), func.min(SkillAssessment.submitted_at))
        .where(SkillAssessment.person_id.in_(reports), SkillAssessment.state == "submitted")
        .group_by(SkillAssessment.person_id),
        select(ExternalResult.person_id, func.count(), func.min(ExternalResult.updated_at))
        .where(ExternalResult.person_id.in_(reports), ExternalResult.status == "pending")
        .group_by(ExternalResult.person_id),
    ):
        for person_id, count, since in rows_of(query):
            before = waiting.get(person_id)
            waiting[person_id] = (count, since) if before is None else (before[0] + count, min(before[1], since))
    return waiting


def _with_agreed_plan(reports, fiscal_year: int) -> set[int]:
    return set(scalars_of(
        select(DevelopmentPlan.person_id).join(PlanRevision, PlanRevision.plan_id == DevelopmentPlan.id)
        .where(DevelopmentPlan.person_id.in_(reports), DevelopmentPlan.fiscal_year == fiscal_year,
               unindexed(PlanRevision.status) == "agreed")))


def supervisor_digest(ctx: RunContext) -> Batches:
    """Once a week, one message per supervisor: their direct reports' plans, log entries, skill
    self-assessments and external results waiting for them, reports without an agreed plan this
    fiscal year and reports outside the 70:20:10 mix. Urgent (sent even if switched off) when
    something waited over 14 days."""
    week, fiscal_year = iso_week(ctx.today), fiscal_year_of(ctx.today)
    overdue_before = ctx.days_ago(setting("REMINDER_APPROVAL_OVERDUE_DAYS"))
    boss = aliased(Person)
    for low, high in id_windows(Person.supervisor_id, *REMINDABLE):
        reports = (select(Person.id).join(boss, boss.id == Person.supervisor_id)
                   .where(Person.supervisor_id.between(low, high), *REMINDABLE, *_remindable(boss)))
        people = rows_of(select(Person.id, Person.supervisor_id, Person.name_th, Person.name_en)
                         .where(Person.id.in_(reports)).order_by(Person.name_th))
        if not people:
            continue
        plans, entries, skills = _waiting_plans(reports), _waiting_entries(reports), _waiting_skills(reports)
        agreed = _with_agreed_plan(reports, fiscal_year)
        outside = mix_failing_among(ctx, fiscal_year, reports, (row[0] for row in people))
        listed = defaultdict(list)
        for person_id, supervisor_id, name_th, name_en in people:
            plan_count, plan_since = plans.get(person_id, (0, None))
            entry_count, entry_since = entries.get(person_id, (0, None))
            skill_count, skill_since = skills.get(person_id, (0, None))
            since = min((s for s in (plan_since, entry_since, skill_since) if s is not None), default=None)
            row = {"name_th": name_th, "name_en": name_en, "plans": plan_count, "entries": entry_count,
                   "skills": skill_count, "since": iso(since), "no_plan": person_id not in agreed,
                   "outside_mix": person_id in outside}
            if plan_count or entry_count or skill_count or row["no_plan"] or row["outside_mix"]:
                listed[supervisor_id].append((since is None, since, row))
        batch = []
        for supervisor_id, rows in listed.items():
            rows.sort(key=lambda r: (r[0], r[1] or 0))  # the longest waiting first
            oldest = rows[0][1]
            payload = {
                "week": week, "fy": fiscal_year,
                "plans": sum(r["plans"] for _w, _s, r in rows), "entries": sum(r["entries"] for _w, _s, r in rows),
                "skills": sum(r["skills"] for _w, _s, r in rows),
                "no_plan": sum(r["no_plan"] for _w, _s, r in rows),
                "outside_mix": sum(r["outside_mix"] for _w, _s, r in rows),
                "people": [r for _w, _s, r in rows[:DIGEST_PEOPLE]], "more": max(len(rows) - DIGEST_PEOPLE, 0),
                "oldest": iso(oldest),
            }
            batch.append(Reminder(supervisor_id, "", week, payload,
                                  urgent=oldest is not None and oldest < overdue_before))
        yield batch


def second_level_approvals(ctx: RunContext) -> Batches:
    """Once a week, one message to each supervisor one level up listing the plans their
    reports agreed that wait for their approval (more than one target group, R5)."""
    week = iso_week(ctx.today)
    overdue_before = ctx.days_ago(setting("REMINDER_APPROVAL_OVERDUE_DAYS"))
    first, second = aliased(Person), aliased(Person)
    agreed_at = (select(func.max(PlanDecision.created_at))
                 .where(PlanDecision.revision_id == PlanRevision.id, PlanDecision.kind == "agreed")
                 .correlate(PlanRevision).scalar_subquery())
    rows = db.session.execute(
        select(second.id, Person.name_th, Person.name_en, DevelopmentPlan.id, DevelopmentPlan.fiscal_year,
               agreed_at)
        .join(PlanRevision, PlanRevision.plan_id == DevelopmentPlan.id)
        .join(Person, Person.id == DevelopmentPlan.person_id)
        .join(first, first.id == Person.supervisor_id)
        .join(second, and_(second.id == first.supervisor_id, *_remindable(second)))
        .where(PlanRevision.status == "submitted", _first_level_agreed(),
               _group_count() > GROUPS_AGREED_BY_SUPERVISOR_ALONE,
               Person.is_active.is_(True))
        .order_by(agreed_at)
    ).all()
    waiting = defaultdict(list)
    for approver_id, name_th, name_en, plan_id, fiscal_year, since in rows:
        waiting[approver_id].append({"name_th": name_th, "name_en": name_en, "plan_id": plan_id, "fy": fiscal_year,
                                     "since": iso(since), "overdue": since is not None and since < overdue_before})
    yield [Reminder(approver_id, "", week, {"week": week, "plans": plans},
                    urgent=any(plan["overdue"] for plan in plans))
           for approver_id, plans in waiting.items()]
