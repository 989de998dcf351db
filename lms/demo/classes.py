"""The demo institute's classes: two held already (attendance recorded, completions, so
learning records) and three to come: one full with a waiting list, one open for enrolment
that fits the demo learner's target group, and one starting within a week with seats
still free (inside the days the reminder jobs look ahead, so its institute and the people
it suits are reminded).

Built through the institute's own services (save_class, enrol, record_attendance,
complete_enrolments), by the demo's course author; a past class is enrolled in three
days after its enrolment opened. Dates count from today in Bangkok. Built once: when the demo
institute has any class, nothing is added.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import exists, select

from ..accounts.demo import DemoFileError
from ..accounts.models import Institute, Person
from ..catalog.authoring import find_course
from ..catalog.models import CourseVersion
from ..classes import enrolment as enrolling
from ..classes import services as classes
from ..classes.models import CourseClass
from ..core.dates import BANGKOK, fiscal_year_of
from ..extensions import db
from ..reference.models import TargetGroup

PLACE = "ห้องอบรม 1 สถาบันพัฒนาบุคลากรภาครัฐด้านดิจิทัล"


@dataclass(frozen=True)
class ClassSpec:
    course: str
    number: int
    meetings: tuple[tuple[str, int, str, str], ...]  # (title, days from today, starts, ends)
    window: tuple[int, int]  # enrolment opens and closes, days from today
    capacity: int
    groups: tuple[str, ...]
    organisations: str
    learners: tuple[str, ...]  # in the order they enrol: past capacity, they wait
    absent: tuple[str, ...] = ()  # past classes: missed the last session, so not completed


def _day(title_th: str, days: int) -> tuple[tuple[str, int, str, str], ...]:
    return ((f"{title_th} (ภาคเช้า)", days, "09:00", "12:00"), (f"{title_th} (ภาคบ่าย)", days, "13:00", "16:00"))


PAST_LITERACY = ClassSpec(
    "DG-LIT-101", 1, _day("การรู้ดิจิทัล", -120), (-160, -125), 20, (), "DEMO-DGD",
    ("kanokporn.m", "thanakorn.p", "supachai.d", "natthida.y", "sunisa.p", "watchara.t", "somporn.r", "amnat.s"),
    absent=("amnat.s",))
PAST_PDPA = ClassSpec(
    "DG-GOV-201", 1, _day("การคุ้มครองข้อมูลส่วนบุคคล", -50), (-90, -55), 30,
    ("academic", "service", "management", "technology"), "DEMO-DGD",
    ("kanokporn.m", "thanakorn.p", "duangjai.m", "onuma.k", "kiattisak.c", "thiraphong.r"))
FULL = ClassSpec(
    "DG-TEC-301", 1, (("วันที่ 1: เตรียมและวิเคราะห์ข้อมูล", 30, "09:00", "16:00"),
                      ("วันที่ 2: ออกแบบแดชบอร์ด", 31, "09:00", "16:00")),
    (-14, 21), 4, ("academic", "technology"), "",
    ("thanakorn.p", "sunisa.p", "duangjai.m", "onuma.k", "natthida.y", "kanokporn.m"))
OPEN = ClassSpec(
    "DG-GOV-202", 1, (("ธรรมาภิบาลข้อมูลและบัญชีข้อมูล", 45, "09:00", "16:00"),
                      ("ข้อมูลเปิดและแผนธรรมาภิบาลข้อมูล", 46, "09:00", "16:00")),
    (-7, 35), 25, ("academic", "technology", "management"), "",
    ("supachai.d", "watchara.t", "natthida.y", "phimchanok.c"))
STARTING_SOON = ClassSpec(
    "DG-LIT-102", 1, (("ทำงานร่วมกันบนคลาวด์", 6, "09:00", "16:00"),
                      ("ประชุมออนไลน์และพื้นที่ทำงานของทีม", 7, "09:00", "16:00")),
    (-30, 2), 25, ("others", "service", "management"), "DEMO-DGD",
    ("somporn.r", "amnat.s", "ratchanee.s", "yutthana.k", "phensri.c"))
CLASSES = (PAST_LITERACY, PAST_PDPA, FULL, OPEN, STARTING_SOON)


def class_name(spec: ClassSpec, today: date) -> str:
    """'รุ่นที่ 1/2570': the number within the fiscal year of its first session."""
    return f"รุ่นที่ {spec.number}/{fiscal_year_of(today + timedelta(days=spec.meetings[0][1]))}"


def find_class(spec: ClassSpec, institute: Institute) -> CourseClass | None:
    """The demo's class of `spec` (the institute's class of that course), once built."""
    course = find_course(spec.course)
    if course is None:
        return None
    return db.session.scalar(
        select(CourseClass).join(CourseVersion, CourseClass.course_version_id == CourseVersion.id)
        .where(CourseClass.institute_id == institute.id, CourseVersion.course_id == course.id)
        .order_by(CourseClass.id).limit(1))


def build_classes(people: dict[str, Person], author: Person, today: date) -> tuple[int, int]:
    """Every class of CLASSES, unless the author's institute has a class already;
    returns (classes, enrolments) created."""
    if db.session.scalar(select(exists().where(CourseClass.institute_id == author.institute_id))):
        return 0, 0
    enrolments = 0
    for spec in CLASSES:
        course_class = _schedule(spec, author, today)
        opens_on = today + timedelta(days=spec.window[0])
        enrolled = [enrolling.enrol(course_class, people[key], today=min(today, opens_on + timedelta(days=3)))
                    for key in spec.learners]
        enrolments += len(enrolled)
        if spec.meetings[-1][1] < 0:
            absent = {people[key].id for key in spec.absent}
            _hold(course_class, author, [e for e in enrolled if e.person_id not in absent])
    return len(CLASSES), enrolments


def _at(day: date, clock: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=BANGKOK)


def _schedule(spec: ClassSpec, author: Person, today: date) -> CourseClass:
    course = find_course(spec.course)
    if course is None or course.published is None:
        raise DemoFileError(f"lms/demo/classes.py: the sample course {spec.course} is not published")
    groups = db.session.scalars(select(TargetGroup.id).where(TargetGroup.slug.in_(spec.groups))).all()
    data = {
        "course_version_id": course.published.id, "name": class_name(spec, today), "place": PLACE,
        "online_url": "", "capacity": spec.capacity,
        "enrol_opens_on": today + timedelta(days=spec.window[0]),
        "enrol_closes_on": today + timedelta(days=spec.window[1]),
        "target_group_ids": list(groups), "organisation_codes": spec.organisations,
        "meetings": [{"title": title, "starts_at": _at(today + timedelta(days=days), starts),
                      "ends_at": _at(today + timedelta(days=days), ends)}
                     for title, days, starts, ends in spec.meetings],
    }
    course_class = CourseClass()
    if errors := classes.class_errors(course_class, author, data):
        raise DemoFileError(f"lms/demo/classes.py, {spec.course}: {errors}")
    classes.save_class(course_class, author, data)
    return course_class


def _hold(course_class: CourseClass, author: Person, completing) -> None:
    """A class that took place: everyone present at the first session, only those completing
    at the last, and their completions (verified learning records)."""
    roster = classes.roster(course_class)["seated"]
    completing_ids = {e.id for e in completing}
    first, *_middle, last = course_class.meetings
    classes.record_attendance(first, author, {e.id: True for e in roster})
    classes.record_attendance(last, author, {e.id: e.id in completing_ids for e in roster})
    classes.complete_enrolments(course_class, author, sorted(completing_ids))
