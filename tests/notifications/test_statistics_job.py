"""The scheduler counts the tables again each night, so SQLite's planner keeps choosing indexes well."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from lms.notifications import scheduler
from tests import factories

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


def test_the_nightly_statistics_job_is_scheduled_at_half_past_two(app, db, travel):
    travel(NOW)
    job = scheduler.build_scheduler(app, NOW).get_job(scheduler.STATISTICS_JOB)
    assert str(job.trigger) == "cron[hour='2', minute='30']"
    assert job.args[1] is scheduler.refresh_statistics


def test_the_statistics_job_counts_the_people_table(db):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL keeps statistics in pg_statistic, refreshed by autovacuum too")
    lead = factories.person()
    for _ in range(4):
        factories.person(supervisor=lead)
    scheduler.refresh_statistics()
    stat = db.session.scalar(text("SELECT stat FROM sqlite_stat1 WHERE idx = 'ix_people_supervisor_id'"))
    assert stat.split()[0] == str(db.session.scalar(text("SELECT count(*) FROM people")))
