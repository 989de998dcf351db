"""The runner: batches committed as it goes, a crash loses nothing, a re-run continues; dry runs;
the command line; the scheduler's settings and catch-up."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.accounts.models import Person
from lms.api import jobs as api_jobs
from lms.notifications import digests, jobs, scheduler, services
from lms.notifications.models import Notification, NotificationDigest, OutboxMessage, ReminderJobRun
from lms.notifications.reminders.common import RunContext
from tests import factories
from tests.notifications import builders as b

NOW = b.bangkok(2026, 11, 24, 7, 0)


def count(model, *where):
    return Notification.query.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def idle_people(app, db, world, travel, monkeypatch):
    """Everyone has been here 40 days without recording anything: all are due a reminder."""
    travel(NOW)
    monkeypatch.setitem(app.config, "REMINDER_BATCH_SIZE", 7)
    monkeypatch.setitem(app.config, "REMINDER_PEOPLE_WINDOW", 5)  # many windows, many batches
    for _ in range(20):
        factories.person(world["division"])
    for person in db.session.scalars(select(Person)):
        person.created_at = NOW - timedelta(days=40)
    db.session.commit()  # there before the run (a dry run ends its transaction with a rollback)
    return count(Person, Person.is_active, Person.organisation_id.is_not(None))


def test_a_run_killed_midway_keeps_its_batches_and_a_rerun_completes_it(idle_people, monkeypatch):
    real_write, calls = jobs.write_batch, []

    def crash_in_third_batch(kind, reminders, now):
        calls.append(len(reminders))
        if len(calls) == 3:
            services.record_reminders(kind, reminders, now)  # written, then the process dies
            raise SystemExit("killed")
        return real_write(kind, reminders, now)

    monkeypatch.setattr(jobs, "write_batch", crash_in_third_batch)
    with pytest.raises(SystemExit):
        jobs.run_job("no_learning", RunContext.at())
    kept = count(Notification)
    assert kept == calls[0] + calls[1]  # the two committed batches, not the third
    assert count(OutboxMessage) == 0  # reminders by e-mail wait for the digest

    monkeypatch.setattr(jobs, "write_batch", real_write)
    report = jobs.run_job("no_learning", RunContext.at())
    assert report.written == idle_people - kept
    assert count(Notification) == idle_people  # everyone, once
    people = Notification.query.session.scalars(select(Notification.person_id)).all()
    assert len(people) == len(set(people))
    assert jobs.run_job("no_learning", RunContext.at()).written == 0
    assert jobs.run_digest(RunContext.at()).digests == idle_people
    assert count(OutboxMessage) == idle_people  # one e-mail each


def test_a_digest_run_killed_midway_keeps_its_windows_and_a_rerun_completes_it(idle_people, monkeypatch):
    jobs.run_job("no_learning", RunContext.at())
    real_write, calls = digests.write_digests, []

    def crash_in_third_window(due, *args):
        calls.append(len(due))
        if len(calls) == 3:
            real_write(due, *args)  # written, then the process dies before the commit
            raise SystemExit("killed")
        return real_write(due, *args)

    monkeypatch.setattr(digests, "write_digests", crash_in_third_window)
    with pytest.raises(SystemExit):
        jobs.run_digest(RunContext.at())
    assert count(OutboxMessage) == count(NotificationDigest) == calls[0] + calls[1]
    assert Notification.query.session.get(ReminderJobRun, jobs.DIGEST_JOB).last_status == "failed"

    monkeypatch.setattr(digests, "write_digests", real_write)
    report = jobs.run_digest(RunContext.at())
    assert report.digests == report.items == idle_people - calls[0] - calls[1]
    assert count(OutboxMessage) == count(NotificationDigest) == idle_people  # everyone, once
    assert count(Notification, Notification.digest_id.is_(None) | Notification.awaiting_digest) == 0
    assert jobs.run_digest(RunContext.at()).digests == 0


def test_runs_are_recorded_for_the_scheduler(idle_people, monkeypatch):
    jobs.run_job("no_learning", RunContext.at())
    run = Notification.query.session.get(ReminderJobRun, "no_learning")
    assert (run.last_status, run.last_created, run.last_succeeded_at) == ("ok", idle_people, NOW)

    def broken(ctx):
        raise RuntimeError("database went away")
        yield

    monkeypatch.setitem(jobs.JOBS, "no_learning", jobs.Job("no_learning", broken, {}))
    with pytest.raises(RuntimeError):
        jobs.run_job("no_learning", RunContext.at())
    run = Notification.query.session.get(ReminderJobRun, "no_learning")
    assert run.last_status == "failed" and "went away" in run.last_error
    assert run.last_succeeded_at == NOW  # the last good run is still known


def test_dry_run_lists_and_writes_nothing(idle_people, world, app, db):
    services.set_preference(world["peer"].id, "no_learning", "off")
    services.set_preference(world["supervisor"].id, "no_learning", "in_app")
    db.session.commit()
    [report] = jobs.run_jobs(["no_learning"], RunContext.at(), dry_run=True)
    channels = {reminder.person_id: channel for reminder, channel in report.preview}
    assert len(channels) == idle_people - 1 and world["peer"].id not in channels
    assert channels[world["supervisor"].id] == "in_app"
    assert count(Notification) == 0 and count(OutboxMessage) == 0
    assert Notification.query.session.get(ReminderJobRun, "no_learning") is None

    result = app.test_cli_runner().invoke(args=["lms", "reminders", "run", "--kind", "no_learning", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"would notify {world['learner'].email} (th) no_learning" in result.output
    assert world["peer"].email not in result.output
    assert count(Notification) == 0


def test_dry_run_shows_each_message_s_subject_and_first_line_and_the_digests(idle_people, world, app, db):
    world["other_learner"].language = "en"
    services.set_preference(world["supervisor"].id, "no_learning", "in_app")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["lms", "reminders", "run", "--kind", "no_learning", "--dry-run",
                                                "--digest"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    at = lines.index(f"would notify {world['other_learner'].email} (en) no_learning [- 2026-10-15+1] by email "
                     "(in the digest)")
    assert lines[at + 1:at + 3] == ["    subject: No learning recorded for 40 days",
                                    "    You have not recorded any learning yet."]
    assert (f"would e-mail {world['other_learner'].email} (en) one daily digest, 1 reminder(s), "
            "subject: No learning recorded for 40 days") in lines
    assert f"would e-mail {world['supervisor'].email}" not in result.output  # in the app only: no e-mail
    assert f"digest: {idle_people - 1} e-mails would be sent, one per person" in result.output
    assert count(Notification) == count(NotificationDigest) == count(OutboxMessage) == 0


def test_the_command_runs_and_repeats_harmlessly(idle_people, app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["lms", "reminders", "run", "--kind", "no_learning"])
    assert first.exit_code == 0 and f"no_learning: {idle_people} found, {idle_people} new" in first.output
    again = runner.invoke(args=["lms", "reminders", "run", "--kind", "no_learning"])
    assert f"{idle_people} found, 0 new" in again.output
    assert runner.invoke(args=["lms", "reminders", "run", "--kind", "nonsense"]).exit_code == 2


def test_each_kind_is_reported_as_it_finishes_so_a_killed_run_says_how_far_it_got(idle_people, app, monkeypatch):
    real_run_job = jobs.run_job

    def killed_on_the_second(kind, *args, **kwargs):
        if kind == "mix_check":
            raise KeyboardInterrupt  # the operator's Ctrl+C, or a kill, during the second kind
        return real_run_job(kind, *args, **kwargs)

    monkeypatch.setattr(jobs, "run_job", killed_on_the_second)
    result = app.test_cli_runner().invoke(args=["lms", "reminders", "run", "--kind", "no_learning",
                                                "--kind", "mix_check"])
    assert result.exit_code != 0
    assert f"no_learning: {idle_people} found, {idle_people} new" in result.output


def test_outbox_send_needs_a_mail_server(app, db):
    result = app.test_cli_runner().invoke(args=["lms", "outbox", "send"])
    assert result.exit_code == 1 and "LMS_SMTP_HOST" in result.output


def test_the_command_sends_the_digest_after_the_jobs(idle_people, app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["lms", "reminders", "run"])
    assert first.exit_code == 0, first.output
    assert f"digest: {idle_people} e-mails carrying" in first.output
    again = runner.invoke(args=["lms", "reminders", "run", "--kind", "no_learning", "--digest"])
    assert "digest: 0 e-mails carrying 0 reminders" in again.output
    assert count(OutboxMessage) == idle_people


def test_outbox_send_drains_once(idle_people, app, smtp_server):
    jobs.run_job("no_learning", RunContext.at())
    jobs.run_digest(RunContext.at())
    result = app.test_cli_runner().invoke(args=["lms", "outbox", "send"])
    assert result.exit_code == 0 and f"sent {idle_people}," in result.output
    assert len(smtp_server.inbox.received) == idle_people


def test_every_job_coalesces_has_a_grace_time_and_runs_alone(app, db, smtp_server, travel):
    travel(NOW)
    built = scheduler.build_scheduler(app, NOW)
    by_id = {job.id: job for job in built.get_jobs()}
    assert set(by_id) == {*jobs.JOBS, jobs.DIGEST_JOB, scheduler.CATCH_UP_JOB, scheduler.OUTBOX_JOB,
                          scheduler.STATISTICS_JOB, scheduler.FRAMEWORK_JOB,
                          api_jobs.PURGE_JOB}  # a higher layer's, added on scheduler_building
    for job in by_id.values():
        assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, 3600)
    # Never run: every job is caught up at once, in one job, one after another, the digest last.
    assert by_id[scheduler.CATCH_UP_JOB].next_run_time == by_id[scheduler.OUTBOX_JOB].next_run_time == NOW
    assert by_id[scheduler.CATCH_UP_JOB].args[2:] == (list(jobs.JOBS), True)
    assert str(by_id[jobs.DIGEST_JOB].trigger) == "cron[hour='15', minute='30']"


def test_a_failed_job_is_tried_again_soon_with_growing_delays(app, db, travel):
    """A job that failed (the database busy beyond its timeout) runs again within minutes, not
    at its next fire time; after the last delay it waits for that."""
    travel(NOW)
    built = scheduler.build_scheduler(app, NOW)
    tries = []

    def busy(kind):
        tries.append(kind)
        raise RuntimeError("database is locked")

    args = list(built.get_job("mix_check").args)
    assert args[3] is jobs.run_job
    args[3] = busy  # the job's work fails, as a locked database makes it
    delays = []
    for _attempt in scheduler.RETRY_AFTER_SECONDS:
        scheduler._retrying(*args)
        retry = built.get_job("mix_check:retry")
        delays.append(round((retry.trigger.run_date - NOW).total_seconds()))
        args = list(retry.args)
        built.remove_job("mix_check:retry")
    assert delays == list(scheduler.RETRY_AFTER_SECONDS)
    scheduler._retrying(*args)  # the last retry failed too: the job waits for its next fire time
    assert built.get_job("mix_check:retry") is None
    assert tries == ["mix_check"] * (len(scheduler.RETRY_AFTER_SECONDS) + 1)


def test_on_sqlite_the_scheduler_runs_one_job_at_a_time(app, db, travel):
    travel(NOW)
    built = scheduler.build_scheduler(app, NOW)
    executor = built._executors["default"]
    expected = 1 if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") else 4
    assert executor._pool._max_workers == expected


def test_only_jobs_missed_while_stopped_are_caught_up(app, db, travel):
    travel(NOW)  # Tuesday 24 Nov 2026, 07:00 Bangkok
    ran_at = {kind: NOW + timedelta(minutes=1) for kind in jobs.JOBS}  # today's 07:00 runs happened
    ran_at["no_learning"] = NOW - timedelta(days=1, minutes=1)  # yesterday's 07:00 run: today's was missed
    ran_at["supervisor_digest"] = NOW - timedelta(days=3)  # Saturday: Monday's digest was missed
    for kind, at in ran_at.items():
        db.session.add(ReminderJobRun(kind=kind, last_started_at=at, last_succeeded_at=at, last_status="ok"))
    db.session.flush()
    db.session.add(ReminderJobRun(kind=jobs.DIGEST_JOB, last_succeeded_at=NOW - timedelta(hours=15), last_status="ok"))
    db.session.flush()  # yesterday's 15:30 digest ran
    built = scheduler.build_scheduler(app, NOW + timedelta(minutes=5))
    [catch_up] = [job for job in built.get_jobs() if job.id == scheduler.CATCH_UP_JOB]
    assert catch_up.args[2:] == (["no_learning", "supervisor_digest"], False)

    db.session.execute(ReminderJobRun.__table__.update().values(last_succeeded_at=NOW - timedelta(days=2)))
    built = scheduler.build_scheduler(app, NOW + timedelta(minutes=5))
    [catch_up] = [job for job in built.get_jobs() if job.id == scheduler.CATCH_UP_JOB]
    assert catch_up.args[3] is True  # yesterday's digest was missed too: it goes after the jobs


def test_missed_since():
    from apscheduler.triggers.cron import CronTrigger

    from lms.core.dates import BANGKOK

    daily = CronTrigger(hour=7, minute=0, timezone=BANGKOK)
    yesterday_run = b.bangkok(2026, 11, 23, 7, 0)
    assert scheduler.missed_since(daily, None, NOW)
    assert not scheduler.missed_since(daily, yesterday_run, b.bangkok(2026, 11, 24, 6, 59))
    assert scheduler.missed_since(daily, yesterday_run, b.bangkok(2026, 11, 24, 7, 0))
    assert not scheduler.missed_since(daily, b.bangkok(2026, 11, 24, 7, 0), b.bangkok(2026, 11, 24, 7, 1))


def test_the_catch_up_runs_the_missed_jobs_then_the_digest(idle_people):
    scheduler._catch_up(["no_learning"], True)
    assert count(Notification) == count(NotificationDigest) == count(OutboxMessage) == idle_people
    assert {run.kind for run in Notification.query.session.scalars(select(ReminderJobRun))} == {
        "no_learning", jobs.DIGEST_JOB}


def test_a_batch_written_through_the_driver_skips_what_exists_and_reads_back_as_written(db, world, travel):
    """The jobs' bulk path: each key once, channels as chosen, one shared payload in every row."""
    travel(NOW)
    learner, peer, supervisor = world["learner"], world["peer"], world["supervisor"]
    services.set_preference(peer.id, "enrolment_closing", "in_app")
    services.set_preference(supervisor.id, "enrolment_closing", "off")
    shared = {"class_id": 7, "class_name": "รุ่น 1", "course_th": "ก", "course_en": "A", "closes_on": "2026-11-26"}
    first = [services.Reminder(person.id, "class:7", "2026-11-26", shared) for person in (learner, peer, supervisor)]
    assert services.record_reminder_batch("enrolment_closing", first, NOW) == (2, 1)  # off: not written

    again = [*first, services.Reminder(learner.id, "class:8", "2026-11-26", {**shared, "class_id": 8})]
    assert services.record_reminder_batch("enrolment_closing", again, NOW) == (1, 1)  # only the new key
    rows = Notification.query.session.execute(
        select(Notification.person_id, Notification.subject, Notification.channel, Notification.awaiting_digest,
               Notification.payload, Notification.created_at).order_by(Notification.id)).all()
    assert [tuple(row[:4]) for row in rows] == [(learner.id, "class:7", "email", True),
                                                (peer.id, "class:7", "in_app", False),
                                                (learner.id, "class:8", "email", True)]
    assert [row.payload for row in rows[:2]] == [shared, shared]
    assert rows[2].payload["class_id"] == 8 and {row.created_at for row in rows} == {NOW}
    assert count(OutboxMessage) == 0  # e-mail waits for the digest
    assert jobs.run_digest(RunContext.at()).items == 2


def test_channels_are_found_alike_for_a_window_of_people_and_for_people_scattered_over_the_site(db, world):
    """A window asks by its ids' range; a batch of people far apart (one class's, then another's) by its ids."""
    learner, peer, supervisor = world["learner"], world["peer"], world["supervisor"]
    services.set_preference(peer.id, "enrolment_closing", "in_app")
    services.set_preference(supervisor.id, "enrolment_closing", "off")
    services.set_preference(learner.id, "no_learning", "off")  # another kind: no bearing
    expected = {learner.id: "email", peer.id: "in_app", supervisor.id: "off"}
    assert services.channels_for("enrolment_closing", expected) == expected
    far_away = 10_000_000  # nobody: the kind's default
    assert services.channels_for("enrolment_closing", [*expected, far_away]) == {**expected, far_away: "email"}


def test_a_batch_of_a_kind_sent_at_once_gets_its_outbox_rows(db, world, travel):
    travel(NOW)
    reminder = services.Reminder(world["learner"].id, "plan:1", "decision:1",
                                 {"plan_id": 1, "fy": 2570, "comment": "", "returned_at": NOW.isoformat()})
    assert services.record_reminder_batch("plan_returned", [reminder], NOW) == (1, 1)
    assert services.record_reminder_batch("plan_returned", [reminder], NOW) == (0, 0)
    assert count(OutboxMessage) == 1
