"""The API's nightly job: calls older than API_CALL_RETENTION_DAYS leave the call log.

The log (api_calls) is each token's audit and the count its rate limit reads; it keeps
addresses, so it is personal data and is not kept for ever. The scheduler (lms.notifications,
a lower layer) announces itself with `events.scheduler_building`; the handler adds the job.
"""

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete

from ..core import events as signals
from ..core.dates import BANGKOK
from ..core.models import utcnow
from ..extensions import db
from .models import ApiCall

log = logging.getLogger(__name__)
PURGE_JOB, PURGE_CRON = "api-calls-purge", {"hour": 3, "minute": 15}


def purge_old_calls(now: datetime | None = None) -> int:
    """Delete the calls made before the retention period; returns how many went. Commits (a job)."""
    cutoff = (now or utcnow()) - timedelta(days=current_app.config["API_CALL_RETENTION_DAYS"])
    gone = db.session.execute(delete(ApiCall).where(ApiCall.at < cutoff)).rowcount
    db.session.commit()
    if gone:
        log.info("API call log: %s calls older than %s removed", gone, cutoff.date())
    return gone


def on_scheduler_building(scheduler, app=None, in_app=None, job_defaults=None, **_extra) -> None:
    from apscheduler.triggers.cron import CronTrigger  # the scheduler process only, not web workers

    scheduler.add_job(in_app, CronTrigger(timezone=BANGKOK, **PURGE_CRON), args=[app, purge_old_calls],
                      id=PURGE_JOB, name="purge old API calls", **(job_defaults or {}))


def connect_handlers() -> None:
    signals.scheduler_building.connect(on_scheduler_building)
