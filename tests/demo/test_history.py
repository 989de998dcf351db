"""The demo's year of history: plans, log entries, coaching and classes in every state, built
through the services, the reminder jobs run once, and a second load that changes nothing."""

from datetime import datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from lms.accounts.delegation import received_by
from lms.accounts.demo import LOGINS
from lms.accounts.models import Delegation, Person
from lms.classes.enrolment import enrol, seats_left, waiting_list
from lms.classes.models import Attendance, CourseClass, Enrolment
from lms.core.dates import BANGKOK, fiscal_year_of, local_date, today_in_bangkok
from lms.demo import classes as demo_classes
from lms.demo.services import load_demo
from lms.development import plan_queue, plans
from lms.development.models import CoachingAttendee, CoachingSession, DevelopmentPlan, PlanRevision, RecordReview
from lms.development.plan_rules import agreement_verdict
from lms.extensions import db as database
from lms.notifications.models import Notification
from lms.notifications.services import notifications_query
from lms.records.models import LearningRecord

COUNTED = (Person, DevelopmentPlan, PlanRevision, LearningRecord, RecordReview, CoachingSession,
           CoachingAttendee, CourseClass, Enrolment, Attendance, Delegation, Notification)


def counts() -> dict[str, int]:
    return {model.__name__: database.session.scalar(select(func.count()).select_from(model)) for model in COUNTED}


@pytest.fixture
def demo(app, db):
    """The demo as `make run` loads it: the command, which also runs the reminder jobs."""
    result = app.test_cli_runner().invoke(args=["lms", "demo"])
    assert result.exit_code == 0, result.output
    return load_demo(), result.output  # the second load: finds everything, creates nothing


def person(demo, key) -> Person:
    return demo[0].accounts.people[key]


def current_revision(owner: Person) -> PlanRevision:
    return plans.plan_for(owner, fiscal_year_of(today_in_bangkok())).current


def test_a_second_load_changes_nothing_and_says_so(app, demo):
    loaded, output = demo
    before = counts()

    again = app.test_cli_runner().invoke(args=["lms", "demo"])

    assert not loaded.changed and loaded.history.changed is False
    assert again.exit_code == 0 and "already loaded; nothing changed" in again.output
    assert "Reminder jobs" not in again.output
    assert counts() == before
    assert "A year of history: 17 development plans" in output and "Reminder jobs run once for today" in output
    for role, _key in LOGINS:
        assert f"  {role} " in again.output
    open_class = demo_classes.find_class(demo_classes.OPEN, loaded.accounts.institute)
    assert "learner                  kanokporn.m@thaksa-demo.example   Kanokporn Mahawong: enrol in" in again.output
    assert open_class.name in again.output


def test_plans_are_in_every_state_and_wait_for_the_right_people(demo):
    learner, supervisor, second_level = (person(demo, key) for key in ("kanokporn.m", "paweena.s", "anucha.s"))
    acting = person(demo, "kiattisak.c")

    states = {key: current_revision(person(demo, key)) for key in
              ("supachai.d", "kanokporn.m", "thanakorn.p", "watchara.t", "paweena.s")}

    assert [revision.status for revision in states.values()] == [
        "draft", "submitted", "submitted", "returned", "agreed"]
    assert agreement_verdict(states["thanakorn.p"]).still_needed == ("second_level",)
    assert states["watchara.t"].decisions[-1].comment
    assert database.session.scalars(plan_queue.waiting_for(supervisor)).all() == [states["kanokporn.m"]]
    assert states["thanakorn.p"] in database.session.scalars(plan_queue.waiting_for(second_level)).all()
    waiting_for_acting = database.session.scalars(plan_queue.waiting_for(acting)).all()
    assert current_revision(person(demo, "thiraphong.r")) in waiting_for_acting
    last_year = plans.plan_for(person(demo, "thanakorn.p"), fiscal_year_of(today_in_bangkok()) - 1)
    assert last_year.current.status == "agreed"
    assert plans.plan_for(learner, fiscal_year_of(today_in_bangkok()) - 1) is None  # her HR group counts


def test_log_entries_coaching_and_an_acting_supervisor(demo):
    learner = person(demo, "kanokporn.m")
    entries = database.session.scalars(select(LearningRecord).where(
        LearningRecord.person_id == learner.id, LearningRecord.source == "log")).all()
    returned = database.session.scalar(select(RecordReview).where(RecordReview.decision == "returned",
                                                                  RecordReview.record_id.in_([e.id for e in entries])))

    assert {entry.status for entry in entries} == {"pending", "verified", "returned"}
    assert returned.comment and returned.actor_id == person(demo, "paweena.s").id
    acknowledged = database.session.scalars(select(CoachingAttendee.acknowledged_at).where(
        CoachingAttendee.person_id == learner.id)).all()
    assert len(acknowledged) == 2 and sum(1 for at in acknowledged if at is None) == 1
    [acting] = received_by(person(demo, "kiattisak.c"))
    today = today_in_bangkok()
    assert acting.principal_id == person(demo, "chanwit.s").id and acting.starts_on <= today <= acting.ends_on


def test_classes_past_and_coming_and_the_learner_enrols_at_once(demo):
    institute = demo[0].accounts.institute
    past, full, open_class, soon = (demo_classes.find_class(spec, institute) for spec in (
        demo_classes.PAST_PDPA, demo_classes.FULL, demo_classes.OPEN, demo_classes.STARTING_SOON))
    today = today_in_bangkok()
    completions = database.session.scalars(select(LearningRecord).where(
        LearningRecord.source == "class", LearningRecord.course_version_id == past.course_version_id)).all()

    assert local_date(past.meetings[-1].starts_at) < today and len(completions) == 6
    assert {record.status for record in completions} == {"verified"}
    assert database.session.scalar(select(func.count()).select_from(Attendance)) > 0
    assert local_date(full.meetings[0].starts_at) > today and seats_left(full) == 0 and len(waiting_list(full)) == 2
    assert today < local_date(soon.meetings[0].starts_at) <= today + timedelta(days=14) and seats_left(soon) > 0
    learner = person(demo, "kanokporn.m")
    assert not learner.target_groups and learner.hr_target_group.slug == "academic"

    enrolment = enrol(open_class, learner)

    assert enrolment.status == "enrolled"


def test_the_learners_notification_centre_is_not_empty(demo):
    learner = person(demo, "kanokporn.m")
    kinds = {notification.kind for notification in database.session.scalars(notifications_query(learner))}

    assert {"entry_verified", "record_returned", "coaching_recorded", "enrolment_confirmed"} <= kinds
    reminded = database.session.scalars(select(Notification.kind)).all()
    assert {"seats_unfilled", "supervisor_digest", "second_level_approvals"} <= set(reminded)


def test_the_history_loads_on_any_later_day_even_the_first_of_a_fiscal_year(db):
    # Dates count from today, so the rules (no entry in the future, none before last fiscal
    # year, a delegation not starting in the past) hold on whatever day the demo is loaded.
    with time_machine.travel(datetime(2028, 10, 1, 0, 5, tzinfo=BANGKOK), tick=False):
        demo = load_demo()
        again = load_demo()

    assert (demo.history.plans, demo.history.log_entries, demo.history.classes) == (17, 24, 5)
    assert not again.changed
