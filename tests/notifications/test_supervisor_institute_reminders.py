"""Supervisors: one weekly digest, second-level approvals, overdue approvals despite "off".
Institutes: seats unfilled before a class, attendance missing after a session."""

from datetime import date, timedelta

from sqlalchemy import delete, select

from lms.notifications import jobs, services
from lms.notifications.models import Notification, OutboxMessage
from lms.notifications.reminders.common import RunContext
from tests.notifications import builders as b
from tests.notifications.conftest import digest as send_digests
from tests.notifications.conftest import run

MONDAY = b.bangkok(2026, 11, 23, 7, 30)


def notes(kind, person=None):
    query = select(Notification).where(Notification.kind == kind)
    if person is not None:
        query = query.where(Notification.person_id == person.id)
    return list(Notification.query.session.scalars(query))


def test_weekly_digest_is_one_message_per_supervisor(db, world, travel):
    travel(MONDAY)
    learner, peer, supervisor = world["learner"], world["peer"], world["supervisor"]
    waiting = b.plan(learner, 2570, status="submitted", submitted_at=MONDAY - timedelta(days=3))
    b.decide(waiting, learner, "submitted")
    b.plan(peer, 2570, status="agreed")
    b.record(peer, status="pending", occurred_on=date(2026, 11, 20))
    b.record(peer, status="pending", occurred_on=date(2026, 11, 21))
    b.record(peer, "on-the-job", 7, date(2026, 10, 5))
    b.record(peer, "coaching", 2, date(2026, 10, 5))
    b.record(peer, "training", 1, date(2026, 10, 5))  # a balanced mix
    b.plan(world["other_learner"], 2570, status="agreed")

    run("supervisor_digest")
    [digest] = notes("supervisor_digest", supervisor)
    payload = digest.payload
    assert (payload["plans"], payload["entries"], payload["no_plan"], payload["outside_mix"]) == (1, 2, 1, 0)
    assert [p["name_th"] for p in payload["people"]] == [learner.name_th, peer.name_th]  # longest waiting first
    assert digest.period == "2026-W48" and digest.channel == "email"
    [director_digest] = notes("supervisor_digest", world["director"])
    assert director_digest.payload["people"][0]["no_plan"] is True  # the supervisor has no agreed plan
    assert notes("supervisor_digest", world["other_supervisor"]) == []  # nothing to look at
    assert run("supervisor_digest") == {"supervisor_digest": 0}
    travel(MONDAY + timedelta(days=7))
    assert run("supervisor_digest")["supervisor_digest"] >= 1


def test_overdue_approvals_reach_a_supervisor_who_switched_the_digest_off(db, world, travel):
    travel(MONDAY)
    supervisor, director = world["supervisor"], world["director"]
    services.set_preference(supervisor.id, "supervisor_digest", "off")
    services.set_preference(director.id, "supervisor_digest", "off")
    old = b.plan(world["learner"], 2570, status="submitted", submitted_at=MONDAY - timedelta(days=15))
    b.decide(old, world["learner"], "submitted")

    run("supervisor_digest")
    [digest] = notes("supervisor_digest", supervisor)
    assert digest.channel == "email"  # more than 14 days: by e-mail despite "off", in the daily e-mail
    send_digests()
    db.session.refresh(digest)
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.digest_id == digest.digest_id))
    assert notes("supervisor_digest", director) == []  # only "no agreed plan": off means off


def test_second_level_approvals_wait_for_the_supervisor_one_level_up(db, world, travel):
    travel(MONDAY)
    learner, supervisor, director = world["learner"], world["supervisor"], world["director"]
    two_groups = b.plan(learner, 2570, status="submitted", groups=("service", "academic"),
                        submitted_at=MONDAY - timedelta(days=20))
    b.decide(two_groups, learner, "submitted", at=MONDAY - timedelta(days=20))
    b.decide(two_groups, supervisor, "agreed", at=MONDAY - timedelta(days=16))
    one_group = b.plan(world["peer"], 2570, status="submitted", groups=("service",))
    b.decide(one_group, world["peer"], "submitted")
    services.set_preference(director.id, "second_level_approvals", "off")

    run("second_level_approvals")
    [note] = notes("second_level_approvals", director)
    assert [p["name_th"] for p in note.payload["plans"]] == [learner.name_th]
    assert note.channel == "email"  # agreed 16 days ago: overdue, so despite "off"
    assert notes("second_level_approvals", supervisor) == []


def test_seats_unfilled_before_a_class_starts(db, world, travel):
    now = travel(b.bangkok(2026, 11, 24, 7))
    institute, author = world["institute"], world["author"]
    window = {"opens_on": date(2026, 11, 1), "closes_on": date(2026, 11, 27)}
    soon = b.course_class(institute, capacity=10, meetings=[(now + timedelta(days=5), 3)], **window)
    b.enrol(world["learner"], soon)
    full = b.course_class(institute, capacity=1, meetings=[(now + timedelta(days=4), 3)], **window)
    b.enrol(world["peer"], full)
    b.course_class(institute, meetings=[(now + timedelta(days=12), 3)], **window)  # not soon yet
    b.course_class(world["other_institute"], meetings=[(now + timedelta(days=3), 3)], **window)  # no staff

    run("seats_unfilled")
    assert [(n.person_id, n.subject) for n in notes("seats_unfilled")] == [(author.id, f"class:{soon.id}")]
    assert notes("seats_unfilled")[0].payload["seated"] == 1
    assert run("seats_unfilled") == {"seats_unfilled": 0}


def test_attendance_missing_a_day_after_a_session(db, world, travel):
    now = travel(b.bangkok(2026, 11, 24, 9))
    institute = world["institute"]
    window = {"opens_on": date(2026, 11, 1), "closes_on": date(2026, 11, 20)}
    cls = b.course_class(institute, meetings=[(now - timedelta(hours=33), 3), (now - timedelta(hours=57), 3),
                                              (now - timedelta(hours=5), 3)], **window)
    yesterday, two_days_ago, today = cls.meetings  # in the order given
    seat = b.enrol(world["learner"], cls)
    b.attend(two_days_ago, seat)
    empty = b.course_class(institute, meetings=[(now - timedelta(hours=40), 3)], **window)  # nobody seated

    run("attendance_missing")
    missing = [n.subject for n in notes("attendance_missing")]
    assert missing == [f"meeting:{yesterday.id}"]  # not the recorded one, not today's (grace)
    assert f"meeting:{empty.meetings[0].id}" not in missing and f"meeting:{today.id}" not in missing


def test_the_digest_run_after_the_mix_check_names_the_same_people_outside_the_mix(db, world, travel):
    """The mix check's findings serve the digest of the same run: the same verdicts as judged alone."""
    travel(MONDAY)
    learner, peer, supervisor = world["learner"], world["peer"], world["supervisor"]
    b.record(learner, "training", 10, date(2026, 10, 5))  # all formal: outside
    b.record(peer, "on-the-job", 7, date(2026, 10, 5))
    b.record(peer, "coaching", 2, date(2026, 10, 5))
    b.record(peer, "training", 1, date(2026, 10, 5))  # balanced
    run("supervisor_digest")
    [judged_alone] = [note.payload for note in notes("supervisor_digest", supervisor)]
    db.session.execute(delete(Notification))

    ctx = RunContext.at()
    jobs.run_jobs(["mix_check", "supervisor_digest"], ctx)
    assert ctx.shared  # the check's findings were kept for the digest
    [digest] = notes("supervisor_digest", supervisor)
    assert digest.payload == judged_alone
    assert {p["name_th"]: p["outside_mix"] for p in digest.payload["people"]} == {
        learner.name_th: True, peer.name_th: False}


def test_the_weekly_digest_counts_skill_assessments_and_results_waiting(db, world, travel, uploads):
    from lms.notifications.messages import compose
    from tests.assessment.ratings_factories import ratings_framework, result_with_file, submitted_assessment

    travel(MONDAY)
    learner, peer, supervisor = world["learner"], world["peer"], world["supervisor"]
    framework = ratings_framework()
    submitted_assessment(learner, framework, level=2)
    result_with_file(peer, framework.editions[0].skill_set_id, level=3)
    result_with_file(peer, framework.editions[1].skill_set_id, level=2)

    run("supervisor_digest")
    [digest] = notes("supervisor_digest", supervisor)
    assert digest.payload["skills"] == 3
    rows = {p["name_th"]: p["skills"] for p in digest.payload["people"]}
    assert rows[learner.name_th] == 1 and rows[peer.name_th] == 2
    text = compose(digest.kind, digest.payload, "en")
    assert "Skill assessments and external results waiting for you: 3" in "\n".join(text.lines)
    assert any("skill assessments and results waiting: 2" in item for item in text.items)
