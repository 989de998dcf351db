"""The demo's heads of units, CIOs and employment types: who sees reports, and who §4.4 counts."""

from collections import Counter
from datetime import date

from sqlalchemy import func, select

from lms.accounts.demo import LOGINS, demo_organisations, demo_people, demo_people_added_at, load_demo
from lms.accounts.models import Organisation, Person
from lms.accounts.scope import in_scope, type_in_scope
from lms.core.access import can
from lms.core.dates import BANGKOK, fiscal_year_of, today_in_bangkok
from lms.extensions import db as database


def _login(role: str) -> str:
    return dict(LOGINS)[role]


def test_every_demo_person_has_an_employment_type_most_of_them_ordinary_civil_servants():
    types = Counter(spec.employment_type for spec in demo_people())
    assert sum(types.values()) == 60
    assert types["civil-servant"] >= 0.8 * 60
    assert set(types) == {"civil-servant", "other-civil-servant", "government-employee", "permanent-employee",
                          "temporary-employee"}


def test_agencies_have_a_head_and_a_cio_and_the_demo_logins_see_reports(db):
    result = load_demo()
    orgs = result.organisations
    agencies = [org for org in orgs.values() if org.is_agency]
    assert all(org.head is not None and org.head.organisation is org for org in agencies)
    assert all(org.cio is not None and org.cio.organisation is org for org in agencies)
    divisions = [org for org in orgs.values() if org.kind == "division"]
    assert 0 < len([org for org in divisions if org.head is not None]) < len(divisions)

    cio, head = (result.people[_login(role)] for role in ("CIO", "head of division"))
    assert orgs["DEMO-DGD"].cio is cio and orgs["DEMO-DGD-DAT"].head is head
    assert can(cio, "view_unit_report", orgs["DEMO-DGD-PLN"]) and not can(cio, "view_unit_report", orgs["DEMO-DCS"])
    assert can(head, "view_unit_report", orgs["DEMO-DGD-DAT"])
    assert not can(head, "view_unit_report", orgs["DEMO-DGD-PLN"])
    assert not can(result.people[_login("learner")], "view_reports")


def test_the_types_put_the_demo_in_scope_as_section_4_4_widens(db):
    result = load_demo()
    ids = [person.id for person in result.people.values()]

    def typed_in(fiscal_year):
        return database.session.scalar(select(func.count()).where(Person.id.in_(ids), type_in_scope(fiscal_year)))

    assert (typed_in(2562), typed_in(2563), typed_in(2564)) == (52, 54, 60)
    this_year = fiscal_year_of(today_in_bangkok())
    for fiscal_year in (this_year - 1, this_year):  # the report and the year beside it
        assert database.session.scalar(select(func.count()).where(Person.id.in_(ids), in_scope(fiscal_year))) == 60
    assert database.session.scalar(select(func.count()).where(Person.id.in_(ids), in_scope(this_year - 2))) == 0


def test_demo_people_count_as_added_on_the_first_day_of_last_fiscal_year():
    assert demo_people_added_at(date(2026, 12, 1)).isoformat() == "2025-10-01T00:00:00+07:00"
    assert demo_people_added_at(date(2026, 9, 30)).tzinfo is BANGKOK


def test_a_demo_loaded_before_heads_and_types_existed_gets_them_once(db):
    first = load_demo()
    division, person = first.organisations["DEMO-DGD-DAT"], first.people["sunisa.p"]
    division.head, person.employment_type = None, None
    database.session.flush()

    again = load_demo()

    assert again.changed and (again.filled_heads, again.filled_employment_types) == (1, 1)
    assert division.head is first.people["phimchanok.c"] and person.employment_type.slug == "civil-servant"
    assert not load_demo().changed
    assert [spec.code for spec in demo_organisations() if spec.head_email is None] == ["DEMO-DCS-SEC"]


def test_the_command_prints_the_cio_and_head_of_division_logins(app, db):
    output = app.test_cli_runner().invoke(args=["lms", "demo"]).output
    assert "  CIO                      wiphawadi.c@thaksa-demo.example" in output
    assert "  head of division         phimchanok.c@thaksa-demo.example" in output


def test_the_command_says_what_it_filled_in(app, db):
    runner = app.test_cli_runner()
    runner.invoke(args=["lms", "demo"])
    division = database.session.scalar(select(Organisation).where(Organisation.code == "DEMO-DGD-PLN"))
    division.head = None
    database.session.flush()

    output = runner.invoke(args=["lms", "demo"]).output

    assert "Filled in where missing: 1 head of unit, 0 employment types." in output
    assert division.head.email == "anucha.s@thaksa-demo.example"
