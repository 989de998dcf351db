"""Statements queued in the transaction of what they tell (lms.core.events): a statement
exists in the outbox exactly when the verification, import, completion, coaching, passed quiz or
certification was committed. Nothing is queued while no LRS is configured (XAPI_LRS_URL).

Records that came in from the LRS Thaksa also sends to are not sent back to it: that LRS has
them already (under the statement they came from).
"""

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import exists, insert, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from ...core import events as signals
from ...extensions import db
from ...records.models import LearningRecord, record_skill_sets
from ...reference.models import SkillSet
from . import statements
from .models import XapiReceivedStatement, XapiStatement
from .settings import same_lrs, sending_configured

# Imported records loaded and queued at a time: bound parameters per IN (...) well under
# SQLite's and PostgreSQL's limits, and statements held in memory at once.
IMPORT_CHUNK_SIZE = 5000


def queue(source: str, statement: dict, person_id: int | None) -> bool:
    """Add one statement to the outbox unless its id is queued already; True when added."""
    if db.session.scalar(select(exists().where(XapiStatement.statement_id == statement["id"]))):
        return False
    db.session.add(XapiStatement(statement_id=statement["id"], source=source, statement=statement,
                                 person_id=person_id))
    return True


def queue_many(items: Sequence[tuple[str, dict, int | None]]) -> int:
    """Add (source, statement, person id) rows in one INSERT, but those whose id is queued
    already (or repeated in `items`): one query to look, one to write. How many were added."""
    wanted = {statement["id"]: (source, statement, person_id) for source, statement, person_id in items}
    if not wanted:
        return 0
    queued = set(db.session.scalars(select(XapiStatement.statement_id)
                                    .where(XapiStatement.statement_id.in_(list(wanted)))))
    rows = [{"statement_id": statement_id, "source": source, "statement": statement, "person_id": person_id}
            for statement_id, (source, statement, person_id) in wanted.items() if statement_id not in queued]
    if rows:
        db.session.execute(insert(XapiStatement), rows)
    return len(rows)


def _came_from_the_lrs(record) -> bool:
    return same_lrs() and db.session.scalar(select(exists().where(XapiReceivedStatement.record_id == record.id)))


def queue_record(record) -> None:
    if sending_configured() and not _came_from_the_lrs(record):
        queue(*statements.record_statement(record), record.person_id)


def on_entry_verified(record, **_extra) -> None:
    """A log entry the supervisor verified."""
    queue_record(record)


def on_entries_verified(_person, records=(), **_extra) -> None:
    """Several log entries of one person verified together."""
    for record in records:
        queue_record(record)


def _records_with_skill_sets(record_ids: Sequence[int], skill_sets: dict[int, SkillSet]) -> list[LearningRecord]:
    """The records with their person and method (one query) and their skill sets (a second,
    over the link table; `skill_sets` by id is the short reference list)."""
    records = list(db.session.scalars(
        select(LearningRecord).where(LearningRecord.id.in_(record_ids)).order_by(LearningRecord.id)
        .options(joinedload(LearningRecord.person), joinedload(LearningRecord.method))))
    tagged = defaultdict(list)
    for record_id, skill_set_id in db.session.execute(
            select(record_skill_sets.c.record_id, record_skill_sets.c.skill_set_id)
            .where(record_skill_sets.c.record_id.in_(record_ids))):
        tagged[record_id].append(skill_sets[skill_set_id])
    for record in records:  # as the relationship would load them, without a query per record
        set_committed_value(record, "skill_sets", sorted(tagged[record.id], key=lambda s: (s.position, s.id)))
    return records


def on_records_imported(_source, record_ids=(), **_extra) -> None:
    """Verified records written in bulk (an import from HR): a statement for each, queued together."""
    if not sending_configured() or not record_ids:
        return
    skill_sets = {skill_set.id: skill_set for skill_set in db.session.scalars(select(SkillSet))}
    for start in range(0, len(record_ids), IMPORT_CHUNK_SIZE):
        records = _records_with_skill_sets(record_ids[start:start + IMPORT_CHUNK_SIZE], skill_sets)
        queue_many([(*statements.record_statement(record), record.person_id) for record in records])


def on_quiz_passed(attempt, **_extra) -> None:
    """A passed quiz attempt, whatever the quiz (a level quiz's level is on_level_certified's)."""
    if sending_configured():
        queue(*statements.quiz_statement(attempt), attempt.person_id)


def on_course_completed(record, **_extra) -> None:
    """A completed course (class or self-paced)."""
    if sending_configured() and record.course_version is not None:
        queue(*statements.completion_statement(record), record.person_id)


def on_coaching_recorded(session, **_extra) -> None:
    """A coaching session: one statement for each coached person."""
    if sending_configured():
        for attendee in session.attendees:
            queue(*statements.coaching_statement(session, attendee), attendee.person_id)


def on_level_certified(source, person=None, skill_set=None, level=None, certified_on=None, **_extra) -> None:
    """A passed level quiz or a verified external result."""
    if sending_configured() and person is not None and skill_set is not None:
        queue(*statements.level_statement(source, person, skill_set, level, certified_on), person.id)


HANDLERS = ((signals.entry_verified, on_entry_verified),
            (signals.entries_verified, on_entries_verified),
            (signals.records_imported, on_records_imported),
            (signals.quiz_passed, on_quiz_passed),
            (signals.course_completed, on_course_completed),
            (signals.coaching_recorded, on_coaching_recorded),
            (signals.level_certified, on_level_certified))


def connect_handlers() -> None:
    """Listen to the signals that make statements (connecting again changes nothing)."""
    for signal, handler in HANDLERS:
        signal.connect(handler)
