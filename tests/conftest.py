"""Fixtures: the app on a real database (SQLite, or PostgreSQL via LMS_TEST_DATABASE_URL),
migrated from empty once per run; each test inside a transaction rolled back at its end."""

import contextvars
import os
from pathlib import Path

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from flask_sqlalchemy.session import Session as FlaskSession

from lms import create_app
from lms.extensions import db as _db
from tests import factories
from tests.postgres import keep_extensions_apart, on_schema, recreate_schema, worker_schema
from tests.servers import running_server
from tests.translation_catalogues import compile_stale_catalogues

TEST_PASSWORD = factories.TEST_PASSWORD


def pytest_configure(config):
    # Once, before any xdist worker starts and migrates a schema of its own.
    url = os.environ.get("LMS_TEST_DATABASE_URL", "")
    if url.startswith("postgresql") and not os.environ.get("PYTEST_XDIST_WORKER"):
        keep_extensions_apart(url)


def pytest_sessionstart(session):
    # The .mo files are git-ignored and built by `make`; plain `pytest` must find Thai too.
    compile_stale_catalogues()


# `make test` spreads the tests over the CPUs (pytest-xdist, --dist loadgroup: one test at a
# time to whichever worker is free). A module whose tests share a module-scoped server, or
# walk one path step by step, stays on one worker.
WHOLE_MODULES = ("tests/e2e/", "tests/core/test_translations.py")


def pytest_collection_modifyitems(config, items):
    root = Path(str(config.rootpath))
    for item in items:
        relative = Path(item.path).relative_to(root).as_posix()
        if relative.startswith(WHOLE_MODULES):
            item.add_marker(pytest.mark.xdist_group(relative))


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = os.environ.get("LMS_TEST_DATABASE_URL")
    if url:
        if not os.environ.get("PYTEST_XDIST_WORKER"):
            recreate_schema(url)
            return url
        schema = worker_schema("thaksa_test")  # each xdist worker migrates a schema of its own
        recreate_schema(url, schema)
        return on_schema(url, schema)
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "LOGIN_MAX_FAILURES": 5,
        "SERVER_NAME": "localhost",
    })
    with app.app_context():
        upgrade()  # the migrations, from empty to head: the schema tests run on
        _db.engine.dispose()
    yield app
    with app.app_context():
        _db.engine.dispose()  # close pooled connections before the interpreter exits


class _TestSession(FlaskSession):
    """Every query goes to the test's connection, inside its outer transaction."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return self.bind


@pytest.fixture
def db(app):
    with app.app_context():
        connection = _db.engine.connect()
        outer = connection.begin()
        original = _db.session
        _db.session = _db._make_scoped_session({
            "class_": _TestSession,
            "bind": connection,
            "join_transaction_mode": "create_savepoint",
        })
        try:
            yield _db
        finally:
            _db.session.remove()
            _db.session = original
            if outer.is_active:
                outer.rollback()
            connection.close()


class RequestIsolatedClient(FlaskClient):
    """Each request in a fresh context, as in production: its own app context, `g` and
    database session (on the test's connection), so nothing cached leaks between requests
    and a view that forgets to commit loses its work. The test's own objects are expired
    afterwards, so they show what the request wrote."""

    def open(self, *args, **kwargs):
        if not has_app_context():  # a redirect being followed: already isolated
            return super().open(*args, **kwargs)
        kwargs.setdefault("buffered", True)  # a streamed body is read inside its request, as a server does
        response = contextvars.Context().run(super().open, *args, **kwargs)
        _db.session.expire_all()
        return response


@pytest.fixture
def client(app, db):
    app.test_client_class = RequestIsolatedClient
    return app.test_client()


@pytest.fixture
def csrf(app):
    """CSRF protection on, as in production, for the tests that prove it."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def world(db):
    """A small organisation with a person in every role (see factories.build_world)."""
    return factories.build_world()


@pytest.fixture
def login(client):
    """login(person): log in through the real login form; returns the client."""

    def log_in(person, password=TEST_PASSWORD, remember=False):
        client.post("/logout")  # whoever was logged in before: the login page would redirect
        response = client.post("/login", data={"email": person.email, "password": password,
                                                "remember": "y" if remember else ""})
        assert response.status_code == 302, response.get_data(as_text=True)
        assert response.headers["Location"] == "/", response.headers["Location"]
        return client

    return log_in


@pytest.fixture
def login_as(world, login):
    """login_as("supervisor"): the world's person of that role, logged in."""

    def log_in(role):
        person = world[role]
        login(person)
        return person

    return log_in


@pytest.fixture
def uploads(app, tmp_path):
    """Evidence files go to a temporary folder for the test."""
    previous = app.config["UPLOAD_FOLDER"]
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    yield tmp_path / "uploads"
    app.config["UPLOAD_FOLDER"] = previous


# Real servers on loopback (tests/servers.py), started once per test process when a test asks.
@pytest.fixture(scope="session")
def lrs_server(tmp_path_factory):
    """Ralph, a Learning Record Store: LMS_TEST_LRS_URL (ends in /xAPI/), _USERNAME, _PASSWORD."""
    with running_server("ralph", tmp_path_factory.mktemp("lrs")) as settings:
        yield settings


@pytest.fixture(scope="session")
def oidc_server(tmp_path_factory):
    """An OpenID provider: LMS_TEST_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET, users (scripts/test-servers/oidc.sh)."""
    with running_server("oidc", tmp_path_factory.mktemp("oidc")) as settings:
        yield settings


@pytest.fixture(scope="session")
def ldap_server(tmp_path_factory):
    """slapd with the test directory of scripts/test-servers/ldap/ (see slapd.sh for the names it exports)."""
    with running_server("slapd", tmp_path_factory.mktemp("ldap")) as settings:
        yield settings
