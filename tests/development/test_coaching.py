"""Coaching: a supervisor records sessions for direct reports; each coached person gets a verified
coaching record and acknowledges it; the coach sees totals per person for a fiscal year."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from sqlalchemy import func, select

from lms.core.dates import today_in_bangkok
from lms.development import coaching
from lms.development.models import CoachingAttendee, CoachingSession
from lms.extensions import db as database
from lms.records.models import LearningRecord
from lms.records.services import record_learning
from lms.reference.models import LearningMethod, SkillSet
from tests import factories


def skill_set_id(slug="digital-leadership"):
    return database.session.scalar(select(SkillSet.id).where(SkillSet.slug == slug))


def session_form(*people, **overrides):
    data = {"occurred_on": (today_in_bangkok() - timedelta(days=1)).isoformat(), "minutes": "90",
            "topic": "การวิเคราะห์ข้อมูลด้วย Python", "attendee_ids": [str(p.id) for p in people],
            "skill_sets": [str(skill_set_id())], "notes_md": "ฝึก **pandas**"}
    data.update(overrides)
    return data


def coaching_records(person):
    return list(database.session.scalars(select(LearningRecord).where(
        LearningRecord.person_id == person.id, LearningRecord.source == "coaching")))


def make_session(coach, people, minutes=60, day=None, topic="สอนงาน"):
    session = coaching.record_session(coach, coaching.SessionData(
        occurred_on=day or today_in_bangkok() - timedelta(days=1), minutes=minutes, topic=topic,
        attendee_ids=[p.id for p in people], skill_set_ids=[skill_set_id()], notes_md=""))
    database.session.flush()
    return session


def test_supervisor_records_coaching_for_two_reports(client, login_as, world):
    supervisor = login_as("supervisor")
    response = client.post("/coaching/new", data=session_form(world["learner"], world["peer"]))
    assert response.status_code == 302

    session = database.session.scalar(select(CoachingSession))
    assert (session.coach_id, session.minutes, session.notes_md) == (supervisor.id, 90, "ฝึก **pandas**")
    for person in (world["learner"], world["peer"]):
        [record] = coaching_records(person)
        assert record.method.slug == "coaching" and record.status == "verified"
        assert record.hours == Decimal("1.5") and record.source_key == f"coaching:{session.id}"
        assert record.reviewed_by_id == supervisor.id and record.title == session.topic
        assert [s.slug for s in record.skill_sets] == ["digital-leadership"]
    assert {a.record_id for a in session.attendees} == {
        coaching_records(world["learner"])[0].id, coaching_records(world["peer"])[0].id}


def test_minutes_become_hours_in_the_records_precision():
    assert coaching.hours_for(90) == Decimal("1.50")
    assert coaching.hours_for(50) == Decimal("0.83")
    assert coaching.hours_for(1) == Decimal("0.02")
    assert coaching.hours_for(720) == Decimal("12.00")


def test_every_problem_shows_at_once_and_typed_values_stay(client, login_as, world):
    login_as("supervisor")
    future = (today_in_bangkok() + timedelta(days=2)).isoformat()
    response = client.post("/coaching/new", data=session_form(
        occurred_on=future, minutes="721", topic="", skill_sets=[], notes_md="บันทึกที่พิมพ์"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and page.count("invalid-feedback") >= 5
    assert "บันทึกที่พิมพ์" in page and 'value="721"' in page
    assert database.session.scalar(select(func.count()).select_from(CoachingSession)) == 0


@pytest.mark.parametrize("minutes", ["0", "-5", "1.5", "abc", "721"])
def test_minutes_are_whole_and_from_1_to_720(client, login_as, world, minutes):
    login_as("supervisor")
    assert client.post("/coaching/new", data=session_form(world["learner"], minutes=minutes)).status_code == 200
    assert coaching_records(world["learner"]) == []


@pytest.mark.parametrize("target", ["other_learner", "director", "supervisor"])
def test_only_direct_reports_can_be_coached(client, login_as, world, target):
    login_as("supervisor")
    response = client.post("/coaching/new", data=session_form(world["learner"], world[target]))
    assert response.status_code == 200
    assert coaching_records(world["learner"]) == [] and coaching_records(world[target]) == []


def test_the_director_cannot_coach_two_levels_down(client, login_as, world):
    login_as("director")
    assert client.post("/coaching/new", data=session_form(world["learner"])).status_code == 200
    assert coaching_records(world["learner"]) == []


def test_a_learner_cannot_record_coaching(client, login_as, world):
    login_as("learner")
    assert client.get("/coaching/new").status_code == 403
    assert client.post("/coaching/new", data=session_form(world["peer"])).status_code == 403


def test_the_day_total_is_checked_for_each_coached_person(client, login_as, world, db):
    training = database.session.scalar(select(LearningMethod).where(LearningMethod.slug == "training"))
    day = today_in_bangkok() - timedelta(days=1)
    record_learning(world["peer"], method=training, hours=Decimal("23"), occurred_on=day, title="อบรม",
                    source="class", source_key="enrolment:5", status="verified")
    world["supervisor"].language = "en"
    db.session.flush()
    login_as("supervisor")
    page = client.post("/coaching/new", data=session_form(world["learner"], world["peer"])).get_data(as_text=True)
    assert f"{world['peer'].name_en} already has 23 hours recorded on" in page
    assert "1.5 more would make 24.5" in page
    assert coaching_records(world["learner"]) == []


def test_learner_sees_and_acknowledges_with_one_click(client, login_as, world):
    session = make_session(world["supervisor"], [world["learner"], world["peer"]], topic="สอนการเขียนรายงาน")
    login_as("learner")
    listing = client.get("/coaching/").get_data(as_text=True)
    assert "สอนการเขียนรายงาน" in listing and f"/coaching/{session.id}/acknowledge" in listing
    assert client.post(f"/coaching/{session.id}/acknowledge", data={"back": "list"}).status_code == 302
    mine = database.session.scalar(select(CoachingAttendee).where(
        CoachingAttendee.session_id == session.id, CoachingAttendee.person_id == world["learner"].id))
    first = mine.acknowledged_at
    assert first is not None
    client.post(f"/coaching/{session.id}/acknowledge")
    assert mine.acknowledged_at == first  # a second click changes nothing
    page = client.get(f"/coaching/{session.id}").get_data(as_text=True)
    assert world["peer"].name_th not in page  # a learner sees only their own attendance


def test_the_coach_and_the_chain_see_the_session_others_do_not(client, login, world):
    session = make_session(world["supervisor"], [world["learner"]], topic="หัวข้อลับ")
    for role, status in [("supervisor", 200), ("director", 200), ("learner", 200), ("peer", 404),
                         ("other_supervisor", 404), ("other_learner", 404), ("site_admin", 404)]:
        client.post("/logout")
        login(world[role])
        response = client.get(f"/coaching/{session.id}")
        assert response.status_code == status, role
        if status == 404:
            assert "หัวข้อลับ" not in response.get_data(as_text=True)
            assert client.post(f"/coaching/{session.id}/acknowledge").status_code == 404
            assert client.post(f"/coaching/{session.id}/delete").status_code == 404
    assert client.get("/coaching/").status_code == 200


def test_only_the_coached_acknowledge_and_only_the_coach_deletes(client, login, world):
    session = make_session(world["supervisor"], [world["learner"]])
    login(world["director"])
    assert client.post(f"/coaching/{session.id}/acknowledge").status_code == 403
    assert client.post(f"/coaching/{session.id}/delete").status_code == 403
    client.post("/logout")
    login(world["learner"])
    assert client.post(f"/coaching/{session.id}/delete").status_code == 403
    assert len(coaching_records(world["learner"])) == 1


def test_the_coach_deletes_an_unacknowledged_session_with_its_records(client, login_as, world):
    session = make_session(world["supervisor"], [world["learner"], world["peer"]])
    acknowledged = make_session(world["supervisor"], [world["learner"]], topic="รับทราบแล้ว")
    coaching.acknowledge(world["learner"], acknowledged)
    database.session.flush()
    login_as("supervisor")
    assert client.post(f"/coaching/{session.id}/delete").status_code == 302
    assert [r.title for r in coaching_records(world["learner"])] == ["รับทราบแล้ว"]
    assert coaching_records(world["peer"]) == []
    assert client.post(f"/coaching/{acknowledged.id}/delete").status_code == 403


def test_coaching_given_per_person_in_the_fiscal_year(client, login_as, world, db):
    supervisor, learner, peer = world["supervisor"], world["learner"], world["peer"]
    with time_machine.travel(date(2026, 11, 24), tick=False):  # FY 2570 began on 1 Oct 2026
        make_session(supervisor, [learner, peer], minutes=50, day=date(2026, 10, 1))
        make_session(supervisor, [learner], minutes=40, day=date(2026, 11, 20))
        make_session(supervisor, [learner], minutes=30, day=date(2026, 9, 30))  # FY 2569
        make_session(world["other_supervisor"], [world["other_learner"]], minutes=60, day=date(2026, 11, 1))
        coaching.acknowledge(learner, database.session.scalar(
            select(CoachingSession).where(CoachingSession.minutes == 40)))
        db.session.flush()

        rows = {row.person.id: row for row in coaching.coaching_given(supervisor, 2570)}
        assert (rows[learner.id].sessions, rows[learner.id].minutes, rows[learner.id].acknowledged) == (2, 90, 1)
        assert (rows[peer.id].sessions, rows[peer.id].minutes) == (1, 50)
        assert rows[learner.id].hours == Decimal("1.5")
        assert {r.person.id: r.minutes for r in coaching.coaching_given(supervisor, 2569)} == {learner.id: 30}

        login_as("supervisor")
        page = client.get("/coaching/given").get_data(as_text=True)
        assert "2570" in page and learner.name_th in page and world["other_learner"].name_th not in page
        assert client.get("/coaching/given?fy=2569").status_code == 200
        assert client.get("/coaching/given?fy=99999").status_code == 200


def test_a_moved_learner_keeps_seeing_past_coaching_and_the_coach_keeps_theirs(client, login, world, db):
    session = make_session(world["supervisor"], [world["learner"]], topic="ก่อนย้าย")
    world["learner"].supervisor = factories.person(world["division"], world["director"])
    db.session.flush()
    login(world["supervisor"])
    assert client.get(f"/coaching/{session.id}").status_code == 200
    client.post("/logout")
    login(world["learner"])
    assert "ก่อนย้าย" in client.get("/coaching/").get_data(as_text=True)
