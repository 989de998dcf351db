"""The scheduler process: `flask --app wsgi lms scheduler` (never inside a web worker).

APScheduler 3 BlockingScheduler, Bangkok time. Every job has coalesce=True (runs missed
in a row become one), an explicit misfire grace time and max_instances=1. Jobs are kept
in memory, so what was missed while the process was stopped is worked out at start from
reminder_job_runs: a job whose last successful run started before its latest scheduled
time runs once, now. That is safe because every job is idempotent (unique keys).
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

from ..core.dates import BANGKOK
from ..core.models import utcnow
from ..extensions import db
from . import jobs, outbox
from .models import ReminderJobRun
from .settings import setting

log = logging.getLogger(__name__)
OUTBOX_JOB = "outbox"


def _in_app(app: Flask, work, *args):
    """Run one job in its own app context and database session."""
    with app.app_context():
        try:
            return work(*args)
        except Exception:
            log.exception("scheduled job %s failed", getattr(work, "__name__", work))
        finally:
            db.session.remove()


def _drain():
    report = outbox.drain()
    if report.sent or report.retried or report.failed or report.stopped:
        log.info("outbox: %s sent, %s to retry, %s failed %s", report.sent, report.retried, report.failed,
                 report.stopped)


def missed_since(trigger: CronTrigger, last_succeeded_at: datetime | None, now: datetime) -> bool:
    """Whether a scheduled time passed after the last successful run started (or it never ran)."""
    if last_succeeded_at is None:
        return True
    due = trigger.get_next_fire_time(None, last_succeeded_at + timedelta(microseconds=1))
    return due is not None and due <= now


def build_scheduler(app: Flask, now: datetime | None = None) -> BlockingScheduler:
    """The scheduler with every reminder job and the outbox drain; jobs missed while stopped
    start at once (each once)."""
    now = now or utcnow()
    defaults = {"coalesce": True, "max_instances": 1,
                "misfire_grace_time": setting("SCHEDULER_MISFIRE_GRACE_SECONDS")}
    scheduler = BlockingScheduler(timezone=BANGKOK, job_defaults=defaults,
                                  executors={"default": ThreadPoolExecutor(4)})
    last = dict(db.session.execute(select(ReminderJobRun.kind, ReminderJobRun.last_succeeded_at)).all())
    for kind, job in jobs.JOBS.items():
        trigger = CronTrigger(timezone=BANGKOK, **job.cron)
        catch_up = missed_since(trigger, last.get(kind), now)
        options = {"next_run_time": now} if catch_up else {}
        scheduler.add_job(_in_app, trigger, args=[app, jobs.run_job, kind], id=kind, name=f"reminders {kind}",
                          coalesce=True, max_instances=1, misfire_grace_time=defaults["misfire_grace_time"],
                          **options)
    if outbox.mail_configured():
        scheduler.add_job(_in_app, IntervalTrigger(seconds=setting("OUTBOX_INTERVAL_SECONDS"), timezone=BANGKOK),
                          args=[app, _drain], id=OUTBOX_JOB, name="send the outbox", next_run_time=now,
                          coalesce=True, max_instances=1, misfire_grace_time=defaults["misfire_grace_time"])
    else:
        log.warning("LMS_SMTP_HOST is not set: e-mail waits in the outbox (in-app notifications still work)")
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
