"""Walk every API route as every role, with a token: the same answers as the access layer
gives the pages (tests/core/test_access_walk.py), in JSON; without a token, 401."""

import pytest
from sqlalchemy import select

from lms.core import access
from lms.reference.models import TargetGroup
from tests.api.api_factories import bearer, token_for
from tests.core.walk import url_arguments, urls_for

ROLES = ["anonymous", "learner", "peer", "supervisor", "director", "other_supervisor",
         "author", "agency_admin", "site_admin"]


def _expected(person, permission, obj):
    if person is None:
        return 401
    if permission in access.ROLE_PERMISSIONS:
        return 200 if access.can(person, permission) else 403
    return 200 if access.can(person, permission, obj) else 404


def _api_rules(app):
    return [rule for rule in app.url_map.iter_rules()
            if hasattr(app.view_functions[rule.endpoint], "api_scope") and "GET" in rule.methods]


def test_every_api_view_declares_a_scope_and_a_permission(app):
    api_rules = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")
                 and rule.endpoint.split(".")[0] not in ("api_oauth", "api_docs")]
    assert api_rules
    for rule in api_rules:
        view = app.view_functions[rule.endpoint]
        assert view.api_scope and view.permission, rule.rule


@pytest.mark.parametrize("role", ROLES)
def test_walk_every_api_get_route(app, client, world, db, role):
    person = None if role == "anonymous" else world[role]
    headers = bearer(token_for(person)) if person is not None else {}
    group_id = db.session.scalar(select(TargetGroup.id).where(TargetGroup.slug == "service"))
    arguments = url_arguments(world, group_id)
    failures = []
    for rule in _api_rules(app):
        view = app.view_functions[rule.endpoint]
        for url, obj in urls_for(rule, arguments):
            response = client.get(url, headers=headers)
            expected = _expected(person, view.permission, obj)
            if response.status_code != expected:
                failures.append(f"{role} GET {url}: {response.status_code}, expected {expected}")
            elif expected != 200:
                assert response.is_json and response.get_json()["status"] == expected, url
    assert failures == []


def test_a_token_without_the_scope_is_refused_everywhere(app, client, world, db):
    """A token scoped to courses only cannot read people, even its own person."""
    headers = bearer(token_for(world["site_admin"], scopes=["courses:read"]))
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 403
    assert "people:read" in response.get_json()["detail"]
    assert client.get("/api/v1/courses", headers=headers).status_code == 200
