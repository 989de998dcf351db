"""The layout around the dashboards: the menu each person sees, built once per process for each
language and set of roles, and the supervisor question asked once per page."""

import re
from datetime import timedelta

from sqlalchemy import event

from lms.accounts.delegation import delegate
from lms.core.access import can
from lms.core.dates import today_in_bangkok
from tests import factories
from tests.development.test_dashboard import login_fresh, page

MENUS = re.compile(r'id="(nav-[a-z]+)"')


def menus(html: str) -> list[str]:
    return MENUS.findall(html)


def test_each_person_sees_the_menu_of_their_own_roles_in_their_language(client, world, login, db):
    pages = {}
    for role in ("supervisor", "learner", "author", "supervisor", "learner", "site_admin"):
        login_fresh(client, login, world[role])
        pages.setdefault(role, []).append(page(client, "/dashboard/"))
    assert menus(pages["supervisor"][0]) == menus(pages["supervisor"][1]) == ["nav-learning", "nav-team"]
    assert menus(pages["learner"][0]) == menus(pages["learner"][1]) == ["nav-learning"]
    assert menus(pages["author"][0]) == ["nav-learning", "nav-institute"]
    assert f'/institutes/{world["author"].institute_id}' in pages["author"][0]
    assert menus(pages["site_admin"][0]) == ["nav-learning", "nav-admin"]
    assert "ทีมของฉัน" in pages["supervisor"][0]

    world["supervisor"].language = "en"
    db.session.commit()
    login_fresh(client, login, world["supervisor"])
    english = page(client, "/dashboard/")
    assert menus(english) == ["nav-learning", "nav-team"]
    assert "My team" in english and "ทีมของฉัน" not in english


def test_acting_for_a_supervisor_shows_the_team_menu_from_the_next_page(client, world, login, db):
    login_fresh(client, login, world["other_learner"])
    assert menus(page(client, "/dashboard/")) == ["nav-learning"]
    today = today_in_bangkok()
    delegate(world["other_supervisor"], world["other_learner"], today, today + timedelta(days=3))
    db.session.commit()
    assert menus(page(client, "/dashboard/")) == ["nav-learning", "nav-team"]


def test_the_team_page_asks_once_whether_the_reader_supervises(client, world, login, db):
    login_fresh(client, login, world["supervisor"])
    asked = []

    def listen(_conn, _cursor, statement, *_args):
        if "EXISTS" in statement and "people.supervisor_id" in statement:
            asked.append(statement)

    connection = db.session.connection()
    event.listen(connection, "before_cursor_execute", listen)
    try:
        html = page(client, "/dashboard/team")  # @require("supervise"), then the menu
    finally:
        event.remove(connection, "before_cursor_execute", listen)
    assert "nav-team" in html and len(asked) == 1


def test_outside_a_served_page_the_answer_follows_the_data_at_once(world, db):
    learner = world["learner"]
    assert not can(learner, "supervise")
    factories.person(world["division"], learner)
    db.session.flush()
    assert can(learner, "supervise")
