"""Fixtures of the integration tests."""

import uuid

import pytest

SETTINGS = ("BASE_URL", "XAPI_LRS_URL", "XAPI_LRS_USERNAME", "XAPI_LRS_PASSWORD", "XAPI_IN_LRS_URL",
            "XAPI_IN_LRS_USERNAME", "XAPI_IN_LRS_PASSWORD", "XAPI_VERB_METHODS")


@pytest.fixture
def configure(app):
    """configure(NAME=value, …): app settings for one test, put back afterwards."""
    before = {name: app.config[name] for name in SETTINGS if name in app.config}

    def set_them(**values):
        app.config.update(values)

    # Each test its own site address: statement ids (site + source) never meet another test's
    # in the LRS, which lives for the whole session while record ids repeat after rollbacks.
    set_them(BASE_URL=f"https://thaksa-{uuid.uuid4().hex[:12]}.example.org")
    yield set_them
    for name in SETTINGS:
        app.config.pop(name, None)
    app.config.update(before)
