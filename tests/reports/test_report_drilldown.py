"""Section 5, the drill-down: a row per child unit (its whole subtree's figures), one click
down keeping the filters, sortable by any column, and person rows only for people the reader
may already see. All child units are counted by the same few statements, however many."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import event

from lms.reference.models import TargetGroup
from tests import factories
from tests.reports.factories_report import by_slug, table_rows

pytestmark = pytest.mark.usefixtures("in_fiscal_year_2569")


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)


def ids(*people):
    return [str(person.id) for person in people]


def test_child_units_count_everyone_below_them(client, login, rw):
    login(rw["cio"])
    units = table_rows(page(client, f"/reports/{rw['agency'].id}"), "data-unit")
    # name, people in scope, agreed plan, learning counted, 70:20:10, hours per person
    assert units[str(rw["div1"].id)] == ["กองหนึ่ง", "6", "50%", "50%", "33.3%", "6.7"]
    assert units[str(rw["div2"].id)] == ["กองสอง", "1", "0%", "0%", "0%", "0"]


def test_one_click_down_keeps_the_filters_and_the_sort(client, login, rw):
    login(rw["cio"])
    service = by_slug(TargetGroup, "service").id
    html = page(client, f"/reports/{rw['agency'].id}?fy=2569&group={service}&sort=people&dir=desc")
    down = f'href="/reports/{rw["div1"].id}?fy=2569&amp;group={service}&amp;sort=people&amp;dir=desc"'
    assert down in html
    units = table_rows(page(client, f"/reports/{rw['div1'].id}?fy=2569&group={service}"), "data-person")
    assert list(units) == ids(rw["c"], rw["a"])  # the service group directly in the division, by name


def test_sorting_by_a_column_and_back(client, login, rw):
    login(rw["head"])
    base = f"/reports/{rw['div1'].id}?fy=2569"
    by_hours = table_rows(page(client, base + "&sort=hours&dir=desc"), "data-person")
    assert list(by_hours) == ids(rw["a"], rw["b"], rw["c"], rw["head"])  # 20, 10, 0, 0 (ties by name)
    assert list(table_rows(page(client, base + "&sort=hours"), "data-person")) == \
        ids(rw["c"], rw["head"], rw["b"], rw["a"])
    by_name = table_rows(page(client, base), "data-person")
    assert list(by_name) == ids(rw["c"], rw["b"], rw["head"], rw["a"])  # จันทร์, บุญมี, หทัย, อรทัย
    assert by_hours[str(rw["a"].id)][1:] == ["หนึ่งคน", "ใช่", "ใช่", "ใช่", "20"]
    assert by_hours[str(rw["c"].id)][1:] == ["หนึ่งคน", "ไม่", "ไม่", "ไม่", "0"]  # 5 h pending
    assert 'aria-sort="descending"' in page(client, base + "&sort=hours&dir=desc")

    login(rw["cio"])
    agency = f"/reports/{rw['agency'].id}?fy=2569"
    assert list(table_rows(page(client, agency + "&sort=people&dir=desc"), "data-unit")) == \
        ids(rw["div1"], rw["div2"])
    assert list(table_rows(page(client, agency + "&sort=people"), "data-unit")) == ids(rw["div2"], rw["div1"])
    # an unknown column sorts by name
    assert list(table_rows(page(client, agency + "&sort=password"), "data-unit")) == ids(rw["div2"], rw["div1"])


def test_people_are_listed_only_for_those_who_may_see_them(client, login, rw):
    agency = f"/reports/{rw['agency'].id}"
    login(rw["cio"])  # may see themself; not the agency admin, who reports to nobody
    html = page(client, agency)
    assert list(table_rows(html, "data-person")) == ids(rw["cio"])
    assert 'id="hidden-people"' in html and "1" in html.split('id="hidden-people"')[1][:40]
    login(rw["admin"])  # administers the agency: sees everyone in it
    html = page(client, agency)
    assert set(table_rows(html, "data-person")) == set(ids(rw["cio"], rw["admin"]))
    assert 'id="hidden-people"' not in html
    # the unit's figures count everyone either way
    assert table_rows(html, "data-figure")["in_scope"][1] == "9"


def test_person_rows_link_to_a_dashboard_only_where_the_reader_may_open_it(client, login, rw):
    login(rw["admin"])  # sees the people of the agency, but their development is their supervisors'
    html = page(client, f"/reports/{rw['div1'].id}")
    assert f'/dashboard/people/{rw["a"].id}' not in html
    login(rw["head"])
    assert f'/dashboard/people/{rw["a"].id}' in page(client, f"/reports/{rw['div1'].id}")


def test_more_child_units_cost_no_more_statements(client, login, rw, db):
    login(rw["cio"])
    url = f"/reports/{rw['agency'].id}"

    def statements() -> int:
        seen = []
        connection = db.session.connection()
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(connection, "before_cursor_execute", listener)
        try:
            page(client, url)
        finally:
            event.remove(connection, "before_cursor_execute", listener)
        return len(seen)

    before = statements()
    for n in range(6):
        unit = factories.organisation(f"กองใหม่ {n}", parent=rw["agency"], kind="division")
        factories.person(unit, rw["cio"], created_at=datetime(2024, 1, 1, tzinfo=UTC))
    db.session.flush()
    assert len(table_rows(page(client, url), "data-unit")) == 8
    assert statements() == before


def test_person_rows_come_a_page_at_a_time(rw, app):
    from lms.reports.drilldown import drilldown
    from lms.reports.filters import ReportFilters

    with app.test_request_context("/"):
        first = drilldown(rw["div1"], ReportFilters(2569), rw["head"], sort="hours", descending=True, per_page=3)
        second = drilldown(rw["div1"], ReportFilters(2569), rw["head"], sort="hours", descending=True, per_page=3,
                           page=2)
        beyond = drilldown(rw["div1"], ReportFilters(2569), rw["head"], per_page=3, page=99)
    assert [row.person for row in first.people.rows] == [rw["a"], rw["b"], rw["c"]]
    assert [row.person for row in second.people.rows] == [rw["head"]]
    assert first.people.pages == 2 and first.people.total == 4 and not first.hidden_people
    assert beyond.people.page == 2  # past the end: the last page
    assert [row.unit for row in first.units] == [rw["team"]]
