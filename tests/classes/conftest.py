"""Service tests run inside a request, as the views call the services (messages are translated)."""

import pytest


@pytest.fixture
def in_request(app, db):
    """A request context for calling services directly; not for tests that use `client`."""
    with app.test_request_context():
        yield
