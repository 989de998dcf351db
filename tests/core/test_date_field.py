"""Typed dates: both eras and ISO read the same, an ambiguous or impossible date is refused
with what was typed kept, and a Thai page shows a stored date as dd/mm/B.E."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from lms.classes.models import CourseClass
from lms.core.dates import (
    BANGKOK,
    DateInputError,
    format_date,
    format_date_input,
    format_datetime_input,
    parse_date_input,
    parse_datetime_input,
    today_in_bangkok,
)
from lms.extensions import db as database
from tests.catalog.factories import published_course
from tests.classes.test_scheduling import _form as class_form
from tests.development.test_log import entry_form, make_entry

CALENDAR = st.dates(min_value=date(1900, 1, 1), max_value=date(2399, 12, 31))


@pytest.mark.parametrize(("text", "expected"), [
    ("24/11/2569", date(2026, 11, 24)),   # Buddhist Era, as Thai pages write it
    ("24/11/2026", date(2026, 11, 24)),   # Common Era, as English pages write it
    ("2026-11-24", date(2026, 11, 24)),   # ISO: old bookmarks, scripts and tests
    ("2569-11-24", date(2026, 11, 24)),   # ISO with a B.E. year
    ("1/2/2569", date(2026, 2, 1)),       # without leading zeros
    (" 01-02-2569 ", date(2026, 2, 1)),
    ("01.02.2026", date(2026, 2, 1)),
    ("๒๔/๑๑/๒๕๖๙", date(2026, 11, 24)),  # Thai digits
    ("29/02/2567", date(2024, 2, 29)),    # a leap day (2024)
    ("01/01/1900", date(1900, 1, 1)),
    ("31/12/2399", date(2399, 12, 31)),
    ("01/01/2443", date(1900, 1, 1)),
])
def test_both_eras_and_iso_are_read(text, expected):
    assert parse_date_input(text) == expected


@pytest.mark.parametrize(("text", "reason"), [
    ("24/11/69", "shape"),      # two-digit year: which century, which era?
    ("24/11", "shape"),         # no year
    ("11/2569", "shape"),       # no day
    ("2569", "shape"),
    ("", "shape"),
    ("yesterday", "shape"),
    ("24 พ.ย. 2569", "shape"),
    ("2026/11/24", "shape"),
    ("24/11/2569 13:00", "shape"),
    ("31/02/2569", "day"),      # no 31 February
    ("29/02/2568", "day"),      # 2025 is no leap year
    ("00/01/2569", "day"),
    ("01/13/2569", "day"),      # month 13: not a US-style date either
    ("2026-02-30", "day"),
    ("01/01/1899", "year"),
    ("01/01/2442", "year"),     # B.E. 2442 is 1899
    ("01/01/0001", "year"),
    ("9999-12-31", "year"),
])
def test_ambiguous_and_impossible_dates_are_refused(text, reason):
    with pytest.raises(DateInputError) as refused:
        parse_date_input(text)
    assert refused.value.reason == reason and refused.value.text == text


@given(CALENDAR, st.sampled_from(["th", "en"]))
def test_a_shown_date_reads_back_as_itself(day, language):
    assert parse_date_input(format_date_input(day, language)) == day
    assert parse_date_input(day.isoformat()) == day


@given(CALENDAR, st.integers(0, 23), st.integers(0, 59), st.sampled_from(["th", "en"]))
def test_a_shown_time_reads_back_as_itself(day, hour, minute, language):
    moment = datetime(day.year, day.month, day.day, hour, minute)
    assert parse_datetime_input(format_datetime_input(moment, language)) == moment
    assert parse_datetime_input(moment.strftime("%Y-%m-%dT%H:%M")) == moment


def test_dates_show_in_the_readers_era():
    assert format_date_input(date(2026, 11, 24), "th") == "24/11/2569"
    assert format_date_input(date(2026, 1, 5), "en") == "05/01/2026"
    utc_evening = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)  # already the 24th in Bangkok
    assert format_datetime_input(utc_evening, "th") == "24/11/2569 06:30"


@pytest.mark.parametrize(("text", "reason"), [
    ("24/11/2569", "shape"), ("24/11/2569 25:00", "time"), ("24/11/2569 9", "time"),
    ("31/11/2569 09:00", "day"), ("24/11/69 09:00", "shape"),
])
def test_a_time_needs_a_day_and_a_real_hour(text, reason):
    with pytest.raises(DateInputError) as refused:
        parse_datetime_input(text)
    assert refused.value.reason == reason


# ---------------------------------------------------------------- the field, on real pages

def test_a_thai_page_shows_a_stored_date_in_the_buddhist_era(client, login_as):
    learner = login_as("learner")  # Thai, the default
    day = today_in_bangkok() - timedelta(days=3)
    record = make_entry(learner, day=day)
    page = client.get(f"/log/{record.id}").get_data(as_text=True)
    shown = f"{day.day:02d}/{day.month:02d}/{day.year + 543}"
    assert f'value="{shown}"' in page
    assert 'data-datepicker="date"' in page and 'data-era="be"' in page and 'inputmode="numeric"' in page


def test_an_english_page_shows_the_common_era_and_says_the_format(client, login_as, db):
    learner = login_as("learner")
    learner.language = "en"
    db.session.flush()
    day = today_in_bangkok() - timedelta(days=3)
    record = make_entry(learner, day=day)
    page = client.get(f"/log/{record.id}").get_data(as_text=True)
    assert f'value="{day:%d/%m/%Y}"' in page and 'data-era="ce"' in page
    assert "Day/month/year, for example 24/11/2026." in page
    assert 'aria-describedby="occurred_on-hint"' in page and 'id="occurred_on-hint"' in page


def test_a_buddhist_era_date_is_saved_as_its_day(client, login_as):
    login_as("learner")
    day = today_in_bangkok() - timedelta(days=2)
    typed = f"{day.day}/{day.month}/{day.year + 543}"
    assert client.post("/log/new", data=entry_form(occurred_on=typed)).status_code == 302
    listing = client.get("/log/").get_data(as_text=True)
    assert format_date(day, "th") in listing


@pytest.mark.parametrize(("typed", "message"), [
    ("31/02/2569", "There is no such day as 31/02/2569: check the day and the month."),
    ("24/11/69", "Enter the date as day/month/year with a four-digit year, for example 24/11/2026."),
    ("24/11", "Enter the date as day/month/year with a four-digit year, for example 24/11/2026."),
    ("01/01/1066", "Write the year with four digits in the Buddhist Era (such as 2569) or the Common Era"),
])
def test_a_refused_date_keeps_what_was_typed_and_says_why(client, login_as, db, typed, message):
    learner = login_as("learner")
    learner.language = "en"
    db.session.flush()
    response = client.post("/log/new", data=entry_form(occurred_on=typed))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'value="{typed}"' in page and message in page


def test_class_sessions_take_a_buddhist_era_date_and_time(client, login_as, world):
    version = published_course(world["institute"]).published
    login_as("author")
    data = class_form(version, **{"enrol_opens_on": "01/12/2569", "enrol_closes_on": "20/12/2569",
                                  "meetings-0-starts_at": "10/01/2570 09:00", "meetings-0-ends_at": "10/01/2570 16:00"})
    response = client.post("/classes/manage/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    course_class = database.session.scalar(select(CourseClass).where(CourseClass.course_version_id == version.id))
    assert course_class.enrol_opens_on == date(2026, 12, 1)
    assert course_class.meetings[0].starts_at == datetime(2027, 1, 10, 9, 0, tzinfo=BANGKOK)
    page = client.get(f"/classes/manage/{course_class.id}/edit").get_data(as_text=True)
    assert 'value="10/01/2570 09:00"' in page and 'data-datepicker="datetime"' in page
    assert 'value="01/12/2569"' in page
