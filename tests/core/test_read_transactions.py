"""On SQLite a page that only reads never waits for a writer; a change still takes the write
lock first. Real transactions on a database file of its own (not the rolled-back test
session), with another connection holding the write lock as a busy writer would."""

import os
import sqlite3
from contextlib import contextmanager
from datetime import timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import select

from lms import create_app
from lms.accounts.models import AccountSession
from lms.core.database import WriteInReadTransaction
from lms.extensions import db
from tests import factories

pytestmark = pytest.mark.skipif(bool(os.environ.get("LMS_TEST_DATABASE_URL")),
                                reason="SQLite's locking; PostgreSQL readers never wait anyway")


@pytest.fixture
def file_app(tmp_path):
    path = tmp_path / "locks.sqlite3"
    app = create_app({"TESTING": True, "SECRET_KEY": "locks", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                      "WTF_CSRF_ENABLED": False, "SQLITE_BUSY_TIMEOUT_MS": 300})

    @app.get("/test-only/writes-while-reading")
    def writes_while_reading():
        factories.person(email="written-by-a-get@example.go.th")
        return "written"

    with app.app_context():
        upgrade()
        with app.test_request_context(method="POST"):
            factories.person(email="reader@example.go.th")
            db.session.commit()
        db.session.remove()
        db.engine.dispose()
    app.db_path = str(path)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _signed_in(app):
    client = app.test_client()
    response = client.post("/login", data={"email": "reader@example.go.th", "password": factories.TEST_PASSWORD})
    assert response.status_code == 302
    return client


@contextmanager
def another_process_writing(path):
    """Another process in the middle of a change: it holds the write lock for the block."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("UPDATE people SET position = position WHERE email = 'reader@example.go.th'")
    try:
        yield
    finally:
        connection.execute("ROLLBACK")
        connection.close()


def test_a_page_is_read_while_another_process_holds_the_write_lock(file_app):
    client = _signed_in(file_app)
    with another_process_writing(file_app.db_path):
        for path in ("/", "/dashboard/", "/notifications/"):
            response = client.get(path)
            assert response.status_code == 200, path


def test_a_change_still_waits_for_the_write_lock_and_says_nothing_was_changed(file_app):
    file_app.config["PROPAGATE_EXCEPTIONS"] = False  # the error page, as a user gets it
    client = _signed_in(file_app)
    with another_process_writing(file_app.db_path):
        response = client.post("/notifications/read-all")
    assert response.status_code == 503  # waited out the busy timeout, then refused cleanly
    assert "ไม่สามารถบันทึกข้อมูลได้" in response.get_data(as_text=True)


def test_a_read_only_request_notes_the_sessions_use_in_a_write_transaction_of_its_own(file_app):
    client = _signed_in(file_app)
    with file_app.app_context():
        live = db.session.scalar(select(AccountSession).where(AccountSession.revoked_at.is_(None)))
        long_ago = live.last_seen_at - timedelta(hours=1)
        live.last_seen_at = long_ago
        db.session.commit()
        db.session.remove()
    assert client.get("/").status_code == 200
    with file_app.app_context():
        seen = db.session.scalar(select(AccountSession.last_seen_at).where(AccountSession.revoked_at.is_(None)))
        db.session.remove()
    assert seen > long_ago


def test_a_read_only_request_that_writes_outside_a_write_transaction_is_caught_in_tests(file_app):
    client = file_app.test_client()
    with pytest.raises(WriteInReadTransaction, match="GET /test-only/writes-while-reading"):
        client.get("/test-only/writes-while-reading")
