"""A year in the life of the demo agency: development plans in every state, learning-log
entries pending, verified and returned, coaching, and an acting supervisor this week
(the classes are in classes.py).

Everything goes through the services a person's clicks call (plans, log, coaching,
delegation), so the data obey the same rules as data typed in the browser, and the
notices those services announce reach the notification centre as they would. Dates are
counted back from today in Bangkok, so the demo looks lived-in whatever day it is loaded.

Idempotent: each part is built only for whom it is missing (a person without plans, a
person without log entries, a coach without sessions, a supervisor who never delegated),
so a second run changes nothing, on any later day, and a demo person's own changes stay.
No randomness: the same day gives the same data.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import exists, select

from ..accounts import delegation
from ..accounts.demo import DemoFileError
from ..accounts.models import Delegation, Person
from ..core.dates import fiscal_year_of
from ..core.i18n import current_language
from ..development import coaching, log, plans
from ..development.models import CoachingSession, DevelopmentPlan
from ..development.plan_rules import plan_verdicts
from ..extensions import db
from ..records.models import LearningRecord
from ..reference.models import LearningMethod, SkillSet, TargetGroup

# Plan states of the current fiscal year. "second_level": the immediate supervisor agreed a
# plan with two groups, and it waits for the supervisor one level higher (R5).
DRAFT, SUBMITTED, SECOND_LEVEL, RETURNED, AGREED = "draft", "submitted", "second_level", "returned", "agreed"


@dataclass(frozen=True)
class PlanSpec:
    person: str
    state: str
    groups: tuple[str, ...]
    comment: str = ""  # the supervisor's, when returning or agreeing


# The learner's plan waits for her supervisor; Thanakorn's two groups wait for the second
# level; Thiraphong's waits for a supervisor away this week (the acting supervisor decides).
PLANS = (
    PlanSpec("kanokporn.m", SUBMITTED, ("academic",)),
    PlanSpec("thanakorn.p", SECOND_LEVEL, ("academic", "technology"),
             "เห็นชอบในส่วนของผู้บังคับบัญชาชั้นต้น งานวิเคราะห์ข้อมูลของคุณธนากรคาบเกี่ยวกลุ่มเทคโนโลยีจริง"),
    PlanSpec("watchara.t", RETURNED, ("academic",),
             "ขอให้เพิ่มชั่วโมงการเรียนรู้จากผู้อื่น และระบุหลักสูตรด้านกฎหมายดิจิทัลที่จะเข้าอบรม"),
    PlanSpec("thiraphong.r", SUBMITTED, ("technology",)),
    PlanSpec("supachai.d", DRAFT, ("academic",)),
    PlanSpec("saisunee.t", DRAFT, ("technology",)),
    PlanSpec("paweena.s", AGREED, ("academic",), "เห็นชอบ"),
    PlanSpec("sunisa.p", AGREED, ("academic",), "เห็นชอบ ขอให้ถ่ายทอดความรู้ให้ทีมด้วย"),
    PlanSpec("natthida.y", AGREED, ("academic",)),
    PlanSpec("kiattisak.c", AGREED, ("technology",)),
    PlanSpec("onuma.k", AGREED, ("technology",)),
    PlanSpec("duangjai.m", AGREED, ("technology",)),
    PlanSpec("chiraphon.s", AGREED, ("management",)),
)
# A few people also have last fiscal year's plan, agreed (built first: it sets their groups).
PREVIOUS_YEAR_AGREED = (
    PlanSpec("paweena.s", AGREED, ("academic",)),
    PlanSpec("thanakorn.p", AGREED, ("academic",)),
    PlanSpec("sunisa.p", AGREED, ("academic",)),
    PlanSpec("duangjai.m", AGREED, ("technology",)),
)

# The skill set of each group's own work; every plan also has both foundation sets (R4)
# and a future share in digital transformation. Hours meet 70:20:10 (R2) and 70:30 (R3).
GROUP_SKILL_SET = {
    "executive": "digital-leadership", "management": "project-strategic-management",
    "academic": "digital-technology", "service": "process-service-design",
    "technology": "digital-technology", "others": "digital-literacy",
}
PLAN_ITEMS = (  # (skill set or None for the group's, method, hours, horizon, course code)
    ("digital-literacy", "self-learning", 12, "current", ""),
    ("digital-governance", "training", 6, "current", "DG-GOV-201"),
    (None, "on-the-job", 24, "current", ""),
    ("digital-transformation", "self-learning", 6, "future", ""),
    (None, "coaching", 6, "future", ""),
    ("digital-transformation", "learning-from-others", 6, "future", ""),
)


@dataclass(frozen=True)
class EntrySpec:
    person: str
    days_ago: int
    hours: str
    method: str
    skill_set: str
    title: str
    outcome: str = "pending"  # or verified / returned, by the person's supervisor
    comment: str = ""


ENTRIES = (
    EntrySpec("kanokporn.m", 150, "3", "self-learning", "digital-literacy",
              "อ่านคู่มือการทำงานร่วมกันบนคลาวด์สำหรับหน่วยงานภาครัฐ", "verified"),
    EntrySpec("kanokporn.m", 95, "4", "on-the-job", "digital-technology",
              "จัดทำแดชบอร์ดติดตามตัวชี้วัดแผนปฏิบัติราชการของกอง", "verified"),
    EntrySpec("kanokporn.m", 40, "2", "learning-from-others", "digital-governance",
              "ศึกษาดูงานระบบสารบรรณอิเล็กทรอนิกส์ของกรมบัญชีกลาง", "returned",
              "ช่วยแนบสรุปการศึกษาดูงาน และระบุสิ่งที่จะนำมาใช้กับงานของกอง"),
    EntrySpec("kanokporn.m", 6, "2.5", "self-learning", "digital-transformation",
              "เรียนออนไลน์เรื่องการใช้ปัญญาประดิษฐ์ช่วยวิเคราะห์นโยบาย"),
    EntrySpec("thanakorn.p", 200, "6", "on-the-job", "digital-technology",
              "พัฒนาสคริปต์รวบรวมข้อมูลงบประมาณจากระบบ e-Budgeting", "verified"),
    EntrySpec("thanakorn.p", 120, "3", "self-learning", "digital-literacy",
              "เรียนรู้การใช้สเปรดชีตขั้นสูงด้วยตนเอง", "verified"),
    EntrySpec("thanakorn.p", 60, "2", "learning-from-others", "digital-transformation",
              "แลกเปลี่ยนเรียนรู้กับทีมข้อมูลเปิดของสำนักงานพัฒนารัฐบาลดิจิทัล", "verified"),
    EntrySpec("thanakorn.p", 10, "3", "on-the-job", "digital-governance",
              "จัดทำบัญชีข้อมูล (Data Catalog) ของกองยุทธศาสตร์และแผนงาน"),
    EntrySpec("watchara.t", 80, "3", "self-learning", "digital-governance",
              "ศึกษากฎหมายว่าด้วยการปฏิบัติราชการทางอิเล็กทรอนิกส์", "verified"),
    EntrySpec("watchara.t", 20, "2", "on-the-job", "digital-governance",
              "ตรวจร่างประกาศการใช้ลายมือชื่ออิเล็กทรอนิกส์ของกรม"),
    EntrySpec("paweena.s", 180, "3", "self-learning", "digital-technology",
              "เรียนออนไลน์เรื่องการวิเคราะห์ข้อมูลเพื่อการวางแผนนโยบาย", "verified"),
    EntrySpec("paweena.s", 45, "2", "learning-from-others", "digital-transformation",
              "ร่วมเวทีแลกเปลี่ยนเรื่องการขับเคลื่อนรัฐบาลดิจิทัลระดับกรม", "verified"),
    EntrySpec("duangjai.m", 170, "4", "on-the-job", "digital-technology",
              "ย้ายระบบจองห้องประชุมขึ้นคลาวด์ภาครัฐ", "verified"),
    EntrySpec("duangjai.m", 25, "3", "self-learning", "digital-technology",
              "เรียนรู้การใช้งาน Kubernetes เบื้องต้นด้วยตนเอง"),
    EntrySpec("duangjai.m", 12, "2", "learning-from-others", "digital-governance",
              "รับฟังการบรรยายมาตรฐานความมั่นคงปลอดภัยไซเบอร์จากสำนักงานคณะกรรมการการรักษาความมั่นคงปลอดภัยไซเบอร์แห่งชาติ"),
    EntrySpec("thiraphong.r", 50, "3", "self-learning", "digital-literacy",
              "ทบทวนความรู้การสำรองข้อมูลและการกู้คืนระบบ", "verified"),
    EntrySpec("thiraphong.r", 30, "2", "on-the-job", "digital-technology",
              "ติดตั้งระบบเฝ้าระวังเครือข่ายของศูนย์", "returned",
              "ช่วยระบุว่าเรียนรู้อะไรจากงานนี้ นอกเหนือจากขั้นตอนการติดตั้ง"),
    EntrySpec("sunisa.p", 210, "5", "on-the-job", "digital-technology",
              "วิเคราะห์ข้อมูลสถิติผู้รับบริการด้วยภาษา Python", "verified"),
    EntrySpec("sunisa.p", 70, "3", "self-learning", "digital-governance",
              "ศึกษาแนวทางการเปิดเผยข้อมูลภาครัฐในรูปแบบข้อมูลดิจิทัลต่อสาธารณะ", "verified"),
    EntrySpec("supachai.d", 130, "4", "on-the-job", "digital-technology",
              "จัดทำชุดข้อมูลเปิดสถิติการให้บริการประจำปี", "verified"),
    EntrySpec("supachai.d", 15, "2", "self-learning", "digital-literacy",
              "เรียนออนไลน์เรื่องการจัดการไฟล์และสิทธิ์การเข้าถึงบนคลาวด์"),
    EntrySpec("natthida.y", 100, "3", "learning-from-others", "digital-transformation",
              "ศึกษาดูงานศูนย์ข้อมูลเพื่อการตัดสินใจของจังหวัด", "verified"),
    EntrySpec("onuma.k", 90, "4", "on-the-job", "digital-technology",
              "พัฒนา API เชื่อมข้อมูลทะเบียนกับระบบของหน่วยงานภายนอก", "verified"),
    EntrySpec("onuma.k", 8, "2", "self-learning", "digital-governance",
              "ศึกษามาตรฐานการเชื่อมโยงข้อมูลภาครัฐ"),
)


@dataclass(frozen=True)
class CoachingSpec:
    coach: str
    people: tuple[str, ...]
    days_ago: int
    minutes: int
    topic: str
    skill_sets: tuple[str, ...]
    acknowledged_by: tuple[str, ...] = ()


COACHING = (
    CoachingSpec("paweena.s", ("kanokporn.m", "thanakorn.p"), 75, 90,
                 "การใช้ข้อมูลเปิดประกอบการวิเคราะห์นโยบาย", ("digital-technology",),
                 ("kanokporn.m", "thanakorn.p")),
    CoachingSpec("paweena.s", ("kanokporn.m",), 18, 60,
                 "ทบทวนเป้าหมายการพัฒนาตนเองรายไตรมาส", ("project-strategic-management",)),
    CoachingSpec("anucha.s", ("paweena.s", "watchara.t"), 110, 120,
                 "การถ่ายทอดแผนพัฒนารัฐบาลดิจิทัลสู่แผนของกรม", ("project-strategic-management",),
                 ("paweena.s",)),
    CoachingSpec("chanwit.s", ("duangjai.m", "thiraphong.r"), 55, 90,
                 "การย้ายระบบงานขึ้นคลาวด์ภาครัฐอย่างปลอดภัย", ("digital-technology", "digital-governance"),
                 ("duangjai.m",)),
    CoachingSpec("phimchanok.c", ("sunisa.p", "natthida.y"), 140, 60,
                 "การเล่าเรื่องด้วยข้อมูลสำหรับผู้บริหาร", ("digital-transformation",),
                 ("sunisa.p", "natthida.y")),
)

# Chanwit is away this week; Kiattisak, who supervises another team, acts for him.
ACTING = ("chanwit.s", "kiattisak.c", 6)  # (principal, delegate, last day: today + n)


@dataclass
class History:
    """How much of the history this run created."""

    plans: int = 0
    log_entries: int = 0
    coaching_sessions: int = 0
    delegations: int = 0
    classes: int = 0
    enrolments: int = 0

    @property
    def changed(self) -> bool:
        return any(vars(self).values())


def _slugs(model, slugs) -> list:
    rows = {row.slug: row for row in db.session.scalars(select(model).where(model.slug.in_(slugs)))}
    return [rows[slug] for slug in slugs]


def _problem(what: str, problems) -> DemoFileError:
    return DemoFileError(f"lms/demo/history.py, {what}: {problems}")


def build_plans(people: dict[str, Person], today: date) -> int:
    """Last year's agreed plans, then this year's in every state, for people without any plan."""
    planned = set(db.session.scalars(select(DevelopmentPlan.person_id).where(
        DevelopmentPlan.person_id.in_([person.id for person in people.values()]))))
    fiscal_year = fiscal_year_of(today)
    created = 0
    for year, specs in ((fiscal_year - 1, PREVIOUS_YEAR_AGREED), (fiscal_year, PLANS)):
        for spec in specs:
            if people[spec.person].id not in planned:
                _build_plan(people[spec.person], year, spec)
                created += 1
    return created


def _plan_item(slug, method, hours, horizon, course_code, group) -> dict:
    [skill_set] = _slugs(SkillSet, [slug or GROUP_SKILL_SET[group]])
    [learning_method] = _slugs(LearningMethod, [method])
    return {"skill_set_id": skill_set.id, "learning_method_id": learning_method.id, "planned_hours": Decimal(hours),
            "horizon": horizon, "course_code": course_code, "note": ""}


def _build_plan(person: Person, fiscal_year: int, spec: PlanSpec) -> None:
    revision = plans.start_plan(person, fiscal_year).current
    plans.set_groups(revision, person, [group.id for group in _slugs(TargetGroup, spec.groups)])
    for item in PLAN_ITEMS:
        data = _plan_item(*item, spec.groups[0])
        if errors := plans.item_errors(revision, data):
            raise _problem(f"plan of {spec.person}", errors)
        plans.save_item(revision, person, data)
    if spec.state == DRAFT:
        return
    plans.submit(revision, person, plan_verdicts(revision), current_language())
    if spec.state == SUBMITTED:
        return
    supervisor, second_level = plans.approvers(person)
    submission = plans.latest_submission(revision).id
    if spec.state == RETURNED:
        plans.return_for_changes(revision, supervisor, submission, spec.comment)
        return
    agreed = plans.agree(revision, supervisor, submission, spec.comment)
    if spec.state == AGREED and not agreed:
        agreed = plans.agree(revision, second_level, submission)
    if agreed != (spec.state == AGREED):
        raise _problem(f"plan of {spec.person}", f"ended {revision.status}, not {spec.state}")


def build_log_entries(people: dict[str, Person], today: date) -> int:
    """The learning-log entries of ENTRIES, for people who have none yet; each decided by the
    person's supervisor as its outcome says."""
    keys = {spec.person for spec in ENTRIES}
    logged = set(db.session.scalars(select(LearningRecord.person_id).where(
        LearningRecord.person_id.in_([people[key].id for key in keys]), LearningRecord.source == log.LOG_SOURCE)))
    created = 0
    for spec in ENTRIES:
        person = people[spec.person]
        if person.id in logged:
            continue
        [skill_set] = _slugs(SkillSet, [spec.skill_set])
        data = log.EntryData(occurred_on=today - timedelta(days=spec.days_ago), hours_text=spec.hours,
                             method_slug=spec.method, skill_set_ids=[skill_set.id], title=spec.title)
        if problems := log.entry_problems(person, data):
            raise _problem(f"entry of {spec.person}", problems)
        record = log.create_entry(person, data)
        if spec.outcome != "pending":
            log.review_entry(person.supervisor, record, spec.outcome, spec.comment, log.entry_version(record))
        created += 1
    return created


def build_coaching(people: dict[str, Person], today: date) -> int:
    """The coaching sessions of COACHING, for coaches who have recorded none yet."""
    coaches = {people[spec.coach].id for spec in COACHING}
    coached = set(db.session.scalars(select(CoachingSession.coach_id).where(CoachingSession.coach_id.in_(coaches))))
    created = 0
    for spec in COACHING:
        coach = people[spec.coach]
        if coach.id in coached:
            continue
        data = coaching.SessionData(
            occurred_on=today - timedelta(days=spec.days_ago), minutes=spec.minutes, topic=spec.topic,
            attendee_ids=[people[key].id for key in spec.people],
            skill_set_ids=[skill_set.id for skill_set in _slugs(SkillSet, spec.skill_sets)])
        if problems := coaching.session_problems(coach, data):
            raise _problem(f"coaching by {spec.coach}", problems)
        session = coaching.record_session(coach, data)
        for key in spec.acknowledged_by:
            coaching.acknowledge(people[key], session)
        created += 1
    return created


def build_delegation(people: dict[str, Person], today: date) -> int:
    """An acting supervisor from today to the end of the week, unless the principal ever delegated."""
    principal, delegate, days = people[ACTING[0]], people[ACTING[1]], ACTING[2]
    if db.session.scalar(select(exists().where(Delegation.principal_id == principal.id))):
        return 0
    ends_on = today + timedelta(days=days)
    if problems := delegation.delegation_problems(principal, delegate, today, ends_on, today):
        raise _problem("delegation", problems)
    delegation.delegate(principal, delegate, today, ends_on)
    return 1
