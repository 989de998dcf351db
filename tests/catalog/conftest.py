"""What the catalog tests share."""

import contextlib

import pytest
from sqlalchemy import event

from lms.extensions import db as _db


class _Counter:
    count = 0


@pytest.fixture
def count_queries(db):
    """with count_queries() as counted: ...; counted.count is the statements run inside."""

    @contextlib.contextmanager
    def counting():
        counter = _Counter()

        def count(*_args):
            counter.count += 1

        engine = _db.engine
        event.listen(engine, "before_cursor_execute", count)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", count)

    return counting
