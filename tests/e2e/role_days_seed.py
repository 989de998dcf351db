"""What each walk of test_role_days finds waiting, written into the live server's database
through the services and factories (as a day's work would leave it), then committed.

Every person is new and works in an agency of their own (an office beside the world's
ministry), so the walks change no world person and count nothing on the world's pages:
names avoid the words other browser tests search for (กรมทดสอบ, หัวหน้า). Functions take
the live server, run in its app context and return plain data (ids, names, emails).
"""

import secrets
from contextlib import contextmanager
from datetime import datetime, time, timedelta

from sqlalchemy import select

from lms.accounts import delegation
from lms.accounts.models import Institute, Organisation, Person
from lms.classes import enrolment as enrolling
from lms.core.dates import BANGKOK, today_in_bangkok
from lms.development import log, plans
from lms.extensions import db
from lms.reference.models import SkillSet
from tests import factories
from tests.catalog.factories import draft_course, published_course
from tests.classes.factories import course_class
from tests.development.log_factories import coaching_session_for
from tests.development.plan_factories import agreed_plan, submitted_plan

# (key, Thai name, English name, supervisor key): listed before the people they report to.
PEOPLE = (
    ("director", "ดวงใจ ผู้อำนวยการสำนัก", "Duangjai Director", None),
    ("supervisor", "ประเสริฐ ผู้ตรวจงาน", "Prasert Checker", "director"),
    ("acting", "อารี ผู้รักษาการ", "Aree Acting", "director"),
    ("learner", "นภา ผู้เรียนรู้", "Napa Learner", "supervisor"),
    ("report", "รัตนา ผู้รายงาน", "Rattana Report", "supervisor"),
    ("two_groups", "สุดา สองกลุ่มงาน", "Suda Twogroups", "supervisor"),
    ("while_away", "วีระ ระหว่างลา", "Weera Whileaway", "supervisor"),
    ("two_away", "ศรีสุดา ส่งแผนระหว่างลา", "Srisuda Planaway", "supervisor"),
    ("enrolled", "มานี ผู้เข้าอบรม", "Manee Attendee", "supervisor"),
    ("admin", "ธนา ผู้ดูแลสำนัก", "Thana Admin", "director"),
    ("author", "ปกรณ์ ผู้ออกแบบหลักสูตร", "Pakorn Author", "director"),
    # ก sorts first among Thai names: the administrator's to-do lists them among the first five.
    ("newcomer", "กมล รอผู้บังคับบัญชา", "Kamol Newcomer", None),
)


@contextmanager
def _committed(live_server):
    """An app context on the live server whose work is committed at the end."""
    with live_server.app.app_context():
        yield
        db.session.commit()
        db.session.remove()


# The office of the live server in use (office() fills it; the row helpers read its ids).
OFFICE: dict = {}


def _person_row(key: str) -> Person:
    return db.session.get(Person, OFFICE["ids"][key])


def _institute() -> Institute:
    return db.session.get(Institute, OFFICE["institute_id"])


def office(live_server) -> dict:
    """The agency, its people and its institute, made once per live server:
    {"people": {key: {id, email, name_th, name_en}}, "ids": {key: id}, "agency": name, "institute": name}."""
    if OFFICE.get("server") == live_server.url:
        return OFFICE
    OFFICE.clear()
    tag = secrets.token_hex(3).upper()
    with _committed(live_server):
        ministry = db.session.scalar(select(Organisation).where(Organisation.code == "MIN"))
        agency = factories.organisation("สำนักงานทดลองวันทำงาน", parent=ministry, kind="department",
                                        code=f"DAY-{tag}", name_en="Day Walk Office", is_agency=True,
                                        phase=factories.phase("develop"))
        unit = factories.organisation("ฝ่ายทดลองวันทำงาน", parent=agency, kind="division",
                                      code=f"DAY-{tag}-1", name_en="Day Walk Unit")
        institute = factories.institute(agency, code=f"DAY-INST-{tag}", name_th="สถาบันทดลองวันทำงาน",
                                        name_en="Day Walk Institute")
        rows = {}
        for key, name_th, name_en, boss in PEOPLE:
            extra = {"admin_of": agency} if key == "admin" else {"institute": institute} if key == "author" else {}
            rows[key] = factories.person(agency if key in ("director", "admin", "author", "newcomer") else unit,
                                         rows.get(boss), name_th=name_th, name_en=name_en,
                                         email=f"day.{key.replace('_', '.')}.{tag.lower()}@example.go.th", **extra)
        OFFICE.update(
            people={key: {"id": row.id, "email": row.email, "name_th": row.name_th, "name_en": row.name_en}
                    for key, row in rows.items()},
            ids={key: row.id for key, row in rows.items()},
            agency=agency.name_th, institute_id=institute.id, institute=institute.name_th, tag=tag,
            server=live_server.url)
    return OFFICE


def _literacy_id() -> int:
    return db.session.scalar(select(SkillSet.id).where(SkillSet.slug == "digital-literacy"))


def _entry(person, title: str, days_ago: int = 1, hours: str = "2"):
    return log.create_entry(person, log.EntryData(
        occurred_on=today_in_bangkok() - timedelta(days=days_ago), hours_text=hours, method_slug="on-the-job",
        skill_set_ids=[_literacy_id()], title=title, notes_md="ทำงานจริงและจดสิ่งที่ได้เรียนรู้"))


def _at(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), BANGKOK)


def learner_day(live_server) -> dict:
    """The learner's morning: an entry returned with a comment, coaching to acknowledge, an
    agreed plan, and a course with a class in two days, open for enrolment, not yet taken."""
    office(live_server)
    tag = secrets.token_hex(2).upper()
    today = today_in_bangkok()
    with _committed(live_server):
        learner, supervisor = _person_row("learner"), _person_row("supervisor")
        entry = _entry(learner, f"ทำแบบสำรวจความพึงพอใจออนไลน์ {tag}")
        log.review_entry(supervisor, entry, "returned", "โปรดระบุจำนวนผู้ตอบแบบสำรวจ", log.entry_version(entry))
        coaching_session_for(supervisor, learner)
        agreed_plan(learner, groups=("academic",))
        title = f"การออกแบบบริการดิจิทัลภาครัฐ ชุด {tag}"
        course = published_course(_institute(), code=f"DAY-SVC-{tag}", title_th=title,
                                  title_en=f"Designing digital public services {tag}")
        first = today + timedelta(days=2)
        course_class(_institute(), version=course.published, capacity=20, name=f"รุ่นวันทำงาน {tag}",
                     opens_on=today - timedelta(days=1), closes_on=today + timedelta(days=1),
                     meetings=[("ออกแบบบริการจากผู้ใช้", _at(first, 9), _at(first, 12))])
        return {"entry": entry.title, "course": title, "class": f"รุ่นวันทำงาน {tag}", "first_day": first,
                "fiscal_year": plans.open_fiscal_years()[0]}


def supervisor_day(live_server) -> dict:
    """The supervisor's morning: a report's entry to verify and their plan to agree."""
    office(live_server)
    tag = secrets.token_hex(2).upper()
    with _committed(live_server):
        report = _person_row("report")
        entry = _entry(report, f"จัดทำแดชบอร์ดติดตามงบประมาณ {tag}")
        submitted_plan(report, groups=("academic",))
        return {"entry": entry.title, "fiscal_year": plans.open_fiscal_years()[0]}


def second_level_day(live_server) -> None:
    """A plan proposing two target groups, agreed by the immediate supervisor: it waits for
    the director (R5)."""
    office(live_server)
    with _committed(live_server):
        plan = submitted_plan(_person_row("two_groups"), groups=("academic", "service"))
        revision = plan.current
        plans.agree(revision, _person_row("supervisor"), plans.latest_submission(revision).id)
        assert revision.status == "submitted"


def entry_while_away(live_server) -> dict:
    """While the supervisor is away, a report logs an entry."""
    office(live_server)
    tag = secrets.token_hex(2).upper()
    with _committed(live_server):
        entry = _entry(_person_row("while_away"), f"ตอบคำถามประชาชนผ่านแชตบอต {tag}")
        return {"entry": entry.title}


def plan_while_away(live_server) -> None:
    """While the supervisor is away, another report submits their plan."""
    office(live_server)
    with _committed(live_server):
        submitted_plan(_person_row("two_away"), groups=("service",))


def author_day(live_server) -> dict:
    """The institute's morning: a class in three days with every seat free, a session begun
    yesterday with a learner seated and no attendance, and a draft that fails R1."""
    office(live_server)
    tag = secrets.token_hex(2).upper()
    today = today_in_bangkok()
    with _committed(live_server):
        institute, author = _institute(), _person_row("author")
        soon = today + timedelta(days=3)
        unfilled = course_class(institute, capacity=12, name=f"รุ่นที่นั่งว่าง {tag}",
                                meetings=[("เปิดรุ่น", _at(soon, 9), _at(soon, 16))],
                                closes_on=today + timedelta(days=2))
        later = today + timedelta(days=20)
        begun = course_class(institute, capacity=5, name=f"รุ่นเริ่มแล้ว {tag}",
                             meetings=[(f"เช้าวันแรก {tag}", _at(later, 9), _at(later, 12))])
        enrolling.enrol(begun, _person_row("enrolled"))
        # the days pass: the session began yesterday morning
        yesterday = today - timedelta(days=1)
        meeting = begun.meetings[0]
        meeting.starts_at, meeting.ends_at = _at(yesterday, 9), _at(yesterday, 12)
        # 120 min of lecture in 180: R1 refuses (66.7 % > 60 %) until 20 active minutes are added
        title = f"กฎหมายคุ้มครองข้อมูลสำหรับผู้ปฏิบัติงาน ชุด {tag}"
        draft = draft_course(institute, code=f"DAY-PDPA-{tag}", author=author, title_th=title,
                             sessions=[("lecture", 120), ("discussion", 60)])
        return {"unfilled": unfilled.name, "begun": begun.name, "meeting": meeting.title,
                "enrolled": _person_row("enrolled").name_th, "draft": title, "code": draft.code}


def hr_target_group_of(live_server, key: str) -> str | None:
    """The slug of the target group HR records for an office person (to check what a walk set)."""
    with live_server.app.app_context():
        group = _person_row(key).hr_target_group
        slug = group.slug if group else None
        db.session.remove()
        return slug


def supervisor_of(live_server, key: str) -> str | None:
    with live_server.app.app_context():
        boss = _person_row(key).supervisor
        email = boss.email if boss else None
        db.session.remove()
        return email


def acting_from_today(live_server) -> None:
    """The acting supervisor acts for the supervisor from today for a week (once)."""
    office(live_server)
    today = today_in_bangkok()
    with _committed(live_server):
        supervisor, acting = _person_row("supervisor"), _person_row("acting")
        if supervisor.id not in acting.acting_for_ids():
            delegation.delegate(supervisor, acting, today, today + timedelta(days=6))
