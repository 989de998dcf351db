"""Reference data is kept in memory per process (lms.reference.cache), and an edit shows at once:
on the worker that made it and, through the token in reference_versions, on every other one."""

import os
from datetime import UTC, datetime

import pytest
import time_machine
from flask_migrate import upgrade
from sqlalchemy import select

from lms import create_app
from lms.extensions import db as _db
from lms.reference.cache import reference_data
from lms.reference.models import LearningMethod, ReferenceVersion
from lms.reference.services import bucket_names, policy_title
from tests.postgres import database_of_its_own


def _method(slug):
    return _db.session.scalar(select(LearningMethod).where(LearningMethod.slug == slug))


def _token():
    return _db.session.scalar(select(ReferenceVersion.token))


def _social_row(html):
    return html.split('data-bucket="social"')[1].split("</tr>")[0]


def test_an_admin_renaming_a_method_renames_the_bucket_on_the_next_dashboard(client, login_as, db):
    old_name = _method("coaching").name_th
    with time_machine.travel(datetime(2026, 6, 15, 3, 0, tzinfo=UTC), tick=False):
        login_as("learner")
        assert old_name in _social_row(client.get("/dashboard/").get_data(as_text=True))
        client.post("/logout")
        login_as("site_admin")
        method = _method("coaching")
        response = client.post(f"/admin/reference/learning-methods/{method.id}",
                               data={"name_th": "การโค้ชรายบุคคล", "name_en": "One-to-one coaching"})
        assert response.status_code == 302
        client.post("/logout")
        login_as("learner")
        html = client.get("/dashboard/").get_data(as_text=True)
    assert "การโค้ชรายบุคคล" in _social_row(html) and old_name not in html


def test_any_change_to_a_reference_row_gives_a_new_token_and_other_changes_do_not(db, world):
    before = _token()
    world["learner"].name_en = "Someone else"
    db.session.flush()
    assert _token() == before
    _method("training").name_en = "Classroom training"
    db.session.flush()
    changed = _token()
    assert changed != before
    _method("training").name_en = "Classroom training"  # the same value: nothing changed
    db.session.flush()
    assert _token() == changed


def test_an_edit_rolled_back_leaves_no_trace_in_the_cache(app, db):
    shipped = bucket_names()["formal"][1]
    savepoint = db.session.begin_nested()
    _method("training").name_en = "Courses"
    db.session.flush()
    assert bucket_names()["formal"][1] == "Courses"  # the editing transaction sees its edit
    savepoint.rollback()
    db.session.commit()  # a new transaction reads the token again
    assert bucket_names()["formal"][1] == shipped


def test_the_copy_is_reused_while_nothing_changes(db):
    assert reference_data() is reference_data()
    db.session.commit()
    assert reference_data() is reference_data()


@pytest.fixture
def two_workers(tmp_path):
    """Two apps on one database of their own: what two gunicorn workers are to each other."""
    base = os.environ.get("LMS_TEST_DATABASE_URL", "")
    with database_of_its_own(base, "thaksa_reference_cache", tmp_path / "workers.sqlite3") as url:
        config = {"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url}
        first, second = create_app(config), create_app(config)
        with first.app_context():
            upgrade()
        yield first, second
        for app in (first, second):
            with app.app_context():
                _db.engine.dispose()


def test_an_edit_through_one_worker_shows_on_the_other(two_workers):
    first, second = two_workers
    for app in (first, second):
        with app.app_context():
            old_name = _method("coaching").name_th
            assert old_name in bucket_names()["social"][0]
            assert policy_title("ocsc-2561", "en").startswith("OCSC guideline")
    with first.app_context():
        _method("coaching").name_th = "การโค้ช"
        _db.session.commit()
    with second.app_context():
        social = bucket_names()["social"][0]
    assert "การโค้ช" in social and old_name not in social
