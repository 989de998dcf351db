"""Who reaches which plan: the learner edits only their own, supervisors up the chain view,
only the right level decides; anyone else gets 404 on every route."""

import pytest
from sqlalchemy import func, select

from lms.core import access
from lms.development import plans
from lms.development.models import PlanDecision, PlanItem
from tests import factories

from .plan_factories import draft_plan, group, item_form, submitted_plan, switch_to


@pytest.fixture
def people(world):
    """The world's people plus a peer supervisor: same division, same director, other reports."""
    everyone = dict(world)
    everyone["peer_supervisor"] = factories.person(world["division"], world["director"],
                                                   email="peer.sup@example.go.th")
    factories.person(world["division"], everyone["peer_supervisor"], email="peer.sup.report@example.go.th")
    return everyone


OUTSIDERS = ["peer", "peer_supervisor", "other_supervisor", "other_learner", "agency_admin", "site_admin",
             "author"]


def _routes(plan):
    """Every plan route with a harmless body: (method, url, data)."""
    item = plan.current.items[0]
    submission = plans.latest_submission(plan.current)
    decision = {"submission": submission.id if submission else 1, "comment": "x"}
    base = f"/plans/{plan.id}"
    return [
        ("GET", base, None),
        ("GET", f"{base}?revision=1", None),
        ("GET", f"{base}?edit={item.id}", None),
        ("POST", f"{base}/groups", {"target_groups": [group("academic").id]}),
        ("POST", f"{base}/items", item_form("digital-transformation", "training", 3)),
        ("POST", f"{base}/items/{item.id}", item_form("digital-transformation", "training", 3)),
        ("POST", f"{base}/items/{item.id}/delete", {}),
        ("POST", f"{base}/submit", {}),
        ("POST", f"{base}/revise", {}),
        ("POST", f"{base}/agree", decision),
        ("POST", f"{base}/return", decision),
    ]


def _state(db, plan):
    return (plan.current.status, len(plan.revisions),
            db.session.scalar(select(func.count()).select_from(PlanItem)),
            db.session.scalar(select(func.count()).select_from(PlanDecision)),
            sorted(g.slug for g in plan.current.target_groups))


def _call(client, method, url, data):
    return client.get(url) if method == "GET" else client.post(url, data=data)


@pytest.mark.parametrize("role", OUTSIDERS)
@pytest.mark.parametrize("submitted", [False, True])
def test_outsiders_get_404_on_every_route(client, people, login, db, role, submitted):
    plan = (submitted_plan if submitted else draft_plan)(people["learner"], groups=("service", "academic"))
    db.session.commit()
    before = _state(db, plan)
    login(people[role])
    failures = [f"{method} {url}: {status}" for method, url, data in _routes(plan)
                if (status := _call(client, method, url, data).status_code) != 404]
    assert failures == []
    assert _state(db, plan) == before
    assert people["learner"].name_th not in client.get(f"/plans/{plan.id}").get_data(as_text=True)


@pytest.mark.parametrize("role", ["supervisor", "director"])
def test_supervisors_up_the_chain_view_but_never_edit(client, people, login, db, role):
    plan = draft_plan(people["learner"])
    db.session.commit()
    before = _state(db, plan)
    login(people[role])
    for method, url, data in _routes(plan):
        status = _call(client, method, url, data).status_code
        if method == "GET":
            assert status == 200, url
        elif url.endswith(("/agree", "/return")):
            # A draft waits for nobody: the immediate supervisor's click is refused with a
            # message; the director is no approver of a one-group plan at all.
            assert status == (302 if role == "supervisor" else 404), url
        else:
            assert status == 404, url
    assert _state(db, plan) == before


def test_only_the_right_level_decides(client, people, login, db):
    learner = people["learner"]
    one_group = submitted_plan(learner)
    db.session.commit()
    submission = {"submission": plans.latest_submission(one_group.current).id, "comment": "x"}
    for role in ("learner", "director", "peer_supervisor"):
        switch_to(client, login, people[role])
        for action in ("agree", "return"):
            assert client.post(f"/plans/{one_group.id}/{action}", data=submission).status_code == 404
    assert one_group.current.status == "submitted" and len(one_group.current.decisions) == 1


def test_an_item_of_another_plan_is_not_found(client, people, login, db):
    mine, theirs = draft_plan(people["learner"]), draft_plan(people["peer"])
    db.session.commit()
    login(people["learner"])
    other_item = theirs.current.items[0]
    assert client.post(f"/plans/{mine.id}/items/{other_item.id}",
                       data=item_form("digital-transformation", "training", 3)).status_code == 404
    assert client.post(f"/plans/{mine.id}/items/{other_item.id}/delete").status_code == 404
    assert other_item in theirs.current.items


def test_waiting_lists_only_ones_own_reports(client, people, login, db):
    submitted_plan(people["learner"])
    submitted_plan(people["other_learner"])
    db.session.commit()
    for role in ("learner", "peer", "other_learner", "agency_admin"):
        switch_to(client, login, people[role])
        assert client.get("/plans/waiting").status_code == 403
    expectations = {"supervisor": (True, False), "other_supervisor": (False, True),
                    "peer_supervisor": (False, False), "director": (False, False)}
    for role, (sees_learner, sees_other) in expectations.items():
        switch_to(client, login, people[role])
        response = client.get("/plans/waiting")
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert (people["learner"].name_th in page, people["other_learner"].name_th in page) == \
            (sees_learner, sees_other), role


def test_anonymous_visitors_are_sent_to_log_in(client, people, db):
    plan = draft_plan(people["learner"])
    db.session.commit()
    for url in ("/plans/", "/plans/waiting", f"/plans/{plan.id}"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.location


ROLES = ["learner", "peer", "supervisor", "director", "peer_supervisor", "other_supervisor",
         "other_learner", "author", "agency_admin", "site_admin"]


@pytest.mark.parametrize("role", ROLES)
def test_walk_the_plan_pages(app, client, people, login, db, role):
    """As the route walk does: each GET page of this blueprint answers as its permission says."""
    owned = {owner: draft_plan(people[owner]) for owner in ("learner", "peer", "other_learner")}
    db.session.commit()
    person = people[role]
    login(person)
    failures = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] != "plans" or "GET" not in rule.methods:
            continue
        permission = app.view_functions[rule.endpoint].permission
        targets = [(rule.rule.replace("<int:plan_id>", str(plan.id)), plan)
                   for plan in owned.values()] if "plan_id" in rule.arguments else [(rule.rule, None)]
        for url, obj in targets:
            if permission in access.ROLE_PERMISSIONS:
                expected = 200 if access.can(person, permission) else 403
            else:
                expected = 200 if access.can(person, permission, obj) else 404
            status = client.get(url).status_code
            if status != expected:
                failures.append(f"{url}: {status}, expected {expected}")
    assert failures == []
