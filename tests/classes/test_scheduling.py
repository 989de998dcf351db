"""Staff schedule, edit and cancel classes; bad input is shown per field and nothing is saved."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from lms.classes import enrolment as enrolling
from lms.classes import services
from lms.classes.models import ClassMeeting, CourseClass
from lms.reference.models import TargetGroup
from tests.catalog.factories import draft_course, published_course, republish
from tests.classes import factories


def _form(version, **changes):
    data = {
        "course_version_id": str(version.id), "name": "รุ่นที่ 1/2570", "place": "ห้องประชุม ชั้น 3",
        "online_url": "", "capacity": "30", "enrol_opens_on": "2026-12-01", "enrol_closes_on": "2026-12-20",
        "organisation_codes": "",
        "meetings-0-meeting_id": "", "meetings-0-title": "วันที่ 1",
        "meetings-0-starts_at": "2027-01-10T09:00", "meetings-0-ends_at": "2027-01-10T16:00",
        "meetings-1-meeting_id": "", "meetings-1-title": "", "meetings-1-starts_at": "", "meetings-1-ends_at": "",
    }
    data.update(changes)
    return data


def _classes(db):
    return db.session.scalar(select(func.count(CourseClass.id)))


def test_author_schedules_a_class_in_bangkok_time(client, db, world, login_as):
    version = published_course(world["institute"]).published
    world["author"].language = "th"  # Thai dates below
    db.session.flush()
    login_as("author")
    assert client.get("/classes/manage/new").status_code == 200
    group = db.session.scalar(select(TargetGroup).where(TargetGroup.slug == "service"))
    response = client.post("/classes/manage/new", data=_form(
        version, target_group_ids=[str(group.id)], organisation_codes="DEP-A, DIV-A1",
        online_url="https://meet.example.go.th/room-1"))
    assert response.status_code == 302, response.get_data(as_text=True)
    cls = db.session.scalar(select(CourseClass))
    assert response.headers["Location"].endswith(f"/classes/manage/{cls.id}")
    assert (cls.institute_id, cls.created_by_id, cls.capacity) == (world["institute"].id, world["author"].id, 30)
    assert [m.title for m in cls.meetings] == ["วันที่ 1"]  # the blank row is ignored
    assert cls.meetings[0].starts_at == datetime(2027, 1, 10, 2, 0, tzinfo=UTC)
    assert cls.meetings[0].ends_at == datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
    assert [g.slug for g in cls.target_groups] == ["service"]
    assert sorted(o.code for o in cls.organisations) == ["DEP-A", "DIV-A1"]
    page = client.get(f"/classes/manage/{cls.id}").get_data(as_text=True)
    assert "รุ่นที่ 1/2570" in page and "10 ม.ค. 2570 09:00–16:00" in page


def test_the_edit_form_shows_bangkok_times_and_keeps_attendance(client, db, world, login_as):
    cls = factories.course_class(world["institute"], meetings=[
        ("วันที่ 1", datetime(2027, 1, 10, 2, 0, tzinfo=UTC), datetime(2027, 1, 10, 9, 0, tzinfo=UTC))])
    meeting_id = cls.meetings[0].id
    login_as("author")
    page = client.get(f"/classes/manage/{cls.id}/edit").get_data(as_text=True)
    assert 'value="10/01/2027 09:00"' in page and 'value="10/01/2027 16:00"' in page  # English: C.E.
    data = _form(cls.version, **{"meetings-0-meeting_id": str(meeting_id), "meetings-0-title": "วันแรก",
                                 "meetings-1-title": "วันที่สอง", "meetings-1-starts_at": "2027-01-11T09:00",
                                 "meetings-1-ends_at": "2027-01-11T12:00"})
    assert client.post(f"/classes/manage/{cls.id}/edit", data=data).status_code == 302
    db.session.refresh(cls)
    assert [(m.id == meeting_id, m.title) for m in cls.meetings] == [(True, "วันแรก"), (False, "วันที่สอง")]


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"meetings-0-ends_at": "2027-01-10T08:00"}, "meetings-0-ends_at", "must end after it starts"),
    ({"meetings-0-ends_at": "2027-01-10T21:01"}, "meetings-0-ends_at", "longer than 12 hours"),
    ({"meetings-0-starts_at": ""}, "meetings-0-starts_at", "Enter when the session starts"),
    ({"meetings-0-title": ""}, "meetings-0-title", "Enter a title"),
    ({"meetings-0-title": "", "meetings-0-starts_at": "", "meetings-0-ends_at": ""}, "meetings",
     "at least one session"),
    ({"enrol_closes_on": "2026-11-30"}, "enrol_closes_on", "close on or after"),
    ({"capacity": "0"}, "capacity", "at least 1"),
    ({"capacity": "many"}, "capacity", "integer"),
    ({"online_url": "javascript:alert(1)"}, "online_url", "http:// or https://"),
    ({"online_url": "ftp://example.go.th/x"}, "online_url", "http:// or https://"),
    ({"place": "", "online_url": ""}, "place", "place or an online link"),
    ({"organisation_codes": "DEP-A, NOPE-9"}, "organisation_codes", "NOPE-9"),
    ({"name": ""}, "name", "Enter a name"),
    ({"course_version_id": "0"}, "course_version_id", "published course"),
])
def test_bad_input_is_shown_beside_what_was_typed(client, db, world, login_as, changes, field, message):
    version = published_course(world["institute"]).published
    login_as("author")
    data = _form(version, **changes)
    response = client.post("/classes/manage/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    if field != "meetings":
        assert f'id="{field}"' in page and 'is-invalid' in page
    assert 'value="รุ่นที่ 1/2570"' in page or changes.get("name") == ""
    assert _classes(db) == 0


def test_every_error_shows_at_once(client, db, world, login_as):
    version = published_course(world["institute"]).published
    login_as("author")
    page = client.post("/classes/manage/new", data=_form(
        version, capacity="0", enrol_closes_on="2026-01-01", online_url="javascript:x",
        **{"meetings-0-ends_at": "2027-01-10T08:00"})).get_data(as_text=True)
    for message in ("at least 1", "close on or after", "http:// or https://", "end after it starts"):
        assert message in page
    assert 'value="javascript:x"' in page and 'value="2027-01-10T08:00"' in page
    assert _classes(db) == 0


def test_only_published_courses_of_the_own_institute(client, db, world, login_as):
    draft = draft_course(world["institute"]).draft
    foreign = published_course(world["other_institute"]).published
    login_as("author")
    for version in (draft, foreign):
        page = client.post("/classes/manage/new", data=_form(version)).get_data(as_text=True)
        assert "published course" in page
    assert _classes(db) == 0


def test_a_class_keeps_its_version_when_the_course_is_republished(db, world, in_request):
    course = published_course(world["institute"])
    cls = factories.course_class(world["institute"], version=course.published)
    old_version = cls.version
    republish(course, title_th="หลักสูตรฉบับใหม่")
    assert old_version.status == "superseded"
    data = {"course_version_id": old_version.id, "name": "x", "place": "p", "capacity": 5,
            "enrol_opens_on": cls.enrol_opens_on, "enrol_closes_on": cls.enrol_closes_on,
            "meetings": [{"meeting_id": m.id, "title": m.title, "starts_at": m.starts_at, "ends_at": m.ends_at}
                         for m in cls.meetings]}
    assert services.class_errors(cls, world["author"], data) == {}


def test_capacity_cannot_drop_below_the_seats_taken_and_a_raise_promotes(client, db, world, login_as):
    cls = factories.course_class(world["institute"], capacity=2)
    factories.enrol(cls, world["learner"], world["peer"], world["other_learner"])
    login_as("author")
    rows = {f"meetings-{i}-{k}": v for i, m in enumerate(cls.meetings) for k, v in (
        ("meeting_id", str(m.id)), ("title", m.title), ("starts_at", m.starts_at.strftime("%Y-%m-%dT%H:%M")),
        ("ends_at", m.ends_at.strftime("%Y-%m-%dT%H:%M")))}
    data = _form(cls.version, enrol_opens_on=str(cls.enrol_opens_on), enrol_closes_on=str(cls.enrol_closes_on),
                 **rows)
    page = client.post(f"/classes/manage/{cls.id}/edit", data={**data, "capacity": "1"}).get_data(as_text=True)
    assert "2 people already have a seat" in page
    assert client.post(f"/classes/manage/{cls.id}/edit", data={**data, "capacity": "3"}).status_code == 302
    assert enrolling.enrolment_of(cls, world["other_learner"]).status == "enrolled"


def test_a_session_with_attendance_cannot_be_removed(client, db, world, login_as):
    cls = factories.course_class(world["institute"])
    (enrolment,) = factories.enrol(cls, world["learner"])
    login_as("author")
    first = cls.meetings[0]
    client.post(f"/classes/manage/{cls.id}/attendance", data={"meeting_id": first.id,
                                                               f"present-{enrolment.id}": "1"})
    rows = {"meetings-0-meeting_id": str(first.id), "meetings-0-title": "", "meetings-0-starts_at": "",
            "meetings-0-ends_at": ""}
    data = _form(cls.version, enrol_opens_on=str(cls.enrol_opens_on), **rows, **{
        "meetings-1-title": "อีกวัน", "meetings-1-starts_at": "2027-02-01T09:00",
        "meetings-1-ends_at": "2027-02-01T12:00"})
    page = client.post(f"/classes/manage/{cls.id}/edit", data=data).get_data(as_text=True)
    assert "cannot be removed" in page
    assert db.session.get(ClassMeeting, first.id) is not None


def test_cancelling_hides_the_class_and_stops_editing(client, db, world, login_as):
    cls = factories.course_class(world["institute"])
    login_as("author")
    assert client.post(f"/classes/manage/{cls.id}/cancel").status_code == 302
    db.session.refresh(cls)
    assert cls.is_cancelled
    assert client.get(f"/classes/manage/{cls.id}/edit").status_code == 302
    assert client.get(f"/classes/manage/{cls.id}").status_code == 200
    assert client.get(f"/classes/{cls.id}/calendar.ics").status_code == 404


def test_the_list_shows_own_institute_classes_with_counts(client, db, world, login_as):
    mine = factories.course_class(world["institute"], capacity=1)
    theirs = factories.course_class(world["other_institute"])
    factories.enrol(mine, world["learner"], world["peer"])
    login_as("author")
    page = client.get("/classes/manage").get_data(as_text=True)
    assert mine.name in page and theirs.name not in page
    assert "1 / 1" in page


@pytest.mark.parametrize("path", ["", "/edit", "/attendance"])
def test_staff_of_another_institute_get_404(client, db, world, login, path):
    cls = factories.course_class(world["other_institute"])
    login(world["author"])
    assert client.get(f"/classes/manage/{cls.id}{path}").status_code == 404
    assert client.post(f"/classes/manage/{cls.id}/cancel").status_code == 404
    assert client.post(f"/classes/manage/{cls.id}/complete", data={"enrolment_id": "1"}).status_code == 404


@pytest.mark.parametrize("role", ["learner", "supervisor", "agency_admin", "site_admin"])
def test_non_authors_are_refused_the_staff_pages(client, db, world, login_as, role):
    cls = factories.course_class(world["institute"])
    login_as(role)
    assert client.get("/classes/manage").status_code == 403
    assert client.get("/classes/manage/new").status_code == 403
    assert client.post("/classes/manage/new", data={}).status_code == 403
    assert client.get(f"/classes/manage/{cls.id}").status_code == 404  # object pages: as if absent


def test_anonymous_visitors_are_sent_to_log_in(client, db, world):
    cls = factories.course_class(world["institute"])
    for path in ("/classes/manage", f"/classes/{cls.id}", "/classes/mine"):
        assert client.get(path).status_code == 302


def test_a_course_page_can_link_to_a_new_class_of_its_version(client, db, world, login_as):
    version = published_course(world["institute"]).published
    login_as("author")
    page = client.get(f"/classes/manage/new?version_id={version.id}").get_data(as_text=True)
    assert f'<option selected value="{version.id}">' in page


def test_control_characters_never_reach_the_database(client, db, world, login_as):
    version = published_course(world["institute"]).published
    login_as("author")
    response = client.post("/classes/manage/new", data=_form(
        version, name="รุ่น\x00ที่ 1\x07", place="ห้อง\x00 1", organisation_codes="DEP-A\x00",
        **{"meetings-0-title": "วัน\x00แรก"}))
    assert response.status_code == 302
    cls = db.session.scalar(select(CourseClass))
    assert (cls.name, cls.place, cls.meetings[0].title) == ("รุ่นที่ 1", "ห้อง 1", "วันแรก")
    assert [o.code for o in cls.organisations] == ["DEP-A"]
