"""Bad input on the plan forms: every problem shown beside what was typed, nothing half-saved."""

import html

import pytest
from sqlalchemy import func, select

from lms.development.models import PlanItem
from tests.catalog.factories import draft_course, published_course

from .plan_factories import draft_plan, group, item_form


@pytest.fixture
def plan(world, db):
    plan = draft_plan(world["learner"], items=())
    db.session.commit()
    return plan


def _items(db):
    return db.session.scalar(select(func.count()).select_from(PlanItem))


@pytest.mark.parametrize("hours", ["abc", "0", "-1", "2000.01", "1.234", "NaN", "Infinity", ""])
def test_bad_hours_are_refused_and_kept(client, world, login, db, plan, hours):
    login(world["learner"])
    response = client.post(f"/plans/{plan.id}/items", data=item_form(hours=hours))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "is-invalid" in page and f'value="{html.escape(hours)}"' in page
    assert _items(db) == 0


@pytest.mark.parametrize("hours", ["0.5", "2000", "7.25", "12"])
def test_good_hours_are_saved(client, world, login, db, plan, hours):
    login(world["learner"])
    assert client.post(f"/plans/{plan.id}/items", data=item_form(hours=hours)).status_code == 302
    assert float(plan.current.items[0].planned_hours) == float(hours)


def test_every_problem_shows_at_once(client, world, login, db, plan):
    world["learner"].language = "en"
    db.session.commit()
    login(world["learner"])
    data = item_form(hours="5000", course_code="NO-SUCH-COURSE", note="ทบทวนกฎหมาย")
    data["learning_method_id"] = "99999"
    page = html.unescape(client.post(f"/plans/{plan.id}/items", data=data).get_data(as_text=True))
    assert page.count("invalid-feedback d-block") >= 3
    assert "No published course has this code." in page
    assert "cannot be more than 2000" in page
    assert 'value="NO-SUCH-COURSE"' in page and "ทบทวนกฎหมาย" in page
    assert _items(db) == 0


def test_a_course_must_be_published(client, world, login, db, plan):
    published_course(world["institute"], code="DL-101", skill_sets=("digital-literacy",))
    draft_course(world["institute"], code="DL-DRAFT")
    db.session.commit()
    login(world["learner"])
    assert client.post(f"/plans/{plan.id}/items", data=item_form(course_code="DL-DRAFT")).status_code == 200
    assert _items(db) == 0
    assert client.post(f"/plans/{plan.id}/items", data=item_form(course_code="dl-101")).status_code == 302
    assert plan.current.items[0].course.code == "DL-101"
    page = client.get(f"/plans/{plan.id}?edit={plan.current.items[0].id}").get_data(as_text=True)
    assert 'value="DL-101"' in page  # the edit form shows the course by its code


def test_the_same_item_twice_is_refused(client, world, login, db, plan):
    login(world["learner"])
    data = item_form("digital-governance", "on-the-job", 10, "future")
    assert client.post(f"/plans/{plan.id}/items", data=data).status_code == 302
    assert client.post(f"/plans/{plan.id}/items", data=data).status_code == 200  # a double click
    assert _items(db) == 1
    # Another horizon is another item.
    assert client.post(f"/plans/{plan.id}/items",
                       data=item_form("digital-governance", "on-the-job", 10, "current")).status_code == 302
    assert _items(db) == 2


def test_editing_an_item_to_a_bad_value_keeps_the_old_one(client, world, login, db, plan):
    login(world["learner"])
    client.post(f"/plans/{plan.id}/items", data=item_form(hours="8"))
    item = plan.current.items[0]
    response = client.post(f"/plans/{plan.id}/items/{item.id}", data=item_form(hours="-3"))
    assert response.status_code == 200 and 'value="-3"' in response.get_data(as_text=True)
    assert str(item.planned_hours) == "8.00"


def test_unknown_choices_are_refused(client, world, login, db, plan):
    login(world["learner"])
    data = item_form()
    data["horizon"] = "someday"
    assert client.post(f"/plans/{plan.id}/items", data=data).status_code == 200
    response = client.post(f"/plans/{plan.id}/groups", data={"target_groups": ["99999"]})
    assert response.status_code == 200 and "invalid-feedback" in response.get_data(as_text=True)
    assert [g.slug for g in plan.current.target_groups] == ["service"]
    assert _items(db) == 0


def test_groups_can_be_cleared_but_not_submitted_without_one(client, world, login, db, plan):
    login(world["learner"])
    for item in (("digital-literacy", "self-learning", 5), ("digital-governance", "training", 5)):
        client.post(f"/plans/{plan.id}/items", data=item_form(*item))
    assert client.post(f"/plans/{plan.id}/groups", data={}).status_code == 302
    assert plan.current.target_groups == []
    client.post(f"/plans/{plan.id}/submit")
    assert plan.current.status == "draft"
    client.post(f"/plans/{plan.id}/groups", data={"target_groups": [group("others").id]})
    client.post(f"/plans/{plan.id}/submit")
    assert plan.current.status == "submitted"


def test_a_return_needs_a_comment_and_keeps_it_typed(client, world, login, db):
    from lms.development import plans

    from .plan_factories import submitted_plan, switch_to

    plan = submitted_plan(world["learner"])
    db.session.commit()
    switch_to(client, login, world["supervisor"])
    submission = plans.latest_submission(plan.current).id
    response = client.post(f"/plans/{plan.id}/return", data={"submission": submission, "comment": ""})
    assert response.status_code == 200 and "invalid-feedback" in response.get_data(as_text=True)
    response = client.post(f"/plans/{plan.id}/return", data={"submission": "", "comment": "แก้ไขชั่วโมง"})
    assert "แก้ไขชั่วโมง" in response.get_data(as_text=True)
    assert plan.current.status == "submitted"
