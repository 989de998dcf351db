"""The learner and supervisor dashboards: numbers, empty state, plan progress, access."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from sqlalchemy import select

from lms.development.models import DevelopmentPlan, PlanItem, PlanRevision
from lms.reference.models import LearningMethod, SkillSet
from lms.reference.services import bucket_names, policy_for
from lms.rules import check_mix
from tests.development.test_mix import add_record


@pytest.fixture(autouse=True)
def in_fiscal_year_2569():
    """Mid-way through FY 2569 (1 Oct 2025 – 30 Sep 2026), so the default year is known."""
    with time_machine.travel(datetime(2026, 6, 15, 3, 0, tzinfo=UTC), tick=False):
        yield


def login_fresh(client, login, person):
    """Log out whoever is logged in, then log `person` in."""
    client.post("/logout")
    return login(person)


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)


def test_learner_sees_the_mix_as_numbers_and_the_hours_to_add(client, login_as, db):
    learner = login_as("learner")
    add_record(learner, "on-the-job", 10, date(2025, 10, 1), skill_sets=["digital-literacy"])
    add_record(learner, "training", 10, date(2026, 9, 30))
    add_record(learner, "coaching", 20, date(2025, 9, 30))  # FY 2568: not counted
    add_record(learner, "self-learning", 4, date(2026, 1, 5), status="pending")

    html = page(client, "/dashboard/")

    from lms.development.mix import mix_verdict

    verdict = mix_verdict(learner, 2569)
    assert verdict.message_th in html  # the rule's own message, with its half-hour rounding
    assert "60" in verdict.message_en and "20" in verdict.message_en
    assert 'role="img" aria-labelledby="mix-chart-title"' in html and ' style="' not in html
    rows = {f.bucket: f for f in verdict.buckets}
    assert rows["experiential"].share == 50 and rows["formal"].share == 50
    assert 'data-bucket="experiential"' in html
    assert html.count("bg-warning") >= 2  # experiential and formal outside ±10
    assert 'id="pending-count">1<' in html and 'href="/log/"' in html
    assert 'data-foundation="covered"' in html and 'data-foundation="missing"' in html
    assert 'id="no-plan"' in html


def test_the_numbers_match_the_rule_for_a_supervisor_looking(client, world, login):
    learner = world["learner"]
    add_record(learner, "on-the-job", 14, date(2026, 2, 1))
    add_record(learner, "learning-from-others", 4, date(2026, 2, 2))
    add_record(learner, "training", 2, date(2026, 2, 3))
    add_record(learner, "self-learning", 5, date(2026, 2, 4), status="pending")  # not counted yet
    login(world["director"])  # two levels up the chain
    html = page(client, f"/dashboard/people/{learner.id}?fy=2569")
    assert "alert-success" in html and learner.name_th in html
    assert ">14<" in html and ">70%<" in html and ">20%<" in html and ">10%<" in html
    assert f'href="/log/people/{learner.id}"' in html  # the learner's log, as their supervisor sees it


def test_empty_state_when_nothing_is_recorded(client, login_as):
    login_as("learner")
    html = page(client, "/dashboard/?fy=2569")
    assert 'id="empty-state"' in html
    empty = check_mix({}, {}, policy_for(date(2025, 10, 1)), bucket_names())
    assert empty.message_th in html
    assert html.count('data-foundation="missing"') == 2


def test_unknown_or_unjudgeable_fiscal_years_are_not_found(client, login_as):
    login_as("learner")
    page(client, "/dashboard/?fy=2550", 404)  # before the first policy
    page(client, "/dashboard/?fy=2571", 404)  # still to come
    assert "2569" in page(client, "/dashboard/?fy=abc")  # unreadable: the current year


def _plan(person, fiscal_year, revisions):
    """A plan with revisions [(status, [(skill_set, method, hours)])], oldest first."""
    from lms.extensions import db

    skill_sets = {s.slug: s for s in db.session.scalars(select(SkillSet))}
    methods = {m.slug: m for m in db.session.scalars(select(LearningMethod))}
    plan = DevelopmentPlan(person_id=person.id, fiscal_year=fiscal_year, revisions=[
        PlanRevision(number=number, status=status, items=[
            PlanItem(skill_set=skill_sets[s], method=methods[m], planned_hours=Decimal(h), horizon="current")
            for s, m, h in items])
        for number, (status, items) in enumerate(revisions, start=1)
    ])
    db.session.add(plan)
    db.session.flush()
    return plan


def test_plan_progress_uses_the_agreed_revision(client, login_as):
    learner = login_as("learner")
    plan = _plan(learner, 2569, [
        ("agreed", [("digital-literacy", "on-the-job", 20), ("digital-governance", "training", 6)]),
        ("draft", [("digital-literacy", "on-the-job", 99)]),
    ])
    add_record(learner, "on-the-job", "7.5", date(2026, 3, 1), skill_sets=["digital-literacy"])
    add_record(learner, "training", 6, date(2026, 3, 2), skill_sets=["digital-governance"])
    add_record(learner, "training", 3, date(2026, 3, 3), skill_sets=["digital-literacy"])  # no such item

    html = page(client, "/dashboard/?fy=2569")
    agreed_items = plan.revisions[0].items
    assert 'data-plan-state="draft"' in html  # what the learner is doing now
    assert ">99<" not in html  # the draft's items are not in force
    first, second = (html.split(f'data-plan-item="{item.id}"')[1].split("</tr>")[0] for item in agreed_items)
    assert ">20<" in first and ">7.5<" in first
    assert ">6<" in second and 'value="6' in second


def test_learners_and_outsiders_cannot_see_someone_else(client, world, login):
    learner = world["learner"]
    for role in ("peer", "other_supervisor", "other_learner"):
        login_fresh(client, login, world[role])
        page(client, f"/dashboard/people/{learner.id}", 404)
    login_fresh(client, login, world["supervisor"])
    page(client, f"/dashboard/people/{world['director'].id}", 404)  # not down the chain
    page(client, f"/dashboard/people/{learner.id}")
    page(client, f"/dashboard/people/{world['supervisor'].id}")  # one's own, by id
