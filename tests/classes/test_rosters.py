"""Staff change the roster: add a learner (window bypassed, capacity not), remove one (the
seat goes to the first waiting), mark no-shows; each audited and announced to the learner."""

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from lms.classes import enrolment as enrolling
from lms.classes import rosters
from lms.classes.models import Attendance
from lms.core import access, events
from lms.core.models import AuditEvent
from tests import factories as people
from tests.classes import factories


@contextmanager
def received(signal):
    """What `signal` was sent with while the block ran: [(sender, kwargs)]."""
    sent = []

    def receiver(sender, **kwargs):
        sent.append((sender, kwargs))

    signal.connect(receiver)
    try:
        yield sent
    finally:
        signal.disconnect(receiver)


def events_of(db, kind):
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.kind == kind)))


def started_class(world, **fields):
    """A class whose first session began an hour ago (and whose window has closed)."""
    start = datetime.now(UTC) - timedelta(hours=1)
    return factories.course_class(world["institute"], opens_on=factories.today() - timedelta(days=20),
                                  closes_on=factories.today() - timedelta(days=1),
                                  meetings=[("วันแรก", start, start + timedelta(hours=6))], **fields)


# --- adding ---------------------------------------------------------------------------------

def test_staff_add_a_learner_outside_the_window_and_the_learner_is_told(db, world, in_request):
    cls = factories.course_class(world["institute"], opens_on=factories.today() - timedelta(days=9),
                                 closes_on=factories.today() - timedelta(days=1))
    with received(events.enrolment_confirmed) as sent:
        enrolment = rosters.add_learner(cls, world["learner"], world["author"])
    assert enrolment.status == "enrolled" and enrolment.person == world["learner"]
    assert sent == [(enrolment, {"actor": world["author"]})]
    [event] = events_of(db, "enrolment.added")
    assert (event.actor_id, event.object_id) == (world["author"].id, world["learner"].id)
    assert event.changes["status"] == [None, "enrolled"] and event.changes["class"] == cls.id


def test_adding_to_a_full_class_puts_the_learner_on_the_waiting_list(db, world, in_request):
    cls = factories.course_class(world["institute"], capacity=1)
    factories.enrol(cls, world["peer"])
    enrolment = rosters.add_learner(cls, world["learner"], world["author"])
    assert enrolment.status == "waitlisted" and enrolling.seats_left(cls) == 0
    expected = f"The class is full: {world['learner'].name} is number 1 on the waiting list."
    assert rosters.added_message(enrolment) == expected


def test_search_finds_only_people_of_the_class_organisations_not_on_it(db, world, in_request):
    cls = factories.course_class(world["institute"], organisations=[world["dept_a"]])
    factories.enrol(cls, world["peer"])
    found = rosters.people_to_add(cls, "example.go.th")
    assert world["learner"] in found and world["supervisor"] in found  # division A1 lies in dept A
    assert world["other_learner"] not in found  # dept B
    assert world["peer"] not in found  # already seated
    assert rosters.people_to_add(cls, "ผู้เรียน") == [world["learner"]]  # by Thai name
    assert rosters.people_to_add(cls, "%") == []  # LIKE's characters are literal
    with pytest.raises(enrolling.EnrolmentRefused, match="does not work in an organisation"):
        rosters.add_learner(cls, world["other_learner"], world["author"])


# --- removing -------------------------------------------------------------------------------

def test_removing_frees_the_seat_for_the_first_waiting_and_tells_the_learner(db, world, in_request):
    cls = factories.course_class(world["institute"], capacity=1)
    gone, waiting = factories.enrol(cls, world["learner"], world["peer"])
    with received(events.enrolment_removed) as removed, received(events.enrolment_promoted) as promoted:
        moved = rosters.remove_learner(cls, gone.id, world["author"])
    assert gone.status == "removed" and gone.withdrawn_at is not None
    assert moved == [waiting] and waiting.status == "enrolled"
    assert removed == [(gone, {"actor": world["author"]})]
    assert [sender for sender, _kwargs in promoted] == [waiting]
    [event] = events_of(db, "enrolment.removed")
    assert event.actor_id == world["author"].id and event.changes["status"] == ["enrolled", "removed"]


def test_a_removed_learner_cannot_enrol_again_by_themselves(db, world, in_request):
    cls = factories.course_class(world["institute"])
    [enrolment] = factories.enrol(cls, world["learner"])
    rosters.remove_learner(cls, enrolment.id, world["author"])
    with pytest.raises(enrolling.EnrolmentRefused, match="took you off it"):
        enrolling.enrol(cls, world["learner"])
    assert rosters.add_learner(cls, world["learner"], world["author"]).status == "enrolled"  # staff may


def test_an_enrolment_of_another_class_cannot_be_removed_through_this_one(db, world, in_request):
    cls, other = factories.course_class(world["institute"]), factories.course_class(world["institute"])
    [enrolment] = factories.enrol(other, world["learner"])
    with pytest.raises(enrolling.EnrolmentRefused, match="not on the class's roster"):
        rosters.remove_learner(cls, enrolment.id, world["author"])
    assert enrolment.status == "enrolled"


# --- no-shows -------------------------------------------------------------------------------

def test_no_shows_wait_for_the_first_session(db, world, in_request):
    cls = factories.course_class(world["institute"])  # sessions next month
    [enrolment] = factories.enrol(cls, world["learner"])
    with pytest.raises(enrolling.EnrolmentRefused, match="once the first session has begun"):
        rosters.mark_no_shows(cls, [enrolment.id], world["author"])
    assert enrolment.status == "enrolled"


def test_a_learner_who_never_came_is_marked_and_told(db, world, in_request):
    cls = started_class(world)
    db.session.flush()
    absent, came = (rosters.add_learner(cls, person, world["author"]) for person in (world["learner"], world["peer"]))
    db.session.add(Attendance(meeting_id=cls.meetings[0].id, enrolment_id=came.id, present=True))
    db.session.flush()
    with pytest.raises(enrolling.EnrolmentRefused, match="Recorded present"):
        rosters.mark_no_shows(cls, [absent.id, came.id], world["author"])
    with received(events.enrolment_no_show) as sent:
        marked = rosters.mark_no_shows(cls, [absent.id], world["author"])
    assert marked == [absent] and absent.status == "no_show" and came.status == "enrolled"
    assert sent == [(absent, {"actor": world["author"]})]
    [event] = events_of(db, "enrolment.no_show")
    assert event.actor_id == world["author"].id and event.changes["status"] == ["enrolled", "no_show"]


# --- through the pages ------------------------------------------------------------------------

def test_staff_add_remove_and_mark_through_the_pages(client, db, world, login_as):
    cls = started_class(world, capacity=1)
    peer = rosters.add_learner(cls, world["peer"], world["author"])  # the window has closed
    db.session.flush()
    login_as("author")
    roster = client.get(f"/classes/manage/{cls.id}").get_data(as_text=True)
    assert f'formaction="/classes/manage/{cls.id}/roster/{peer.id}/remove"' in roster
    assert f'formaction="/classes/manage/{cls.id}/no-shows"' in roster
    assert f'href="/classes/manage/{cls.id}/roster/add"' in roster
    page = client.get(f"/classes/manage/{cls.id}/roster/add?q=learner@").get_data(as_text=True)
    assert world["learner"].email in page and 'name="person_id"' in page
    done = client.post(f"/classes/manage/{cls.id}/roster/add", data={"person_id": world["learner"].id},
                       follow_redirects=True).get_data(as_text=True)
    assert "is number 1 on the waiting list" in done
    learner = enrolling.enrolment_of(cls, world["learner"])
    assert learner.status == "waitlisted"
    client.post(f"/classes/manage/{cls.id}/no-shows", data={"enrolment_id": [peer.id]})
    assert enrolling.enrolment_of(cls, world["peer"]).status == "no_show"
    client.post(f"/classes/manage/{cls.id}/roster/{learner.id}/remove")
    assert enrolling.enrolment_of(cls, world["learner"]).status == "removed"


def test_a_learner_cannot_change_anyones_roster(client, db, world, login_as):
    cls = factories.course_class(world["institute"])
    [peer] = factories.enrol(cls, world["peer"])
    login_as("learner")
    assert client.post(f"/classes/manage/{cls.id}/roster/{peer.id}/remove").status_code == 404
    assert client.post(f"/classes/manage/{cls.id}/no-shows", data={"enrolment_id": [peer.id]}).status_code == 404
    assert client.get(f"/classes/manage/{cls.id}/roster/add?q=a").status_code == 404
    assert client.post(f"/classes/manage/{cls.id}/roster/add",
                       data={"person_id": world["learner"].id}).status_code == 404
    assert enrolling.enrolment_of(cls, world["peer"]).status == "enrolled"
    assert enrolling.enrolment_of(cls, world["learner"]) is None


def test_another_institute_cannot_change_the_roster(client, db, world, login):
    cls = factories.course_class(world["institute"])
    [peer] = factories.enrol(cls, world["peer"])
    outsider = people.person(world["dept_b"], email="b.author@example.go.th", institute=world["other_institute"])
    db.session.flush()
    login(outsider)
    assert client.post(f"/classes/manage/{cls.id}/roster/{peer.id}/remove").status_code == 404
    assert enrolling.enrolment_of(cls, world["peer"]).status == "enrolled"


def test_only_the_staff_of_the_classs_institute_may_change_its_roster(db, world):
    cls = factories.course_class(world["institute"])
    outsider = people.person(world["dept_b"], email="b.staff@example.go.th", institute=world["other_institute"])
    assert access.may_change_roster(world["author"], cls) is True
    for person in (outsider, world["learner"], world["site_admin"], world["agency_admin"]):
        assert access.can(person, "change_roster", cls) is False
