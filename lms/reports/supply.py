"""The report's training-supply section: what the institutes of the units supplied in a fiscal
year. Courses and classes by skill set and by target group (their course version's), seats,
seats taken, fill rate, completions, and the share of the classes held whose session plan met
R1 (lecture at most 60 %), judged per course version as the catalogue judges it.

A class belongs to the year its first meeting falls in (Bangkok time) and to the units its
institute belongs to. Cancelled classes are not held: they count nowhere but in their own
number. Figures are summed in SQL per course version; the versions (a few hundred) are then
put together per skill set and group, the unit R1 judges.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import Select, case, exists, func, select

from ..accounts.models import Institute
from ..catalog.models import CourseSession, CourseVersion, version_skill_sets, version_target_groups
from ..classes.models import SEATED_STATES, ClassMeeting, CourseClass, Enrolment
from ..core.dates import BANGKOK, fiscal_year_bounds
from ..extensions import db
from ..reference.cache import SkillSetRef, reference_data
from ..reference.models import SessionMethod, TargetGroup
from ..reference.services import ordered, policy_for
from ..rules import ACTIVE, LECTURE
from ..rules.lecture import lecture_within_cap
from .filters import ReportFilters, in_units
from .shown import count_shown, percent_of, percent_shown

# Who took a seat: a no-show held theirs (marked only once the class began) as much as anyone.
SEAT_HOLDERS = (*SEATED_STATES, "no_show")


@dataclass(frozen=True)
class VersionSupply:
    """The held classes of one course version in the year, summed."""

    version_id: int
    course_id: int
    classes: int
    seats: int
    enrolled: int
    completions: int


@dataclass(frozen=True)
class SupplyLine:
    """Supply of one skill set, one target group, or everything (subject None)."""

    subject: SkillSetRef | TargetGroup | None
    courses: int
    classes: int
    seats: int
    enrolled: int
    completions: int
    plan_judged: int  # classes held whose version has a session plan: R1 judges them
    plan_met: int  # of those, classes whose plan met R1

    @property
    def name(self) -> str:
        return self.subject.name if self.subject is not None else _("All training")

    @property
    def fill_percent(self):
        return percent_of(self.enrolled, self.seats)

    @property
    def met_percent(self):
        return percent_of(self.plan_met, self.plan_judged)

    def shown(self, field: str) -> str:
        """A figure as the page shows it: counts with separators, percentages with one decimal."""
        value = getattr(self, field)
        return percent_shown(value) if field.endswith("_percent") else count_shown(value)


@dataclass(frozen=True)
class SupplyFigures:
    fiscal_year: int
    lecture_max_percent: int  # R1's limit in the policy of the year
    institutes: int
    total: SupplyLine
    by_skill_set: tuple[SupplyLine, ...]
    by_group: tuple[SupplyLine, ...]
    cancelled: int  # classes of the year that were cancelled
    without_plan: int  # classes held whose version has no session plan (not judged by R1)

    def table(self) -> tuple[list[str], list[list]]:
        """Everything, then one row per skill set, then one per target group: for CSV and XLSX."""
        headers = [_("Breakdown"), _("Name"), _("Courses"), _("Classes held"), _("Seats"), _("Seats taken"),
                   _("Fill rate (%)"), _("Completions"), _("Classes with a session plan"),
                   _("Classes whose plan met the lecture limit"), _("Met the lecture limit (%)")]
        kinds = [(_("All training"), [self.total]), (_("Skill set"), self.by_skill_set),
                 (_("Target group"), self.by_group)]
        rows = [[kind, line.name, line.courses, line.classes, line.seats, line.enrolled, line.fill_percent,
                 line.completions, line.plan_judged, line.plan_met, line.met_percent]
                for kind, lines in kinds for line in lines]
        return headers, rows


def supply_figures(org_ids: list[int], filters: ReportFilters) -> SupplyFigures:
    """The training the institutes of units `org_ids` supplied in the filters' fiscal year;
    the skill-set and target-group filters narrow it to the courses tagged with them."""
    institutes = select(Institute.id).where(in_units(Institute.organisation_id, org_ids))
    held, cancelled = _versions_supplied(institutes, filters)
    # The versions the institutes ever ran classes of: a superset of the year's, read by the
    # classes' index rather than sent back as a list of thousands of ids.
    versions = select(CourseClass.course_version_id).where(CourseClass.institute_id.in_(institutes))
    cap = policy_for(fiscal_year_bounds(filters.fiscal_year)[0]).lecture_max_percent
    plan_met = _plans_meeting_r1(versions, cap) if held else {}
    skills_of = _links(version_skill_sets.c.skill_set_id, version_skill_sets, versions) if held else {}
    groups_of = _links(version_target_groups.c.target_group_id, version_target_groups, versions) if held else {}

    skill_sets = [s for s in reference_data().skill_sets if filters.skill_set_id in (None, s.id)]
    groups = [g for g in ordered(TargetGroup) if filters.target_group_id in (None, g.id)]
    total = _line(None, held, plan_met)
    return SupplyFigures(
        fiscal_year=filters.fiscal_year, lecture_max_percent=cap,
        institutes=db.session.scalar(select(func.count()).select_from(institutes.subquery())),
        total=total,
        by_skill_set=tuple(_line(s, [v for v in held if s.id in skills_of[v.version_id]], plan_met)
                           for s in skill_sets),
        by_group=tuple(_line(g, [v for v in held if g.id in groups_of[v.version_id]], plan_met) for g in groups),
        cancelled=cancelled, without_plan=total.classes - total.plan_judged)


def _year_range(fiscal_year: int) -> tuple[datetime, datetime]:
    """The fiscal year as a half-open range of aware datetimes, Bangkok midnight to midnight."""
    first_day, last_day = fiscal_year_bounds(fiscal_year)
    return (datetime.combine(first_day, time(0), BANGKOK),
            datetime.combine(last_day + timedelta(days=1), time(0), BANGKOK))


def _versions_supplied(institutes, filters: ReportFilters) -> tuple[list[VersionSupply], int]:
    """The held classes of the year summed per course version, and how many were cancelled
    (two grouped levels in one query: per class, then per version)."""
    starts, ends = _year_range(filters.fiscal_year)
    first_meeting = (select(func.min(ClassMeeting.starts_at)).where(ClassMeeting.class_id == CourseClass.id)
                     .correlate(CourseClass).scalar_subquery())

    def enrolments(*statuses):
        return (select(func.count()).where(Enrolment.class_id == CourseClass.id, Enrolment.status.in_(statuses))
                .correlate(CourseClass).scalar_subquery())

    conditions = [CourseClass.institute_id.in_(institutes), first_meeting >= starts, first_meeting < ends]
    if filters.skill_set_id is not None:
        links = version_skill_sets.c
        conditions.append(exists().where(links.course_version_id == CourseClass.course_version_id,
                                         links.skill_set_id == filters.skill_set_id))
    if filters.target_group_id is not None:
        links = version_target_groups.c
        conditions.append(exists().where(links.course_version_id == CourseClass.course_version_id,
                                         links.target_group_id == filters.target_group_id))
    per_class = select(
        CourseClass.course_version_id.label("version_id"), CourseClass.is_cancelled.label("cancelled"),
        CourseClass.capacity.label("seats"), enrolments(*SEAT_HOLDERS).label("enrolled"),
        enrolments("completed").label("completions"),
    ).where(*conditions).subquery()
    rows = db.session.execute(
        select(per_class.c.version_id, CourseVersion.course_id, per_class.c.cancelled, func.count(),
               func.sum(per_class.c.seats), func.sum(per_class.c.enrolled), func.sum(per_class.c.completions))
        .join(CourseVersion, CourseVersion.id == per_class.c.version_id)
        .group_by(per_class.c.version_id, CourseVersion.course_id, per_class.c.cancelled)).all()
    held = [VersionSupply(version_id, course_id, classes, int(seats), int(enrolled), int(completions))
            for version_id, course_id, is_cancelled, classes, seats, enrolled, completions in rows
            if not is_cancelled]  # int(): PostgreSQL sums bigint counts as numeric
    return held, sum(row[3] for row in rows if row[2])


def _plans_meeting_r1(versions: Select, lecture_max_percent: int) -> dict[int, bool]:
    """{version id: whether its session plan meets R1} for those of `versions` that have a plan:
    lecture and active minutes summed in SQL per version, judged by the rule (rules.lecture)."""

    def minutes(kind):
        return func.sum(case((SessionMethod.kind == kind, CourseSession.minutes), else_=0))

    rows = db.session.execute(
        select(CourseSession.version_id, minutes(LECTURE), minutes(ACTIVE))
        .join(SessionMethod, SessionMethod.id == CourseSession.session_method_id)
        .where(CourseSession.version_id.in_(versions)).group_by(CourseSession.version_id))
    return {version_id: lecture_within_cap(lecture, active, lecture_max_percent)
            for version_id, lecture, active in rows if lecture + active > 0}


def _links(column, table, versions: Select) -> dict[int, set[int]]:
    """{version id: the ids it is linked to} through a version link table, for `versions`."""
    found = defaultdict(set)
    for version_id, linked in db.session.execute(
            select(table.c.course_version_id, column).where(table.c.course_version_id.in_(versions))):
        found[version_id].add(linked)
    return found


def _line(subject, versions: list[VersionSupply], plan_met: dict[int, bool]) -> SupplyLine:
    return SupplyLine(
        subject=subject, courses=len({v.course_id for v in versions}),
        classes=sum(v.classes for v in versions), seats=sum(v.seats for v in versions),
        enrolled=sum(v.enrolled for v in versions), completions=sum(v.completions for v in versions),
        plan_judged=sum(v.classes for v in versions if v.version_id in plan_met),
        plan_met=sum(v.classes for v in versions if plan_met.get(v.version_id)))
