"""The API's call log keeps a call API_CALL_RETENTION_DAYS, then the nightly job removes it."""

from datetime import timedelta

from sqlalchemy import select

from lms.api.jobs import PURGE_JOB, purge_old_calls
from lms.api.models import ApiCall, ApiToken
from lms.core.models import utcnow
from lms.notifications import scheduler
from tests.api.api_factories import token_for


def test_calls_older_than_the_retention_period_are_removed(app, world, db):
    token_for(world["learner"])
    token = db.session.scalar(select(ApiToken))
    now = utcnow()
    days = app.config["API_CALL_RETENTION_DAYS"]
    for age, path in ((days + 1, "/old"), (days - 1, "/recent"), (0, "/today")):
        db.session.add(ApiCall(token_id=token.id, at=now - timedelta(days=age), method="GET", path=path,
                               status=200, address="203.0.113.9"))
    db.session.flush()
    assert purge_old_calls(now) == 1
    assert sorted(db.session.scalars(select(ApiCall.path))) == ["/recent", "/today"]
    assert purge_old_calls(now) == 0


def test_the_scheduler_purges_nightly(app, db):
    job = scheduler.build_scheduler(app).get_job(PURGE_JOB)
    assert job is not None and "hour='3'" in str(job.trigger)
