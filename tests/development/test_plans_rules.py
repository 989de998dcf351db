"""A plan revision judged by R2–R6 (plan_verdicts), the roles on the page for each phase,
the policy of the plan's fiscal year, and the summaries other pages read."""

import html
from decimal import Decimal

import pytest
from sqlalchemy import event, select

from lms.core.dates import fiscal_year_bounds
from lms.development import plans
from lms.development.plan_rules import plan_verdicts
from lms.reference.models import ExpectedRole, Phase, PolicyVersion, TargetGroup
from tests import factories
from tests.catalog.factories import published_course

from .plan_factories import BALANCED_ITEMS, NO_FOUNDATION_ITEMS, agreed_plan, draft_plan, item_data, submit


def _role(db, group_slug, phase_slug):
    return db.session.scalar(select(ExpectedRole).join(TargetGroup).join(Phase).where(
        TargetGroup.slug == group_slug, Phase.slug == phase_slug))


def _page(client, plan):
    return html.unescape(client.get(f"/plans/{plan.id}").get_data(as_text=True))


def test_a_balanced_plan_meets_every_rule_but_agreement(world, db):
    verdicts = plan_verdicts(draft_plan(world["learner"]).current)
    assert verdicts.planned_hours == Decimal(100)
    assert verdicts.mix.ok and verdicts.horizon.ok and verdicts.foundation.ok and verdicts.can_submit
    assert [b.hours for b in verdicts.mix.buckets] == [70, 20, 10]
    assert verdicts.horizon.future_share == 30
    assert verdicts.agreement.still_needed == ("supervisor",)
    assert verdicts.policy.version == "ocsc-2561"
    assert (verdicts.phase, verdicts.has_future) == ("develop", True)


def test_missing_foundation_names_both_skill_sets(world, db):
    verdicts = plan_verdicts(draft_plan(world["learner"], items=NO_FOUNDATION_ITEMS).current)
    assert not verdicts.can_submit
    assert verdicts.foundation.missing == ("digital-literacy", "digital-governance")
    assert not verdicts.mix.ok  # all training


def test_an_empty_plan_gives_empty_verdicts(world, db):
    verdicts = plan_verdicts(draft_plan(world["learner"], groups=(), items=()).current)
    assert verdicts.mix.empty and verdicts.horizon.empty and verdicts.foundation.empty
    assert verdicts.agreement.empty and verdicts.roles == ()


def test_roles_of_the_develop_phase_and_the_next(client, world, login, db):
    plan = draft_plan(world["learner"], groups=("service", "academic"))
    db.session.commit()
    verdicts = plan_verdicts(plan.current)
    # In the groups' reference order, one R6 verdict per proposed group.
    assert [(r.group, r.phase, r.next_phase) for r in verdicts.roles] == [
        ("academic", "develop", "maturity"), ("service", "develop", "maturity")]
    login(world["learner"])
    page = _page(client, plan)
    for group in ("service", "academic"):
        for phase in ("develop", "maturity"):
            role = _role(db, group, phase)
            assert role.name_th in page and role.description_th in page
    assert _role(db, "service", "early").name_th not in page


def test_maturity_has_no_future(client, world, login, db):
    world["dept_a"].phase = factories.phase("maturity")
    plan = draft_plan(world["learner"])
    db.session.commit()
    verdicts = plan_verdicts(plan.current)
    assert (verdicts.phase, verdicts.has_future) == ("maturity", False)
    assert verdicts.roles[0].future_role is None
    # Future-labelled items count as current: R3 passes and says why.
    assert verdicts.horizon.ok and verdicts.horizon.future_hours == 0 and not verdicts.horizon.has_future
    world["learner"].language = "en"
    db.session.commit()
    login(world["learner"])
    page = _page(client, plan)
    assert _role(db, "service", "maturity").name_en in page
    assert verdicts.horizon.message_en in page and verdicts.roles[0].message_en in page
    assert _role(db, "service", "develop").name_en not in page


def test_early_looks_ahead_to_develop(world, db):
    verdicts = plan_verdicts(draft_plan(world["other_learner"], groups=("others",)).current)
    role = verdicts.roles[0]
    assert (role.phase, role.next_phase, role.future_role.name_th) == (
        "early", "develop", _role(db, "others", "develop").name_th)


def test_an_agency_without_a_phase_is_said_plainly(client, world, login, db):
    loose = factories.organisation("หน่วยงานอิสระ", code="LOOSE")
    person = factories.person(loose, world["supervisor"], language="en")
    plan = draft_plan(person)
    db.session.commit()
    verdicts = plan_verdicts(plan.current)
    assert (verdicts.phase, verdicts.roles, verdicts.has_future) == (None, (), True)
    login(person)
    assert "has not set its development phase" in _page(client, plan)


def test_a_plan_is_judged_by_the_policy_in_force_when_its_year_began(world, db):
    this_year, next_year = plans.open_fiscal_years()
    db.session.add(PolicyVersion(
        version="test-next", effective_on=fiscal_year_bounds(next_year)[0], lecture_max_percent=60,
        experiential_percent=60, social_percent=25, formal_percent=15, mix_tolerance_points=5,
        current_percent=60, future_percent=40))
    db.session.flush()
    now = plan_verdicts(draft_plan(world["learner"], fiscal_year=this_year).current)
    later = plan_verdicts(draft_plan(world["learner"], fiscal_year=next_year).current)
    assert (now.policy.version, later.policy.version) == ("ocsc-2561", "test-next")
    assert now.horizon.ok and not later.horizon.ok  # 30% future is within 30 ± 10, not 40 ± 5


def test_plan_states_for_many_people_at_once(world, db):
    learner, peer, other = world["learner"], world["peer"], world["other_learner"]
    year = plans.open_fiscal_years()[0]
    draft_plan(learner)
    revised = agreed_plan(peer)
    plans.revise(revised, peer)
    states = plans.plan_states([learner.id, peer.id, other.id], year)
    assert set(states) == {learner.id, peer.id}
    assert (states[learner.id].status, states[learner.id].agreed_number) == ("draft", None)
    assert (states[peer.id].revision_number, states[peer.id].status, states[peer.id].agreed_number) == (
        2, "draft", 1)
    assert plans.plan_states([learner.id], year + 1) == {}


def _statements(db, action):
    executed = []
    connection = db.session.connection()

    def listen(*args):
        executed.append(args[2])

    event.listen(connection, "before_cursor_execute", listen)
    try:
        action()
    finally:
        event.remove(connection, "before_cursor_execute", listen)
    return len(executed)


def test_the_plan_page_does_not_query_per_item(client, world, login, db):
    for n in range(6):
        published_course(world["institute"], code=f"C-{n}")
    small = draft_plan(world["learner"], items=BALANCED_ITEMS[:2])
    plans.save_item(small.current, world["learner"], item_data("digital-transformation", "training", 1,
                                                               course_code="C-0"))
    large = draft_plan(world["peer"])
    for n in range(6):
        plans.save_item(large.current, world["peer"], item_data("digital-transformation", "training", 1,
                                                                course_code=f"C-{n}"))
    submit(small)
    submit(large)
    db.session.commit()
    login(world["supervisor"])
    few = _statements(db, lambda: client.get(f"/plans/{small.id}"))
    many = _statements(db, lambda: client.get(f"/plans/{large.id}"))
    assert many == few


@pytest.mark.parametrize("count", [1, 5])
def test_the_waiting_page_is_bounded(client, world, login, db, count):
    for _ in range(count):
        person = factories.person(world["division"], world["supervisor"])
        submit(draft_plan(person, groups=("service", "academic")))
    db.session.commit()
    login(world["supervisor"])
    statements = _statements(db, lambda: client.get("/plans/waiting"))
    assert statements <= 12


def test_plan_verdicts_needs_no_request(app, world, db):
    # The dashboards call it from CLI commands and jobs too.
    verdicts = plan_verdicts(draft_plan(world["learner"]).current)
    assert verdicts.mix.message("en") and verdicts.foundation.message("th")
