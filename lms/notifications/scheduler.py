"""The scheduler process: `flask --app wsgi lms scheduler` (never inside a web worker).

APScheduler 3 BlockingScheduler, Bangkok time. Every job has coalesce=True (runs missed
in a row become one), an explicit misfire grace time and max_instances=1. Jobs are kept
in memory, so what was missed while the process was stopped is worked out at start from
reminder_job_runs: a job whose last successful run started before its latest scheduled
time runs once, now. That is safe because every job is idempotent (unique keys).

The digest job runs daily at DIGEST_TIME, after the day's reminder jobs (the latest,
class_tomorrow, runs at 15:00), and sends each person at most one reminder e-mail a day.
What is caught up at start runs in one job, one after another, the digest last: a digest
sent before the missed reminders were written would leave them for tomorrow.
"""

import logging
import signal
from datetime import datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask
from sqlalchemy import select

from ..assessment.frameworks.apply import apply_framework_job
from ..core.database import is_sqlite, refresh_planner_statistics
from ..core.dates import BANGKOK
from ..core.events import scheduler_building
from ..core.models import utcnow
from ..extensions import db
from . import jobs, outbox
from .models import ReminderJobRun
from .settings import setting

log = logging.getLogger(__name__)
OUTBOX_JOB = "outbox"
CATCH_UP_JOB = "catch-up"
STATISTICS_JOB = "planner-statistics"
STATISTICS_CRON = {"hour": 2, "minute": 30}  # a quiet hour, before the morning's reminders
# A framework version takes effect at the start of its day; also run at start (idempotent).
FRAMEWORK_JOB, FRAMEWORK_CRON = "skill-framework", {"hour": 0, "minute": 5}
# A failed job (the database busy beyond its timeout, say) runs again this soon, not at its
# next fire time, which may be tomorrow; after the last delay it waits for that.
RETRY_AFTER_SECONDS = (60, 300, 900)
FAILED = object()


def _in_app(app: Flask, work, *args):
    """Run one job in its own app context and database session; FAILED when it raised."""
    with app.app_context():
        try:
            return work(*args)
        except Exception:
            log.exception("scheduled job %s failed", getattr(work, "__name__", work))
            return FAILED
        finally:
            db.session.remove()


def _retrying(app: Flask, scheduler, job_id: str, work, args: tuple, attempt: int = 0) -> None:
    """Run a reminder or digest job; when it fails, schedule it again after a growing delay."""
    if _in_app(app, work, *args) is not FAILED or attempt >= len(RETRY_AFTER_SECONDS):
        return
    delay = RETRY_AFTER_SECONDS[attempt]
    log.warning("%s failed; trying again in %s s", job_id, delay)
    scheduler.add_job(_retrying, "date", run_date=utcnow() + timedelta(seconds=delay),
                      args=[app, scheduler, job_id, work, args, attempt + 1], id=f"{job_id}:retry",
                      name=f"retry {job_id}", replace_existing=True, coalesce=True, max_instances=1,
                      misfire_grace_time=setting("SCHEDULER_MISFIRE_GRACE_SECONDS"))


def _drain():
    report = outbox.drain()
    if report.sent or report.retried or report.failed or report.stopped:
        log.info("outbox: %s sent, %s to retry, %s failed %s", report.sent, report.retried, report.failed,
                 report.stopped)


def refresh_statistics() -> None:
    """The database's planner figures, counted again each night as the tables grow."""
    refresh_planner_statistics(db.session)
    db.session.commit()


def _catch_up(kinds: list[str], digest: bool) -> None:
    """Run the jobs missed while stopped, one after another, then the digest if it was missed."""
    for kind in kinds:
        try:
            jobs.run_job(kind)
        except Exception:
            log.exception("catching up %s failed", kind)
            db.session.rollback()
    if digest:
        jobs.run_digest()


def missed_since(trigger: CronTrigger, last_succeeded_at: datetime | None, now: datetime) -> bool:
    """Whether a scheduled time passed after the last successful run started (or it never ran)."""
    if last_succeeded_at is None:
        return True
    due = trigger.get_next_fire_time(None, last_succeeded_at + timedelta(microseconds=1))
    return due is not None and due <= now


def build_scheduler(app: Flask, now: datetime | None = None) -> BlockingScheduler:
    """The scheduler with every reminder job, the digest and the outbox drain; jobs missed
    while stopped run at once (each once, in one catch-up job, the digest last)."""
    now = now or utcnow()
    defaults = {"coalesce": True, "max_instances": 1,
                "misfire_grace_time": setting("SCHEDULER_MISFIRE_GRACE_SECONDS")}
    # SQLite has one writer at a time: jobs there run one after another instead of waiting
    # out each other's locks.
    threads = 1 if is_sqlite(app.config["SQLALCHEMY_DATABASE_URI"]) else 4
    scheduler = BlockingScheduler(timezone=BANGKOK, job_defaults=defaults,
                                  executors={"default": ThreadPoolExecutor(threads)})
    last = dict(db.session.execute(select(ReminderJobRun.kind, ReminderJobRun.last_succeeded_at)).all())
    grace = defaults["misfire_grace_time"]
    missed = []
    for kind, job in jobs.JOBS.items():
        trigger = CronTrigger(timezone=BANGKOK, **job.cron)
        if missed_since(trigger, last.get(kind), now):
            missed.append(kind)
        scheduler.add_job(_retrying, trigger, args=[app, scheduler, kind, jobs.run_job, (kind,)], id=kind,
                          name=f"reminders {kind}", coalesce=True, max_instances=1, misfire_grace_time=grace)
    trigger = CronTrigger(timezone=BANGKOK, **jobs.digest_cron())
    digest_missed = missed_since(trigger, last.get(jobs.DIGEST_JOB), now)
    scheduler.add_job(_retrying, trigger, args=[app, scheduler, jobs.DIGEST_JOB, jobs.run_digest, ()],
                      id=jobs.DIGEST_JOB,
                      name="reminder e-mail digest", coalesce=True, max_instances=1, misfire_grace_time=grace)
    scheduler.add_job(_in_app, CronTrigger(timezone=BANGKOK, **STATISTICS_CRON), args=[app, refresh_statistics],
                      id=STATISTICS_JOB, name="database planner statistics", coalesce=True, max_instances=1,
                      misfire_grace_time=grace)
    scheduler.add_job(_in_app, CronTrigger(timezone=BANGKOK, **FRAMEWORK_CRON), args=[app, apply_framework_job],
                      id=FRAMEWORK_JOB, name="apply the skill framework in force", next_run_time=now,
                      coalesce=True, max_instances=1, misfire_grace_time=grace)
    if missed or digest_missed:
        scheduler.add_job(_in_app, "date", run_date=now, next_run_time=now,
                          args=[app, _catch_up, missed, digest_missed], id=CATCH_UP_JOB,
                          name=f"catch up on {', '.join(missed + ['digest'] * digest_missed)}",
                          coalesce=True, max_instances=1, misfire_grace_time=grace)
    if outbox.mail_configured():
        scheduler.add_job(_in_app, IntervalTrigger(seconds=setting("OUTBOX_INTERVAL_SECONDS"), timezone=BANGKOK),
                          args=[app, _drain], id=OUTBOX_JOB, name="send the outbox", next_run_time=now,
                          coalesce=True, max_instances=1, misfire_grace_time=defaults["misfire_grace_time"])
    else:
        log.warning("LMS_SMTP_HOST is not set: e-mail waits in the outbox (in-app notifications still work)")
    # The jobs of higher layers (the API's purge, xAPI), added with these job defaults.
    scheduler_building.send(scheduler, app=app, in_app=_in_app, now=now, job_defaults=defaults)
    return scheduler


def run_scheduler(app: Flask) -> None:
    """Build and start the scheduler; SIGTERM (systemd stop) and Ctrl+C stop it cleanly."""
    with app.app_context():
        scheduler = build_scheduler(app)
        db.session.remove()
    signal.signal(signal.SIGTERM, lambda _signum, _frame: scheduler.shutdown(wait=False))
    for job in scheduler.get_jobs():
        log.info("scheduled %s (%s)", job.name, job.trigger)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
