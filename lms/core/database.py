"""Engine settings: SQLite as a well-behaved embedded database, PostgreSQL as is.

On SQLite a request that only reads (GET, HEAD, OPTIONS) begins a deferred transaction:
in WAL mode it reads a snapshot and never takes the write lock, so readers never wait for
a writer nor for each other. Everything else (form posts, CLI commands, scheduled jobs)
begins IMMEDIATE: a second writer waits its turn (busy timeout) instead of failing later
with "database is locked" when it upgrades a read lock. A read-only request that must
write (noting a session's use) does so inside `write_transaction()`.
"""

import logging
import sqlite3
from contextlib import contextmanager
from contextvars import ContextVar

from flask import Flask, current_app, g, has_app_context, has_request_context, request
from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url

log = logging.getLogger(__name__)

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_WRITES = ("insert", "update", "delete", "replace")
_writing: ContextVar[bool] = ContextVar("lms_writing", default=False)


class WriteInReadTransaction(RuntimeError):
    """A read-only request wrote outside write_transaction() (raised in tests only)."""


def is_sqlite(uri: str) -> bool:
    return uri.startswith("sqlite")


def configure_engine_options(app: Flask) -> None:
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if is_sqlite(app.config["SQLALCHEMY_DATABASE_URI"]):
        # sqlite3's timeout is its busy handler: a locked database is waited for.
        timeout_s = app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000
        options.setdefault("connect_args", {}).setdefault("timeout", timeout_s)
    else:
        options.setdefault("pool_pre_ping", True)
        # PostgreSQL's JIT compiled the reports' grouped statements on every run (~0.5 s each,
        # more than they take to run: docs/performance.md); no page here runs long enough to
        # repay it. A server-wide setting still wins if given in connect_args.
        if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
            connect_args = options.setdefault("connect_args", {})
            # connect_args' options replace the URL's (e.g. a search_path given there): keep both.
            given = connect_args.get("options") or make_url(app.config["SQLALCHEMY_DATABASE_URI"]).query.get("options")
            if "jit" not in (given or ""):
                connect_args["options"] = f"{given} -c jit=off" if given else "-c jit=off"
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    app.before_request(_note_read_only_request)


def _note_read_only_request() -> None:
    # Only requests being served: a test's or a script's request context writes freely.
    g.lms_read_only_request = request.method in READ_ONLY_METHODS


@contextmanager
def write_transaction(session):
    """Within a read-only request: end the read transaction, and begin the next one
    IMMEDIATE for the block (which commits). Upgrading a deferred read to a write could
    fail at once with "database is locked" if another process wrote since it began."""
    session.commit()
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


def only_read_from_now_on() -> None:
    """The rest of this request begins deferred transactions (an error page after a write failed)."""
    g.lms_read_only_request = True


def reads_only() -> bool:
    """Whether a transaction begun now only reads: a read-only request outside write_transaction()."""
    return not _writing.get() and has_app_context() and g.get("lms_read_only_request", False)


def _on_connect(dbapi_connection, _record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # We issue BEGIN ourselves (below), so the driver must not.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _on_begin(connection):
    if connection.dialect.name != "sqlite":
        return
    deferred = reads_only()
    connection.info["lms_read_only"] = deferred
    connection.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")


def _on_execute(connection, _cursor, statement, _parameters, _context, _executemany):
    if not connection.info.get("lms_read_only") or not statement.lstrip()[:7].lower().startswith(_WRITES):
        return
    where = f"{request.method} {request.path}" if has_request_context() else "?"
    if has_app_context() and current_app.testing:
        raise WriteInReadTransaction(f"{where} writes in a read-only transaction: use write_transaction()")
    log.warning("%s writes in a read-only transaction; it may fail if another process writes", where)


def _on_end(connection):
    connection.info.pop("lms_read_only", None)
    connection.info.pop("lms_read_only_outer", None)


def _on_savepoint(connection, _name):
    # A savepoint is a unit of work of its own (the test suite runs each request in one):
    # the same check applies to it.
    if connection.dialect.name == "sqlite":
        connection.info.setdefault("lms_read_only_outer", []).append(connection.info.get("lms_read_only", False))
        connection.info["lms_read_only"] = reads_only()


def _on_savepoint_end(connection, _name, _context=None):
    outer = connection.info.get("lms_read_only_outer")
    if outer:
        connection.info["lms_read_only"] = outer.pop()


def install_sqlite_pragmas() -> None:
    """Register the SQLite listeners once per process, for every engine."""
    if not event.contains(Engine, "connect", _on_connect):
        event.listen(Engine, "connect", _on_connect)
        event.listen(Engine, "begin", _on_begin)
        event.listen(Engine, "before_cursor_execute", _on_execute)
        event.listen(Engine, "commit", _on_end)
        event.listen(Engine, "rollback", _on_end)
        event.listen(Engine, "savepoint", _on_savepoint)
        event.listen(Engine, "release_savepoint", _on_savepoint_end)
        event.listen(Engine, "rollback_savepoint", _on_savepoint_end)


def refresh_planner_statistics(session) -> None:
    """Have the database count its tables and indexes again (ANALYZE; a few seconds for
    100,000 people). SQLite keeps no statistics of its own accord, and without them it
    guesses: it read every submitted plan on the site through the status index rather than a
    supervisor's few reports. PostgreSQL's autovacuum does this too; once more does no harm."""
    session.execute(text("ANALYZE"))
