"""Messages are checked by their English source text, so the Thai translation may change freely."""

import pytest
from flask import session

from lms.accounts.models import Person


@pytest.fixture(autouse=True)
def _english(request):
    """Everyone in the world reads English (the source language) unless a test says otherwise."""
    if "world" in request.fixturenames:
        world = request.getfixturevalue("world")
        for value in world.values():
            if isinstance(value, Person):
                value.language = "en"
        request.getfixturevalue("db").session.flush()


@pytest.fixture
def in_request(app, db):
    """A request context, in English, for calling services directly; not for tests that use `client`."""
    with app.test_request_context():
        session["language"] = "en"
        yield
