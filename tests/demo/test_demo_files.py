"""The demo's files: the HR ones are accepted by the import commands themselves, the
learning records arrive verified, and a second run changes nothing."""

from sqlalchemy import select

from lms.accounts.demo import DEMO_EMAIL_DOMAIN, DEMO_FILES, demo_people
from lms.demo.services import RECORDS_FILE, load_demo
from lms.extensions import db as database
from lms.records.models import LearningRecord


def demo_records() -> list[LearningRecord]:
    return database.session.scalars(select(LearningRecord).where(LearningRecord.source == "import")).all()


def test_every_demo_person_has_a_target_group_and_a_demo_address():
    people = demo_people()
    assert len(people) == 60
    assert all(p.email.endswith(f"@{DEMO_EMAIL_DOMAIN}") and p.group for p in people)


def test_the_demo_imports_its_records_verified_and_once(db):
    demo = load_demo()
    records = demo_records()
    assert demo.changed and demo.records.created == len(records) > 0
    assert {record.status for record in records} == {"verified"}
    learner = demo.accounts.people["kanokporn.m"]
    assert {record.method.slug for record in records if record.person_id == learner.id} >= {
        "training", "self-learning", "learning-from-others"}

    again = load_demo()

    assert not again.changed
    assert (again.records.created, again.records.updated, again.records.unchanged) == (0, 0, len(records))
    assert len(demo_records()) == len(records)


def test_the_hr_files_are_what_the_import_commands_accept(app, db):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["lms", "demo"]).exit_code == 0

    people = runner.invoke(args=["lms", "people", "import", "--dry-run", str(DEMO_FILES / "people.csv")])
    records = runner.invoke(args=["lms", "records", "import", "--dry-run", str(RECORDS_FILE)])

    assert people.exit_code == 0 and "created 0, updated 0, unchanged 60" in people.output, people.output
    assert records.exit_code == 0 and "created 0, updated 0, unchanged 17" in records.output, records.output


def test_the_command_reports_the_records_it_imported(app, db):
    output = app.test_cli_runner().invoke(args=["lms", "demo"]).output

    assert "Learning records from lms/demo/records.csv: created 17, updated 0, unchanged 0." in output
