"""Engine settings: SQLite as a well-behaved embedded database, PostgreSQL as is."""

import sqlite3

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine


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
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


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
    if connection.dialect.name == "sqlite":
        # BEGIN IMMEDIATE: a second writer waits (busy timeout) instead of failing
        # later with "database is locked" when it upgrades a read lock.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def install_sqlite_pragmas() -> None:
    """Register the SQLite listeners once per process, for every engine."""
    if not event.contains(Engine, "connect", _on_connect):
        event.listen(Engine, "connect", _on_connect)
        event.listen(Engine, "begin", _on_begin)
