"""Pages run a bounded number of statements, however many learners or classes there are."""

import pytest
from sqlalchemy import event

from tests import factories as people
from tests.classes import factories


def _statements(db, client, path) -> int:
    executed = []
    connection = db.session.connection()

    def listen(*args):
        executed.append(args[2])

    event.listen(connection, "before_cursor_execute", listen)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(connection, "before_cursor_execute", listen)
    return len(executed)


def _fill(world, cls, learners: int):
    crowd = [people.person(people.organisation(parent=world["dept_a"])) for _ in range(learners)]
    factories.enrol(cls, *crowd)


@pytest.mark.parametrize("page", ["staff_detail", "attendance"])
def test_staff_pages_do_not_grow_with_learners(client, db, world, login_as, app, page):
    small, large = (factories.course_class(world["institute"], capacity=3) for _ in range(2))
    with app.test_request_context():
        _fill(world, small, 2)
        _fill(world, large, 8)
    login_as("author")
    paths = {"staff_detail": "/classes/manage/{}", "attendance": "/classes/manage/{}/attendance"}
    counts = [_statements(db, client, paths[page].format(cls.id)) for cls in (small, large)]
    assert counts[0] == counts[1]


def test_the_class_list_does_not_grow_with_classes(client, db, world, login_as, app):
    with app.test_request_context():
        _fill(world, factories.course_class(world["institute"], capacity=1), 2)
    login_as("author")
    one = _statements(db, client, "/classes/manage")
    with app.test_request_context():
        for _ in range(4):
            _fill(world, factories.course_class(world["institute"], capacity=1), 2)
    assert _statements(db, client, "/classes/manage") == one


def test_my_classes_does_not_grow_with_enrolments(client, db, world, login_as, app):
    login_as("learner")
    with app.test_request_context():
        for _ in range(4):
            factories.enrol(factories.course_class(world["institute"]), world["learner"])
    second = _statements(db, client, "/classes/mine")
    with app.test_request_context():
        factories.enrol(factories.course_class(world["institute"]), world["learner"])
    assert _statements(db, client, "/classes/mine") == second
