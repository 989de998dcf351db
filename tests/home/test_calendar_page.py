"""The learner's calendar: a month grid and agenda of their sessions, enrolment-closing days
and plan dates, in Thai months and Buddhist-Era years; and the feed link to copy."""

from datetime import UTC, date, datetime, timedelta

import pytest

from lms.classes import enrolment as enrolling
from tests.classes.factories import course_class


@pytest.fixture
def learner(world, db, login):
    login(world["learner"])
    return world["learner"]


def cell(page: str, day: date) -> str:
    return page.split(f'data-day="{day.isoformat()}"', 1)[1].split("</td>", 1)[0]


def test_a_session_shows_on_its_bangkok_day_of_a_thai_month(client, db, world, learner):
    # 20:00 UTC on 14 Dec is 03:00 on 15 Dec in Bangkok.
    starts = datetime(2026, 12, 14, 20, 0, tzinfo=UTC)
    cls = course_class(world["institute"], opens_on=date(2026, 11, 1), closes_on=date(2026, 12, 10),
                       meetings=[("วันแรก", starts, starts + timedelta(hours=3))])
    enrolling.enrol(cls, learner, today=date(2026, 12, 1))
    page = client.get("/classes/calendar?month=2026-12").get_data(as_text=True)
    assert '<h2 class="h4 mb-0 mx-2" id="month-title">ธันวาคม 2569</h2>' in page
    assert "วันแรก" in cell(page, date(2026, 12, 15)) and "03:00–06:00" in cell(page, date(2026, 12, 15))
    assert "วันแรก" not in cell(page, date(2026, 12, 14))
    assert cls.name in cell(page, date(2026, 12, 10))  # the day its enrolment closes
    agenda = page.split('id="agenda"', 1)[1]
    assert "15 ธ.ค. 2569" in agenda and "10 ธ.ค. 2569" in agenda
    assert 'href="/classes/calendar?month=2026-11"' in page and 'href="/classes/calendar?month=2027-01"' in page
    assert "<th scope=\"col\" class=\"text-center\">อา.</th>" in page  # weeks start on Sunday


def test_other_months_and_other_peoples_classes_stay_out(client, db, world, learner):
    starts = datetime(2026, 12, 14, 2, 0, tzinfo=UTC)
    mine = course_class(world["institute"], meetings=[("MY-SESSION", starts, starts + timedelta(hours=3))])
    theirs = course_class(world["institute"], meetings=[("THEIR-SESSION", starts, starts + timedelta(hours=3))])
    for cls, person in ((mine, learner), (theirs, world["peer"])):
        cls.enrol_opens_on, cls.enrol_closes_on = date(2000, 1, 1), date(2400, 1, 1)
        enrolling.enrol(cls, person)
    december = client.get("/classes/calendar?month=2026-12").get_data(as_text=True)
    assert "MY-SESSION" in december and "THEIR-SESSION" not in december
    january = client.get("/classes/calendar?month=2027-01").get_data(as_text=True)
    assert "MY-SESSION" not in january and 'id="agenda-empty"' in january


def test_english_months_and_the_plan_deadline(client, db, world, learner):
    learner.language = "en"
    db.session.flush()
    page = client.get("/classes/calendar?month=2026-09").get_data(as_text=True)
    assert 'id="month-title">September 2026</h2>' in page
    assert "Your plan for fiscal year 2027 (B.E. 2570) should be agreed by today" in cell(page, date(2026, 9, 1))
    assert "Fiscal year 2026 (B.E. 2569) ends" in cell(page, date(2026, 9, 30))


def test_a_nonsense_month_shows_this_month(client, db, world, learner):
    assert client.get("/classes/calendar?month=9999-99").status_code == 200
    assert client.get("/classes/calendar?month=<script>").status_code == 200


def test_the_feed_link_can_be_copied_or_selected(client, db, world, learner):
    page = client.get("/classes/calendar").get_data(as_text=True)
    feed = f"http://localhost/calendar/{learner.calendar_token}.ics"
    assert f'id="calendar-feed-url" value="{feed}" readonly' in page  # visible without script
    assert 'data-copy-target="calendar-feed-url"' in page and "/static/js/copy-link.js" in page
    assert client.get("/static/js/copy-link.js").status_code == 200
