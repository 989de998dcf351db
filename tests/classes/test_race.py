"""The last seat, taken by two people at the same moment: one gets it, the other waits.

Real concurrency needs real transactions, so this test does not use the rolled-back test
session: it builds its own app on a migrated database of its own (a temporary SQLite
file, or a schema of its own in the PostgreSQL test database), commits, and runs two
threads, each with its own test client, request context and database session.
"""

import os
import threading
import uuid

import pytest
from flask_migrate import upgrade
from sqlalchemy import select

from lms import create_app
from lms.classes.models import CourseClass, Enrolment
from lms.extensions import db
from tests import factories as people
from tests.catalog.factories import published_course
from tests.classes import factories
from tests.postgres import database_of_its_own

RACE_SCHEMA = "thaksa_classes_race"
ROUNDS = 5  # each round a fresh class with one seat left


@pytest.fixture
def race_app(tmp_path):
    base = os.environ.get("LMS_TEST_DATABASE_URL", "")
    with database_of_its_own(base, RACE_SCHEMA, tmp_path / "race.sqlite3") as url:
        app = create_app({"TESTING": True, "SECRET_KEY": "race-secret", "SQLALCHEMY_DATABASE_URI": url,
                          "WTF_CSRF_ENABLED": False})
        with app.app_context():
            upgrade()
        try:
            yield app
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


def _prepare(app) -> dict:
    """Committed rows: classes of capacity 2 with one seat taken, and two people to race."""
    tag = uuid.uuid4().hex[:8]
    with app.test_request_context():
        institute = people.institute(code=f"RACE-{tag}")
        version = published_course(institute, code=f"RACE-{tag}").published
        holder = people.person(email=f"holder-{tag}@example.go.th")
        racers = [people.person(email=f"racer{i}-{tag}@example.go.th") for i in (1, 2)]
        classes = [factories.course_class(institute, version=version, capacity=2) for _ in range(ROUNDS)]
        for cls in classes:
            factories.enrol(cls, holder)
        db.session.commit()
        setup = {"class_ids": [c.id for c in classes], "racers": [(p.id, p.email) for p in racers]}
        db.session.remove()
    return setup


def _logged_in_client(app, email):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": people.TEST_PASSWORD})
    assert response.status_code == 302
    return client


def _statuses(app, class_id) -> dict[int, str]:
    with app.app_context():
        rows = db.session.execute(select(Enrolment.person_id, Enrolment.status)
                                  .where(Enrolment.class_id == class_id))
        statuses = dict(rows.all())
        db.session.remove()
    return statuses


def test_two_people_taking_the_last_seat_at_once(race_app):
    setup = _prepare(race_app)
    clients = {person_id: _logged_in_client(race_app, email) for person_id, email in setup["racers"]}
    for class_id in setup["class_ids"]:
        barrier = threading.Barrier(len(clients))
        answers, failures = {}, []

        def take_seat(person_id, client, class_id=class_id, barrier=barrier, answers=answers,
                      failures=failures):
            try:
                barrier.wait(timeout=10)
                answers[person_id] = client.post(f"/classes/{class_id}/enrol").status_code
            except Exception as exc:  # reported below: a thread's exception is otherwise lost
                failures.append(exc)

        threads = [threading.Thread(target=take_seat, args=item) for item in clients.items()]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert failures == [] and set(answers.values()) == {302}

        statuses = {pid: status for pid, status in _statuses(race_app, class_id).items() if pid in clients}
        assert sorted(statuses.values()) == ["enrolled", "waitlisted"]

        # The seated one withdraws: the one waiting is promoted.
        seated = next(pid for pid, status in statuses.items() if status == "enrolled")
        waiting = next(pid for pid, status in statuses.items() if status == "waitlisted")
        assert clients[seated].post(f"/classes/{class_id}/withdraw").status_code == 302
        after = _statuses(race_app, class_id)
        assert (after[seated], after[waiting]) == ("withdrawn", "enrolled")
        assert list(after.values()).count("enrolled") == 2  # the holder and the promoted one

    with race_app.app_context():
        capacities = db.session.scalars(select(CourseClass.capacity)).all()
        db.session.remove()
    assert capacities == [2] * ROUNDS
