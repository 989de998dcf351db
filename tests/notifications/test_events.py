"""Notices of events, told at once: a plan submitted, agreed or returned, a log entry verified or
returned, coaching recorded, a seat or a waiting-list place (or being taken off, or marked a
no-show, by staff), a class changed or cancelled.

Each is written with its outbox row in the transaction of the action (the view's commit),
keyed by the event, never told to the person who acted, and not written for someone who
switched the kind off.
"""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from lms.classes import enrolment as enrolling
from lms.classes import rosters
from lms.classes import services as class_services
from lms.core.dates import BANGKOK
from lms.development import coaching, log, plans
from lms.extensions import db as database
from lms.notifications import outbox, services
from lms.notifications.kinds import KINDS
from lms.notifications.messages import compose
from lms.notifications.models import Notification, OutboxMessage
from tests.classes import factories as class_factories
from tests.development.plan_factories import draft_plan, submit, submitted_plan
from tests.development.test_coaching import session_form
from tests.development.test_log_review import make_entry
from tests.notifications.conftest import run

NOTICE_KINDS = ("plan_submitted", "plan_second_level", "plan_agreed", "plan_returned", "entry_verified",
                "record_returned", "coaching_recorded", "enrolment_confirmed", "enrolment_promoted",
                "enrolment_removed", "enrolment_no_show", "class_changed", "class_cancelled",
                "skill_assessment_submitted", "skill_assessment_confirmed", "external_result_submitted",
                "external_result_reviewed")


def notices(db, person, kind=None) -> list[Notification]:
    query = select(Notification).where(Notification.person_id == person.id).order_by(Notification.id)
    if kind is not None:
        query = query.where(Notification.kind == kind)
    return list(db.session.scalars(query))


def mail_of(db, notification) -> OutboxMessage | None:
    return db.session.scalar(select(OutboxMessage).where(OutboxMessage.notification_id == notification.id))


def only(db, person, kind) -> Notification:
    """The one notice of `kind` the person has, sent by e-mail (the default) with its outbox row."""
    [notice] = notices(db, person, kind)
    assert notice.channel == "email"
    mail = mail_of(db, notice)
    assert mail is not None and mail.status == "pending"
    return notice


def text(notice, language="en") -> str:
    content = compose(notice.kind, notice.payload, language)
    return " ".join([content.title, *content.lines, *content.items])


def centre(client, login, person) -> str:
    person.language = "en"
    database.session.flush()
    login(person)
    return client.get("/notifications/").get_data(as_text=True)


def counts(db) -> tuple[int, int]:
    return (db.session.scalar(select(func.count(Notification.id))),
            db.session.scalar(select(func.count(OutboxMessage.id))))


def test_every_notice_kind_is_immediate_and_reads_in_both_languages():
    assert all(KINDS[kind].immediate for kind in NOTICE_KINDS)
    assert not KINDS["supervisor_digest"].immediate and not KINDS["class_tomorrow"].immediate


# --- development plans ---------------------------------------------------------------------

def _submission(plan):
    return plans.latest_submission(plan.current).id


def test_a_submitted_plan_tells_the_supervisor_at_once(client, db, world, login):
    learner, supervisor = world["learner"], world["supervisor"]
    plan = draft_plan(learner)
    login(learner)
    assert client.post(f"/plans/{plan.id}/submit").status_code == 302
    notice = only(db, supervisor, "plan_submitted")
    assert notice.subject == f"plan:{plan.id}"
    assert notices(db, learner) == []  # the learner submitted it: not told
    year = f"{plan.fiscal_year - 543} (B.E. {plan.fiscal_year})"
    assert f"{learner.name_en} submitted a development plan for fiscal year {year}" in text(notice)
    page = centre(client, login, supervisor)
    assert "submitted a development plan" in page and "waits for your approval" in page


def test_agreement_with_a_second_level_tells_the_learner_and_who_must_still_agree(client, db, world, login):
    learner, supervisor, director = world["learner"], world["supervisor"], world["director"]
    plan = submitted_plan(learner, groups=("service", "academic"))
    login(supervisor)
    assert client.post(f"/plans/{plan.id}/agree", data={"submission": _submission(plan)}).status_code == 302
    first = only(db, learner, "plan_agreed")
    assert "Your supervisor agreed your development plan" in text(first)
    assert f"waits for the approval of {director.name_en}" in text(first)
    waiting = only(db, director, "plan_second_level")
    assert f"{supervisor.name_en} agreed the development plan of {learner.name_en}" in text(waiting)
    assert [n.kind for n in notices(db, supervisor)] == ["plan_submitted"]  # not told of their own agreement

    login(director)
    assert client.post(f"/plans/{plan.id}/agree", data={"submission": _submission(plan)}).status_code == 302
    agreed = notices(db, learner, "plan_agreed")
    assert len(agreed) == 2 and agreed[0].period != agreed[1].period
    year = f"{plan.fiscal_year - 543} (B.E. {plan.fiscal_year})"
    assert f"Your development plan for fiscal year {year} was agreed" in text(agreed[1])
    assert mail_of(db, agreed[1]) is not None
    assert [n.kind for n in notices(db, director)] == ["plan_second_level"]  # not told of their own agreement


def test_each_return_of_a_plan_is_a_notice_of_its_own(client, db, world, login):
    learner, supervisor = world["learner"], world["supervisor"]
    plan = submitted_plan(learner)
    login(supervisor)
    for comment in ("เพิ่มชั่วโมงการสอนงาน", "ยังไม่ครบ"):
        assert client.post(f"/plans/{plan.id}/return",
                           data={"submission": _submission(plan), "comment": comment}).status_code == 302
        db.session.refresh(plan.current)
        submit(plan)
    returned = notices(db, learner, "plan_returned")
    assert [n.payload["comment"] for n in returned] == ["เพิ่มชั่วโมงการสอนงาน", "ยังไม่ครบ"]
    assert len({n.period for n in returned}) == 2
    assert all(mail_of(db, n) is not None for n in returned)
    assert "Comment: ยังไม่ครบ" in text(returned[1])
    # The supervisor had two submissions announced to them, and nothing else.
    assert {n.kind for n in notices(db, supervisor)} == {"plan_submitted"}


def test_the_half_hourly_reminder_of_a_return_finds_the_notice_already_written(db, world):
    plan = submitted_plan(world["learner"])
    plans.return_for_changes(plan.current, world["supervisor"], _submission(plan), "แก้ไข")
    record = make_entry(world["learner"])
    log.review_entry(world["supervisor"], record, "returned", "แนบหลักฐาน", log.entry_version(record))
    assert run("plan_returned", "record_returned") == {"plan_returned": 0, "record_returned": 0}
    assert len(notices(db, world["learner"], "plan_returned")) == 1
    assert len(notices(db, world["learner"], "record_returned")) == 1


# --- the learning log and coaching ---------------------------------------------------------

def test_a_verified_or_returned_entry_tells_the_learner(client, db, world, login):
    learner = world["learner"]
    verified, returned = make_entry(learner, title="รายงานประจำเดือน"), make_entry(learner, title="สรุปประชุม")
    login(world["supervisor"])
    for record, button, comment in ((verified, "verify", ""), (returned, "send_back", "แนบหลักฐานด้วย")):
        assert client.post(f"/log/{record.id}/review", data={
            "version": log.entry_version(record), "comment": comment, button: "y"}).status_code == 302
    notice = only(db, learner, "entry_verified")
    assert notice.subject == f"record:{verified.id}"
    assert "Learning log entry verified: รายงานประจำเดือน" in text(notice)
    back = only(db, learner, "record_returned")
    assert "Learning log entry returned: สรุปประชุม" in text(back) and "Comment: แนบหลักฐานด้วย" in text(back)
    assert notices(db, world["supervisor"]) == []


def test_verifying_many_at_once_tells_each_learner_once(db, world):
    learner, peer = world["learner"], world["peer"]
    records = [make_entry(learner, title=f"งาน {i}", days_ago=i + 1) for i in range(3)]
    single = make_entry(peer, title="งานเดียว")
    log.verify_many(world["supervisor"], {r.id: log.entry_version(r) for r in [*records, single]})
    [notice] = notices(db, learner, "entry_verified")
    content = compose(notice.kind, notice.payload, "en")
    assert content.title == "3 learning log entries verified"
    assert [item.split(" · ")[1] for item in content.items] == ["งาน 0 (2 hours)", "งาน 1 (2 hours)", "งาน 2 (2 hours)"]
    assert mail_of(db, notice) is not None  # one e-mail for the three
    [alone] = notices(db, peer, "entry_verified")
    assert alone.subject == f"record:{single.id}"  # one entry: the usual notice


def test_coaching_tells_each_coached_person_and_not_the_coach(client, db, world, login):
    supervisor = world["supervisor"]
    login(supervisor)
    response = client.post("/coaching/new", data=session_form(world["learner"], world["peer"]))
    assert response.status_code == 302, response.get_data(as_text=True)
    for person in (world["learner"], world["peer"]):
        notice = only(db, person, "coaching_recorded")
        assert f"{supervisor.name_en} recorded coaching with you" in text(notice)
        assert "(1.5 hours)" in text(notice)
    assert notices(db, supervisor) == []


def test_a_coach_is_never_told_of_their_own_session(db, world):
    """Were a coach ever among the coached (say, a session imported with them in it), they hear nothing."""
    supervisor, learner = world["supervisor"], world["learner"]
    session = coaching.record_session(supervisor, coaching.SessionData(
        occurred_on=datetime.now(UTC).date() - timedelta(days=1), minutes=30, topic="สอนงาน",
        attendee_ids=[learner.id, supervisor.id], skill_set_ids=[]))
    assert {a.person_id for a in session.attendees} == {learner.id, supervisor.id}
    assert notices(db, supervisor) == [] and len(notices(db, learner, "coaching_recorded")) == 1


# --- classes -------------------------------------------------------------------------------

def test_enrolling_confirms_a_seat_or_a_place_on_the_waiting_list(client, db, world, login):
    cls = class_factories.course_class(world["institute"], capacity=1)
    for person in (world["learner"], world["peer"]):
        login(person)
        assert client.post(f"/classes/{cls.id}/enrol").status_code == 302
    seat = only(db, world["learner"], "enrolment_confirmed")
    assert f"You have a seat in {cls.name}." in text(seat) and f"Place: {cls.place}" in text(seat)
    queue = only(db, world["peer"], "enrolment_confirmed")
    assert f"{cls.name} is full. You are number 1 on its waiting list" in text(queue)


def test_a_freed_seat_tells_the_person_promoted(client, db, world, login):
    cls = class_factories.course_class(world["institute"], capacity=1)
    class_factories.enrol(cls, world["learner"], world["peer"])
    login(world["learner"])
    assert client.post(f"/classes/{cls.id}/withdraw").status_code == 302
    notice = only(db, world["peer"], "enrolment_promoted")
    assert f"A seat in {cls.name} became free and is yours now" in text(notice)
    assert notices(db, world["learner"], "enrolment_promoted") == []


def test_staff_adding_removing_and_marking_a_no_show_tell_the_learner(db, world):
    learner, peer, author = world["learner"], world["peer"], world["author"]
    start = datetime.now(UTC) - timedelta(hours=1)  # begun: no-shows can be marked
    cls = class_factories.course_class(world["institute"], capacity=1,
                                       opens_on=class_factories.today() - timedelta(days=20),
                                       closes_on=class_factories.today() - timedelta(days=1),
                                       meetings=[("วันแรก", start, start + timedelta(hours=6))])
    seated, waiting = rosters.add_learner(cls, learner, author), rosters.add_learner(cls, peer, author)
    assert "You have a seat in" in text(only(db, learner, "enrolment_confirmed"))
    assert "You are number 1 on its waiting list" in text(only(db, peer, "enrolment_confirmed"))
    rosters.remove_learner(cls, seated.id, author)
    assert f"The institute running {cls.name} took you off it." in text(only(db, learner, "enrolment_removed"))
    only(db, peer, "enrolment_promoted")
    rosters.mark_no_shows(cls, [waiting.id], author)
    assert f"{cls.name} recorded that you did not come" in text(only(db, peer, "enrolment_no_show"))
    assert notices(db, author) == []


def _edit_form(cls, **changes) -> dict:
    data = {"course_version_id": str(cls.course_version_id), "name": cls.name, "place": cls.place,
            "online_url": cls.online_url, "capacity": str(cls.capacity), "organisation_codes": "",
            "enrol_opens_on": str(cls.enrol_opens_on), "enrol_closes_on": str(cls.enrol_closes_on)}
    for i, meeting in enumerate(cls.meetings):
        local = {k: getattr(meeting, k).astimezone(BANGKOK) for k in ("starts_at", "ends_at")}
        data |= {f"meetings-{i}-meeting_id": str(meeting.id), f"meetings-{i}-title": meeting.title,
                 **{f"meetings-{i}-{k}": v.strftime("%Y-%m-%dT%H:%M") for k, v in local.items()}}
    data.update(changes)
    return data


def test_changed_dates_or_place_tell_those_seated_or_waiting(client, db, world, login):
    cls = class_factories.course_class(world["institute"], capacity=1)
    class_factories.enrol(cls, world["learner"], world["peer"], world["other_learner"])
    enrolling.withdraw(cls, world["other_learner"])  # left the queue: not told
    login(world["author"])
    assert client.post(f"/classes/manage/{cls.id}/edit",
                       data=_edit_form(cls, name="รุ่นพิเศษ")).status_code == 302
    assert notices(db, world["learner"], "class_changed") == []  # a new name is not a new date or place
    assert client.post(f"/classes/manage/{cls.id}/edit", data=_edit_form(cls, **{
        "meetings-0-starts_at": "2027-03-01T13:00", "meetings-0-ends_at": "2027-03-01T16:00"})).status_code == 302
    for person in (world["learner"], world["peer"]):
        notice = only(db, person, "class_changed")
        assert "The dates or place of รุ่นพิเศษ changed." in text(notice)
        assert compose(notice.kind, notice.payload, "en").items[-1] == "วันที่ 1: 1 Mar 2027 13:00"
    assert notices(db, world["other_learner"], "class_changed") == []
    assert client.post(f"/classes/manage/{cls.id}/edit",
                       data=_edit_form(cls, place="ห้องประชุม 9")).status_code == 302
    assert len(notices(db, world["learner"], "class_changed")) == 2  # a second change, a second notice


def test_cancelling_a_class_tells_those_seated_or_waiting_but_not_the_staff_who_did(client, db, world, login):
    cls = class_factories.course_class(world["institute"], capacity=1)
    class_factories.enrol(cls, world["learner"], world["author"], world["peer"])  # the author took a seat too
    login(world["author"])
    assert client.post(f"/classes/manage/{cls.id}/cancel").status_code == 302
    for person in (world["learner"], world["peer"]):
        assert f"{cls.name} was cancelled and will not take place." in text(only(db, person, "class_cancelled"))
    assert notices(db, world["author"], "class_cancelled") == []
    page = centre(client, login, world["learner"])
    assert "Class cancelled" in page


def test_the_notice_leaves_by_mail_at_once_in_the_person_s_language(client, db, world, login, smtp_server):
    world["peer"].language = "en"
    cls = class_factories.course_class(world["institute"], capacity=1)
    class_factories.enrol(cls, world["learner"], world["peer"])
    login(world["author"])
    assert client.post(f"/classes/manage/{cls.id}/cancel").status_code == 302
    assert outbox.drain().sent == 4  # two receipts of enrolling, two notices of the cancellation
    assert len(smtp_server.inbox.to(world["learner"].email)) == 2  # in Thai (their language)
    [english] = [m for m in smtp_server.inbox.to(world["peer"].email) if "cancelled" in m.message["Subject"]]
    assert english.message["Content-Language"] == "en"
    assert f"{cls.name} was cancelled and will not take place." in english.part("plain")
    assert f"{cls.name} was cancelled" in english.part("html")


# --- one transaction, choices ----------------------------------------------------------------

def _actions(world):
    def submit_plan():
        submit(draft_plan(world["learner"]))

    def return_plan():
        plan = submitted_plan(world["peer"])
        plans.return_for_changes(plan.current, world["supervisor"], _submission(plan), "แก้ไข")

    def verify_entry():
        record = make_entry(world["learner"])
        log.review_entry(world["supervisor"], record, "verified", "", log.entry_version(record))

    def cancel_class():
        cls = class_factories.course_class(world["institute"])
        class_factories.enrol(cls, world["learner"])
        class_services.cancel_class(cls, world["author"])

    return {"submit_plan": submit_plan, "return_plan": return_plan, "verify_entry": verify_entry,
            "cancel_class": cancel_class}


@pytest.mark.parametrize("action", ["submit_plan", "return_plan", "verify_entry", "cancel_class"])
def test_an_action_rolled_back_leaves_neither_notice_nor_mail(db, world, action):
    db.session.commit()  # the world stays; only the action is undone below
    before = counts(db)
    _actions(world)[action]()
    assert counts(db)[0] > before[0] and counts(db)[1] > before[1]
    db.session.rollback()
    assert counts(db) == before


def test_a_person_who_switched_a_kind_off_gets_nothing_and_in_app_gets_no_mail(db, world):
    learner, peer = world["learner"], world["peer"]
    services.set_preference(learner.id, "coaching_recorded", "off")
    services.set_preference(peer.id, "coaching_recorded", "in_app")
    coaching.record_session(world["supervisor"], coaching.SessionData(
        occurred_on=datetime.now(UTC).date() - timedelta(days=1), minutes=60, topic="สอนงาน",
        attendee_ids=[learner.id, peer.id], skill_set_ids=[]))
    assert notices(db, learner) == []
    [notice] = notices(db, peer, "coaching_recorded")
    assert notice.channel == "in_app" and mail_of(db, notice) is None


def test_nobody_inactive_is_told(db, world):
    world["peer"].is_active = False
    cls = class_factories.course_class(world["institute"])
    class_factories.enrol(cls, world["learner"], world["peer"])
    class_services.cancel_class(cls, world["author"])
    assert len(notices(db, world["learner"], "class_cancelled")) == 1
    assert notices(db, world["peer"], "class_cancelled") == []


@pytest.mark.parametrize("language", ["th", "en"])
def test_every_notice_written_here_composes_in_both_languages(db, world, language):
    for action in _actions(world).values():
        action()
    kinds = {n.kind for n in db.session.scalars(select(Notification))}
    assert {"plan_submitted", "plan_returned", "entry_verified", "class_cancelled"} <= kinds
    for notice in db.session.scalars(select(Notification)):
        content = compose(notice.kind, notice.payload, language)
        assert content.title and content.lines and content.target
