"""The sums checked against the records, rebuilt from them, kept by driver-level bulk
inserts and anonymisation, and rebuilt after a bulk load without the triggers."""

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select, text

from lms.core.models import utcnow
from lms.notifications import bulk
from lms.privacy import anonymise as anonymising
from lms.records.models import LearningRecord, PersonYearHours, record_skill_sets
from lms.records.sums import (
    SumDifference,
    installed_sum_triggers,
    rebuild_person_hours,
    sum_triggers_suspended,
    sums_out_of_step,
)
from tests.records.helpers import h, method, month_sums, record, skill_set, year_sums


def _some_records(world):
    record(world["learner"], hours="2", skill_sets=["digital-literacy"])
    record(world["learner"], hours="1.5", status="pending", on=date(2026, 9, 30))
    record(world["peer"], hours="3", method_slug="coaching", skill_sets=["digital-literacy", "digital-governance"])


def test_a_sum_changed_behind_the_triggers_back_is_found_and_rebuilt(world, db):
    _some_records(world)
    learner = world["learner"]
    before = year_sums(learner), month_sums(learner)
    db.session.execute(text("UPDATE person_year_hours SET verified_hours = 99, records = 5 "
                            "WHERE person_id = :p AND skill_set_key = 0 AND fiscal_year = 2570"), {"p": learner.id})
    db.session.execute(text("DELETE FROM person_month_hours WHERE person_id = :p AND month = 9"), {"p": learner.id})

    found = sums_out_of_step(db.session)

    on_the_job = method("on-the-job").id
    assert found == [
        SumDifference("person_year_hours", (learner.id, 2570, on_the_job, 0),
                      (Decimal("99.00"), Decimal("0.00"), 5), (Decimal("2.00"), Decimal("0.00"), 1)),
        SumDifference("person_month_hours", (learner.id, 2569, 9),
                      (Decimal("0.00"), Decimal("0.00")), (Decimal("0.00"), Decimal("1.50"))),
    ]
    held = rebuild_person_hours(db.session, [learner.id])
    assert held == {"person_year_hours": 3, "person_month_hours": 2, "person_year_totals": 2}
    assert (year_sums(learner), month_sums(learner)) == before
    assert sums_out_of_step(db.session) == []


def test_a_rebuild_of_everyone_from_empty_tables_gives_what_the_triggers_kept(world, db):
    _some_records(world)
    kept = {who: (year_sums(world[who]), month_sums(world[who])) for who in ("learner", "peer")}
    db.session.execute(text("DELETE FROM person_year_hours"))
    db.session.execute(text("DELETE FROM person_month_hours"))
    assert len(sums_out_of_step(db.session)) == 9

    rebuild_person_hours(db.session)

    assert {who: (year_sums(world[who]), month_sums(world[who])) for who in ("learner", "peer")} == kept
    assert sums_out_of_step(db.session) == []


def test_driver_level_executemany_inserts_keep_the_sums(world, db):
    learner, peer = world["learner"], world["peer"]
    connection = db.session.connection()
    dialect = connection.dialect
    table = LearningRecord.__table__
    columns = ("person_id", "learning_method_id", "occurred_on", "hours", "title", "notes_md", "source",
               "source_key", "status", "created_at")
    convert = bulk.converters(table, columns, dialect)
    rows = [(person.id, method("self-learning").id, date(2026, 10, 1) + timedelta(days=n), Decimal("0.5") * (n + 1),
             "นำเข้า", "", "import", f"bulk{n}", ("verified", "pending", "returned")[n % 3], utcnow())
            for n, person in enumerate([learner, peer] * 6)]
    cursor = connection.connection.cursor()
    cursor.executemany(bulk.insert_sql(table, columns, dialect), [
        tuple(f(value) for f, value in zip(convert, row, strict=True)) for row in rows])
    ids = db.session.scalars(select(LearningRecord.id).where(LearningRecord.source == "import")
                             .order_by(LearningRecord.id)).all()
    cursor.executemany(bulk.insert_sql(record_skill_sets, ("record_id", "skill_set_id"), dialect),
                       [(record_id, skill_set("digital-literacy").id) for record_id in ids[::2]])
    cursor.close()

    # learner: records 0, 2, …, 10 (verified, returned, pending, verified, returned, pending)
    assert year_sums(learner)[(2570, "self-learning", "all")] == (h(0.5 + 3.5), h(2.5 + 5.5), 6)
    assert year_sums(learner)[(2570, "self-learning", "digital-literacy")] == (h(0.5 + 3.5), h(2.5 + 5.5), 6)
    assert sums_out_of_step(db.session) == []


def test_anonymising_a_person_keeps_their_sums(app, world, db):
    learner = world["learner"]
    _some_records(world)
    before = year_sums(learner), month_sums(learner)
    learner.is_active = False
    learner.deactivated_at = utcnow() - timedelta(days=anonymising.retention_days() + 1)
    db.session.flush()

    anonymising.anonymise(learner, None, actor_label="test")
    db.session.flush()

    assert learner.anonymised_at is not None
    assert (year_sums(learner), month_sums(learner)) == before
    assert sums_out_of_step(db.session) == []


def test_a_bulk_load_without_the_triggers_ends_with_them_back_and_the_sums_rebuilt(world, db):
    learner = world["learner"]
    record(learner, hours="1")
    connection = db.session.connection()
    expected = installed_sum_triggers(connection)

    with sum_triggers_suspended(connection):
        assert installed_sum_triggers(connection) == []
        connection.execute(text(
            "INSERT INTO learning_records (person_id, learning_method_id, occurred_on, hours, title, notes_md,"
            " source, source_key, status, created_at) VALUES (:p, :m, :d, 2, 'x', '', 'import', 'raw', 'verified',"
            " CURRENT_TIMESTAMP)"), {"p": learner.id, "m": method("on-the-job").id, "d": date(2026, 12, 1)})
        assert year_sums(learner)[(2570, "on-the-job", "all")] == (h(1), h(0), 1)  # not counted yet

    assert installed_sum_triggers(connection) == expected
    assert year_sums(learner)[(2570, "on-the-job", "all")] == (h(3), h(0), 2)
    assert month_sums(learner) == {(2570, 11): (h(1), h(0)), (2570, 12): (h(2), h(0))}
    assert sums_out_of_step(db.session) == []
    record(learner, hours="4")  # the triggers work again
    assert year_sums(learner)[(2570, "on-the-job", "all")] == (h(7), h(0), 3)


def test_check_sums_and_rebuild_sums_commands(app, world, db):
    _some_records(world)
    run = app.test_cli_runner().invoke

    fine = run(args=["lms", "records", "check-sums"])
    assert fine.exit_code == 0, fine.output
    assert "in step" in fine.output

    db.session.execute(text("UPDATE person_year_hours SET records = 7"))
    broken = run(args=["lms", "records", "check-sums"])
    assert broken.exit_code == 1
    assert "person_year_hours: 6 rows differ" in broken.output and "rebuild-sums" in broken.output
    assert f"({world['learner'].id}, 2569, {method('on-the-job').id}, 0): 0.00, 1.50, 7 → 0.00, 1.50, 1" \
        in broken.output

    rebuilt = run(args=["lms", "records", "rebuild-sums"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "6 rows in person_year_hours, 3 rows in person_month_hours" in rebuilt.output
    assert run(args=["lms", "records", "check-sums"]).exit_code == 0
    assert db.session.scalar(select(PersonYearHours.records).where(
        PersonYearHours.person_id == world["learner"].id, PersonYearHours.fiscal_year == 2570,
        PersonYearHours.skill_set_key == 0)) == 1


def test_a_method_moved_to_another_bucket_is_found_by_the_check_and_fixed_by_a_rebuild(world, db):
    """The totals follow the records, not the reference data: after an admin moves a method
    to another bucket, the check says which totals are stale and a rebuild recomputes them."""
    _some_records(world)
    learner = world["learner"]
    db.session.execute(text("UPDATE learning_methods SET bucket = 'formal' WHERE slug = 'on-the-job'"))

    stale = [difference for difference in sums_out_of_step(db.session) if difference.table == "person_year_totals"]
    assert [difference.key for difference in stale] == [(learner.id, 2569), (learner.id, 2570)]  # on-the-job both
    assert stale[1].stored[:6] == (h(2), h(0), h(0), h(0), h(0), h(0))  # experiential → formal
    assert stale[1].fresh[:6] == (h(0), h(0), h(0), h(0), h(2), h(0))

    rebuild_person_hours(db.session)
    assert sums_out_of_step(db.session) == []
