"""Classes for tests: rows with sensible defaults, flushed, never committed."""

import itertools
from datetime import UTC, date, datetime, timedelta

from lms.classes import enrolment as enrolling
from lms.classes.models import ClassMeeting, CourseClass
from lms.core.dates import today_in_bangkok
from lms.extensions import db
from tests.catalog.factories import published_course

_seq = itertools.count(1)


def today() -> date:
    return today_in_bangkok()


def course_class(institute, version=None, capacity=10, opens_on=None, closes_on=None, meetings=None,
                 target_groups=(), organisations=(), **fields) -> CourseClass:
    """A class of a published course of `institute`, enrolment open today, two sessions next month.

    `meetings` are (title, starts_at, ends_at) with aware datetimes.
    """
    n = next(_seq)
    version = version or published_course(institute).published
    if meetings is None:
        first = datetime.combine(today() + timedelta(days=30), datetime.min.time(), UTC) + timedelta(hours=2)
        meetings = [(f"วันที่ {i + 1}", first + timedelta(days=i), first + timedelta(days=i, hours=6))
                    for i in range(2)]
    cls = CourseClass(
        course_version_id=version.id, institute_id=institute.id, name=fields.pop("name", f"รุ่นที่ {n}/2570"),
        place=fields.pop("place", "ห้องประชุม 1 อาคาร ก"), online_url=fields.pop("online_url", ""),
        capacity=capacity, enrol_opens_on=opens_on or today() - timedelta(days=1),
        enrol_closes_on=closes_on or today() + timedelta(days=14),
        target_groups=list(target_groups), organisations=list(organisations),
        meetings=[ClassMeeting(title=t, starts_at=s, ends_at=e) for t, s, e in meetings], **fields)
    db.session.add(cls)
    db.session.flush()
    return cls


def enrol(cls, *people):
    """Enrol each person through the service (a seat, or the waiting list when full)."""
    return [enrolling.enrol(cls, person) for person in people]
