"""Statements queued in the transaction of what they tell (lms.core.events): a statement
exists in the outbox exactly when the verification, completion, coaching or certification was
committed. Nothing is queued while no LRS is configured (XAPI_LRS_URL).

Records that came in from the LRS Thaksa also sends to are not sent back to it: that LRS has
them already (under the statement they came from).
"""

from sqlalchemy import exists, select

from ...core import events as signals
from ...extensions import db
from . import statements
from .models import XapiReceivedStatement, XapiStatement
from .settings import same_lrs, sending_configured


def queue(source: str, statement: dict, person_id: int | None) -> bool:
    """Add one statement to the outbox unless its id is queued already; True when added."""
    if db.session.scalar(select(exists().where(XapiStatement.statement_id == statement["id"]))):
        return False
    db.session.add(XapiStatement(statement_id=statement["id"], source=source, statement=statement,
                                 person_id=person_id))
    return True


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
            (signals.course_completed, on_course_completed),
            (signals.coaching_recorded, on_coaching_recorded),
            (signals.level_certified, on_level_certified))


def connect_handlers() -> None:
    """Listen to the signals that make statements (connecting again changes nothing)."""
    for signal, handler in HANDLERS:
        signal.connect(handler)
