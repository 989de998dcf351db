"""Who reaches the catalogue and "my learning": as the route walk would check them, with courses.

tests/core/test_access_walk.py needs a `course_id` argument for these routes; this walk uses
the values it should take: a published course, and a draft-only course of each institute.
"""

import pytest

from lms.core import access
from tests.catalog.factories import draft_course, published_course

ROLES = ["learner", "peer", "supervisor", "director", "other_supervisor", "author", "agency_admin", "site_admin"]
MY_ENDPOINTS = ("catalogue.", "development.my_learning")


@pytest.fixture
def courses(world):
    return {
        "published self-paced": published_course(world["institute"], format="self-paced",
                                                 credit_method="self-learning", content="เนื้อหา"),
        "published classroom": published_course(world["other_institute"]),
        "draft of my institute": draft_course(world["institute"], format="self-paced",
                                              credit_method="self-learning", content="ร่างเนื้อหา"),
        "draft of another institute": draft_course(world["other_institute"]),
    }


def _expected(person, permission, obj):
    if permission in access.ROLE_PERMISSIONS:
        return 200 if access.can(person, permission) else 403
    return 200 if access.can(person, permission, obj) else 404


@pytest.mark.parametrize("role", ROLES)
def test_walk_catalogue_routes(app, client, world, login, courses, role):
    person = world[role]
    login(person)
    failures, walked = [], 0
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(MY_ENDPOINTS) or "GET" not in rule.methods:
            continue
        permission = app.view_functions[rule.endpoint].permission
        targets = [(name, c) for name, c in courses.items()] if rule.arguments else [("", None)]
        assert set(rule.arguments) <= {"course_id"}
        for name, course in targets:
            url = rule.rule.replace("<int:course_id>", str(course.id)) if course else rule.rule
            status, expected = client.get(url).status_code, _expected(person, permission, course)
            walked += 1
            if status != expected:
                failures.append(f"{role} GET {url} ({name}): {status}, expected {expected}")
    assert walked == 1 + 1 + 2 * len(courses)
    assert failures == []


def test_learners_never_see_a_draft_only_course(client, login_as, courses):
    login_as("learner")
    for name in ("draft of my institute", "draft of another institute"):
        assert client.get(f"/courses/{courses[name].id}").status_code == 404
        assert client.post(f"/courses/{courses[name].id}/learn/complete").status_code == 404


def test_an_author_previews_but_cannot_complete_their_own_draft(client, login_as, courses, db):
    author = login_as("author")
    draft = courses["draft of my institute"]
    html = client.get(f"/courses/{draft.id}/learn").get_data(as_text=True)
    assert "ร่างเนื้อหา" in html and 'id="preview-notice"' in html and "learn/complete" not in html
    assert client.post(f"/courses/{draft.id}/learn/complete").status_code == 404
    from lms.records.services import records_of

    assert records_of(author) == []


def test_every_view_declares_its_permission(app):
    views = {e: v for e, v in app.view_functions.items() if e.startswith(MY_ENDPOINTS)}
    assert {e: v.permission for e, v in views.items()} == {
        "catalogue.index": "signed_in", "catalogue.course": "view_course", "catalogue.learn": "view_course",
        "catalogue.complete": "view_course", "development.my_learning": "signed_in"}
