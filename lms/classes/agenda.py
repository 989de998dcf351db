"""A person's month: the sessions of their classes and the enrolment-closing days of the
classes they are on, as a month grid and an agenda list (the page is lms.home.calendar_views,
which adds the plan's fiscal-year dates). Server-rendered: no script needed.

Days are Bangkok days; months and years are named in the reader's language, the year in the
Buddhist Era in Thai.
"""

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..core.dates import BANGKOK, to_buddhist_year
from ..extensions import db
from .enrolment import meetings_of_person
from .models import CourseClass, Enrolment

THAI_MONTHS = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
               "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")
# Weeks start on Sunday, as Thai wall calendars do.
THAI_WEEKDAYS = ("อา.", "จ.", "อ.", "พ.", "พฤ.", "ศ.", "ส.")
ENGLISH_WEEKDAYS = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")
_MONTH_ARG = re.compile(r"(\d{4})-(\d{1,2})")
EARLIEST_YEAR, LATEST_YEAR = 1900, 2399


@dataclass(frozen=True)
class AgendaItem:
    """One thing on a day: a session, an enrolment closing, a plan date."""

    day: date
    kind: str  # "meeting", "closing", "fiscal_year", "plan_deadline"
    title: str
    url: str = ""
    time_text: str = ""  # "09:00–12:00" for a session
    note: str = ""


@dataclass
class Month:
    year: int
    month: int
    language: str = "th"
    items: list[AgendaItem] = field(default_factory=list)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def after(self) -> date:
        """The first day of the next month."""
        return (self.first + timedelta(days=31)).replace(day=1)

    @property
    def previous(self) -> date:
        return (self.first - timedelta(days=1)).replace(day=1)

    @property
    def title(self) -> str:
        if self.language == "th":
            return f"{THAI_MONTHS[self.month - 1]} {to_buddhist_year(self.year)}"
        return f"{ENGLISH_MONTHS[self.month - 1]} {self.year}"

    @property
    def weekdays(self) -> tuple[str, ...]:
        return THAI_WEEKDAYS if self.language == "th" else ENGLISH_WEEKDAYS

    def contains(self, day: date) -> bool:
        return self.first <= day < self.after

    def by_day(self) -> dict[date, list[AgendaItem]]:
        days: dict[date, list[AgendaItem]] = {}
        for item in sorted(self.items, key=lambda i: (i.day, i.time_text == "", i.time_text, i.title)):
            days.setdefault(item.day, []).append(item)
        return days

    def weeks(self) -> list[list[tuple[date, bool, list[AgendaItem]]]]:
        """The month grid: weeks of (day, in this month, its items), Sunday first."""
        days = self.by_day()
        grid = calendar.Calendar(firstweekday=calendar.SUNDAY).monthdatescalendar(self.year, self.month)
        return [[(day, day.month == self.month, days.get(day, []) if day.month == self.month else [])
                 for day in week] for week in grid]


def month_arg(text: str | None, today: date) -> tuple[int, int]:
    """(year, month) from a `2026-12` argument (Common Era); today's month for anything else."""
    match = _MONTH_ARG.fullmatch((text or "").strip())
    if match:
        year, month = int(match[1]), int(match[2])
        if EARLIEST_YEAR <= year <= LATEST_YEAR and 1 <= month <= 12:
            return year, month
    return today.year, today.month


def month_key(day: date) -> str:
    """The `month` argument naming the month of `day`."""
    return f"{day.year:04d}-{day.month:02d}"


def _bangkok_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, BANGKOK)


def class_items(person, month: Month, class_url) -> list[AgendaItem]:
    """The month's sessions of the person's classes (with a seat) and the enrolment-closing
    days of the classes they are enrolled in or waiting for; `class_url(course_class)` links."""
    items = []
    for meeting in meetings_of_person(person, ends_after=_bangkok_midnight(month.first),
                                      starts_before=_bangkok_midnight(month.after)):
        starts, ends = meeting.starts_at.astimezone(BANGKOK), meeting.ends_at.astimezone(BANGKOK)
        if not month.contains(starts.date()):
            continue  # a session that began the evening before the month
        course_class = meeting.course_class
        items.append(AgendaItem(
            starts.date(), "meeting", f"{meeting.title} · {course_class.version.title} ({course_class.name})",
            class_url(course_class), f"{starts:%H:%M}–{ends:%H:%M}", course_class.place))
    closing = db.session.execute(
        select(CourseClass, Enrolment.status).join(Enrolment, Enrolment.class_id == CourseClass.id)
        .where(Enrolment.person_id == person.id, Enrolment.status.in_(("enrolled", "waitlisted")),
               CourseClass.is_cancelled.is_(False), CourseClass.enrol_closes_on >= month.first,
               CourseClass.enrol_closes_on < month.after)
        .options(selectinload(CourseClass.version)))
    for course_class, status in closing:
        items.append(AgendaItem(course_class.enrol_closes_on, "closing",
                                f"{course_class.version.title} ({course_class.name})",
                                class_url(course_class), note=status))
    return items
