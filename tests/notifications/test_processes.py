"""Two scheduler processes started by mistake on one database: every e-mail still arrives once,
and each person's reminders by e-mail in one digest.

Real processes (`flask --app wsgi lms scheduler`) on a file database (a fresh SQLite file, or
a schema of its own on PostgreSQL), committing for real, sending to aiosmtpd on loopback.
"""

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select, text, update

from lms import create_app
from lms.accounts.models import Person
from lms.core.dates import local_date
from lms.core.models import utcnow
from lms.extensions import db
from lms.notifications.jobs import JOBS
from lms.notifications.models import Notification, NotificationDigest, OutboxMessage, ReminderJobRun
from tests import factories
from tests.notifications import builders as b
from tests.notifications.conftest import BASE_URL, SmtpServer, free_port
from tests.postgres import database_of_its_own

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = "thaksa_notification_processes"
SECRET = "process-test-secret"


@pytest.fixture
def file_database(tmp_path, database_url):
    """An app on a database of its own, migrated, whose commits other processes see."""
    with database_of_its_own(database_url, SCHEMA, tmp_path / "lms.sqlite3") as url:
        app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade()
            yield app, url
            db.session.remove()
            db.engine.dispose()


def _world_with_reminders_due():
    """Everyone idle for 40 days, a class meeting tomorrow, a returned entry: about 40 e-mails."""
    world = factories.build_world()
    world["other_learner"].language = "en"
    for _ in range(25):
        factories.person(world["division"], supervisor=world["supervisor"])
    now = utcnow()
    for person in db.session.scalars(select(Person)):
        person.created_at = now - timedelta(days=40)
    today = local_date(now)
    cls = b.course_class(world["institute"], opens_on=today - timedelta(days=20), closes_on=today - timedelta(days=2),
                         meetings=[(now + timedelta(days=1), 2)])
    b.enrol(world["learner"], cls)
    b.enrol(world["other_learner"], cls)
    entry = b.record(world["peer"], status="returned", occurred_on=today - timedelta(days=3))
    b.review(entry, world["supervisor"], comment="แนบหลักฐาน")
    db.session.commit()


def _environment(url, port):
    env = {**os.environ, "LMS_DATABASE_URL": url, "LMS_SECRET_KEY": SECRET, "LMS_SMTP_HOST": "127.0.0.1",
           "LMS_SMTP_PORT": str(port), "LMS_MAIL_SENDER": "thaksa@example.go.th", "LMS_BASE_URL": BASE_URL,
           "LMS_OUTBOX_INTERVAL_SECONDS": "1", "LMS_REMINDER_BATCH_SIZE": "4", "LMS_OUTBOX_BATCH_SIZE": "5"}
    env.pop("FLASK_DEBUG", None)
    return env


def _start(args, url, port, log_path):
    """`flask --app wsgi lms ARGS` in a process of its own, its output in log_path."""
    log = open(log_path, "w")  # noqa: SIM115 (closed with the process)
    process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "lms", *args], cwd=ROOT,
                               env=_environment(url, port), stdout=log, stderr=subprocess.STDOUT)
    process.log = log
    return process


def _stop(processes, signal_number=signal.SIGTERM) -> list[int]:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal_number)
    codes = [process.wait(timeout=30) for process in processes]
    for process in processes:
        process.log.close()
    return codes


def _count(model, *where) -> int:
    value = db.session.scalar(select(func.count()).select_from(model).where(*where))
    db.session.rollback()  # a fresh snapshot next time
    return value


def _assert_each_email_arrived_once(server):
    notifications = db.session.scalars(select(Notification)).all()
    keys = [(n.person_id, n.kind, n.subject, n.period) for n in notifications]
    assert len(keys) == len(set(keys))
    outbox = db.session.scalars(select(OutboxMessage)).all()
    received = server.inbox.received
    assert len(received) == len(outbox)  # every e-mail arrived, none twice
    assert len({r.message["Message-ID"] for r in received}) == len(received)
    # Each reminder by e-mail went in exactly one way: its own message, or one digest.
    at_once = {message.notification_id for message in outbox if message.notification_id}
    emails = [n for n in notifications if n.channel == "email"]
    assert all((n.id in at_once) != (n.digest_id is not None) for n in emails)
    digests = db.session.scalars(select(NotificationDigest)).all()
    assert len({d.person_id for d in digests}) == len(digests)  # one digest per person (one day here)
    people = {p.id: p.email for p in db.session.scalars(select(Person))}
    assert Counter(r.rcpt_tos[0] for r in received) == (
        Counter(people[n.person_id] for n in emails if n.id in at_once) + Counter(people[d.person_id] for d in digests))
    assert set(db.session.scalars(select(OutboxMessage.status))) == {"sent"}
    return notifications


def test_two_schedulers_on_one_database_send_each_message_exactly_once(file_database, tmp_path):
    app, url = file_database
    _world_with_reminders_due()
    server = SmtpServer(free_port())
    server.start()
    logs = [tmp_path / "scheduler-1.log", tmp_path / "scheduler-2.log"]
    processes = [_start(["scheduler"], url, server.port, path) for path in logs]
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # both catch up at start (or one finds it done) and drain
            time.sleep(0.3)
            ran = _count(ReminderJobRun, ReminderJobRun.last_status == "ok")
            emails = _count(OutboxMessage)
            if ran == len(JOBS) + 1 and emails and len(server.inbox.received) >= emails:  # the jobs and the digest
                break
        time.sleep(2.5)  # two more drains in each process: nothing more may arrive
    finally:
        codes = _stop(processes)
        server.stop()
    output = "\n".join(path.read_text() for path in logs)
    assert codes == [0, 0], output  # SIGTERM (systemd stop) ends the scheduler cleanly
    assert "Traceback" not in output and " ERROR " not in output, output
    kinds = Counter(n.kind for n in _assert_each_email_arrived_once(server))
    assert kinds["no_learning"] >= 30 and kinds["class_tomorrow"] == 2 and kinds["record_returned"] == 1


def test_two_runs_of_the_jobs_at_once_write_and_send_each_reminder_once(file_database, tmp_path):
    app, url = file_database
    world = factories.build_world()
    for _ in range(400):
        factories.person(world["division"], supervisor=world["supervisor"])
    db.session.execute(update(Person).values(created_at=utcnow() - timedelta(days=40)))
    db.session.commit()
    due = _count(Person, Person.is_active, Person.organisation_id.is_not(None))
    server = SmtpServer(free_port())
    server.start()
    try:
        # Hold the table so that both runs start, wait, and then write side by side.
        with db.engine.connect() as blocker:
            blocker.begin()  # on SQLite: BEGIN IMMEDIATE, which holds the write lock
            if blocker.dialect.name == "postgresql":
                blocker.execute(text("LOCK TABLE notifications IN EXCLUSIVE MODE"))
            runs = [_start(["reminders", "run", "--kind", "no_learning", "--digest"], url, server.port,
                           tmp_path / f"run-{n}.log") for n in (1, 2)]
            time.sleep(3)
            blocker.rollback()
        codes = _stop(runs) if all(run.wait(timeout=60) is not None for run in runs) else None
        logs = [(tmp_path / f"run-{n}.log").read_text() for n in (1, 2)]
        assert codes == [0, 0], "\n".join(log[-1500:] for log in logs)
        written = [int(re.search(r"(\d+) new", (tmp_path / f"run-{n}.log").read_text()).group(1)) for n in (1, 2)]
        assert sum(written) == due == _count(Notification) == _count(OutboxMessage)  # split, never doubled
        assert _count(NotificationDigest) == due  # one digest each, whichever run made it
        senders = [_start(["outbox", "send"], url, server.port, tmp_path / f"send-{n}.log") for n in (1, 2)]
        assert [sender.wait(timeout=60) for sender in senders] == [0, 0]
        _stop(senders)
    finally:
        server.stop()
    assert len(_assert_each_email_arrived_once(server)) == due
