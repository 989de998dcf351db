"""Any sequence of changes to records and their skill sets, through the ORM or plain SQL,
leaves the sums equal to a fresh computation from the records."""

from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert, update

from lms.records.models import LearningRecord, record_skill_sets
from lms.records.sums import sums_out_of_step
from tests.records.helpers import method, record, skill_set

DAYS = (date(2025, 10, 1), date(2026, 9, 30), date(2026, 10, 1), date(2026, 12, 31), date(2027, 1, 1))
HOURS = ("0", "0.1", "0.25", "1.5", "7.75", "24")
STATES = ("pending", "verified", "returned")
METHODS = ("on-the-job", "coaching", "training")
SKILL_SETS = ("digital-literacy", "digital-governance", "digital-technology")
WHO = ("learner", "peer")

INSERT = st.tuples(st.just("insert"), st.sampled_from(WHO), st.sampled_from(DAYS), st.sampled_from(METHODS),
                   st.sampled_from(HOURS), st.sampled_from(STATES), st.sets(st.sampled_from(SKILL_SETS)))
CHANGE = st.one_of(
    st.tuples(st.just("person"), st.sampled_from(WHO)),
    st.tuples(st.just("day"), st.sampled_from(DAYS)),
    st.tuples(st.just("method"), st.sampled_from(METHODS)),
    st.tuples(st.just("hours"), st.sampled_from(HOURS)),
    st.tuples(st.just("status"), st.sampled_from(STATES)),
)
OPERATION = st.one_of(
    INSERT,
    st.tuples(st.just("update"), st.integers(0, 9), CHANGE, st.booleans()),
    st.tuples(st.just("tag"), st.integers(0, 9), st.sampled_from(SKILL_SETS), st.booleans()),
    st.tuples(st.just("delete"), st.integers(0, 9), st.booleans()),
)


def _apply(db, world, records: list, operation) -> None:
    kind = operation[0]
    if kind == "insert":
        _, who, day, method_slug, hours, status, tags = operation
        records.append(record(world[who], hours=hours, on=day, method_slug=method_slug, status=status,
                              skill_sets=sorted(tags)))
        return
    if not records:
        return
    entry = records[operation[1] % len(records)]
    if kind == "update":
        _, _, (field, value), by_orm = operation
        values = {"person": ("person_id", lambda: world[value].id), "day": ("occurred_on", lambda: value),
                  "method": ("learning_method_id", lambda: method(value).id),
                  "hours": ("hours", lambda: Decimal(value)), "status": ("status", lambda: value)}
        column, new = values[field]
        if by_orm:
            setattr(entry, column, new())
            db.session.flush()
        else:
            db.session.execute(update(LearningRecord).where(LearningRecord.id == entry.id).values({column: new()}))
            db.session.expire(entry)
    elif kind == "tag":
        _, _, slug, by_orm = operation
        tag = skill_set(slug)
        if by_orm:
            if tag in entry.skill_sets:
                entry.skill_sets.remove(tag)
            else:
                entry.skill_sets.append(tag)
            db.session.flush()
        else:
            link = (record_skill_sets.c.record_id == entry.id) & (record_skill_sets.c.skill_set_id == tag.id)
            if db.session.execute(delete(record_skill_sets).where(link)).rowcount == 0:
                db.session.execute(insert(record_skill_sets).values(record_id=entry.id, skill_set_id=tag.id))
            db.session.expire(entry, ["skill_sets"])
    elif kind == "delete":
        _, _, by_orm = operation
        records.remove(entry)
        if by_orm:
            db.session.delete(entry)
            db.session.flush()
        else:
            db.session.execute(delete(LearningRecord).where(LearningRecord.id == entry.id))
            db.session.expunge(entry)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(OPERATION, min_size=1, max_size=14))
def test_any_sequence_of_changes_keeps_the_sums_in_step(world, db, operations):
    savepoint = db.session.begin_nested()
    try:
        records = []
        for operation in operations:
            _apply(db, world, records, operation)
            assert sums_out_of_step(db.session) == [], operation
    finally:
        savepoint.rollback()
