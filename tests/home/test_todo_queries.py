"""The to-do list's queries do not grow with the number of people: a supervisor of 50 runs
as many as a supervisor of 5, and an administrator of 50 people as many as one of 5."""

from lms.accounts.models import Person
from lms.core.dates import today_in_bangkok
from lms.development import log
from lms.extensions import db
from tests import factories
from tests.development.plan_factories import submitted_plan
from tests.home.todo_page import home_todo


def add_reports(supervisor, organisation, count):
    """Reports with an entry to verify and a plan to agree, each with a report of their own."""
    for _ in range(count):
        report = factories.person(organisation, supervisor)
        log.create_entry(report, log.EntryData(
            occurred_on=today_in_bangkok(), hours_text="1", method_slug="on-the-job", title="งาน"))
        submitted_plan(report)
        factories.person(organisation, report)


def queries_for_home(client, count_queries):
    with count_queries() as counted:
        items, _html = home_todo(client)
    return counted.count, items


def test_a_supervisor_of_fifty_runs_as_many_queries_as_a_supervisor_of_five(world, login, count_queries):
    boss = factories.person(world["division"], name_en="Boss")
    add_reports(boss, world["division"], 5)
    client = login(boss)
    home_todo(client)  # the first page fills what the app caches once
    few, items = queries_for_home(client, count_queries)
    assert items["entries-to-verify"].count == 5 and items["plans-to-agree"].count == 5
    assert "reports-without-plan" not in items

    add_reports(db.session.get(Person, boss.id), world["division"], 45)
    many, items = queries_for_home(client, count_queries)
    assert items["entries-to-verify"].count == 50 and items["plans-to-agree"].count == 50
    assert many == few


def test_an_administrator_of_fifty_runs_as_many_queries_as_one_of_five(world, login, count_queries):
    unit = factories.organisation(parent=world["dept_a"])
    admin = factories.person(unit, world["director"], name_en="Admin", admin_of=unit)
    for _ in range(5):
        factories.person(unit)
    client = login(admin)
    home_todo(client)
    few, items = queries_for_home(client, count_queries)
    assert items["without-supervisor"].count == 5

    for _ in range(45):
        factories.person(unit)
    many, items = queries_for_home(client, count_queries)
    assert items["without-supervisor"].count == 50 and items["without-target-group"].count == 51
    assert many == few
