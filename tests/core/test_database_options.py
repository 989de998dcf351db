"""Connection settings the app sets for its database."""

import pytest
from sqlalchemy import text


def test_postgresql_connections_run_without_jit(app, db):
    """The reports' grouped statements were JIT-compiled on every run, at more cost than the
    run itself (docs/performance.md): the app's connections turn JIT off."""
    if db.session.get_bind().dialect.name != "postgresql":
        pytest.skip("PostgreSQL only (LMS_TEST_DATABASE_URL)")
    assert db.session.execute(text("SHOW jit")).scalar() == "off"


def test_jit_off_keeps_the_urls_own_options():
    """A search_path given in the URL (a schema of its own, as tests and some sites use) stays."""
    from lms import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u:p@127.0.0.1/db?options=-csearch_path%3Dmine"})
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["options"]
    assert options == "-csearch_path=mine -c jit=off"
