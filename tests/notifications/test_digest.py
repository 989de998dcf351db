"""One reminder e-mail a day at most: the digest, over a real SMTP server on loopback.

Everything due for one person goes in one e-mail (a week's, for those who chose weekly);
each reminder stays on its own in the notification centre; account mail and notices of
events go at once, one each."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import delete, func, select

from lms.notifications import digests, outbox, services
from lms.notifications.models import Notification, NotificationDigest, OutboxMessage
from tests.notifications import builders as b
from tests.notifications.conftest import digest

TUESDAY = b.bangkok(2026, 11, 24, 15, 30)  # the digest's time
PAYLOADS = {
    "no_learning": {"since": "2026-10-15", "days": 40, "never": False},
    "mix_check": {"fy": 2570, "message_th": "ไม่อยู่ในเกณฑ์", "message_en": "Add 6 hours of coaching."},
    "enrolment_closing": {"class_id": 1, "class_name": "Class 1/2570", "course_th": "ก", "course_en": "Data analysis",
                          "closes_on": "2026-11-26"},
    "fiscal_year_end": {"fy": 2570, "ends_on": "2027-09-30", "days_left": 59,
                        "items": [["digital-literacy", "self-learning", "10", "4", "6"]]},
}
SUPERVISOR_DIGEST = {"week": "2026-W48", "fy": 2570, "plans": 1, "entries": 2, "no_plan": 3, "outside_mix": 4,
                     "more": 0, "oldest": "2026-11-01T01:00:00+00:00",
                     "people": [{"name_th": "ก", "name_en": "A", "plans": 1, "entries": 2,
                                 "since": "2026-11-01T01:00:00+00:00", "no_plan": True, "outside_mix": False}]}


def remind(person, kind, period="p", payload=None, urgent=False):
    return services.notify(person, kind, period=period, payload=payload or PAYLOADS[kind], urgent=urgent)


def outbox_count():
    return OutboxMessage.query.session.scalar(select(func.count()).select_from(OutboxMessage))


@pytest.fixture
def english_learner(db, world, travel):
    travel(TUESDAY)
    world["learner"].language = "en"
    db.session.flush()
    return world["learner"]


def test_several_reminders_make_one_email_that_lists_them_all(english_learner, world, smtp_server):
    learner = english_learner
    for kind in PAYLOADS:
        remind(learner, kind)
    remind(world["peer"], "no_learning")
    assert outbox_count() == 0  # nothing leaves before the digest

    report = digest()
    assert (report.digests, report.items) == (2, 5)
    assert outbox.drain().sent == 2
    [mail] = smtp_server.inbox.to(learner.email)
    assert mail.message["Subject"] == "Thaksa: 4 reminders for 24 Nov 2026"
    lines = mail.part("plain").splitlines()
    for expected in ("Your reminders of today, in one e-mail:",
                     "1. Enrolment closes on 26 Nov 2026: Data analysis",
                     "Class 1/2570 is recommended for you and still has seats. Enrolment closes on 26 Nov 2026.",
                     "2. No learning recorded for 40 days",
                     "The last learning you recorded was on 15 Oct 2026.",
                     "3. Your 70:20:10 mix in fiscal year 2027 (B.E. 2570)",
                     "Add 6 hours of coaching.",
                     "4. Fiscal year 2027 (B.E. 2570) ends in 59 days"):
        assert expected in lines
    assert "https://thaksa.example.go.th/classes/1" in mail.part("plain")
    assert mail.part("html").count("<h2") == 4
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    [peer_mail] = smtp_server.inbox.to(world["peer"].email)
    assert "40" in peer_mail.message["Subject"]  # one reminder: the e-mail is titled like it


def test_a_second_run_the_same_day_sends_nothing_more(english_learner, smtp_server, travel):
    learner = english_learner
    remind(learner, "no_learning")
    assert digest().digests == 1
    assert outbox.drain().sent == 1
    travel(TUESDAY + timedelta(hours=3))
    remind(learner, "mix_check")  # due later the same day: it waits for tomorrow's e-mail
    assert (digest().digests, outbox.drain().sent) == (0, 0)
    assert len(smtp_server.inbox.received) == 1

    travel(TUESDAY + timedelta(days=1))
    assert digest().items == 1
    assert outbox.drain().sent == 1
    assert smtp_server.inbox.received[-1].message["Subject"] == "Your 70:20:10 mix in fiscal year 2027 (B.E. 2570)"


def test_weekly_choosers_get_one_email_on_monday(english_learner, world, smtp_server, travel, db):
    learner = english_learner
    services.set_digest_cadence(learner.id, "weekly")
    remind(learner, "no_learning")
    remind(world["peer"], "no_learning")  # daily, the default
    assert digest().digests == 1  # the peer's; the learner waits for Monday
    for day in range(1, 6):  # Wednesday … Sunday
        travel(TUESDAY + timedelta(days=day))
        remind(learner, "mix_check", period=f"d{day}")
        assert digest().digests == 0
    travel(TUESDAY + timedelta(days=6))  # Monday 30 November
    assert (digest().digests, digest().digests) == (1, 0)
    outbox.drain()
    [weekly] = smtp_server.inbox.to(learner.email)
    assert weekly.message["Subject"] == "Thaksa: 6 reminders for the week to 30 Nov 2026"
    assert "Your reminders of the past week, in one e-mail:" in weekly.part("plain")
    assert db.session.scalar(select(NotificationDigest.cadence).where(NotificationDigest.person_id == learner.id)) \
        == "weekly"


def test_a_missed_monday_is_caught_up_later_in_the_week(app):
    with app.app_context():
        wednesday = TUESDAY.date() + timedelta(days=1)
        assert not digests.weekly_due(wednesday, TUESDAY)  # Monday's run happened (or found nothing)
        assert digests.weekly_due(wednesday, TUESDAY - timedelta(days=2))  # last ran Sunday: Monday missed
        assert digests.weekly_due(TUESDAY.date() + timedelta(days=6), TUESDAY)


def test_account_mail_and_event_notices_go_at_once_one_each(english_learner, smtp_server):
    learner = english_learner
    remind(learner, "no_learning")
    services.notify(learner, "account_throttled", subject="login", period="now", payload={"address": "10.0.0.1"})
    services.notify(learner, "password_reset", subject="password", period="now")
    services.notify(learner, "plan_returned", subject="plan:1", period="decision:1",
                    payload={"plan_id": 1, "fy": 2570, "comment": "", "returned_at": "2026-11-24T01:00:00+00:00"})
    assert outbox.drain().sent == 3  # before any digest
    subjects = sorted(r.message["Subject"] for r in smtp_server.inbox.received)
    assert subjects == ["Reset your Thaksa password", "Your Thaksa account was paused after many failed logins",
                        "Your development plan for fiscal year 2027 (B.E. 2570) was returned"]
    assert (digest().items, outbox.drain().sent) == (1, 1)  # the reminder alone in the digest
    assert smtp_server.inbox.received[-1].message["Subject"] == "No learning recorded for 40 days"


def test_overdue_approvals_go_in_the_digest_even_when_switched_off(db, world, travel, smtp_server):
    travel(TUESDAY)
    supervisor = world["supervisor"]
    supervisor.language = "en"
    services.set_preference(supervisor.id, "supervisor_digest", "off")
    assert services.notify(supervisor, "supervisor_digest", period="w", payload=SUPERVISOR_DIGEST) is None
    remind(supervisor, "no_learning")
    remind(supervisor, "mix_check")
    urgent = services.notify(supervisor, "supervisor_digest", period="w", payload=SUPERVISOR_DIGEST, urgent=True)
    assert urgent.channel == "email" and outbox_count() == 0
    assert digest().items == 3
    outbox.drain()
    [mail] = smtp_server.inbox.to(supervisor.email)
    # The digest's plain text keeps one figure per line.
    lines = mail.part("plain").splitlines()
    for figure in ("Plans waiting for you: 1", "Log entries waiting for you: 2",
                   "People without an agreed plan for fiscal year 2027 (B.E. 2570): 3",
                   "People outside the 70:20:10 mix: 4"):
        assert figure in lines


def test_in_app_items_stay_separate_in_the_centre(english_learner, client, login, smtp_server):
    learner = english_learner
    written = [remind(learner, kind) for kind in ("no_learning", "mix_check", "enrolment_closing")]
    login(learner)
    assert client.get("/notifications/").get_data(as_text=True).count("in your next e-mail digest") == 3
    digest()
    outbox.drain()
    assert len(smtp_server.inbox.received) == 1
    page = client.get("/notifications/").get_data(as_text=True)
    assert all(f'id="notification-{n.id}"' in page for n in written)
    assert page.count("sent in an e-mail digest") == 3
    assert services.unread_count(learner.id) == 3


def test_unsubscribing_from_the_digest_makes_reminder_email_in_app_only(english_learner, client, smtp_server, db):
    learner = english_learner
    services.set_preference(learner.id, "mix_check", "off")
    remind(learner, "no_learning")
    remind(learner, "enrolment_closing")
    digest()
    outbox.drain()
    [mail] = smtp_server.inbox.received
    waiting = remind(learner, "no_learning", period="waiting")  # for tomorrow's e-mail
    path = urlsplit(mail.message["List-Unsubscribe"].strip("<>")).path
    asked = client.get(path).get_data(as_text=True)
    assert "Your reminders will then appear only in the app" in asked
    done = client.post(path, data={"List-Unsubscribe": "One-Click"})  # RFC 8058: no session, no CSRF token
    assert done.status_code == 200 and "Reminder e-mails are off" in done.get_data(as_text=True)
    chosen = services.preferences_of(learner)
    assert (chosen["no_learning"], chosen["enrolment_closing"], chosen["mix_check"]) == ("in_app", "in_app", "off")
    assert chosen["plan_returned"] == "email"  # notices sent at once are not in the digest
    db.session.refresh(waiting)
    assert (waiting.channel, waiting.awaiting_digest) == ("in_app", False)  # it will not be mailed either
    remind(learner, "no_learning", period="later")
    assert remind(learner, "mix_check", period="later") is None
    assert db.session.scalar(select(Notification.channel).where(Notification.period == "later")) == "in_app"


def test_a_digest_whose_reminders_were_erased_is_cancelled(english_learner, smtp_server, db):
    remind(english_learner, "no_learning")
    digest()
    db.session.execute(delete(Notification).where(Notification.person_id == english_learner.id))
    db.session.commit()
    assert outbox.drain().cancelled == 1
    assert smtp_server.inbox.received == []


def test_preferences_choose_daily_or_weekly_and_explain_unsubscribing(client, world, login, db):
    world["learner"].language = "en"
    db.session.flush()
    login(world["learner"])
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert 'name="digest_cadence"' in page and "One e-mail a week, on Monday" in page
    assert "switches reminder e-mails to “Only in the app”" in page
    assert client.post("/notifications/preferences", data={"digest_cadence": "weekly"}).status_code == 302
    assert services.digest_cadence(world["learner"].id) == "weekly"
    refused = client.post("/notifications/preferences", data={"digest_cadence": "hourly"})
    assert refused.status_code == 200 and "invalid-feedback" in refused.get_data(as_text=True)
    assert services.digest_cadence(world["learner"].id) == "weekly"
