"""Reminders for learners: classes, enrolment, activity, the 70:20:10 mix, plans and the fiscal year.

Each function is a job: RunContext in, lists of Reminders out (see reminders/__init__.py).
"""

from collections import defaultdict
from collections.abc import Iterator
from datetime import timedelta
from functools import cache, lru_cache

from sqlalchemy import Integer, and_, bindparam, cast, exists, func, or_, select

from ...accounts.models import Organisation, Person
from ...accounts.person_groups import in_target_groups
from ...catalog.models import CourseVersion, version_skill_sets
from ...classes.models import (
    SEATED_STATES,
    ClassMeeting,
    CourseClass,
    Enrolment,
    class_organisations,
    class_target_groups,
)
from ...core.dates import fiscal_year_bounds, fiscal_year_of, local_date
from ...development.mix import counted_only_verified, counted_statuses, mix_failures_for_people
from ...development.models import DevelopmentPlan, PlanDecision, PlanItem, PlanRevision, RecordReview
from ...extensions import db
from ...records.models import LearningRecord, record_skill_sets
from ...reference.models import LearningMethod, SkillSet, group_skill_sets
from ...rules.formatting import hours_text
from ..services import Reminder
from ..settings import setting
from .common import REMINDABLE, MixFailing, RunContext, day_bounds, iso, people_windows, rows_of, scalars_of, unindexed

Batches = Iterator[list[Reminder]]


def _class_facts(class_id, name, title_th, title_en) -> dict:
    return {"class_id": class_id, "class_name": name, "course_th": title_th, "course_en": title_en}


def class_tomorrow(ctx: RunContext) -> Batches:
    """Everyone holding a seat in a class that meets tomorrow (Bangkok), once per meeting."""
    tomorrow = ctx.today + timedelta(days=1)
    start, end = day_bounds(tomorrow)
    rows = db.session.execute(
        select(Enrolment.person_id, ClassMeeting.id, ClassMeeting.title, ClassMeeting.starts_at,
               ClassMeeting.ends_at, CourseClass.id, CourseClass.name, CourseClass.place,
               CourseClass.online_url, CourseVersion.title_th, CourseVersion.title_en)
        .join(CourseClass, CourseClass.id == ClassMeeting.class_id)
        .join(CourseVersion, CourseVersion.id == CourseClass.course_version_id)
        .join(Enrolment, and_(Enrolment.class_id == CourseClass.id, Enrolment.status == "enrolled"))
        .join(Person, Person.id == Enrolment.person_id)
        .where(ClassMeeting.starts_at >= start, ClassMeeting.starts_at < end,
               CourseClass.is_cancelled.is_(False), *REMINDABLE)
    ).all()
    payloads: dict[int, dict] = {}
    reminders = []
    for person_id, meeting_id, title, starts, ends, class_id, name, place, url, th, en in rows:
        payload = payloads.setdefault(meeting_id, {
            **_class_facts(class_id, name, th, en), "meeting_title": title, "starts_at": iso(starts),
            "ends_at": iso(ends), "place": place, "online_url": url})
        reminders.append(Reminder(person_id, f"meeting:{meeting_id}", tomorrow.isoformat(), payload))
    yield reminders


def _organisation_children() -> dict[int | None, list[int]]:
    """The organisation tree as {parent id: child ids} (small: one query per run)."""
    children = defaultdict(list)
    for org_id, parent_id in db.session.execute(select(Organisation.id, Organisation.parent_id)):
        children[parent_id].append(org_id)
    return children


def _descendants(children: dict, org_ids: set[int]) -> set[int]:
    """The organisations given and every unit below them."""
    found, todo = set(), list(org_ids)
    while todo:
        org_id = todo.pop()
        if org_id not in found:
            found.add(org_id)
            todo.extend(children[org_id])
    return found


def _grouped(rows) -> dict[int, set[int]]:
    grouped = defaultdict(set)
    for key, value in rows:
        grouped[key].add(value)
    return grouped


def enrolment_closing(ctx: RunContext) -> Batches:
    """A class whose enrolment closes within a few days and still has seats, to each person it
    is recommended to: its course's skill sets include a foundation one or one recommended for
    their target groups, they may enrol (groups, organisations) and have not enrolled in it nor
    completed or joined another class of the course. Once per class.

    The reference data and the classes' links are read once; then one query per class."""
    last_day = ctx.today + timedelta(days=setting("REMINDER_ENROLMENT_CLOSING_DAYS"))
    seated = (select(func.count()).where(Enrolment.class_id == CourseClass.id,
                                          Enrolment.status.in_(SEATED_STATES))
              .correlate(CourseClass).scalar_subquery())
    classes = db.session.execute(
        select(CourseClass.id, CourseClass.name, CourseClass.enrol_closes_on, CourseClass.course_version_id,
               CourseVersion.course_id, CourseVersion.title_th, CourseVersion.title_en)
        .join(CourseVersion, CourseVersion.id == CourseClass.course_version_id)
        .where(CourseClass.is_cancelled.is_(False), CourseClass.enrol_opens_on <= ctx.today,
               CourseClass.enrol_closes_on >= ctx.today, CourseClass.enrol_closes_on <= last_day,
               seated < CourseClass.capacity)
    ).all()
    if not classes:
        return
    class_ids, version_ids = [c[0] for c in classes], [c[3] for c in classes]
    course_ids = {c[4] for c in classes}
    foundation = set(db.session.scalars(select(SkillSet.id).where(SkillSet.is_foundation)))
    groups_recommending = _grouped(db.session.execute(
        select(group_skill_sets.c.skill_set_id, group_skill_sets.c.target_group_id)))
    skills_of = _grouped(db.session.execute(
        select(version_skill_sets.c.course_version_id, version_skill_sets.c.skill_set_id)
        .where(version_skill_sets.c.course_version_id.in_(version_ids))))
    groups_of = _grouped(db.session.execute(
        select(class_target_groups.c.class_id, class_target_groups.c.target_group_id)
        .where(class_target_groups.c.class_id.in_(class_ids))))
    orgs_of = _grouped(db.session.execute(
        select(class_organisations.c.class_id, class_organisations.c.organisation_id)
        .where(class_organisations.c.class_id.in_(class_ids))))
    versions_of_course = _grouped(db.session.execute(
        select(CourseVersion.course_id, CourseVersion.id).where(CourseVersion.course_id.in_(course_ids))))
    classes_of_course = _grouped(db.session.execute(
        select(CourseVersion.course_id, CourseClass.id).join(CourseVersion)
        .where(CourseVersion.course_id.in_(course_ids))))
    children = _organisation_children()
    for class_id, name, closes_on, version_id, course_id, title_th, title_en in classes:
        skills = skills_of[version_id]
        recommending = set() if skills & foundation else set().union(*(groups_recommending[s] for s in skills))
        if not skills & foundation and not recommending:
            continue  # recommended to nobody
        query = _recommended_to(bool(recommending), bool(groups_of[class_id]), bool(orgs_of[class_id]))
        people = scalars_of(query, {
            "recommending": sorted(recommending), "groups": sorted(groups_of[class_id]),
            "organisations": sorted(_descendants(children, orgs_of[class_id])), "class_id": class_id,
            "course_classes": sorted(classes_of_course[course_id]),
            "course_versions": sorted(versions_of_course[course_id])})
        payload = {**_class_facts(class_id, name, title_th, title_en), "closes_on": iso(closes_on)}
        yield [Reminder(person_id, f"class:{class_id}", closes_on.isoformat(), payload) for person_id in people]


@cache
def _recommended_to(recommending: bool, for_groups: bool, in_organisations: bool):
    """enrolment_closing's query of one class's people, built once for each combination of
    the conditions that apply, the class's values as parameters: 6,000 classes each
    building their own query cost more than running it."""
    conditions = list(REMINDABLE)
    if recommending:  # none of the course's skill sets is a foundation one
        conditions.append(in_target_groups(bindparam("recommending", expanding=True)))
    if for_groups:
        conditions.append(in_target_groups(bindparam("groups", expanding=True)))
    if in_organisations:
        conditions.append(Person.organisation_id.in_(bindparam("organisations", expanding=True)))
    conditions += [
        ~exists().where(Enrolment.person_id == Person.id, or_(
            Enrolment.class_id == bindparam("class_id"),
            and_(Enrolment.class_id.in_(bindparam("course_classes", expanding=True)),
                 Enrolment.status != "withdrawn"))),
        ~exists().where(LearningRecord.person_id == Person.id,
                        LearningRecord.course_version_id.in_(bindparam("course_versions", expanding=True))),
    ]
    return select(Person.id).where(*conditions)


def no_learning(ctx: RunContext) -> Batches:
    """People with no learning recorded (returned entries aside) for N days, and again after
    each further N days; those who never recorded any count from when they were added."""
    days = setting("REMINDER_NO_LEARNING_DAYS")
    cutoff = ctx.today - timedelta(days=days)
    last = func.max(LearningRecord.occurred_on)
    for low, high in people_windows():
        rows = rows_of(
            select(Person.id, Person.created_at, last)
            # The window's range on the records too: PostgreSQL then reads them by index.
            .outerjoin(LearningRecord, and_(LearningRecord.person_id == Person.id,
                                            LearningRecord.person_id.between(low, high),
                                            LearningRecord.status != "returned"))
            .where(Person.id.between(low, high), *REMINDABLE)
            .group_by(Person.id, Person.created_at)
            .having(or_(last.is_(None), last <= cutoff)))
        reminders = []
        for person_id, created_at, last_on in rows:
            since = last_on or local_date(created_at)
            idle = (ctx.today - since).days
            if idle < days:
                continue
            stretch = idle // days  # reminded at N, 2N, 3N … days
            reminders.append(Reminder(person_id, "", f"{since.isoformat()}+{stretch}",
                                      {"since": iso(since), "days": idle, "never": last_on is None}))
        yield reminders


def mix_check(ctx: RunContext) -> Batches:
    """Once a month, people whose 70:20:10 mix this fiscal year is outside the tolerance, with
    their hours per bucket: the message (the rule's own, saying how many hours of what would
    bring it back, lms.rules.check_mix) is composed from them when it is shown or sent."""
    fiscal_year = fiscal_year_of(ctx.today)
    month = ctx.today.strftime("%Y-%m")
    found = MixFailing(ctx, fiscal_year)
    for low, high in people_windows():
        people = select(Person.id).where(Person.id.between(low, high), *REMINDABLE)
        failing = mix_failures_for_people(people, fiscal_year)
        found.add(high, failing)
        yield [Reminder(person_id, f"fy:{fiscal_year}", month,
                        {"fy": fiscal_year, "hours": {bucket: str(amount) for bucket, amount in hours.items()}})
               for person_id, hours in failing.items()]
    found.complete()


def plan_returned(ctx: RunContext) -> Batches:
    """A plan returned for changes (by either approver), once per return, with the comment."""
    returns = ("returned", "second_level_returned")
    latest_return = (select(func.max(PlanDecision.id))
                     .where(PlanDecision.revision_id == PlanRevision.id, PlanDecision.kind.in_(returns))
                     .correlate(PlanRevision).scalar_subquery())
    rows = db.session.execute(
        select(DevelopmentPlan.person_id, DevelopmentPlan.id, DevelopmentPlan.fiscal_year,
               PlanDecision.id, PlanDecision.comment, PlanDecision.created_at)
        .join(PlanRevision, PlanRevision.plan_id == DevelopmentPlan.id)
        .join(PlanDecision, PlanDecision.id == latest_return)
        .join(Person, Person.id == DevelopmentPlan.person_id)
        .where(PlanRevision.status == "returned", *REMINDABLE,
               PlanDecision.created_at >= ctx.days_ago(setting("REMINDER_RETURNED_LOOKBACK_DAYS")))
    ).all()
    yield [Reminder(person_id, f"plan:{plan_id}", f"decision:{decision_id}",
                    {"plan_id": plan_id, "fy": fiscal_year, "comment": comment, "returned_at": iso(at)})
           for person_id, plan_id, fiscal_year, decision_id, comment, at in rows]


def record_returned(ctx: RunContext) -> Batches:
    """A learning-log entry returned by the supervisor, once per return, with the comment."""
    latest_return = (select(func.max(RecordReview.id))
                     .where(RecordReview.record_id == LearningRecord.id, RecordReview.decision == "returned")
                     .correlate(LearningRecord).scalar_subquery())
    rows = db.session.execute(
        select(LearningRecord.person_id, LearningRecord.id, LearningRecord.title, LearningRecord.occurred_on,
               LearningRecord.hours, RecordReview.id, RecordReview.comment, RecordReview.created_at)
        .join(RecordReview, RecordReview.id == latest_return)
        .join(Person, Person.id == LearningRecord.person_id)
        .where(LearningRecord.status == "returned", *REMINDABLE,
               RecordReview.created_at >= ctx.days_ago(setting("REMINDER_RETURNED_LOOKBACK_DAYS")))
    ).all()
    yield [Reminder(person_id, f"record:{record_id}", f"review:{review_id}",
                    {"record_id": record_id, "title": title, "occurred_on": iso(day), "hours": hours_text(hours),
                     "comment": comment, "returned_at": iso(at)})
           for person_id, record_id, title, day, hours, review_id, comment, at in rows]


def no_agreed_plan(ctx: RunContext) -> Batches:
    """From the plan deadline (N days before the fiscal year starts) until it starts, once,
    everyone without an agreed plan for the coming year."""
    coming = fiscal_year_of(ctx.today) + 1
    starts_on, _ends_on = fiscal_year_bounds(coming)
    deadline = starts_on - timedelta(days=setting("REMINDER_PLAN_DEADLINE_DAYS"))
    if not deadline <= ctx.today < starts_on:
        return
    agreed = exists().where(DevelopmentPlan.person_id == Person.id, DevelopmentPlan.fiscal_year == coming,
                            PlanRevision.plan_id == DevelopmentPlan.id, PlanRevision.status == "agreed")
    payload = {"fy": coming, "deadline": iso(deadline), "starts_on": iso(starts_on)}
    for low, high in people_windows():
        people = scalars_of(select(Person.id).where(Person.id.between(low, high), *REMINDABLE, ~agreed))
        yield [Reminder(person_id, f"fy:{coming}", "deadline", payload) for person_id in people]


def _fiscal_year_end_stage(ctx: RunContext) -> tuple[int, int] | None:
    """(stage in days, days left) when a stage (60, 30 …) has been reached this fiscal year."""
    _starts_on, ends_on = fiscal_year_bounds(fiscal_year_of(ctx.today))
    left = (ends_on - ctx.today).days
    reached = [stage for stage in setting("REMINDER_FISCAL_YEAR_END_DAYS") if left <= stage]
    return (min(reached), left) if reached else None


def _cents(hours):
    """SUM(hours) in whole hundredths, an integer: exact, and cheaper to fetch than Decimals."""
    return cast(func.round(func.sum(hours) * 100), Integer)


@lru_cache(maxsize=1 << 16)  # a run formats millions of sums, of a few thousand values
def _hours_of(cents: int) -> str:
    """Hundredths of an hour as the payload keeps hours ("6.50"); the message shows "6.5"."""
    return f"{cents // 100}.{cents % 100:02d}"


def _most_left_first(item) -> tuple:
    left_hours, skill, method, _hours, _done = item
    return -left_hours, skill, method


def fiscal_year_end(ctx: RunContext) -> Batches:
    """At 60 and 30 days before the fiscal year ends, what remains of each agreed plan, per
    skill set and method (planned hours less the hours counted); nothing for a plan done.
    A stage missed while the scheduler was down is sent late, once; never two at once."""
    stage = _fiscal_year_end_stage(ctx)
    if stage is None:
        return
    stage_days, left = stage
    fiscal_year = fiscal_year_of(ctx.today)
    starts_on, ends_on = fiscal_year_bounds(fiscal_year)
    statuses = counted_statuses(counted_only_verified())
    ends = iso(ends_on)
    for low, high in people_windows():
        people = select(Person.id).where(Person.id.between(low, high), *REMINDABLE)
        newest_agreed = (select(PlanRevision.plan_id, func.max(PlanRevision.number).label("number"))
                         .join(DevelopmentPlan, DevelopmentPlan.id == PlanRevision.plan_id)
                         .where(unindexed(PlanRevision.status) == "agreed", DevelopmentPlan.fiscal_year == fiscal_year,
                                DevelopmentPlan.person_id.between(low, high))
                         .group_by(PlanRevision.plan_id).subquery())
        planned = rows_of(
            select(DevelopmentPlan.person_id, SkillSet.slug, LearningMethod.slug, _cents(PlanItem.planned_hours))
            .join(newest_agreed, newest_agreed.c.plan_id == DevelopmentPlan.id)
            .join(PlanRevision, and_(PlanRevision.plan_id == DevelopmentPlan.id,
                                     PlanRevision.number == newest_agreed.c.number))
            .join(PlanItem, PlanItem.revision_id == PlanRevision.id)
            .join(SkillSet, SkillSet.id == PlanItem.skill_set_id)
            .join(LearningMethod, LearningMethod.id == PlanItem.learning_method_id)
            .where(DevelopmentPlan.fiscal_year == fiscal_year, DevelopmentPlan.person_id.in_(people))
            .group_by(DevelopmentPlan.person_id, SkillSet.slug, LearningMethod.slug))
        if not planned:
            continue
        with_plan = select(DevelopmentPlan.person_id).join(newest_agreed, newest_agreed.c.plan_id == DevelopmentPlan.id)
        recorded = {(person_id, skill, method): cents for person_id, skill, method, cents in rows_of(
            select(LearningRecord.person_id, SkillSet.slug, LearningMethod.slug, _cents(LearningRecord.hours))
            .join(record_skill_sets, record_skill_sets.c.record_id == LearningRecord.id)
            .join(SkillSet, SkillSet.id == record_skill_sets.c.skill_set_id)
            .join(LearningMethod, LearningMethod.id == LearningRecord.learning_method_id)
            .where(LearningRecord.person_id.in_(people), LearningRecord.person_id.in_(with_plan),
                   LearningRecord.person_id.between(low, high),
                   LearningRecord.occurred_on >= starts_on, LearningRecord.occurred_on <= ends_on,
                   LearningRecord.status.in_(statuses))
            .group_by(LearningRecord.person_id, SkillSet.slug, LearningMethod.slug))}
        remaining = defaultdict(list)
        for person_id, skill, method, cents in planned:
            done = recorded.get((person_id, skill, method), 0)
            if done < cents:
                remaining[person_id].append((cents - done, skill, method, cents, done))
        yield [Reminder(person_id, f"fy:{fiscal_year}", f"{stage_days}d", {
                   "fy": fiscal_year, "ends_on": ends, "days_left": left,
                   "items": [[skill, method, _hours_of(cents), _hours_of(done), _hours_of(left_cents)]
                             for left_cents, skill, method, cents, done in sorted(items, key=_most_left_first)]})
               for person_id, items in remaining.items()]
