"""Configuration layers, the secret-key guard and SQLite's settings."""

import threading

import pytest
from sqlalchemy import create_engine, text

from lms import InsecureConfigError, create_app
from lms.config import settings_from_environment
from lms.core import database


def test_environment_overrides(monkeypatch, tmp_path):
    monkeypatch.setenv("LMS_DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite3")
    monkeypatch.setenv("LMS_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("LMS_PER_PAGE", "7")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("/x.sqlite3")
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["PER_PAGE"] == 7


def test_instance_config_is_read_and_environment_wins(monkeypatch, tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text("SECRET_KEY = 'from-instance'\nPER_PAGE = 3\n")
    monkeypatch.setenv("LMS_PER_PAGE", "9")
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(instance))
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-instance"
    assert app.config["PER_PAGE"] == 9
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance}/lms.sqlite3"


def test_refuses_the_default_secret_outside_debug_and_testing(monkeypatch, tmp_path):
    monkeypatch.delenv("LMS_SECRET_KEY", raising=False)
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    with pytest.raises(InsecureConfigError, match="LMS_SECRET_KEY"):
        create_app()
    assert create_app({"TESTING": True}).testing


def test_cookies_are_secure_outside_development(monkeypatch, tmp_path):
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    app = create_app({"SECRET_KEY": "s"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_boolean_settings_from_environment():
    assert settings_from_environment({"LMS_SMTP_STARTTLS": "yes"}) == {"SMTP_STARTTLS": True}
    assert settings_from_environment({"LMS_SMTP_STARTTLS": "0"}) == {"SMTP_STARTTLS": False}


def _sqlite_engine(path):
    database.install_sqlite_pragmas()
    return create_engine(f"sqlite:///{path}", connect_args={"timeout": 10})


def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path):
    engine = _sqlite_engine(tmp_path / "p.sqlite3")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_sqlite_concurrent_writers_wait_instead_of_failing(tmp_path):
    """Eight threads each read-then-write the same counter 25 times: no 'database is
    locked', and no update lost (BEGIN IMMEDIATE serialises the read-modify-write)."""
    engine = _sqlite_engine(tmp_path / "c.sqlite3")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE counter (n INTEGER)"))
        conn.execute(text("INSERT INTO counter VALUES (0)"))
    errors = []

    def work():
        try:
            for _ in range(25):
                with engine.begin() as conn:
                    n = conn.execute(text("SELECT n FROM counter")).scalar()
                    conn.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with engine.connect() as conn:
        assert conn.execute(text("SELECT n FROM counter")).scalar() == 200
    engine.dispose()


def test_behind_a_proxy_the_client_address_comes_from_x_forwarded_for(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "PROXY_COUNT": 1,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.sqlite3"})

    @app.get("/whoami")
    def whoami():
        from flask import request

        return request.remote_addr

    response = app.test_client().get("/whoami", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.get_data(as_text=True) == "203.0.113.9"
