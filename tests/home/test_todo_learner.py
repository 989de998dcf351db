"""The learner's part of the home page's to-do list: what waits for them, with counts and links."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from lms.core.dates import today_in_bangkok
from lms.development import log, plans
from lms.extensions import db
from lms.records.services import record_learning
from lms.reference.models import LearningMethod
from tests.classes.factories import course_class, enrol
from tests.development.log_factories import coaching_session_for
from tests.development.plan_factories import agreed_plan, draft_plan, submitted_plan
from tests.home.todo_page import home_todo


@pytest.fixture
def learner(world):
    learner = world["learner"]
    learner.language = "en"
    db.session.flush()
    return learner


def returned_entry(learner, supervisor):
    record = log.create_entry(learner, log.EntryData(
        occurred_on=today_in_bangkok(), hours_text="2", method_slug="on-the-job", title="งาน"))
    log.review_entry(supervisor, record, "returned", "แนบหลักฐานด้วย", log.entry_version(record))
    return record


def test_returned_entries_and_coaching_to_acknowledge(world, learner, login):
    returned_entry(learner, world["supervisor"])
    returned_entry(learner, world["supervisor"])
    coaching_session_for(world["supervisor"], learner)
    items, _html = home_todo(login(learner))
    assert items["returned-entries"].count == 2
    assert items["returned-entries"].link == "/log/"
    assert "fix and resubmit" in items["returned-entries"].text
    assert items["coaching"].count == 1
    assert items["coaching"].link == "/coaching/"


def test_a_fixed_entry_no_longer_waits(world, learner, login):
    record = returned_entry(learner, world["supervisor"])
    log.update_entry(learner, record, log.EntryData(
        occurred_on=record.occurred_on, hours_text="2", method_slug="on-the-job", title="แก้แล้ว"))
    items, _html = home_todo(login(learner))
    assert "returned-entries" not in items


def test_without_a_plan_the_learner_is_asked_to_start_one(learner, login):
    items, _html = home_todo(login(learner))
    year = plans.open_fiscal_years()[0]
    assert items["plan"].link == "/plans/"
    assert f"no development plan for fiscal year {year - 543} (B.E. {year})" in items["plan"].text


@pytest.mark.parametrize("state, words", [
    ("draft", "is a draft: submit it"),
    ("returned", "was returned: revise it"),
    ("agreed", "is agreed"),
])
def test_the_plan_says_what_it_needs_next(world, learner, login, state, words):
    if state == "agreed":
        plan = agreed_plan(learner)
    elif state == "returned":
        plan = submitted_plan(learner)
        plans.return_for_changes(plan.current, world["supervisor"],
                                 plans.latest_submission(plan.current).id, "เพิ่มชั่วโมง")
    else:
        plan = draft_plan(learner)
    items, _html = home_todo(login(learner))
    assert items["plan"].link == f"/plans/{plan.id}"
    assert words in items["plan"].text


def test_a_submitted_plan_says_whose_decision_it_waits_for(world, learner, login):
    plan = submitted_plan(learner, groups=("service", "academic"))
    items, _html = home_todo(login(learner))
    assert f"waiting for {world['supervisor'].name_en} (your immediate supervisor)" in items["plan"].text

    plans.agree(plan.current, world["supervisor"], plans.latest_submission(plan.current).id)
    items, _html = home_todo(login(learner))
    assert f"waiting for {world['director'].name_en} (the supervisor one level higher)" in items["plan"].text
    assert items["plan"].link == f"/plans/{plan.id}"


def test_classes_this_week(world, learner, login):
    now = datetime.now(UTC)
    soon = now + timedelta(days=2)
    later = now + timedelta(days=10)
    cls = course_class(world["institute"], meetings=[
        ("วันแรก", soon, soon + timedelta(hours=3)), ("วันหลัง", later, later + timedelta(hours=3))])
    enrol(cls, learner)
    items, _html = home_todo(login(learner))
    assert items["meetings"].count == 1
    assert items["meetings"].link == "/classes/mine"
    assert items["meetings"].links[1:] == [f"/classes/{cls.id}"]
    assert "วันแรก" in items["meetings"].text and "วันหลัง" not in items["meetings"].text


def _method(slug):
    return db.session.scalar(select(LearningMethod).where(LearningMethod.slug == slug))


def test_the_mix_tip_is_the_rules_largest_addition(learner, login):
    record_learning(learner, method=_method("training"), hours=Decimal(10), occurred_on=today_in_bangkok(),
                    title="อบรม", source="log", source_key="tip", status="verified")
    items, _html = home_todo(login(learner))
    # 10 hours of formal learning: 70 more of experiential and 20 of social reach 70:20:10.
    assert items["mix"].link == "/dashboard/"
    assert "add at least 70 hours of self-learning or on-the-job learning" in items["mix"].text.lower()


def test_with_nothing_recorded_the_tip_is_to_record_learning(learner, login):
    items, _html = home_todo(login(learner))
    assert items["mix"].link == "/log/new"


def test_nothing_waits_for_a_learner_whose_plan_is_agreed(learner, login):
    agreed_plan(learner)
    items, html = home_todo(login(learner))
    assert "Nothing waits for you." in html
    assert "returned-entries" not in items and "coaching" not in items
    # Only the learner's own section: no team, institute or administration items.
    assert 'id="todo-supervisor"' not in html and 'id="todo-author"' not in html
    assert 'id="todo-admin"' not in html


def test_another_persons_items_never_appear(world, learner, login):
    other = world["other_learner"]
    returned_entry(other, world["other_supervisor"])
    coaching_session_for(world["other_supervisor"], other)
    soon = datetime.now(UTC) + timedelta(days=1)
    enrol(course_class(world["institute"], meetings=[("ของคนอื่น", soon, soon + timedelta(hours=2))]), other)
    submitted_plan(other)
    items, html = home_todo(login(learner))
    assert {"returned-entries", "coaching", "meetings"}.isdisjoint(items)
    assert "no development plan" in items["plan"].text
    assert "ของคนอื่น" not in html
