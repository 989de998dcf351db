"""Walk every route as every role: nobody reaches what is not theirs.

The generic walk proves each view declares a permission and answers as that permission
says (403 for a missing role, 404 for an object the person may not see, login for
anonymous visitors). The table below pins the expectations a person would state.
"""

import pytest
from sqlalchemy import select

from lms.core import access
from lms.reference.models import TargetGroup
from tests.core.walk import url_arguments, urls_for

EXEMPT = {"static", "bootstrap.static"}
ROLES = ["anonymous", "learner", "peer", "supervisor", "director", "other_supervisor",
         "author", "agency_admin", "site_admin"]


def _expected(person, permission, obj):
    if permission == access.PUBLIC:
        return None
    if person is None:
        return 302
    if permission in access.ROLE_PERMISSIONS:
        return 200 if access.can(person, permission) else 403
    return 200 if access.can(person, permission, obj) else 404


def test_every_view_declares_a_permission(app):
    missing = [endpoint for endpoint, view in app.view_functions.items()
               if endpoint not in EXEMPT and not hasattr(view, "permission")]
    assert missing == []


@pytest.mark.parametrize("role", ROLES)
def test_walk_every_get_route(app, client, world, login, db, uploads, role):
    person = None if role == "anonymous" else world[role]
    if person is not None:
        login(person)
    group_id = db.session.scalar(select(TargetGroup.id).where(TargetGroup.slug == "service"))
    arguments = url_arguments(world, group_id)
    failures = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if rule.endpoint in EXEMPT or "GET" not in rule.methods or hasattr(view, "api_scope"):
            continue  # the API's resources answer tokens, not sessions: tests/api/test_api_walk.py
        for url, obj in urls_for(rule, arguments):
            response = client.get(url)
            response.close()  # file downloads hold their file open until closed
            status = response.status_code
            expected = _expected(person, view.permission, obj)
            if expected is None:
                ok = status in (200, 302)
            else:
                ok = status == expected
            if not ok:
                failures.append(f"{role} GET {url}: {status}, expected {expected}")
    assert failures == []


# What a person would say: who reaches which page.
EXPECTATIONS = [
    ("learner", "/admin/people", 403),
    ("learner", "/admin/organisations", 403),
    ("learner", "/admin/reference/", 403),
    ("learner", "/team", 403),
    ("learner", "/people/{peer}", 404),
    ("learner", "/people/{learner}", 200),
    ("supervisor", "/team", 200),
    ("supervisor", "/people/{learner}", 200),
    ("director", "/people/{learner}", 200),  # two levels up the chain
    ("supervisor", "/people/{director}", 404),  # not down the chain
    ("other_supervisor", "/people/{learner}", 404),
    ("author", "/institutes/{institute}", 200),
    ("author", "/institutes/{other_institute}", 404),
    ("agency_admin", "/admin/people", 200),
    ("agency_admin", "/people/{learner}", 200),
    ("agency_admin", "/people/{other_learner}", 404),
    ("agency_admin", "/admin/people/{other_learner}", 404),
    ("agency_admin", "/admin/people/{site_admin}", 404),
    ("agency_admin", "/admin/organisations/{dept_a}", 200),
    ("agency_admin", "/admin/organisations/{dept_b}", 404),
    ("agency_admin", "/admin/organisations/{ministry}", 404),
    ("agency_admin", "/admin/reference/", 403),
    ("site_admin", "/admin/reference/", 200),
    ("site_admin", "/admin/organisations/{dept_b}", 200),
    ("site_admin", "/people/{other_learner}", 200),
]


@pytest.mark.parametrize(("role", "path", "status"), EXPECTATIONS)
def test_who_reaches_what(client, world, login, role, path, status):
    login(world[role])
    url = path.format(**{k: v.id for k, v in world.items()})
    assert client.get(url).status_code == status


def test_forbidden_object_shows_the_not_found_page_in_thai(client, world, login):
    login(world["learner"])
    response = client.get(f"/people/{world['other_learner'].id}")
    assert response.status_code == 404
    assert world["other_learner"].name_th not in response.get_data(as_text=True)


def test_inactive_supervisor_reports_do_not_make_a_supervisor(client, world, login, db):
    world["learner"].is_active = False
    world["peer"].is_active = False
    db.session.flush()
    login(world["supervisor"])
    assert client.get("/team").status_code == 403
