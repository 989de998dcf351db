"""What waits for a person, by role, for the top of the home page.

Read-only. Each section gathers counts (and a few named things to link to) from the
modules' own queries; a section exists only for a role the person holds, and holds only
what that person may act on (lms/core/access.py). The number of queries does not grow
with the number of reports, classes or people: counts are made in SQL, lists are capped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from functools import cache

from sqlalchemy import bindparam, exists, func, select
from sqlalchemy.orm import selectinload

from ..accounts.admin_services import people_query
from ..accounts.models import Person
from ..assessment.ratings import external as skill_results
from ..assessment.ratings import services as skill_ratings
from ..catalog.authoring import publish_problems
from ..catalog.models import Course, CourseSession, CourseVersion
from ..classes.enrolment import meetings_of_person, status_counts
from ..classes.models import SEATED_STATES, Attendance, ClassMeeting, CourseClass, Enrolment
from ..classes.services import institute_classes_query
from ..core.access import can
from ..core.audit import AuditEvent
from ..core.csv_import import REFUSED_IMPORT
from ..core.dates import fiscal_year_of, today_in_bangkok
from ..core.models import utcnow
from ..development import coaching, dashboard, log, plan_queue, plans
from ..development.models import DevelopmentPlan, PlanRevision
from ..extensions import db
from ..records.models import LearningRecord
from ..reference.services import policy_for
from ..rules import SECOND_LEVEL, SUPERVISOR, PolicyError
from ..rules.formatting import format_hours_up
from ..rules.mix import BucketFigures

# How far ahead "this week" and "starting soon" look.
WEEK = timedelta(days=7)
SOON = timedelta(days=14)
# Plan states in which the next step is the learner's (None: no plan yet).
PLAN_NEEDS_LEARNER = (None, "draft", "returned")
# Named things listed under a count; the count itself is always complete.
LISTED = 5


def _count(query) -> int:
    """How many rows a module's query returns, counted in SQL."""
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


# ---------------------------------------------------------------- learner


@dataclass(frozen=True)
class PlanNext:
    """The person's plan for the current fiscal year and what it needs next.

    `status` is None when there is none yet; `waiting_for` and `level` name who decides
    a submitted revision now (SUPERVISOR or SECOND_LEVEL).
    """

    fiscal_year: int
    plan_id: int | None = None
    status: str | None = None
    revision_number: int | None = None
    waiting_for: Person | None = None
    level: str | None = None


@dataclass(frozen=True)
class MixTip:
    """The one change that would most improve the 70:20:10 mix: add hours to `bucket`
    (the rule's own fix), or `empty` when nothing is recorded yet to judge."""

    empty: bool = False
    bucket: BucketFigures | None = None
    add_hours: str = ""
    target: str = ""


@dataclass(frozen=True)
class LearnerTodo:
    returned_entries: int
    coaching_to_acknowledge: int
    plan: PlanNext
    meetings: list[ClassMeeting]
    mix_tip: MixTip | None
    # The fiscal year whose skills the learner has still to rate (None: nothing to rate).
    skills_to_rate: int | None = None

    @property
    def waiting(self) -> int:
        """How many things wait for the learner: the mix tip is advice, not counted."""
        plan_needs = self.plan.status in PLAN_NEEDS_LEARNER
        return (self.returned_entries + self.coaching_to_acknowledge + int(plan_needs) + len(self.meetings)
                + int(self.skills_to_rate is not None))


def returned_entries(person: Person) -> int:
    """The person's log entries returned with a comment, to fix and resubmit."""
    return _count(log.entries_of(person).where(LearningRecord.status == "returned"))


def plan_next(person: Person, fiscal_year: int) -> PlanNext:
    """The state of the person's plan for the year and, when submitted, whose decision it waits for."""
    plan = plans.plan_for(person, fiscal_year)
    if plan is None:
        return PlanNext(fiscal_year)
    revision = plan.current
    waiting_for = level = None
    if revision.status == "submitted":
        for approver in plans.approvers(person):
            if approver is not None and (level := plans.decision_level(revision, approver)):
                waiting_for = approver
                break
    return PlanNext(fiscal_year, plan.id, revision.status, revision.number, waiting_for, level)


def mix_tip(person: Person, fiscal_year: int) -> MixTip | None:
    """R2's fix for the year, reduced to its largest addition; None when the mix is on target
    (or no policy judges the year)."""
    try:
        verdict = dashboard.year_mix_verdict(person, fiscal_year)
    except PolicyError:
        return None
    target = ":".join(str(f.target_percent) for f in verdict.buckets)
    if verdict.empty:
        return MixTip(empty=True, target=target)
    if verdict.ok:
        return None
    bucket = max(verdict.buckets, key=lambda f: f.add_hours)  # the largest of the rule's additions
    if bucket.add_hours <= 0:
        return None
    return MixTip(bucket=bucket, add_hours=format_hours_up(Fraction(bucket.add_hours)), target=target)


def learner_todo(person: Person, now: datetime, fiscal_year: int) -> LearnerTodo:
    return LearnerTodo(
        returned_entries=returned_entries(person),
        coaching_to_acknowledge=coaching.unacknowledged_count(person),
        plan=plan_next(person, fiscal_year),
        meetings=meetings_of_person(person, ends_after=now, starts_before=now + WEEK),
        mix_tip=mix_tip(person, fiscal_year),
        skills_to_rate=skill_ratings.self_assessment_due(person, today_in_bangkok()),
    )


# ---------------------------------------------------------------- supervisor


@dataclass(frozen=True)
class SupervisorTodo:
    entries_to_verify: int
    plans_to_agree: int
    second_level_approvals: int
    reports_without_plan: int
    fiscal_year: int
    # Skill assessments to confirm and external results to verify, together (one page holds both).
    skill_reviews: int = 0

    @property
    def waiting(self) -> int:
        return (self.entries_to_verify + self.plans_to_agree + self.second_level_approvals
                + self.reports_without_plan + self.skill_reviews)


def plans_waiting_by_level(supervisor: Person) -> dict[str, int]:
    """Plans waiting for the supervisor's decision, counted by approval level: a direct
    report's plan is theirs to agree first, a report's report's is a second-level approval
    (plan_queue.waiting_for decides which plans wait)."""
    first, second = plan_queue.waiting_counts(supervisor)
    return {SUPERVISOR: first, SECOND_LEVEL: second}


def reports_without_plan(supervisor: Person, fiscal_year: int) -> int:
    """Active direct reports with no plan (no revision of one) for the fiscal year."""
    return db.session.execute(_reports_without_plan(),
                              {"supervisor_id": supervisor.id, "fiscal_year": fiscal_year}).scalar_one()


@cache
def _reports_without_plan():
    """Built once, on bound parameters: the home page counts this on every supervisor's view."""
    has_plan = (exists().where(DevelopmentPlan.person_id == Person.id,
                               DevelopmentPlan.fiscal_year == bindparam("fiscal_year"),
                               PlanRevision.plan_id == DevelopmentPlan.id)
                .correlate(Person))
    return select(func.count()).select_from(Person).where(
        Person.supervisor_id == bindparam("supervisor_id"), Person.is_active, ~has_plan)


def supervisor_todo(supervisor: Person, fiscal_year: int) -> SupervisorTodo:
    by_level = plans_waiting_by_level(supervisor)
    return SupervisorTodo(
        entries_to_verify=_count(log.waiting_for(supervisor)),
        plans_to_agree=by_level.get(SUPERVISOR, 0),
        second_level_approvals=by_level.get(SECOND_LEVEL, 0),
        reports_without_plan=reports_without_plan(supervisor, fiscal_year),
        fiscal_year=fiscal_year,
        skill_reviews=(_count(skill_ratings.assessments_waiting_for(supervisor))
                       + _count(skill_results.results_waiting_for(supervisor))),
    )


# ---------------------------------------------------------------- author / institute staff


@dataclass(frozen=True)
class UnfilledClass:
    course_class: CourseClass
    seated: int

    @property
    def starts_at(self) -> datetime:
        return self.course_class.meetings[0].starts_at


@dataclass(frozen=True)
class RefusedDraft:
    version: CourseVersion
    problems: list


@dataclass(frozen=True)
class AuthorTodo:
    unfilled_classes: list[UnfilledClass]
    meetings_without_attendance: int
    listed_meetings: list[ClassMeeting]
    refused_drafts: list[RefusedDraft]

    @property
    def waiting(self) -> int:
        return len(self.unfilled_classes) + self.meetings_without_attendance + len(self.refused_drafts)


def _first_meeting_start():
    return (select(func.min(ClassMeeting.starts_at)).where(ClassMeeting.class_id == CourseClass.id)
            .correlate(CourseClass).scalar_subquery())


def unfilled_classes(person: Person, now: datetime) -> list[UnfilledClass]:
    """The institute's classes whose first session begins within SOON, with seats still free."""
    first = _first_meeting_start()
    classes = [c for c in db.session.scalars(
        institute_classes_query(person.institute_id).order_by(None)
        .where(CourseClass.is_cancelled.is_(False), first >= now, first < now + SOON).order_by(first))
        if can(person, "manage_class", c)]
    counts = status_counts([c.id for c in classes])
    seated = {c.id: sum(counts[c.id].get(state, 0) for state in SEATED_STATES) for c in classes}
    return [UnfilledClass(c, seated[c.id]) for c in classes if seated[c.id] < c.capacity]


def _meetings_without_attendance(person: Person, now: datetime):
    """Sessions of the institute's classes that have begun, with learners seated and no
    attendance recorded."""
    recorded = exists().where(Attendance.meeting_id == ClassMeeting.id)
    seated = exists().where(Enrolment.class_id == ClassMeeting.class_id, Enrolment.status.in_(SEATED_STATES))
    return (select(ClassMeeting).join(ClassMeeting.course_class)
            .where(CourseClass.institute_id == person.institute_id, CourseClass.is_cancelled.is_(False),
                   ClassMeeting.starts_at <= now, ~recorded, seated))


def refused_drafts(person: Person) -> list[RefusedDraft]:
    """The institute's drafts that publishing would refuse now, with the reasons."""
    drafts = db.session.scalars(
        select(CourseVersion).join(CourseVersion.course)
        .where(Course.institute_id == person.institute_id, CourseVersion.status == "draft")
        .order_by(Course.code)
        .options(selectinload(CourseVersion.course), selectinload(CourseVersion.skill_sets),
                 selectinload(CourseVersion.target_groups), selectinload(CourseVersion.phases),
                 selectinload(CourseVersion.credit_method),
                 selectinload(CourseVersion.sessions).selectinload(CourseSession.method))).all()
    policy = policy_for(today_in_bangkok())
    refused = []
    for version in drafts:
        if can(person, "edit_course", version.course) and (problems := publish_problems(version, policy)):
            refused.append(RefusedDraft(version, problems))
    return refused


def author_todo(person: Person, now: datetime) -> AuthorTodo:
    unrecorded = _meetings_without_attendance(person, now)
    listed = [m for m in db.session.scalars(
        unrecorded.order_by(ClassMeeting.starts_at.desc(), ClassMeeting.id.desc()).limit(LISTED)
        .options(selectinload(ClassMeeting.course_class).selectinload(CourseClass.version)))
        if can(person, "manage_class", m.course_class)]
    return AuthorTodo(
        unfilled_classes=unfilled_classes(person, now),
        meetings_without_attendance=_count(unrecorded),
        listed_meetings=listed,
        refused_drafts=refused_drafts(person),
    )


# ---------------------------------------------------------------- administrator


@dataclass(frozen=True)
class AdminTodo:
    without_supervisor: int
    listed_without_supervisor: list[Person]
    without_target_group: int
    listed_without_target_group: list[Person]
    refused_imports: int = 0

    @property
    def waiting(self) -> int:
        return self.without_supervisor + self.without_target_group + self.refused_imports


def admin_todo(admin: Person) -> AdminTodo:
    """Active people within the administrator's reach (accounts.admin_services.people_query)
    missing a supervisor, or any target group (agreed or from HR) for enrolment to go by."""
    people = people_query(admin).where(Person.is_active)
    no_supervisor = people.where(Person.supervisor_id.is_(None))
    no_group = people.where(~Person.target_groups.any(), Person.hr_target_group_id.is_(None))
    return AdminTodo(
        without_supervisor=_count(no_supervisor),
        listed_without_supervisor=list(db.session.scalars(no_supervisor.limit(LISTED))),
        without_target_group=_count(no_group),
        listed_without_target_group=list(db.session.scalars(no_group.limit(LISTED))),
        refused_imports=refused_imports(admin),
    )


REFUSED_IMPORTS_DAYS = 30


def refused_imports(admin: Person, now: datetime | None = None) -> int:
    """HR imports refused lately (lms.core.csv_import): site administrators run them for the
    whole site, so only they are shown these."""
    if not admin.is_site_admin:
        return 0
    since = (now or utcnow()) - timedelta(days=REFUSED_IMPORTS_DAYS)
    return _count(select(AuditEvent.id).where(AuditEvent.kind == REFUSED_IMPORT, AuditEvent.occurred_at >= since))


# ---------------------------------------------------------------- all of a person's roles


@dataclass(frozen=True)
class Todo:
    learner: LearnerTodo
    supervisor: SupervisorTodo | None = None
    author: AuthorTodo | None = None
    admin: AdminTodo | None = None

    @property
    def nothing_waits(self) -> bool:
        sections = (self.learner, self.supervisor, self.author, self.admin)
        return not any(section.waiting for section in sections if section is not None)


def waiting_for(person: Person, now: datetime | None = None) -> Todo:
    """Everything that waits for `person`, one section per role they hold."""
    now = now or utcnow()
    fiscal_year = fiscal_year_of(today_in_bangkok())
    parts: dict = {"learner": learner_todo(person, now, fiscal_year)}
    if can(person, "supervise"):
        parts["supervisor"] = supervisor_todo(person, fiscal_year)
    if can(person, "author"):
        parts["author"] = author_todo(person, now)
    if can(person, "administer_agency"):
        parts["admin"] = admin_todo(person)
    return Todo(**parts)

