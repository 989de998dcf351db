"""The database's planner gets figures for its tables (SQLite keeps none of its own accord)."""

import pytest
from sqlalchemy import text

from lms.core.database import refresh_planner_statistics
from tests import factories


def test_statistics_describe_the_supervisor_index_after_a_refresh(db):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's autovacuum keeps its own statistics")
    lead = factories.person()
    for _ in range(6):
        factories.person(supervisor=lead)
    refresh_planner_statistics(db.session)
    rows = dict(db.session.execute(text("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'people'")).all())
    people = db.session.scalar(text("SELECT count(*) FROM people"))
    assert rows["ix_people_supervisor_id"].split()[0] == str(people)
