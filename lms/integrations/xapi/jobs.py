"""The scheduler's xAPI jobs: send the outbox and fetch, every few minutes, when configured.

The scheduler (lms.notifications.scheduler, a lower layer) announces itself with
`events.scheduler_building`; the handler here adds the jobs, so that layer never imports this one.
"""

import logging

from ...core import events as signals
from ...core.dates import BANGKOK
from .fetch import fetch
from .sender import send
from .settings import fetching_configured, sending_configured, setting

log = logging.getLogger(__name__)
SEND_JOB, FETCH_JOB = "xapi-send", "xapi-fetch"


def send_job() -> None:
    report = send()
    if report.sent or report.retried or report.failed:
        log.info("xAPI: %s sent, %s to retry, %s refused %s", report.sent, report.retried, report.failed,
                 report.stopped)


def fetch_job() -> None:
    report = fetch()
    log.info("xAPI fetch: %s read, %s recorded, %s refused %s", report.read, report.recorded, len(report.refused),
             report.stopped)


def on_scheduler_building(scheduler, app=None, in_app=None, now=None, job_defaults=None, **_extra) -> None:
    """Add the send and fetch jobs (each only when its LRS is configured); runs in the app
    context the scheduler is built in."""
    jobs = [(SEND_JOB, "send xAPI statements", send_job, "XAPI_SEND_INTERVAL_SECONDS", sending_configured()),
            (FETCH_JOB, "fetch xAPI statements", fetch_job, "XAPI_FETCH_INTERVAL_SECONDS", fetching_configured())]
    jobs = [(job_id, name, work, setting(interval)) for job_id, name, work, interval, wanted in jobs if wanted]
    from apscheduler.triggers.interval import IntervalTrigger  # the scheduler process only, not web workers

    for job_id, name, work, seconds in jobs:
        scheduler.add_job(in_app, IntervalTrigger(seconds=seconds, timezone=BANGKOK), args=[app, work], id=job_id,
                          name=name, next_run_time=now, **(job_defaults or {"coalesce": True, "max_instances": 1}))


def connect_handlers() -> None:
    signals.scheduler_building.connect(on_scheduler_building)
