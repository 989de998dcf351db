"""Acting supervisors: a supervisor names someone to act for a period; the delegate
verifies, decides plans and records coaching for the supervisor's reports, each decision
recorded as taken on the supervisor's behalf; nothing outside the period or the team."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.accounts.models import Delegation
from lms.core.audit import AuditEvent
from lms.core.dates import format_date_input, today_in_bangkok
from lms.development import plans
from lms.development.models import CoachingSession, PlanDecision, RecordReview
from lms.extensions import db as database
from tests.development.plan_factories import submitted_plan
from tests.development.test_coaching import session_form
from tests.development.test_log_review import decide, make_entry

TODAY = today_in_bangkok


def in_english(person):
    person.language = "en"
    database.session.flush()


def delegate_form(delegate, first=0, last=7):
    return {"delegate_email": delegate.email,
            "starts_on": format_date_input(TODAY() + timedelta(days=first), "th"),
            "ends_on": format_date_input(TODAY() + timedelta(days=last), "th")}


def in_force(principal, delegate, first=0, last=7):
    row = Delegation(principal_id=principal.id, delegate_id=delegate.id,
                     starts_on=TODAY() + timedelta(days=first), ends_on=TODAY() + timedelta(days=last))
    database.session.add(row)
    database.session.flush()
    return row


def test_a_supervisor_names_an_acting_supervisor_with_thai_dates(client, login_as, world, db):
    login_as("supervisor")
    response = client.post("/team/acting", data=delegate_form(world["other_supervisor"]))
    assert response.status_code == 302
    row = db.session.scalar(select(Delegation))
    assert (row.principal_id, row.delegate_id) == (world["supervisor"].id, world["other_supervisor"].id)
    assert (row.starts_on, row.ends_on) == (TODAY(), TODAY() + timedelta(days=7))
    page = client.get("/team/acting").get_data(as_text=True)
    assert world["other_supervisor"].name_th in page
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.kind == "delegation.created"))
    assert event is not None and event.actor_id == world["supervisor"].id


@pytest.mark.parametrize(("who", "first", "last", "field", "message"), [
    ("learner", 0, 3, "delegate_email", "direct reports cannot act for you"),
    ("supervisor", 0, 3, "delegate_email", "someone other than yourself"),
    ("other_supervisor", -2, 3, "starts_on", "cannot start in the past"),
    ("other_supervisor", 5, 3, "ends_on", "comes before the first"),
    ("other_supervisor", 0, 400, "ends_on", "at most a year"),
])
def test_a_delegation_that_cannot_be_is_refused_and_the_form_kept(client, login_as, world, db, who, first,
                                                                      last, field, message):
    in_english(world["supervisor"])
    login_as("supervisor")
    data = delegate_form(world[who], first, last)
    response = client.post("/team/acting", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    assert data[field] in page or field == "delegate_email"
    assert world[who].email in page
    assert db.session.scalar(select(Delegation)) is None


def test_overlapping_periods_are_refused(client, login_as, world, db):
    in_force(world["supervisor"], world["director"], 0, 10)
    login_as("supervisor")
    response = client.post("/team/acting", data=delegate_form(world["other_supervisor"], 5, 12))
    assert response.status_code == 200
    assert len(db.session.scalars(select(Delegation)).all()) == 1


def test_the_delegate_verifies_on_the_supervisors_behalf(client, login_as, world, db):
    record = make_entry(world["learner"])
    in_force(world["supervisor"], world["other_supervisor"])
    delegate = login_as("other_supervisor")
    queue = client.get("/log/reviews").get_data(as_text=True)
    assert record.title in queue and world["supervisor"].name_th in queue
    assert decide(client, record, "verify").status_code == 302
    assert record.status == "verified"
    review = db.session.scalar(select(RecordReview).where(RecordReview.record_id == record.id))
    assert (review.actor_id, review.on_behalf_of_id) == (delegate.id, world["supervisor"].id)
    history = client.get(f"/log/{record.id}").get_data(as_text=True)
    assert world["supervisor"].name_th in history


def test_no_decision_outside_the_period_or_after_it_ended(client, login_as, world, db):
    record = make_entry(world["learner"])
    coming = in_force(world["supervisor"], world["other_supervisor"], 2, 5)
    login_as("other_supervisor")
    assert record.title not in client.get("/log/reviews").get_data(as_text=True)
    decide(client, record, "verify")
    assert record.status == "pending"

    coming.starts_on = TODAY()
    coming.ended_at = coming.created_at  # ended by the supervisor
    database.session.flush()
    decide(client, record, "verify")
    assert record.status == "pending"


def test_the_supervisor_ends_a_delegation_and_nobody_else_can(client, login_as, world, db):
    row = in_force(world["supervisor"], world["other_supervisor"])
    login_as("other_supervisor")
    assert client.post(f"/team/acting/{row.id}/end").status_code == 404
    assert row.ended_at is None
    login_as("supervisor")
    assert client.post(f"/team/acting/{row.id}/end").status_code == 302
    assert row.ended_at is not None
    assert world["supervisor"].id not in world["other_supervisor"].acting_for_ids()


def test_the_delegate_agrees_a_plan_on_the_supervisors_behalf(client, login_as, world, db):
    plan = submitted_plan(world["learner"])
    in_force(world["supervisor"], world["other_supervisor"])
    in_english(world["other_supervisor"])
    delegate = login_as("other_supervisor")
    waiting = client.get("/plans/waiting").get_data(as_text=True)
    row = waiting.split(world["learner"].name_en)[1].split("</tr>")[0]
    assert f"acting for {world['supervisor'].name_en}" in row and "immediate supervisor" in row
    submission = plans.latest_submission(plan.current).id
    assert client.post(f"/plans/{plan.id}/agree", data={"submission": submission}).status_code == 302
    assert plan.current.status == "agreed"
    decision = db.session.scalar(select(PlanDecision).where(PlanDecision.kind == "agreed"))
    assert (decision.actor_id, decision.on_behalf_of_id) == (delegate.id, world["supervisor"].id)


def test_nobody_decides_their_own_plan_by_acting_for_their_supervisors_supervisor(client, login_as, world, db):
    """The director (second level) names the learner: the learner's two-group plan still
    needs the director's own agreement at the second level."""
    plan = submitted_plan(world["learner"], groups=("service", "academic"))
    in_force(world["director"], world["learner"])
    submission = plans.latest_submission(plan.current).id
    login_as("supervisor")
    client.post(f"/plans/{plan.id}/agree", data={"submission": submission})
    login_as("learner")
    client.post(f"/plans/{plan.id}/agree", data={"submission": submission})
    assert plan.current.status == "submitted"
    assert [d.kind for d in plan.current.decisions][-1] == "agreed"


def test_the_delegate_records_coaching_for_the_supervisors_reports(client, login_as, world, db):
    in_force(world["supervisor"], world["other_supervisor"])
    in_english(world["other_supervisor"])
    login_as("other_supervisor")
    assert world["learner"].name_en in client.get("/coaching/new").get_data(as_text=True)
    assert client.post("/coaching/new", data=session_form(world["learner"], world["peer"])).status_code == 302
    session = db.session.scalar(select(CoachingSession))
    assert session.on_behalf_of_id == world["supervisor"].id

    mixed = client.post("/coaching/new", data=session_form(world["learner"], world["other_learner"]))
    assert mixed.status_code == 200 and "separate sessions" in mixed.get_data(as_text=True)


def test_a_delegate_cannot_verify_their_own_entries(client, login_as, world, db):
    """A report named by another route (the data allows it) still never decides on themself."""
    record = make_entry(world["peer"])
    in_force(world["supervisor"], world["peer"])
    login_as("peer")
    decide(client, record, "verify")
    assert record.status == "pending"


def test_the_delegate_is_told_at_once_and_told_of_plans_submitted_meanwhile(client, login_as, world, db):
    from lms.notifications.models import Notification

    def told(person, kind):
        return db.session.scalars(select(Notification).where(
            Notification.person_id == person.id, Notification.kind == kind)).all()

    login_as("supervisor")
    client.post("/team/acting", data=delegate_form(world["other_supervisor"]))
    [named] = told(world["other_supervisor"], "acting_for")
    assert named.payload["principal_id"] == world["supervisor"].id

    submitted_plan(world["learner"])
    assert len(told(world["supervisor"], "plan_submitted")) == 1
    assert len(told(world["other_supervisor"], "plan_submitted")) == 1
    assert told(world["director"], "plan_submitted") == []


def test_the_delegates_home_counts_the_principals_plans_as_plans_to_agree(client, login, world, db):
    from tests.home.todo_page import home_todo

    submitted_plan(world["learner"])
    in_force(world["supervisor"], world["other_supervisor"])
    items, _html = home_todo(login(world["other_supervisor"]))
    assert items["plans-to-agree"].count == 1
    assert "second-level" not in items
