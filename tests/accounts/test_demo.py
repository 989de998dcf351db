"""The demo: what it loads, that it loads once, and that its logins work."""

from sqlalchemy import func, select

from lms.accounts.demo import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, PEOPLE, load_demo
from lms.accounts.models import Institute, Organisation, Person
from lms.core.access import roles_of
from lms.extensions import db as database


def demo_counts() -> tuple[int, int, int]:
    session = database.session
    return (
        session.scalar(select(func.count()).select_from(Organisation).where(Organisation.code.like("DEMO-%"))),
        session.scalar(select(func.count()).select_from(Institute).where(Institute.code.like("DEMO-%"))),
        session.scalar(select(func.count()).select_from(Person)
                       .where(Person.email.like(f"%@{DEMO_EMAIL_DOMAIN}"))),
    )


def supervisor_depth(person: Person) -> int:
    depth, node = 0, person.supervisor
    while node is not None:
        depth, node = depth + 1, node.supervisor
    return depth


def test_demo_loads_an_organisation_people_in_every_role_and_an_institute(db):
    result = load_demo()

    assert result.changed
    assert demo_counts() == (result.created_organisations, 1, 60)
    assert {spec.group for spec in PEOPLE} == {"executive", "management", "academic", "service",
                                               "technology", "others"}
    agencies = [org for org in result.organisations.values() if org.is_agency]
    assert {org.phase.slug for org in agencies} >= {"develop", "early"}
    assert all(org.cio is not None and org.cio.organisation is org for org in agencies)
    assert all(org.agency is not None for org in result.organisations.values() if org.kind == "division")

    people = list(result.people.values())
    assert max(supervisor_depth(p) for p in people) >= 2
    authors = [p for p in people if p.institute is result.institute]
    assert len(authors) == 2
    assert [p.admin_of.is_agency for p in people if p.admin_of] == [True]
    assert len([p for p in people if p.is_site_admin]) == 1

    roles = {login.role: roles_of(result.people[login.email.split("@")[0]]) for login in result.logins}
    assert "site_admin" in roles["site admin"]
    assert "agency_admin" in roles["agency admin"]
    assert "author" in roles["course author"]
    assert "supervisor" in roles["supervisor"]
    assert roles["learner"] == ["learner"]
    assert result.people["kanokporn.m"].supervisor is result.people["paweena.s"]


def test_second_run_changes_nothing(db):
    load_demo()
    counts = demo_counts()

    again = load_demo()

    assert not again.changed
    assert (again.created_organisations, again.created_institutes, again.created_people) == (0, 0, 0)
    assert demo_counts() == counts


def test_cli_loads_once_and_prints_a_login_per_role(app, db):
    runner = app.test_cli_runner()

    first = runner.invoke(args=["lms", "demo"])
    second = runner.invoke(args=["lms", "demo"])

    assert first.exit_code == 0, first.output
    assert "Demo loaded: created 13 organisations, 1 institute, 60 people." in first.output
    assert second.exit_code == 0
    assert "already loaded; nothing changed" in second.output
    for role in ("site admin", "agency admin", "course author", "supervisor", "learner"):
        assert f"  {role} " in second.output
    assert DEMO_PASSWORD in second.output
    assert demo_counts()[2] == 60


def test_a_demo_login_logs_in_and_reaches_home(client):
    result = load_demo()
    learner = result.people["kanokporn.m"]

    response = client.post("/login", data={"email": learner.email, "password": DEMO_PASSWORD})

    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    assert learner.name_th in home.get_data(as_text=True)
