"""Learner reminders: who gets which, once, and nobody about what is done or after they left."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from lms.accounts.models import Person
from lms.development.mix import mix_verdict
from lms.notifications.messages import compose
from lms.notifications.models import Notification
from lms.reference.models import TargetGroup
from tests import factories
from tests.notifications import builders as b
from tests.notifications.conftest import run

NOW = b.bangkok(2026, 11, 24, 15, 0)  # fiscal year 2570 began on 1 Oct 2026


def told(kind) -> dict[int, Notification]:
    rows = select(Notification).where(Notification.kind == kind)
    return {n.person_id: n for n in Notification.query.session.scalars(rows)}


@pytest.fixture
def now(travel):
    return travel(NOW)


def test_class_tomorrow_reaches_seated_people_once(db, world, now):
    institute = world["institute"]
    tomorrow_9 = b.bangkok(2026, 11, 25, 9, 0)
    cls = b.course_class(institute, opens_on=date(2026, 11, 1), closes_on=date(2026, 11, 20),
                         meetings=[(tomorrow_9, 3), (b.bangkok(2026, 11, 26, 9), 3)])
    b.enrol(world["learner"], cls)
    b.enrol(world["peer"], cls, status="completed")  # done: not reminded
    b.enrol(world["other_learner"], cls, status="waitlisted")
    left = factories.person(None, name_th="ออกไปแล้ว")  # left the organisation
    b.enrol(left, cls)
    gone = factories.person(world["division"], is_active=False)
    b.enrol(gone, cls)

    assert run("class_tomorrow") == {"class_tomorrow": 1}
    note = told("class_tomorrow")[world["learner"].id]
    assert (note.subject, note.period) == (f"meeting:{cls.meetings[0].id}", "2026-11-25")
    assert note.payload["class_name"] == cls.name
    assert run("class_tomorrow") == {"class_tomorrow": 0}


def test_enrolment_closing_goes_to_whom_the_class_is_recommended(db, world, now):
    institute = world["institute"]
    window = {"opens_on": date(2026, 11, 1), "closes_on": date(2026, 11, 26)}
    foundation = b.course_class(institute, organisations=[world["dept_a"]], **window)  # digital-literacy
    leadership = b.course_class(institute, b.course_version(institute, skill_sets=("digital-leadership",)), **window)
    later = b.course_class(institute, opens_on=date(2026, 11, 1), closes_on=date(2026, 12, 10))
    full = b.course_class(institute, capacity=1, **window)
    b.enrol(world["director"], full)
    b.enrol(world["peer"], foundation, status="withdrawn")  # chose not to: not nagged
    world["learner"].target_groups = [db.session.scalar(select(TargetGroup).where(TargetGroup.slug == "management"))]
    done = factories.person(world["division"])
    b.record(done, "training", 6, date(2026, 3, 1), source="class", course_version=foundation.version)
    db.session.flush()

    run("enrolment_closing")
    notes = Notification.query.session.scalars(select(Notification).where(Notification.kind == "enrolment_closing"))
    keys = {(n.person_id, n.subject) for n in notes}
    dept_a_people = {p.id for p in db.session.scalars(select(Person).where(
        Person.organisation_id.in_([world["dept_a"].id, world["division"].id]), Person.is_active))}
    expected = {(pid, f"class:{foundation.id}") for pid in dept_a_people - {world["peer"].id, done.id}}
    expected.add((world["learner"].id, f"class:{leadership.id}"))  # management recommends leadership
    assert keys == expected
    assert all(subject not in (f"class:{later.id}", f"class:{full.id}") for _p, subject in keys)


def test_enrolment_closing_goes_by_the_hr_group_until_a_group_is_agreed(db, world, now):
    """As enrolment does: HR's target group counts while no group is agreed, and no longer after."""
    institute = world["institute"]
    leadership = b.course_class(institute, b.course_version(institute, skill_sets=("digital-leadership",)),
                                opens_on=date(2026, 11, 1), closes_on=date(2026, 11, 26))
    management = db.session.scalar(select(TargetGroup).where(TargetGroup.slug == "management"))
    service = db.session.scalar(select(TargetGroup).where(TargetGroup.slug == "service"))
    hr_only = factories.person(world["division"], hr_target_group=management)
    agreed_other = factories.person(world["division"], hr_target_group=management)
    agreed_other.target_groups = [service]
    db.session.flush()

    run("enrolment_closing")
    told_about_leadership = {n.person_id for n in told_all("enrolment_closing")
                             if n.subject == f"class:{leadership.id}"}
    assert hr_only.id in told_about_leadership
    assert agreed_other.id not in told_about_leadership


def told_all(kind) -> list[Notification]:
    return list(Notification.query.session.scalars(select(Notification).where(Notification.kind == kind)))


def test_no_learning_after_n_days_and_again_after_2n(db, world, travel, app, monkeypatch):
    monkeypatch.setitem(app.config, "REMINDER_NO_LEARNING_DAYS", 30)
    travel(b.bangkok(2026, 11, 24, 7))
    learner, peer = world["learner"], world["peer"]
    b.record(learner, occurred_on=date(2026, 10, 20))  # 35 days ago
    b.record(peer, occurred_on=date(2026, 11, 10))  # recent
    b.record(peer, occurred_on=date(2026, 9, 1), status="returned")
    for person in world.values():
        if isinstance(person, Person) and person not in (learner, peer):
            person.created_at = NOW - timedelta(days=5)  # new here: not yet
    db.session.flush()

    run("no_learning")
    assert set(told("no_learning")) == {learner.id}
    assert told("no_learning")[learner.id].period == "2026-10-20+1"
    travel(b.bangkok(2026, 12, 9, 7))  # 50 days: still the first stretch (the peer: 29 days)
    assert run("no_learning") == {"no_learning": 0}
    travel(b.bangkok(2026, 12, 19, 7))  # 60 days: the second
    run("no_learning")
    periods = {n.period for n in db.session.scalars(select(Notification).where(
        Notification.kind == "no_learning", Notification.person_id == learner.id))}
    assert periods == {"2026-10-20+1", "2026-10-20+2"}
    assert told("no_learning")[peer.id].period == "2026-11-10+1"  # 39 days by now


def test_mix_check_monthly_with_the_rules_fix(db, world, now):
    learner, peer = world["learner"], world["peer"]
    b.record(learner, "training", 10, date(2026, 10, 5))  # all formal: far outside
    b.record(peer, "on-the-job", 7, date(2026, 10, 5))
    b.record(peer, "coaching", 2, date(2026, 10, 6))
    b.record(peer, "training", 1, date(2026, 10, 7))  # exactly 70:20:10
    b.record(world["other_learner"], "training", 5, date(2026, 10, 5), status="pending")  # does not count

    run("mix_check")
    notes = told("mix_check")
    assert set(notes) == {learner.id}
    assert (notes[learner.id].subject, notes[learner.id].period) == ("fy:2570", "2026-11")
    # The hours are recorded; the words are the rule's own, composed when read, in either language.
    payload = notes[learner.id].payload
    assert payload == {"fy": 2570, "hours": {"experiential": "0.00", "social": "0.00", "formal": "10.00"}}
    verdict = mix_verdict(learner, 2570)
    thai, english = compose("mix_check", payload, "th"), compose("mix_check", payload, "en")
    assert thai.lines == [verdict.message_th] and "ควรเพิ่ม" in thai.lines[0]  # the rule's own fix, in Thai
    assert english.lines == [verdict.message_en] and "add at least" in english.lines[0]
    assert run("mix_check") == {"mix_check": 0}


def test_mix_check_written_with_its_message_still_reads(db, world):
    """Reminders written before the hours were recorded carry the message itself."""
    payload = {"fy": 2570, "message_th": "ไม่อยู่ในเกณฑ์ ควรเพิ่มการสอนงาน", "message_en": "Add 6 hours of coaching."}
    assert compose("mix_check", payload, "th").lines == ["ไม่อยู่ในเกณฑ์ ควรเพิ่มการสอนงาน"]
    assert compose("mix_check", payload, "en").lines == ["Add 6 hours of coaching."]


def test_returned_plan_and_entry_once_per_return_not_once_fixed(db, world, now):
    learner, supervisor = world["learner"], world["supervisor"]
    plan = b.plan(learner, 2570, status="returned")
    b.decide(plan, learner, "submitted")
    b.decide(plan, supervisor, "returned", "เพิ่มทักษะพื้นฐาน")
    fixed = b.plan(world["peer"], 2570, status="submitted")
    b.decide(fixed, supervisor, "returned", "old")
    entry = b.record(learner, status="returned")
    b.review(entry, supervisor, comment="แนบหลักฐาน")
    verified = b.record(world["peer"], status="verified")
    b.review(verified, supervisor, comment="old")

    assert run("plan_returned", "record_returned") == {"plan_returned": 1, "record_returned": 1}
    assert told("plan_returned")[learner.id].payload["comment"] == "เพิ่มทักษะพื้นฐาน"
    assert told("record_returned")[learner.id].payload["comment"] == "แนบหลักฐาน"
    assert run("plan_returned", "record_returned") == {"plan_returned": 0, "record_returned": 0}
    b.review(entry, supervisor, comment="ยังไม่ครบ")  # returned again later: a new reminder
    assert run("record_returned") == {"record_returned": 1}


def test_no_agreed_plan_from_the_deadline_until_the_year_starts(db, world, travel):
    learner, peer = world["learner"], world["peer"]
    b.plan(learner, 2571, status="agreed")
    b.plan(peer, 2571, status="submitted")
    travel(b.bangkok(2027, 8, 31, 7))  # before 1 September (30 days before 1 Oct 2027)
    assert run("no_agreed_plan") == {"no_agreed_plan": 0}
    travel(b.bangkok(2027, 9, 1, 7))
    run("no_agreed_plan")
    notes = told("no_agreed_plan")
    assert peer.id in notes and learner.id not in notes
    assert (notes[peer.id].subject, notes[peer.id].period) == ("fy:2571", "deadline")
    travel(b.bangkok(2027, 9, 20, 7))
    assert run("no_agreed_plan") == {"no_agreed_plan": 0}


def test_fiscal_year_end_at_60_and_30_days_with_what_remains(db, world, travel):
    learner, peer = world["learner"], world["peer"]
    b.plan(learner, 2570, status="agreed", items=[("digital-literacy", "self-learning", 10),
                                                  ("digital-governance", "training", 6)])
    b.record(learner, "self-learning", 4, date(2026, 12, 1), skill_sets=("digital-literacy",))
    b.plan(peer, 2570, status="agreed", items=[("digital-literacy", "on-the-job", 3)])
    b.record(peer, "on-the-job", 3, date(2026, 12, 1), skill_sets=("digital-literacy",))  # done
    b.plan(world["other_learner"], 2570, status="draft", items=[("digital-literacy", "training", 3)])

    travel(b.bangkok(2027, 7, 31, 7))  # 61 days left
    assert run("fiscal_year_end") == {"fiscal_year_end": 0}
    travel(b.bangkok(2027, 8, 2, 7))  # 59 days left
    run("fiscal_year_end")
    notes = told("fiscal_year_end")
    assert set(notes) == {learner.id}
    assert notes[learner.id].period == "60d"
    payload = notes[learner.id].payload
    assert payload["items"] == [["digital-governance", "training", "6.00", "0.00", "6.00"],
                                ["digital-literacy", "self-learning", "10.00", "4.00", "6.00"]]
    assert [item.split(": ")[1] for item in compose("fiscal_year_end", payload, "en").items] == [
        "6 hours to go (0 of 6)", "6 hours to go (4 of 10)"]  # as people write hours, when read
    travel(b.bangkok(2027, 8, 20, 7))
    assert run("fiscal_year_end") == {"fiscal_year_end": 0}
    travel(b.bangkok(2027, 9, 5, 7))  # 25 days left: the 30-day stage
    assert run("fiscal_year_end") == {"fiscal_year_end": 1}


def test_a_missed_stage_is_sent_late_once_and_never_two_at_once(db, world, travel):
    b.plan(world["learner"], 2570, status="agreed", items=[("digital-literacy", "self-learning", 10)])
    travel(b.bangkok(2027, 9, 10, 7))  # the scheduler was down from day 60 to day 20
    run("fiscal_year_end")
    assert [n.period for n in told("fiscal_year_end").values()] == ["30d"]
