"""The xAPI pieces without an LRS: durations, matching people, the scheduler's jobs, the page."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from lms.integrations.xapi import jobs, mapping, statements
from lms.notifications import scheduler


@pytest.mark.parametrize("text, hours", [
    ("PT1H30M", Decimal("1.50")), ("PT90M", Decimal("1.50")), ("PT0.5H", Decimal("0.50")),
    ("PT3600S", Decimal("1.00")), ("P1DT2H", Decimal("26.00")), ("PT50M", Decimal("0.83")),
    ("pt2h", Decimal("2.00")), ("P1Y", None), ("PT", None), ("P", None), ("1 hour", None), ("", None),
])
def test_iso_durations_in_hours(text, hours):
    assert mapping.duration_hours(text) == hours


@pytest.mark.parametrize("hours, text", [(Decimal("1.5"), "PT1H30M"), (Decimal("0.83"), "PT50M"),
                                         (Decimal("3"), "PT3H"), (Decimal("0"), "PT0M")])
def test_hours_as_iso_durations(hours, text):
    assert statements.duration(hours) == text


def test_people_are_matched_by_email_or_by_their_account_here(app, world, configure):
    configure(BASE_URL="https://thaksa.example.org/")
    learner = world["learner"]
    assert mapping.find_person({"mbox": "mailto:Learner@Example.go.th"}) == learner
    here = {"homePage": "https://thaksa.example.org", "name": str(learner.id)}
    assert mapping.find_person({"account": here}) == learner
    assert mapping.find_person({"account": {"homePage": "https://mooc.example.org", "name": str(learner.id)}}) is None
    assert mapping.find_person({"account": {"homePage": "https://mooc.example.org",
                                            "name": "learner@example.go.th"}}) == learner
    assert mapping.interpret({"id": "x", "actor": {"mbox_sha1sum": "ab"}}).reason == mapping.NO_ACTOR


def test_an_anonymised_person_is_sent_as_an_account(world, configure):
    learner = world["learner"]
    learner.anonymised_at = datetime(2026, 1, 1, tzinfo=UTC)
    configure(BASE_URL="https://thaksa.example.org")
    assert statements.actor(learner) == {"objectType": "Agent", "account": {
        "homePage": "https://thaksa.example.org", "name": str(learner.id)}}


def test_the_statement_id_is_stable_per_site_and_source(db, configure):
    configure(BASE_URL="https://a.example.org")
    first = statements.statement_id("record:1")
    assert statements.statement_id("record:1") == first != statements.statement_id("record:2")
    configure(BASE_URL="https://b.example.org")
    assert statements.statement_id("record:1") != first


def test_the_scheduler_sends_and_fetches_only_when_an_lrs_is_set(app, db, configure):
    now = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
    assert scheduler.build_scheduler(app, now).get_job(jobs.SEND_JOB) is None
    configure(XAPI_LRS_URL="http://127.0.0.1:9/xAPI/", XAPI_IN_LRS_URL="http://127.0.0.1:9/xAPI/")
    built = scheduler.build_scheduler(app, now)
    assert built.get_job(jobs.SEND_JOB).args[1] is jobs.send_job
    assert built.get_job(jobs.FETCH_JOB).args[1] is jobs.fetch_job
    assert str(built.get_job(jobs.SEND_JOB).trigger) == "interval[0:05:00]"


def test_only_site_administrators_see_the_xapi_page(client, login_as):
    login_as("agency_admin")
    assert client.get("/admin/xapi").status_code == 403
    login_as("site_admin")
    page = client.get("/admin/xapi").get_data(as_text=True)
    assert "xAPI" in page and 'id="xapi-count-pending">0<' in page
