"""Every route of the log and coaching blueprints, as every role: nobody reaches what is not theirs.

The same expectations as tests/core/test_access_walk.py (403 for a missing role, 404 for
an object one may not see), on objects this module creates: a log entry with an evidence
file and a coaching session of the learner, and the same for a learner of another unit.
"""

import io
from datetime import timedelta

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from lms.development import coaching, evidence, log
from lms.reference.models import SkillSet
from tests import factories
from tests.core.test_access_walk import ROLES, _expected

BLUEPRINTS = ("log", "coaching")
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def uploads(app, tmp_path):
    previous = app.config["UPLOAD_FOLDER"]
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    yield
    app.config["UPLOAD_FOLDER"] = previous


def _entry_with_file(db, person):
    skill_set_id = db.session.scalar(select(SkillSet.id).where(SkillSet.slug == "digital-literacy"))
    record = log.create_entry(person, log.EntryData(
        occurred_on=log.bangkok_today() - timedelta(days=1), hours_text="1", method_slug="on-the-job",
        skill_set_ids=[skill_set_id], title="งาน", notes_md="บันทึก"))
    upload, _problem = evidence.check_upload(FileStorage(io.BytesIO(PDF), "หลักฐาน.pdf"))
    with evidence.removed_unless_committed() as files:
        [evidence_file] = files.attach(record, [upload])
    return record, evidence_file


def _session_for(db, coach, person):
    skill_set_id = db.session.scalar(select(SkillSet.id).where(SkillSet.slug == "digital-leadership"))
    return coaching.record_session(coach, coaching.SessionData(
        occurred_on=log.bangkok_today() - timedelta(days=1), minutes=30, topic="สอนงาน",
        attendee_ids=[person.id], skill_set_ids=[skill_set_id]))


@pytest.fixture
def objects(db, world, uploads):
    """URL arguments of these blueprints: (value, the person whose development it is).

    Adds a peer supervisor: beside the learner's supervisor, under the same director, with
    a report of their own.
    """
    world["peer_supervisor"] = factories.person(world["division"], world["director"], name_th="หัวหน้าข้างเคียง")
    factories.person(world["division"], world["peer_supervisor"])
    mine, my_file = _entry_with_file(db, world["learner"])
    theirs, their_file = _entry_with_file(db, world["other_learner"])
    my_session = _session_for(db, world["supervisor"], world["learner"])
    their_session = _session_for(db, world["other_supervisor"], world["other_learner"])
    people = [world[k] for k in ("learner", "peer", "supervisor", "other_learner", "site_admin")]
    return {
        "record_id": [(mine.id, world["learner"]), (theirs.id, world["other_learner"])],
        "evidence_id": [(my_file.id, world["learner"]), (their_file.id, world["other_learner"])],
        "session_id": [(my_session.id, world["learner"]), (their_session.id, world["other_learner"])],
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
    for value, owner in objects[name]:
        yield rule.rule.replace(f"<int:{name}>", str(value)), owner


@pytest.mark.parametrize("role", [*ROLES, "peer_supervisor"])
def test_walk_every_get_route(app, client, world, login, objects, role):
    person = None if role == "anonymous" else world[role]
    if person is not None:
        login(person)
    failures = []
    for rule, view in _routes(app, "GET"):
        for url, owner in _urls(rule, objects):
            with client.get(url) as response:
                status = response.status_code
            expected = _expected(person, view.permission, owner)
            if status != expected:
                failures.append(f"{role} GET {url}: {status}, expected {expected}")
    assert failures == []


@pytest.mark.parametrize("role", ["peer", "peer_supervisor", "other_supervisor", "other_learner", "author",
                                  "agency_admin", "site_admin"])
def test_no_post_reaches_someone_elses_objects(app, client, world, login, objects, role):
    login(world[role])
    failures = []
    for rule, _view in _routes(app, "POST"):
        if not rule.arguments:
            continue
        for url, owner in _urls(rule, objects):
            if owner is world["learner"] and client.post(url).status_code != 404:
                failures.append(f"{role} POST {url}")
    assert failures == []
