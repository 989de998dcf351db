"""A class's cost (§4.9.3), entered by its institute's staff in the class form: optional, never
negative, written as people write amounts, and audited, as it counts in the agency's budget."""

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from lms.classes.models import CourseClass
from lms.core.models import AuditEvent
from tests.catalog.factories import published_course
from tests.classes import factories
from tests.classes.test_scheduling import _form


def _cost_events(db) -> list[AuditEvent]:
    return db.session.scalars(select(AuditEvent).where(AuditEvent.kind == "course_class.cost_changed")
                              .order_by(AuditEvent.id)).all()


def test_a_new_class_may_carry_its_cost(client, db, world, login_as):
    author = login_as("author")
    version = published_course(world["institute"]).published
    # A text box: a number box would send "45,500.25" as empty.
    page = client.get("/classes/manage/new").get_data(as_text=True)
    assert re.search(r'<input[^>]* name="cost_baht" type="text"', page)
    response = client.post("/classes/manage/new", data=_form(version, cost_baht="45,500.25"))
    assert response.status_code == 302
    cls = db.session.scalar(select(CourseClass))
    assert cls.cost_baht == Decimal("45500.25")
    [event] = _cost_events(db)
    assert (event.actor_id, event.object_id, event.organisation_id) == (author.id, cls.id, world["dept_a"].id)
    assert event.changes["cost_baht"] == [None, "45500.25"]


def test_a_class_without_a_cost_leaves_it_unknown(client, db, world, login_as):
    login_as("author")
    version = published_course(world["institute"]).published
    assert client.post("/classes/manage/new", data=_form(version)).status_code == 302
    assert db.session.scalar(select(CourseClass)).cost_baht is None
    assert _cost_events(db) == []


def test_the_edit_form_shows_the_cost_and_a_change_is_audited(client, db, world, login_as):
    cls = factories.course_class(world["institute"], cost_baht=Decimal("12000"))
    login_as("author")
    assert 'value="12000.00"' in client.get(f"/classes/manage/{cls.id}/edit").get_data(as_text=True)
    meeting = cls.meetings[0]
    data = _form(cls.version, cost_baht="", **{
        "meetings-0-meeting_id": str(meeting.id), "meetings-0-title": meeting.title,
        "meetings-0-starts_at": meeting.starts_at.strftime("%Y-%m-%dT%H:%M"),
        "meetings-0-ends_at": meeting.ends_at.strftime("%Y-%m-%dT%H:%M")})
    assert client.post(f"/classes/manage/{cls.id}/edit", data=data).status_code == 302
    db.session.refresh(cls)
    assert cls.cost_baht is None
    [event] = _cost_events(db)
    assert event.changes["cost_baht"] == ["12000.00", None]


@pytest.mark.parametrize(("typed", "message"), [
    ("-1", "Enter an amount of zero or more."),
    ("10.005", "Enter baht with at most two decimal places."),
    ("10000000000", "Enter an amount no larger than 9,999,999,999.99 baht."),
    ("a lot", "Enter a number such as 12 or 7.5."),
])
def test_a_bad_cost_is_a_field_error(client, db, world, login_as, typed, message):
    login_as("author")
    version = published_course(world["institute"]).published
    response = client.post("/classes/manage/new", data=_form(version, cost_baht=typed))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page and f'value="{typed}"' in page
    assert db.session.scalar(select(CourseClass)) is None


def test_the_database_refuses_a_negative_cost(db, world):
    cls = factories.course_class(world["institute"])
    cls.cost_baht = Decimal("-1")
    with pytest.raises(Exception, match="(?i)check"):
        db.session.flush()
