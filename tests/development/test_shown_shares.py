"""A 70:20:10 share is shown as the rule shows it, on the dashboard and the plan page alike:
80.04% experiential is outside 70 ± 10, so both read 80.1%, never 80% or 80.0%."""

import re
from datetime import UTC, date, datetime

import pytest
import time_machine

from tests.development.plan_factories import draft_plan
from tests.development.test_mix import add_record

HOURS = {"on-the-job": "20.01", "coaching": "2.49", "training": "2.5"}  # 80.04% : 9.96% : 10% of 25 h


@pytest.fixture(autouse=True)
def in_fiscal_year_2569():
    with time_machine.travel(datetime(2026, 6, 15, 3, 0, tzinfo=UTC), tick=False):
        yield


def _shares(html: str, row_pattern: str) -> list[str]:
    rows = re.findall(row_pattern, html, re.S)
    return [re.findall(r'<td class="text-end">([^<%]+)%</td>', row)[0] for row in rows]


def test_a_share_past_the_edge_reads_the_same_on_the_dashboard_and_the_plan(client, login_as):
    learner = login_as("learner")
    for method, hours in HOURS.items():
        add_record(learner, method, hours, date(2026, 2, 1))
    plan = draft_plan(learner, fiscal_year=2569, items=(
        ("digital-literacy", "on-the-job", HOURS["on-the-job"], "current"),
        ("digital-governance", "coaching", HOURS["coaching"], "future"),
        ("digital-technology", "training", HOURS["training"], "current")))

    dashboard = client.get("/dashboard/?fy=2569").get_data(as_text=True)
    plan_page = client.get(f"/plans/{plan.id}").get_data(as_text=True)

    on_dashboard = _shares(dashboard, r'<tr data-bucket="\w+">(.*?)</tr>')
    on_plan = _shares(plan_page.split("70:20:10", 1)[1], r"<tr><td>[^<]+</td>(.*?)</tr>")[:3]
    assert on_dashboard == on_plan == ["80.1", "9.9", "10"]
    assert not re.search(r"\b80(\.0)?%", dashboard + plan_page)  # not in the chart's labels either
    assert ">80.1%<" in dashboard.split('id="mix-chart-title"', 1)[1]


def test_the_plan_page_shows_r3_both_ways_and_the_fix_for_too_much_future(client, login_as):
    """R3 is two-sided: a plan all for future work fails, and the fix adds current work."""
    from lms.development.plan_rules import plan_verdicts

    learner = login_as("learner")
    plan = draft_plan(learner, fiscal_year=2569, items=(
        ("digital-literacy", "self-learning", 70, "future"),
        ("digital-governance", "coaching", 20, "future"),
        ("digital-technology", "training", 10, "future")))
    horizon = plan_verdicts(plan.current).horizon
    assert not horizon.ok and horizon.add_horizon == "current" and horizon.add_hours == 150

    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert horizon.message_th in page
    assert "add at least 150 hours of development for current work" in horizon.message_en
    split = page.split('id="horizon-split"', 1)[1].split("</table>", 1)[0]
    rows = dict(re.findall(r'<tr data-horizon="(\w+)">(.*?)</tr>', split, re.S))
    cells = {side: re.findall(r'<td class="text-end">([^<]+)</td>', row) for side, row in rows.items()}
    assert cells == {"current": ["0", "0%", "70%"], "future": ["100", "100%", "30%"]}
