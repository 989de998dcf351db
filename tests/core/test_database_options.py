"""Connection settings the app sets for its database."""

import pytest
from sqlalchemy import text


def test_postgresql_connections_run_without_jit(app, db):
    """The reports' grouped statements were JIT-compiled on every run, at more cost than the
    run itself (docs/performance.md): the app's connections turn JIT off."""
    if db.session.get_bind().dialect.name != "postgresql":
        pytest.skip("PostgreSQL only (LMS_TEST_DATABASE_URL)")
    assert db.session.execute(text("SHOW jit")).scalar() == "off"
