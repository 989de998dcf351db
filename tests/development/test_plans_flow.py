"""The plan's life through the browser: draft → submit (R4 first) → return → resubmit → agree,
two groups with the second level (R5), and revisions after agreement."""

import html

from sqlalchemy import func, select

from lms.development import plan_queue, plans
from lms.development.models import DevelopmentPlan, PlanDecision, PlanRevision
from lms.development.plan_rules import plan_verdicts
from tests import factories

from .plan_factories import (
    BALANCED_ITEMS,
    NO_FOUNDATION_ITEMS,
    agreed_plan,
    draft_plan,
    group,
    item_form,
    submitted_plan,
    switch_to,
)


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _kinds(revision):
    return [d.kind for d in sorted(revision.decisions, key=lambda d: d.id)]


def _submission(plan):
    return plans.latest_submission(plan.current).id


def test_full_flow_from_draft_to_agreed(client, world, login, db):
    learner, supervisor = world["learner"], world["supervisor"]
    switch_to(client, login, learner)
    year = plans.open_fiscal_years()[0]
    assert client.get("/plans/").status_code == 200
    response = client.post("/plans/new", data={"fiscal_year": year})
    plan = db.session.scalar(select(DevelopmentPlan).where(DevelopmentPlan.person_id == learner.id))
    assert response.status_code == 302 and response.location.endswith(f"/plans/{plan.id}")
    assert (plan.fiscal_year, plan.current.number, plan.current.status) == (year, 1, "draft")

    assert client.post(f"/plans/{plan.id}/groups",
                       data={"target_groups": [group("service").id]}).status_code == 302
    assert client.post(f"/plans/{plan.id}/items", data=item_form(*NO_FOUNDATION_ITEMS[0])).status_code == 302
    verdicts = plan_verdicts(plan.current)
    assert not verdicts.foundation.ok
    page = _page(client.get(f"/plans/{plan.id}"))
    assert verdicts.foundation.message_th in page  # the learner reads Thai

    # R4 blocks submission: nothing changes.
    assert client.post(f"/plans/{plan.id}/submit").status_code == 302
    assert plan.current.status == "draft" and plan.current.decisions == []

    for item in BALANCED_ITEMS:
        assert client.post(f"/plans/{plan.id}/items", data=item_form(*item)).status_code == 302
    assert client.post(f"/plans/{plan.id}/submit").status_code == 302
    assert plan.current.status == "submitted" and _kinds(plan.current) == ["submitted"]
    assert plan.current.decisions[0].actor_id == learner.id

    # Nothing is editable while submitted.
    assert client.post(f"/plans/{plan.id}/groups", data={"target_groups": [group("academic").id]}).status_code == 302
    assert client.post(f"/plans/{plan.id}/items",
                       data=item_form("digital-transformation", "training", 5)).status_code == 302
    assert [g.slug for g in plan.current.target_groups] == ["service"]
    assert len(plan.current.items) == 5

    switch_to(client, login, supervisor)
    assert learner.name_th in _page(client.get("/plans/waiting"))
    response = client.post(f"/plans/{plan.id}/return", data={"submission": _submission(plan), "comment": " "})
    assert response.status_code == 200 and "invalid-feedback" in response.get_data(as_text=True)
    assert plan.current.status == "submitted"
    client.post(f"/plans/{plan.id}/return",
                data={"submission": _submission(plan), "comment": "เพิ่มชั่วโมงการสอนงาน"})
    assert plan.current.status == "returned"
    returned = plan.current.decisions[-1]
    assert (returned.kind, returned.actor_id, returned.comment) == ("returned", supervisor.id, "เพิ่มชั่วโมงการสอนงาน")
    assert learner.name_th not in _page(client.get("/plans/waiting"))

    switch_to(client, login, learner)
    assert "เพิ่มชั่วโมงการสอนงาน" in _page(client.get(f"/plans/{plan.id}"))
    coaching = next(i for i in plan.current.items if i.method.slug == "coaching")
    assert client.post(f"/plans/{plan.id}/items/{coaching.id}",
                       data=item_form("digital-technology", "coaching", 25)).status_code == 302
    assert str(coaching.planned_hours) == "25.00"
    client.post(f"/plans/{plan.id}/submit")
    assert plan.current.status == "submitted"

    switch_to(client, login, supervisor)
    assert client.post(f"/plans/{plan.id}/agree", data={"submission": _submission(plan)}).status_code == 302
    assert plan.current.status == "agreed"
    assert _kinds(plan.current) == ["submitted", "returned", "submitted", "agreed"]
    assert [g.slug for g in learner.target_groups] == ["service"]
    # A second click on Agree records nothing more.
    client.post(f"/plans/{plan.id}/agree", data={"submission": _submission(plan)})
    assert _kinds(plan.current) == ["submitted", "returned", "submitted", "agreed"]
    history = _page(client.get(f"/plans/{plan.id}"))
    assert "เพิ่มชั่วโมงการสอนงาน" in history and supervisor.name_th in history


def test_two_groups_need_the_second_level(client, world, login, db):
    learner, supervisor, director = world["learner"], world["supervisor"], world["director"]
    plan = submitted_plan(learner, groups=("service", "academic"))
    submission = _submission(plan)

    switch_to(client, login, director)  # second level, but the immediate supervisor has not agreed yet
    assert learner.name_th not in _page(client.get("/plans/waiting"))
    client.post(f"/plans/{plan.id}/agree", data={"submission": submission})
    assert _kinds(plan.current) == ["submitted"]

    switch_to(client, login, supervisor)
    client.post(f"/plans/{plan.id}/agree", data={"submission": submission})
    assert plan.current.status == "submitted" and learner.target_groups == []
    assert learner.name_th not in _page(client.get("/plans/waiting"))
    assert client.post(f"/plans/{plan.id}/agree", data={"submission": submission}).status_code == 302
    assert _kinds(plan.current) == ["submitted", "agreed"]  # not theirs twice

    switch_to(client, login, director)
    assert learner.name_th in _page(client.get("/plans/waiting"))
    client.post(f"/plans/{plan.id}/agree", data={"submission": submission, "comment": "อนุมัติ"})
    assert plan.current.status == "agreed"
    assert _kinds(plan.current) == ["submitted", "agreed", "second_level_agreed"]
    assert sorted(g.slug for g in learner.target_groups) == ["academic", "service"]
    assert plan_verdicts(plan.current).agreement.ok


def test_a_second_level_return_starts_agreement_afresh(client, world, login, db):
    learner, supervisor, director = world["learner"], world["supervisor"], world["director"]
    plan = submitted_plan(learner, groups=("service", "technology"))
    plans.agree(plan.current, supervisor, _submission(plan))
    db.session.commit()
    switch_to(client, login, director)
    client.post(f"/plans/{plan.id}/return", data={"submission": _submission(plan), "comment": "กลุ่มเดียวพอ"})
    assert plan.current.status == "returned" and _kinds(plan.current)[-1] == "second_level_returned"

    switch_to(client, login, learner)
    client.post(f"/plans/{plan.id}/groups", data={"target_groups": [group("service").id]})
    client.post(f"/plans/{plan.id}/submit")
    assert plan.current.status == "submitted"
    # The earlier first-level agreement does not count for the new submission.
    assert plans.decision_level(plan.current, supervisor) == "supervisor"
    assert plans.decision_level(plan.current, director) is None


def test_no_next_level_supervisor_is_said_plainly(client, world, login, db):
    supervisor, director = world["supervisor"], world["director"]  # director has no supervisor
    supervisor.language = "en"
    plan = draft_plan(supervisor, groups=("management", "academic"))
    db.session.commit()
    login(supervisor)
    page = _page(client.get(f"/plans/{plan.id}"))
    assert "cannot be fully agreed" in page and "Propose one group" in page
    client.post(f"/plans/{plan.id}/submit")  # it could never be fully agreed: refused
    assert plan.current.status == "draft"
    client.post(f"/plans/{plan.id}/groups", data={"target_groups": [group("management").id]})
    client.post(f"/plans/{plan.id}/submit")
    assert plan.current.status == "submitted"
    switch_to(client, login, director)
    client.post(f"/plans/{plan.id}/agree", data={"submission": _submission(plan)})
    assert plan.current.status == "agreed" and [g.slug for g in supervisor.target_groups] == ["management"]


def test_a_chain_broken_after_submission_waits_for_the_administrator(world, db):
    supervisor, director = world["supervisor"], world["director"]
    plan = submitted_plan(world["learner"], groups=("service", "academic"))
    plans.agree(plan.current, supervisor, _submission(plan))
    supervisor.supervisor = None  # the director leaves the chain
    db.session.flush()
    assert plan.current.status == "submitted"
    assert plans.decision_level(plan.current, director) is None
    assert plan_verdicts(plan.current).agreement.still_needed == ("second_level",)
    new_director = factories.person(world["dept_a"])
    supervisor.supervisor = new_director  # the administrator completes the chain
    db.session.flush()
    assert plans.decision_level(plan.current, new_director) == "second_level"
    assert plan in [r.plan for r in db.session.scalars(plan_queue.waiting_for(new_director))]


def test_without_an_immediate_supervisor_the_plan_cannot_be_submitted(client, world, login, db):
    director = world["director"]
    plan = draft_plan(director)
    db.session.commit()
    switch_to(client, login, director)
    client.post(f"/plans/{plan.id}/submit")
    assert plan.current.status == "draft"


def test_r2_and_r3_are_guidance_only(client, world, login, db):
    learner = world["learner"]
    plan = draft_plan(learner, items=(("digital-literacy", "training", 50, "current"),
                                      ("digital-governance", "training", 50, "current")))
    db.session.commit()
    verdicts = plan_verdicts(plan.current)
    assert not verdicts.mix.ok and not verdicts.horizon.ok and verdicts.can_submit
    switch_to(client, login, learner)
    page = _page(client.get(f"/plans/{plan.id}"))
    assert verdicts.mix.message_th in page and verdicts.horizon.message_th in page
    client.post(f"/plans/{plan.id}/submit")
    assert plan.current.status == "submitted"


def test_revision_after_agreement_keeps_the_old_one_in_force(client, world, login, db):
    learner, supervisor = world["learner"], world["supervisor"]
    plan = agreed_plan(learner)
    first = plan.current
    db.session.commit()
    switch_to(client, login, learner)
    assert client.post(f"/plans/{plan.id}/revise").status_code == 302
    client.post(f"/plans/{plan.id}/revise")  # a double click opens one revision only
    assert [r.number for r in plan.revisions] == [1, 2]
    second = plan.current
    assert (second.status, plan.agreed) == ("draft", first)
    assert [g.slug for g in second.target_groups] == ["service"]
    assert len(second.items) == len(first.items)

    training = next(i for i in second.items if i.method.slug == "training")
    client.post(f"/plans/{plan.id}/items/{training.id}", data=item_form("digital-leadership", "training", 14))
    old_training = next(i for i in first.items if i.method.slug == "training")
    assert str(old_training.planned_hours) == "10.00"
    # An item of the agreed revision cannot be changed, nor removed.
    old_url = f"/plans/{plan.id}/items/{old_training.id}"
    for url, data in ((old_url, item_form("digital-transformation", "training", 99)), (f"{old_url}/delete", {})):
        assert client.post(url, data=data).status_code == 302
    assert (old_training.skill_set.slug, str(old_training.planned_hours)) == ("digital-leadership", "10.00")
    assert old_training in first.items

    page = _page(client.get(f"/plans/{plan.id}"))
    assert f"/plans/{plan.id}?revision=1" in page
    assert client.get(f"/plans/{plan.id}?revision=1").status_code == 200
    assert client.get(f"/plans/{plan.id}?revision=9").status_code == 404
    client.post(f"/plans/{plan.id}/submit")
    assert plan.agreed is first  # still in force while the new revision waits

    switch_to(client, login, supervisor)
    client.post(f"/plans/{plan.id}/agree", data={"submission": _submission(plan)})
    assert plan.agreed is second and first.status == "agreed"
    assert _kinds(first) == ["submitted", "agreed"] and _kinds(second) == ["submitted", "agreed"]


def test_starting_twice_opens_one_plan_and_next_year_is_allowed(client, world, login, db):
    learner = world["learner"]
    switch_to(client, login, learner)
    year, next_year = plans.open_fiscal_years()
    client.post("/plans/new", data={"fiscal_year": year})
    client.post("/plans/new", data={"fiscal_year": year})
    client.post("/plans/new", data={"fiscal_year": next_year})
    client.post("/plans/new", data={"fiscal_year": year + 5})  # not offered
    years = db.session.scalars(select(DevelopmentPlan.fiscal_year)
                               .where(DevelopmentPlan.person_id == learner.id)).all()
    assert sorted(years) == [year, next_year]
    assert db.session.scalar(select(func.count()).select_from(PlanRevision)) == 2


def test_a_new_plan_proposes_the_groups_already_agreed(world, db):
    learner = world["learner"]
    agreed_plan(learner, groups=("technology",))
    plan = plans.start_plan(learner, plans.open_fiscal_years()[1])
    assert [g.slug for g in plan.current.target_groups] == ["technology"]


def test_decisions_keep_who_and_when(world, db):
    plan = agreed_plan(world["learner"])
    decisions = db.session.scalars(select(PlanDecision).order_by(PlanDecision.id)).all()
    assert [(d.kind, d.actor_id) for d in decisions] == [
        ("submitted", world["learner"].id), ("agreed", world["supervisor"].id)]
    assert all(d.created_at.tzinfo is not None for d in decisions)
    assert plan.current.submitted_at is not None
