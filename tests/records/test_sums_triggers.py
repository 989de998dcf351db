"""The per-person sums follow every change to learning records, worked out by hand: what a
report reads is what the records say, in the same transaction."""

from datetime import date

from sqlalchemy import delete, insert, text, update

from lms.accounts.models import Person
from lms.records.models import LearningRecord, record_skill_sets
from lms.records.sums import TRIGGER_PREFIX, installed_sum_triggers, sums_out_of_step
from tests import factories
from tests.records.helpers import h, method, month_sums, record, skill_set, totals, year_sums

NOV = date(2026, 11, 15)  # fiscal year 2570, month 11


def test_the_triggers_are_installed(db):
    assert installed_sum_triggers(db.session) == sorted(
        TRIGGER_PREFIX + name for name in (
            "record_inserted", "record_updated", "record_deleted", "tag_changed",
            *(("tag_added", "tag_removed") if db.engine.dialect.name == "sqlite" else ())))


def test_a_verified_record_counts_in_its_year_method_skill_set_and_month(world, db):
    learner = world["learner"]
    record(learner, hours="2.5", on=NOV, skill_sets=["digital-literacy"])

    assert year_sums(learner) == {(2570, "on-the-job", "all"): (h(2.5), h(0), 1),
                                  (2570, "on-the-job", "digital-literacy"): (h(2.5), h(0), 1)}
    assert month_sums(learner) == {(2570, 11): (h(2.5), h(0))}
    assert sums_out_of_step(db.session) == []


def test_a_second_record_adds_up_and_two_skill_sets_each_count_it(world, db):
    learner = world["learner"]
    record(learner, hours="1.1", skill_sets=["digital-literacy"])
    record(learner, hours="2.2", skill_sets=["digital-literacy", "digital-governance"])

    assert year_sums(learner) == {(2570, "on-the-job", "all"): (h(3.3), h(0), 2),
                                  (2570, "on-the-job", "digital-literacy"): (h(3.3), h(0), 2),
                                  (2570, "on-the-job", "digital-governance"): (h(2.2), h(0), 1)}
    assert month_sums(learner) == {(2570, 11): (h(3.3), h(0))}


def test_pending_then_verified_moves_the_hours(world, db):
    learner = world["learner"]
    entry = record(learner, hours="3", status="pending", skill_sets=["digital-literacy"])
    assert year_sums(learner)[(2570, "on-the-job", "all")] == (h(0), h(3), 1)
    assert month_sums(learner) == {(2570, 11): (h(0), h(3))}

    entry.status = "verified"
    db.session.flush()

    assert year_sums(learner) == {(2570, "on-the-job", "all"): (h(3), h(0), 1),
                                  (2570, "on-the-job", "digital-literacy"): (h(3), h(0), 1)}
    assert month_sums(learner) == {(2570, 11): (h(3), h(0))}
    assert sums_out_of_step(db.session) == []


def test_a_returned_record_is_counted_but_its_hours_are_not(world, db):
    learner = world["learner"]
    entry = record(learner, hours="4", status="pending")
    entry.status = "returned"
    db.session.flush()

    assert year_sums(learner) == {(2570, "on-the-job", "all"): (h(0), h(0), 1)}
    assert month_sums(learner) == {}
    assert sums_out_of_step(db.session) == []


def test_changed_hours_replace_the_old(world, db):
    learner = world["learner"]
    entry = record(learner, hours="2", skill_sets=["digital-literacy"])
    record(learner, hours="1")
    entry.hours = h("3.5")
    db.session.flush()

    assert year_sums(learner) == {(2570, "on-the-job", "all"): (h(4.5), h(0), 2),
                                  (2570, "on-the-job", "digital-literacy"): (h(3.5), h(0), 1)}
    assert month_sums(learner) == {(2570, 11): (h(4.5), h(0))}


def test_a_record_moved_from_30_september_to_1_october_changes_fiscal_year(world, db):
    learner = world["learner"]
    entry = record(learner, hours="2", on=date(2026, 9, 30), skill_sets=["digital-literacy"])
    assert set(year_sums(learner)) == {(2569, "on-the-job", "all"), (2569, "on-the-job", "digital-literacy")}
    assert month_sums(learner) == {(2569, 9): (h(2), h(0))}

    entry.occurred_on = date(2026, 10, 1)
    db.session.flush()

    assert year_sums(learner) == {(2570, "on-the-job", "all"): (h(2), h(0), 1),
                                  (2570, "on-the-job", "digital-literacy"): (h(2), h(0), 1)}
    assert month_sums(learner) == {(2570, 10): (h(2), h(0))}
    assert sums_out_of_step(db.session) == []


def test_a_changed_method_moves_the_hours_to_it(world, db):
    learner = world["learner"]
    entry = record(learner, hours="2", method_slug="on-the-job", skill_sets=["digital-literacy"])
    entry.method = method("coaching")
    db.session.flush()

    assert year_sums(learner) == {(2570, "coaching", "all"): (h(2), h(0), 1),
                                  (2570, "coaching", "digital-literacy"): (h(2), h(0), 1)}
    assert month_sums(learner) == {(2570, 11): (h(2), h(0))}


def test_a_record_moved_to_another_person_moves_its_sums(world, db):
    learner, peer = world["learner"], world["peer"]
    entry = record(learner, hours="2", skill_sets=["digital-literacy"])
    db.session.execute(update(LearningRecord).where(LearningRecord.id == entry.id).values(person_id=peer.id))

    assert year_sums(learner) == {} and month_sums(learner) == {}
    assert year_sums(peer)[(2570, "on-the-job", "digital-literacy")] == (h(2), h(0), 1)
    assert sums_out_of_step(db.session) == []


def test_a_skill_set_added_or_removed_moves_the_records_hours_in_or_out_of_it(world, db):
    learner = world["learner"]
    entry = record(learner, hours="2", status="pending")
    entry.skill_sets.append(skill_set("digital-governance"))
    db.session.flush()
    assert year_sums(learner)[(2570, "on-the-job", "digital-governance")] == (h(0), h(2), 1)

    entry.skill_sets.remove(skill_set("digital-governance"))
    db.session.flush()
    assert year_sums(learner) == {(2570, "on-the-job", "all"): (h(0), h(2), 1)}

    # The same in plain SQL, as an import might write it.
    db.session.execute(insert(record_skill_sets).values(record_id=entry.id,
                                                        skill_set_id=skill_set("digital-literacy").id))
    assert year_sums(learner)[(2570, "on-the-job", "digital-literacy")] == (h(0), h(2), 1)
    db.session.execute(delete(record_skill_sets).where(record_skill_sets.c.record_id == entry.id))
    assert year_sums(learner) == {(2570, "on-the-job", "all"): (h(0), h(2), 1)}
    assert month_sums(learner) == {(2570, 11): (h(0), h(2))}
    assert sums_out_of_step(db.session) == []


def test_a_deleted_record_takes_its_tagged_hours_out_once(world, db):
    learner = world["learner"]
    kept = record(learner, hours="1", skill_sets=["digital-literacy"])
    by_orm = record(learner, hours="2", skill_sets=["digital-literacy", "digital-governance"])
    by_sql = record(learner, hours="4", skill_sets=["digital-literacy", "digital-governance"])

    db.session.delete(by_orm)  # the ORM removes the links first, then the record
    db.session.flush()
    db.session.execute(delete(LearningRecord).where(LearningRecord.id == by_sql.id))  # the links by cascade

    assert year_sums(learner) == {(2570, "on-the-job", "all"): (h(1), h(0), 1),
                                  (2570, "on-the-job", "digital-literacy"): (h(1), h(0), 1)}
    assert month_sums(learner) == {(2570, 11): (h(1), h(0))}
    assert kept.id
    assert sums_out_of_step(db.session) == []


def test_the_last_record_deleted_leaves_no_rows(world, db):
    learner = world["learner"]
    entry = record(learner, hours="2", skill_sets=["digital-literacy"])
    db.session.execute(delete(LearningRecord).where(LearningRecord.id == entry.id))

    assert year_sums(learner) == {} and month_sums(learner) == {}


def test_a_deleted_person_takes_their_sums_and_nobody_elses(world, db):
    gone = factories.person(world["division"])
    record(gone, hours="2", skill_sets=["digital-literacy"])
    record(world["learner"], hours="3", skill_sets=["digital-literacy"])

    db.session.execute(delete(Person).where(Person.id == gone.id))

    assert db.session.execute(text("SELECT count(*) FROM person_year_hours WHERE person_id = :p"),
                              {"p": gone.id}).scalar() == 0
    assert db.session.execute(text("SELECT count(*) FROM person_month_hours WHERE person_id = :p"),
                              {"p": gone.id}).scalar() == 0
    assert year_sums(world["learner"])[(2570, "on-the-job", "all")] == (h(3), h(0), 1)
    assert sums_out_of_step(db.session) == []


def test_a_deleted_skill_set_takes_its_rows(world, db):
    learner = world["learner"]
    record(learner, hours="2", skill_sets=["digital-literacy"])
    literacy = skill_set("digital-literacy").id
    db.session.execute(delete(record_skill_sets).where(record_skill_sets.c.skill_set_id == literacy))

    assert year_sums(learner) == {(2570, "on-the-job", "all"): (h(2), h(0), 1)}


def test_many_small_hours_do_not_drift(world, db):
    learner = world["learner"]
    entries = [record(learner, hours="0.1", on=date(2026, 11, day)) for day in range(1, 31)]
    assert year_sums(learner)[(2570, "on-the-job", "all")] == (h(3), h(0), 30)
    for entry in entries[:29]:
        db.session.delete(entry)
    db.session.flush()
    assert year_sums(learner)[(2570, "on-the-job", "all")] == (h(0.1), h(0), 1)
    assert month_sums(learner) == {(2570, 11): (h(0.1), h(0))}
    stored = db.session.execute(text("SELECT verified_hours FROM person_month_hours WHERE person_id = :p"),
                                {"p": learner.id}).scalar()
    assert str(stored) in ("0.1", "0.10")  # not 0.09999999999999987


def test_a_persons_year_totals_add_up_buckets_and_count_foundation_sets(world, db):
    learner = world["learner"]
    zero = (h(0), h(0))
    entry = record(learner, hours="2", method_slug="on-the-job", skill_sets=["digital-literacy"])
    record(learner, hours="1.5", method_slug="coaching", status="pending", skill_sets=["digital-governance"])
    record(learner, hours="3", method_slug="training", status="returned", skill_sets=["digital-governance"])
    record(learner, hours="4", method_slug="self-learning", on=date(2026, 9, 30))  # fiscal year 2569

    assert totals(learner) == {2570: (((h(2), h(0)), (h(0), h(1.5)), zero), 1, 2),
                               2569: (((h(4), h(0)), zero, zero), 0, 0)}

    entry.skill_sets.remove(skill_set("digital-literacy"))
    db.session.flush()
    assert totals(learner)[2570] == (((h(2), h(0)), (h(0), h(1.5)), zero), 0, 1)

    db.session.execute(update(LearningRecord).where(LearningRecord.id == entry.id).values(status="pending"))
    assert totals(learner)[2570] == (((h(0), h(2)), (h(0), h(1.5)), zero), 0, 1)
    db.session.execute(delete(LearningRecord).where(LearningRecord.person_id == learner.id,
                                                    LearningRecord.occurred_on == date(2026, 9, 30)))
    assert set(totals(learner)) == {2570}
    assert sums_out_of_step(db.session) == []
