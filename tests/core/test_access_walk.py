"""Walk every route as every role: nobody reaches what is not theirs.

The generic walk proves each view declares a permission and answers as that permission
says (403 for a missing role, 404 for an object the person may not see, login for
anonymous visitors). The table below pins the expectations a person would state.
"""

import pytest
from sqlalchemy import select

from lms.core import access
from lms.reference.models import TargetGroup

EXEMPT = {"static", "bootstrap.static"}
ROLES = ["anonymous", "learner", "peer", "supervisor", "director", "other_supervisor",
         "author", "agency_admin", "site_admin"]


def _url_arguments(world, group_id):
    """Every value each URL argument takes in the walk: mine, others', out of reach.

    Each value comes with the object its view's permission is judged on (None for role
    permissions), so the walk can say what every person should get.
    """
    from lms.notifications.kinds import KINDS
    from lms.notifications.services import unsubscribe_token
    from tests.catalog.factories import draft_course, published_course
    from tests.classes.factories import course_class
    from tests.development.log_factories import coaching_session_for, entry_with_file
    from tests.development.plan_factories import draft_plan, submitted_plan

    people = [world[k] for k in ("learner", "peer", "supervisor", "other_learner", "site_admin")]
    courses = [published_course(world["institute"], format="self-paced", sessions=()),
               draft_course(world["institute"]), draft_course(world["other_institute"])]
    classes = [course_class(world["institute"]), course_class(world["other_institute"])]
    plans = [draft_plan(world["learner"]), draft_plan(world["peer"]),
             submitted_plan(world["other_learner"])]
    mine, my_file = entry_with_file(world["learner"])
    theirs, their_file = entry_with_file(world["other_learner"])
    sessions = [coaching_session_for(world["supervisor"], world["learner"]),
                coaching_session_for(world["other_supervisor"], world["other_learner"])]
    return {
        "person_id": [(p.id, p) for p in people],
        "org_id": [(world[k].id, world[k]) for k in ("dept_a", "division", "dept_b", "ministry")],
        "institute_id": [(world[k].id, world[k]) for k in ("institute", "other_institute")],
        "group_id": [(group_id, None)],
        "kind,row_id": [(("target-groups", group_id), None)],
        "course_id": [(c.id, c) for c in courses],
        "class_id": [(c.id, c) for c in classes],
        "calendar_token": [(world["learner"].calendar_token, None)],
        "plan_id": [(p.id, p.person) for p in plans],
        "record_id": [(mine.id, mine.person), (theirs.id, theirs.person)],
        "evidence_id": [(my_file.id, mine.person), (their_file.id, theirs.person)],
        "session_id": [(s.id, s.attendees[0].person) for s in sessions],
        "token": [(unsubscribe_token(world["learner"].id, next(iter(KINDS))), None)],
    }


def _urls_for(rule, arguments):
    names = sorted(rule.arguments)
    if not names:
        yield rule.rule, None
        return
    key = ",".join(names)
    if key not in arguments:
        raise AssertionError(f"the walk has no values for {key!r} ({rule.rule}): add them above")
    for value, obj in arguments[key]:
        values = value if isinstance(value, tuple) else (value,)
        path = rule.rule
        for name, v in zip(names, values, strict=True):
            path = path.replace(f"<{name}>", str(v)).replace(f"<int:{name}>", str(v))
        yield path, obj


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
    arguments = _url_arguments(world, group_id)
    failures = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in EXEMPT or "GET" not in rule.methods:
            continue
        view = app.view_functions[rule.endpoint]
        for url, obj in _urls_for(rule, arguments):
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
