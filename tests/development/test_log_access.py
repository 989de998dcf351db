"""Every route of the log and coaching blueprints, as every role: nobody reaches what is not theirs.

The same expectations as tests/core/test_access_walk.py (403 for a missing role, 404 for
an object one may not see), on objects this module creates: a log entry with an evidence
file and a coaching session of the learner, and the same for a learner of another unit.
"""


import pytest

from tests import factories
from tests.core.test_access_walk import ROLES, _expected
from tests.development.log_factories import coaching_session_for, entry_with_file

BLUEPRINTS = ("log", "coaching")
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def objects(db, world, uploads):
    """URL arguments of these blueprints: (value, the object its permission is judged on).

    Adds a peer supervisor: beside the learner's supervisor, under the same director, with
    a report of their own.
    """
    world["peer_supervisor"] = factories.person(world["division"], world["director"], name_th="หัวหน้าข้างเคียง")
    factories.person(world["division"], world["peer_supervisor"])
    mine, my_file = entry_with_file(world["learner"])
    theirs, their_file = entry_with_file(world["other_learner"])
    my_session = coaching_session_for(world["supervisor"], world["learner"])
    their_session = coaching_session_for(world["other_supervisor"], world["other_learner"])
    people = [world[k] for k in ("learner", "peer", "supervisor", "other_learner", "site_admin")]
    return {
        "record_id": [(mine.id, mine), (theirs.id, theirs)],
        "evidence_id": [(my_file.id, my_file), (their_file.id, their_file)],
        "session_id": [(my_session.id, my_session), (their_session.id, their_session)],
        "person_id": [(p.id, p) for p in people],
    }


def _routes(app, method):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in BLUEPRINTS and method in rule.methods:
            yield rule, app.view_functions[rule.endpoint]


def _urls(rule, objects):
    if not rule.arguments:
        yield rule.rule, None
        return
    [name] = rule.arguments
    for value, obj in objects[name]:
        yield rule.rule.replace(f"<int:{name}>", str(value)), obj


@pytest.mark.parametrize("role", [*ROLES, "peer_supervisor"])
def test_walk_every_get_route(app, client, world, login, objects, role):
    person = None if role == "anonymous" else world[role]
    if person is not None:
        login(person)
    failures = []
    for rule, view in _routes(app, "GET"):
        for url, obj in _urls(rule, objects):
            with client.get(url) as response:
                status = response.status_code
            expected = _expected(person, view.permission, obj)
            if status != expected:
                failures.append(f"{role} GET {url}: {status}, expected {expected}")
    assert failures == []


@pytest.mark.parametrize("role", ["peer", "peer_supervisor", "other_supervisor", "other_learner", "author",
                                  "agency_admin", "site_admin"])
def test_no_post_reaches_someone_elses_objects(app, client, world, login, objects, role):
    login(world[role])
    failures = []
    learners = [values[0][1] for values in objects.values()]  # each list starts with the learner's
    for rule, _view in _routes(app, "POST"):
        if not rule.arguments:
            continue
        for url, obj in _urls(rule, objects):
            if any(obj is mine for mine in learners) and client.post(url).status_code != 404:
                failures.append(f"{role} POST {url}")
    assert failures == []
