"""The supervisor table: one statement per page, sorting, CSV, one level deeper, access."""

import csv
import io
import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import event

from tests import factories
from tests.development.test_dashboard import _plan, login_fresh, page
from tests.development.test_mix import add_record


@pytest.fixture(autouse=True)
def in_fiscal_year_2569():
    with time_machine.travel(datetime(2026, 6, 15, 3, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def team(world):
    """learner: exactly 70:20:10 and two entries waiting; peer: only training and a submitted
    plan; newcomer: nothing at all."""
    learner, peer = world["learner"], world["peer"]
    add_record(learner, "on-the-job", 14, date(2026, 2, 1))
    add_record(learner, "learning-from-others", 4, date(2026, 2, 2))
    add_record(learner, "training", 2, date(2026, 2, 3))
    add_record(learner, "self-learning", 1, date(2026, 2, 4), status="pending")
    add_record(learner, "self-learning", 1, date(2026, 2, 5), status="pending")
    add_record(peer, "training", 5, date(2026, 4, 1))
    _plan(peer, 2569, [("submitted", [("digital-literacy", "training", 5)])])
    newcomer = factories.person(world["division"], world["supervisor"], name_th="กมล มาใหม่",
                                name_en="Kamol Newcomer")
    return {"learner": learner, "peer": peer, "newcomer": newcomer}


def order(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<tr data-person="(\d+)"', html)]


def test_the_table_shows_each_report(client, world, login, team):
    login(world["supervisor"])
    html = page(client, "/dashboard/team")
    learner_row = html.split(f'data-person="{team["learner"].id}"')[1].split("</tr>")[0]
    assert ">70%" in learner_row and ">20%" in learner_row and ">10%" in learner_row
    assert 'data-within="yes"' in learner_row and 'data-plan-state="none"' in learner_row
    assert 'data-pending="0,2"' in learner_row and "5 ก.พ. 2569" in learner_row  # Buddhist Era
    peer_row = html.split(f'data-person="{team["peer"].id}"')[1].split("</tr>")[0]
    assert 'data-within="no"' in peer_row and 'data-plan-state="submitted"' in peer_row
    assert 'data-pending="1,0"' in peer_row
    assert 'data-within="empty"' in html.split(f'data-person="{team["newcomer"].id}"')[1]
    assert 'id="plans-waiting">1<' in html and 'id="entries-waiting">2<' in html
    assert ' style="' not in html


@pytest.mark.parametrize(("sort", "direction", "expected"), [
    ("experiential", "desc", ["learner", "peer", "newcomer"]),
    ("experiential", "asc", ["newcomer", "peer", "learner"]),
    ("formal", "desc", ["peer", "learner", "newcomer"]),
    ("social", "desc", ["learner", "peer", "newcomer"]),
    ("plan", "desc", ["peer", "newcomer", "learner"]),  # ties by name
    ("pending", "desc", ["learner", "peer", "newcomer"]),
    ("last", "desc", ["peer", "learner", "newcomer"]),
    ("last", "asc", ["newcomer", "learner", "peer"]),
])
def test_sorting_by_each_column(client, world, login, team, sort, direction, expected):
    login(world["supervisor"])
    html = page(client, f"/dashboard/team?sort={sort}&dir={direction}")
    assert order(html) == [team[key].id for key in expected]


def test_sorting_by_name_follows_the_language(client, world, login, team):
    login(world["supervisor"])
    names = {p.id: p.name_th for p in team.values()}
    assert order(page(client, "/dashboard/team?sort=name")) == sorted(names, key=names.get)
    assert order(page(client, "/dashboard/team?sort=name&dir=desc")) == sorted(names, key=names.get)[::-1]
    assert order(page(client, "/dashboard/team?sort=nonsense")) == sorted(names, key=names.get)


def test_csv_export_with_a_byte_order_mark(client, world, login, team, db):
    world["supervisor"].language = "en"
    db.session.flush()
    login(world["supervisor"])
    response = client.get("/dashboard/team?sort=experiential&dir=desc&format=csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[0] == "Name" and len(header) == 16
    assert [row[1] for row in body] == [team[k].email for k in ("learner", "peer", "newcomer")]
    learner, peer, newcomer = body
    assert learner[3:6] == ["70", "20", "10"] and learner[6:10] == ["14", "4", "2", "20"]
    assert learner[10] == "Meets" and learner[13] == "2" and learner[14] == "2026-02-05"
    assert peer[3:6] == ["0", "0", "100"] and peer[10] == "Does not meet" and peer[12] == "1"
    assert newcomer[3:6] == ["", "", ""] and newcomer[10] == "" and newcomer[14] == ""


def test_csv_keeps_thai_names_and_defuses_formulas(client, world, login, team, db):
    team["newcomer"].name_th = "=HYPERLINK(1)"
    db.session.flush()
    login(world["supervisor"])
    rows = list(csv.reader(io.StringIO(client.get("/dashboard/team?format=csv").data.decode("utf-8-sig"))))
    names = [row[0] for row in rows[1:]]
    assert team["learner"].name_th in names and "'=HYPERLINK(1)" in names


def test_one_click_deeper_shows_the_reports_of_a_report(client, world, login, team):
    login(world["director"])
    html = page(client, "/dashboard/team")
    assert order(html) == [world["supervisor"].id]
    assert f'href="/dashboard/team/{world["supervisor"].id}?fy=2569"' in html
    assert f'href="/dashboard/people/{world["supervisor"].id}?fy=2569"' in html  # their own dashboard
    deeper = page(client, f"/dashboard/team/{world['supervisor'].id}")
    assert sorted(order(deeper)) == sorted(p.id for p in team.values())
    assert world["supervisor"].name_th in deeper


def test_team_pages_are_for_those_up_the_chain(client, world, login, team):
    login(world["learner"])
    page(client, "/dashboard/team", 403)
    page(client, f"/dashboard/team/{world['peer'].id}", 404)
    page(client, f"/dashboard/team/{world['learner'].id}", 404)
    login_fresh(client, login, world["supervisor"])
    page(client, f"/dashboard/team/{world['director'].id}", 404)
    page(client, f"/dashboard/team/{world['learner'].id}")  # nobody below yet: an empty table
    login_fresh(client, login, world["other_supervisor"])
    page(client, "/dashboard/team")
    page(client, f"/dashboard/team/{world['supervisor'].id}", 404)
    page(client, f"/dashboard/team/{world['learner'].id}", 404)


def _statements(client, db, url) -> int:
    executed = []
    connection = db.session.connection()
    listen = lambda *args: executed.append(args[2])  # noqa: E731
    event.listen(connection, "before_cursor_execute", listen)
    try:
        page(client, url)
    finally:
        event.remove(connection, "before_cursor_execute", listen)
    return len(executed)


def test_pages_of_a_large_team_in_a_fixed_number_of_statements(app, client, world, login, team, db):
    login(world["supervisor"])
    small = _statements(client, db, "/dashboard/team?sort=experiential")
    for i in range(30):
        person = factories.person(world["division"], world["supervisor"])
        add_record(person, "on-the-job", 1 + i % 7, date(2026, 1, 1 + i % 28))
        add_record(person, "training", 1, date(2026, 1, 2), status="pending")
        if i % 3 == 0:
            factories.person(world["division"], person)  # has a report of their own
    app.config["PER_PAGE"] = 10
    try:
        large = _statements(client, db, "/dashboard/team?sort=experiential")
        first = page(client, "/dashboard/team?sort=experiential&dir=desc")
        last = page(client, "/dashboard/team?sort=experiential&dir=desc&page=4")
    finally:
        app.config["PER_PAGE"] = 25
    assert large == small, (small, large)
    assert len(order(first)) == 10 and len(order(last)) == 3
    assert set(order(first)).isdisjoint(order(last))
    assert team["newcomer"].id in order(last)  # nothing recorded: lowest
    assert "page=2" in first


def test_every_page_shows_the_whole_team_s_totals(app, client, world, login, team):
    login(world["supervisor"])
    app.config["PER_PAGE"] = 1
    try:
        pages = [page(client, f"/dashboard/team?page={n}") for n in (1, 2, 3, 99)]
    finally:
        app.config["PER_PAGE"] = 25
    assert [len(order(html)) for html in pages] == [1, 1, 1, 0]
    for html in pages:  # the page past the last too
        assert 'id="plans-waiting">1<' in html and 'id="entries-waiting">2<' in html
        assert "ผู้ใต้บังคับบัญชาโดยตรง 3 คน" in html
