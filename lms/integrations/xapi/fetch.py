"""Learning done elsewhere counts: statements fetched from an LRS become learning-log entries
waiting for the supervisor's verification, through the log's own rules (lms.development.log).

Each statement is handled once, by its id (xapi_received_statements.statement_id is unique):
recorded (the pending entry it made) or refused with the reason, kept for the site
administrators (/admin/xapi) and printed by `lms xapi fetch`, never dropped silently.
Statements Thaksa itself sent (statements.is_own) are skipped.

The watermark: the latest statement time read (its timestamp, else stored) and the ids read at
that time. The next fetch asks for statements since then, less XAPI_IN_OVERLAP_SECONDS: a
conformant LRS compares `since` with `stored`, which is never before the timestamp, so nothing
is missed; Ralph compares it with the timestamp, and the overlap lets a statement that arrives
a little late still be read. What is read twice is skipped by its id.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from ...core.models import utcnow
from ...development.log import EntryData, create_entry, entry_problems
from ...extensions import db
from . import mapping
from .lrs import Lrs, LrsUnavailable
from .models import XapiFetchWatermark, XapiReceivedStatement
from .settings import fetching_configured, setting
from .statements import is_own

log = logging.getLogger(__name__)


@dataclass
class FetchReport:
    read: int = 0
    recorded: int = 0
    own: int = 0  # sent by Thaksa itself
    seen: int = 0  # handled by an earlier fetch
    refused: list[XapiReceivedStatement] = field(default_factory=list)
    stopped: str = ""


def _moment(statement: dict) -> datetime | None:
    text = statement.get("timestamp") or statement.get("stored")
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else None


def _refuse(statement: dict, refusal: mapping.Refusal) -> XapiReceivedStatement:
    row = XapiReceivedStatement(
        statement_id=str(statement["id"])[:64], outcome="refused", reason=refusal.reason, detail=refusal.detail,
        actor=mapping.actor_label(statement.get("actor") or {}),
        verb_id=str((statement.get("verb") or {}).get("id") or "")[:300],
        person_id=refusal.person.id if refusal.person else None, statement=statement)
    db.session.add(row)
    return row


def receive(statement: dict) -> XapiReceivedStatement:
    """Record one statement as a pending log entry, or refuse it; flushes, never commits."""
    found = mapping.interpret(statement)
    if isinstance(found, mapping.Refusal):
        return _refuse(statement, found)
    data = EntryData(occurred_on=found.occurred_on, hours_text=found.hours_text, method_slug=found.method_slug,
                     skill_set_ids=found.skill_set_ids, title=found.title, notes_md=found.notes_md)
    problems = entry_problems(found.person, data)
    if problems:
        detail = " ".join(message for messages in problems.values() for message in messages)
        return _refuse(statement, mapping.Refusal(mapping.ENTRY_REFUSED, detail, found.person))
    record = create_entry(found.person, data)
    row = XapiReceivedStatement(
        statement_id=str(statement["id"])[:64], outcome="recorded", actor=mapping.actor_label(statement["actor"]),
        verb_id=str(statement["verb"]["id"])[:300], person_id=found.person.id, record_id=record.id,
        statement=statement)
    db.session.add(row)
    db.session.flush()
    return row


def _watermark(url: str) -> XapiFetchWatermark:
    row = db.session.scalar(select(XapiFetchWatermark).where(XapiFetchWatermark.lrs_url == url))
    if row is None:
        row = XapiFetchWatermark(lrs_url=url, ids_at_last=[])
        db.session.add(row)
    return row


def _handle_page(statements: list[dict], skip: set[str], report: FetchReport) -> None:
    ids = [str(s.get("id")) for s in statements if s.get("id")]
    known = set(db.session.scalars(select(XapiReceivedStatement.statement_id)
                                   .where(XapiReceivedStatement.statement_id.in_(ids)))) if ids else set()
    for statement in statements:
        report.read += 1
        statement_id = str(statement.get("id") or "")
        if not statement_id:
            continue  # an LRS gives every statement an id
        if is_own(statement):
            report.own += 1
        elif statement_id in known or statement_id in skip:
            report.seen += 1
        else:
            row = receive(statement)
            known.add(statement_id)
            if row.outcome == "recorded":
                report.recorded += 1
            else:
                report.refused.append(row)


def fetch() -> FetchReport:
    """Fetch what is new since the watermark; commit after each page, and the watermark last."""
    report = FetchReport()
    if not fetching_configured():
        report.stopped = "XAPI_IN_LRS_URL is not set"
        return report
    lrs = Lrs.incoming()
    watermark = _watermark(lrs.url)
    since = None
    if watermark.last_at is not None:
        since = (watermark.last_at - timedelta(seconds=setting("XAPI_IN_OVERLAP_SECONDS"))).isoformat()
    latest, at_latest = watermark.last_at, set(watermark.ids_at_last or [])
    skip = set(at_latest)
    try:
        for page in lrs.pages(since, setting("XAPI_IN_PAGE_SIZE")):
            _handle_page(page, skip, report)
            db.session.commit()
            for statement in page:
                moment = _moment(statement)
                if moment is None:
                    continue
                if latest is None or moment > latest:
                    latest, at_latest = moment, {str(statement.get("id"))}
                elif moment == latest:
                    at_latest.add(str(statement.get("id")))
    except LrsUnavailable as error:
        db.session.rollback()
        report.stopped = str(error)
        log.warning("xAPI fetch stopped: %s", error)
        return report
    watermark = _watermark(lrs.url)
    watermark.last_at, watermark.ids_at_last, watermark.last_run_at = latest, sorted(at_latest), utcnow()
    db.session.commit()
    return report
