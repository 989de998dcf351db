"""Enrolling and withdrawing: seats, the waiting list, the window, eligibility."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from lms.classes import enrolment as enrolling
from lms.classes.models import Enrolment
from lms.core.dates import format_date
from lms.reference.models import TargetGroup
from tests import factories as people
from tests.classes import factories


def _group(db, slug):
    return db.session.scalar(select(TargetGroup).where(TargetGroup.slug == slug))


def test_enrol_takes_a_seat_then_the_waiting_list_in_order(db, world, in_request):
    cls = factories.course_class(world["institute"], capacity=1)
    first, second, third = factories.enrol(cls, world["learner"], world["peer"], world["other_learner"])
    assert (first.status, second.status, third.status) == ("enrolled", "waitlisted", "waitlisted")
    assert enrolling.waiting_position(second) == 1
    assert enrolling.waiting_position(third) == 2
    assert enrolling.seats_left(cls) == 0


def test_withdrawal_promotes_the_first_waiting(db, world, in_request):
    cls = factories.course_class(world["institute"], capacity=1)
    factories.enrol(cls, world["learner"], world["peer"], world["other_learner"])
    promoted = enrolling.withdraw(cls, world["learner"])
    assert [e.person for e in promoted] == [world["peer"]]
    statuses = {e.person.email: e.status for e in db.session.scalars(select(Enrolment))}
    assert statuses == {world["learner"].email: "withdrawn", world["peer"].email: "enrolled",
                        world["other_learner"].email: "waitlisted"}
    other = enrolling.enrolment_of(cls, world["other_learner"])
    assert enrolling.waiting_position(other) == 1


def test_leaving_the_waiting_list_promotes_nobody(db, world, in_request):
    cls = factories.course_class(world["institute"], capacity=1)
    factories.enrol(cls, world["learner"], world["peer"])
    assert enrolling.withdraw(cls, world["peer"]) == []
    assert enrolling.enrolment_of(cls, world["learner"]).status == "enrolled"


def test_enrolling_twice_is_refused_with_the_reason(db, world, in_request):
    cls = factories.course_class(world["institute"], capacity=1)
    factories.enrol(cls, world["learner"], world["peer"])
    with pytest.raises(enrolling.EnrolmentRefused, match="already enrolled"):
        enrolling.enrol(cls, world["learner"])
    with pytest.raises(enrolling.EnrolmentRefused, match="already on the waiting list .*number 1"):
        enrolling.enrol(cls, world["peer"])
    assert db.session.query(Enrolment).filter_by(class_id=cls.id).count() == 2


def test_someone_who_withdrew_may_enrol_again_at_the_end_of_the_queue(db, world, in_request):
    cls = factories.course_class(world["institute"], capacity=1)
    factories.enrol(cls, world["learner"], world["peer"])
    enrolling.withdraw(cls, world["peer"])
    factories.enrol(cls, world["other_learner"])
    again = enrolling.enrol(cls, world["peer"])
    assert again.status == "waitlisted"
    assert enrolling.waiting_position(again) == 2
    assert db.session.query(Enrolment).filter_by(person_id=world["peer"].id).count() == 1


def test_the_window_is_read_in_bangkok(db, world, in_request):
    cls = factories.course_class(world["institute"], opens_on=datetime(2026, 12, 1).date(),
                                 closes_on=datetime(2026, 12, 10).date())
    # 23:30 UTC on 30 Nov is already 06:30 on 1 Dec in Bangkok.
    with time_machine.travel(datetime(2026, 11, 30, 16, 59, tzinfo=UTC), tick=False):
        with pytest.raises(enrolling.EnrolmentRefused, match="opens on 1"):
            enrolling.enrol(cls, world["learner"])
    with time_machine.travel(datetime(2026, 11, 30, 23, 30, tzinfo=UTC), tick=False):
        assert enrolling.enrol(cls, world["learner"]).status == "enrolled"
    with time_machine.travel(datetime(2026, 12, 10, 17, 0, tzinfo=UTC), tick=False):  # 11 Dec, 00:00
        with pytest.raises(enrolling.EnrolmentRefused, match="closed on 10"):
            enrolling.withdraw(cls, world["learner"])
        with pytest.raises(enrolling.EnrolmentRefused, match="closed"):
            enrolling.enrol(cls, world["peer"])


def test_target_groups_decide_who_may_enrol(db, world, in_request):
    cls = factories.course_class(world["institute"], target_groups=[_group(db, "service"), _group(db, "academic")])
    with pytest.raises(enrolling.EnrolmentRefused, match="target groups"):
        enrolling.enrol(cls, world["learner"])
    world["learner"].target_groups = [_group(db, "academic")]
    assert enrolling.enrol(cls, world["learner"]).status == "enrolled"


def test_an_organisation_includes_its_units(db, world, in_request):
    cls = factories.course_class(world["institute"], organisations=[world["dept_a"]])
    assert enrolling.enrol(cls, world["learner"]).status == "enrolled"  # division A1 lies in dept A
    with pytest.raises(enrolling.EnrolmentRefused, match="people of"):
        enrolling.enrol(cls, world["other_learner"])
    nowhere = people.person(None)
    with pytest.raises(enrolling.EnrolmentRefused):
        enrolling.enrol(cls, nowhere)


def test_group_and_organisation_must_both_match(db, world, in_request):
    cls = factories.course_class(world["institute"], organisations=[world["dept_a"]],
                                 target_groups=[_group(db, "service")])
    assert enrolling.eligibility_problem(cls, world["learner"]) is not None
    world["learner"].target_groups = [_group(db, "service")]
    world["other_learner"].target_groups = [_group(db, "service")]
    assert enrolling.eligibility_problem(cls, world["learner"]) is None
    assert enrolling.eligibility_problem(cls, world["other_learner"]) is not None


def test_a_cancelled_class_takes_nobody(db, world, in_request):
    cls = factories.course_class(world["institute"], is_cancelled=True)
    with pytest.raises(enrolling.EnrolmentRefused, match="cancelled"):
        enrolling.enrol(cls, world["learner"])


def test_a_completed_enrolment_cannot_be_withdrawn(db, world, in_request):
    cls = factories.course_class(world["institute"])
    (enrolment,) = factories.enrol(cls, world["learner"])
    enrolment.status = "completed"
    with pytest.raises(enrolling.EnrolmentRefused, match="completed"):
        enrolling.withdraw(cls, world["learner"])
    with pytest.raises(enrolling.EnrolmentRefused, match="already completed"):
        enrolling.enrol(cls, world["learner"])


def test_withdrawing_without_an_enrolment_is_refused(db, world, in_request):
    cls = factories.course_class(world["institute"])
    with pytest.raises(enrolling.EnrolmentRefused, match="not enrolled"):
        enrolling.withdraw(cls, world["learner"])


def test_nobody_jumps_the_queue_when_a_seat_is_free(db, world, in_request):
    cls = factories.course_class(world["institute"], capacity=1)
    factories.enrol(cls, world["learner"], world["peer"])
    cls.capacity = 2  # raised behind the service's back: the waiting person comes first
    late = enrolling.enrol(cls, world["other_learner"])
    assert late.status == "waitlisted"
    assert enrolling.enrolment_of(cls, world["peer"]).status == "enrolled"


# --- through the pages --------------------------------------------------------------------

def test_learner_enrols_and_withdraws_through_the_class_page(client, db, world, login_as):
    cls = factories.course_class(world["institute"], capacity=1)
    login_as("learner")
    page = client.get(f"/classes/{cls.id}").get_data(as_text=True)
    assert cls.version.title_en in page and 'id="seats-left">1 / 1' in page
    response = client.post(f"/classes/{cls.id}/enrol", follow_redirects=True)
    assert response.status_code == 200
    assert enrolling.enrolment_of(cls, world["learner"]).status == "enrolled"
    assert 'id="seats-left">0 / 1' in response.get_data(as_text=True)
    again = client.post(f"/classes/{cls.id}/enrol", follow_redirects=True).get_data(as_text=True)
    assert "alert-danger" in again
    client.post(f"/classes/{cls.id}/withdraw")
    assert enrolling.enrolment_of(cls, world["learner"]).status == "withdrawn"


def test_a_full_class_offers_the_waiting_list(client, db, world, login_as):
    cls = factories.course_class(world["institute"], capacity=1)
    factories.enrol(cls, world["peer"])
    login_as("learner")
    client.post(f"/classes/{cls.id}/enrol")
    enrolment = enrolling.enrolment_of(cls, world["learner"])
    assert enrolment.status == "waitlisted"
    page = client.get(f"/classes/{cls.id}").get_data(as_text=True)
    assert "badge text-bg-warning" in page  # the waiting-list state
    assert f'action="/classes/{cls.id}/withdraw"' in page
    assert f'action="/classes/{cls.id}/enrol"' not in page


def test_an_ineligible_learner_sees_why_and_no_button(client, db, world, login_as):
    cls = factories.course_class(world["institute"], organisations=[world["dept_b"]])
    login_as("learner")
    page = client.get(f"/classes/{cls.id}").get_data(as_text=True)
    assert world["dept_b"].name_en in page
    assert f'action="/classes/{cls.id}/enrol"' not in page
    assert client.post(f"/classes/{cls.id}/enrol").status_code == 302
    assert enrolling.enrolment_of(cls, world["learner"]) is None


def test_a_cancelled_class_is_hidden_from_learners(client, db, world, login_as):
    cls = factories.course_class(world["institute"], is_cancelled=True)
    login_as("learner")
    assert client.get(f"/classes/{cls.id}").status_code == 404
    assert client.post(f"/classes/{cls.id}/enrol").status_code == 404


def test_my_classes_lists_enrolments_and_the_calendar_link(client, db, world, login_as):
    cls = factories.course_class(world["institute"], capacity=1)
    full = factories.course_class(world["institute"], capacity=1)
    factories.enrol(full, world["peer"])
    factories.enrol(cls, world["learner"])
    factories.enrol(full, world["learner"])
    login_as("learner")
    page = client.get("/classes/mine").get_data(as_text=True)
    assert cls.name in page and full.name in page
    assert f"/calendar/{world['learner'].calendar_token}.ics" in page
    assert page.count("badge") >= 2


def test_my_classes_is_empty_for_a_newcomer(client, db, world, login_as):
    cls = factories.course_class(world["institute"])
    factories.enrol(cls, world["learner"])  # someone else's class: not the newcomer's
    world["director"].language = "th"
    db.session.flush()
    login_as("director")
    response = client.get("/classes/mine")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    rows = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0].count("<tr")
    assert rows == 1 and "ท่านยังไม่ได้ลงทะเบียนในรุ่นการอบรมใด" in page  # "You have not enrolled in any class yet."
    assert cls.name not in page and f"/classes/{cls.id}" not in page


def test_enrolment_window_dates_shown_in_thai(client, db, world, login_as):
    cls = factories.course_class(world["institute"], opens_on=factories.today() + timedelta(days=3))
    world["learner"].language = "th"
    db.session.flush()
    login_as("learner")
    page = client.get(f"/classes/{cls.id}").get_data(as_text=True)
    assert format_date(cls.enrol_opens_on, "th") in page
    assert f'action="/classes/{cls.id}/enrol"' not in page


@pytest.fixture
def learner_logged_in(login_as):
    return login_as("learner")


def test_the_enrol_button_carries_its_csrf_token(client, db, world, learner_logged_in, csrf):
    cls = factories.course_class(world["institute"])
    assert client.post(f"/classes/{cls.id}/enrol").status_code == 400
    page = client.get(f"/classes/{cls.id}").get_data(as_text=True)
    token = re.search(rf'action="/classes/{cls.id}/enrol">\s*<input type="hidden" name="csrf_token" '
                      r'value="([^"]+)"', page).group(1)
    assert client.post(f"/classes/{cls.id}/enrol", data={"csrf_token": token}).status_code == 302
    assert enrolling.enrolment_of(cls, world["learner"]).status == "enrolled"
