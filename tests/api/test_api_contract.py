"""Contract tests of the whole API against its OpenAPI document (schemathesis): for every
operation, generated valid and invalid input never gives a 500, and every answer matches
the document (status, content type, body schema)."""

import contextvars

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from lms import create_app
from tests.api.api_factories import bearer, token_for
from tests.catalog.factories import published_course
from tests.classes.factories import course_class, enrol
from tests.development.log_factories import entry_with_file
from tests.development.plan_factories import agreed_plan

_serving = {}  # the app the calls go to: the suite's, on the test's database (fixture below)


def _isolated(environ, start_response):
    # each call in a fresh context, as in production (see conftest's RequestIsolatedClient)
    return contextvars.Context().run(_serving["app"], environ, start_response)


# The document is read once, from an app of its own (building it needs no database).
_serving["app"] = create_app({"TESTING": True, "SECRET_KEY": "contract", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", _isolated)


@pytest.fixture
def site_admin_token(app, world):
    """The site admin's token, on a world with something in every list, so that answers with
    rows are checked against the document too."""
    _serving["app"] = app
    course = published_course(world["institute"], sessions=[("lecture", 90), ("discussion", 60)])
    enrol(course_class(world["institute"], version=course.published), world["learner"])
    agreed_plan(world["learner"])
    entry_with_file(world["learner"])
    return token_for(world["site_admin"])


@schema.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_every_operation_keeps_its_contract(case, site_admin_token):
    case.call_and_validate(headers=bearer(site_admin_token))
