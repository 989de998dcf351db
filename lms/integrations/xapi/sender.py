"""The sender: statements leave the outbox in batches, after the transaction that queued them.

A batch is claimed atomically (status 'sending', this sender's name) and committed before the
LRS is contacted, so two senders never post the same rows; a claim left by a sender that died is
taken over after XAPI_STALE_CLAIM_SECONDS. When the LRS cannot be reached (or answers 5xx, 401,
403, 408, 429) the batch waits BASE·2^(attempts-1) seconds, capped, and is tried again, for as
long as it takes: an outage loses nothing. Posting again is harmless, since every statement keeps
its id: the LRS answers 204 (or 409 for an id it has) and the row counts as sent when the LRS's
statement is ours. Only a statement the LRS refuses for good (400, or a different statement under
its id) is marked failed, shown on /admin/xapi.
"""

import logging
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update

from ...core.models import utcnow
from ...extensions import db
from .lrs import Lrs, LrsUnavailable
from .models import XapiStatement
from .settings import sending_configured, setting

log = logging.getLogger(__name__)
TRANSIENT = {401, 403, 408, 429}


@dataclass
class SendReport:
    """What one run did; `stopped` says why it stopped early (the LRS is unreachable …)."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    stopped: str = ""


def backoff(attempts: int) -> timedelta:
    """How long a statement waits after its n-th failed attempt: base·2^(n-1), capped."""
    seconds = setting("XAPI_RETRY_BASE_SECONDS") * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, setting("XAPI_RETRY_MAX_SECONDS")))


def _claimable(now: datetime, ignore_backoff: bool = False):
    stale = now - timedelta(seconds=setting("XAPI_STALE_CLAIM_SECONDS"))
    due = XapiStatement.status == "pending"
    if not ignore_backoff:
        due = and_(due, XapiStatement.next_attempt_at <= now)
    return or_(due, and_(XapiStatement.status == "sending", XapiStatement.claimed_at < stale))


def _claim(now: datetime, worker: str, size: int, ignore_backoff: bool) -> list[XapiStatement]:
    """Take up to `size` due statements for this sender, oldest first, and commit the claim."""
    ids = list(db.session.scalars(select(XapiStatement.id).where(_claimable(now, ignore_backoff))
                                  .order_by(XapiStatement.next_attempt_at, XapiStatement.id).limit(size)))
    if not ids:
        return []
    db.session.execute(update(XapiStatement).where(XapiStatement.id.in_(ids), _claimable(now, ignore_backoff))
                       .values(status="sending", claimed_by=worker, claimed_at=now,
                               attempts=XapiStatement.attempts + 1).execution_options(synchronize_session=False))
    db.session.commit()
    return list(db.session.scalars(select(XapiStatement).where(
        XapiStatement.claimed_by == worker, XapiStatement.status == "sending").order_by(XapiStatement.id)
        .execution_options(populate_existing=True)))


def _finish(rows: list[XapiStatement], now: datetime, status: str, error: str = "") -> None:
    for row in rows:
        row.status, row.claimed_by, row.last_error = status, None, error[:2000]
        if status == "sent":
            row.sent_at = now
        elif status == "pending":
            row.next_attempt_at = now + backoff(row.attempts)


def _same_statement(ours: dict, theirs: dict | None) -> bool:
    """Whether the LRS's statement under our id is the one we sent (an LRS adds `stored` and
    `authority`, and may write the rest in its own way: actor, verb and object decide)."""
    if not theirs:
        return False
    agent = lambda s: {k: v for k, v in (s.get("actor") or {}).items() if k in ("mbox", "account")}  # noqa: E731
    return (agent(ours) == agent(theirs) and ours["verb"]["id"] == (theirs.get("verb") or {}).get("id")
            and ours["object"]["id"] == (theirs.get("object") or {}).get("id"))


def _post_one(lrs: Lrs, row: XapiStatement, now: datetime) -> str:
    """Post one statement that a batch could not carry; its outcome ('sent', 'failed')."""
    response = lrs.post([row.statement])
    status = response.status_code
    if status in (200, 204):
        _finish([row], now, "sent")
        return "sent"
    if status >= 500 or status in TRANSIENT:
        raise LrsUnavailable(f"HTTP {status}: {response.text[:300]}")
    if status == 409 and _same_statement(row.statement, lrs.get_statement(row.statement_id)):
        _finish([row], now, "sent")
        return "sent"
    _finish([row], now, "failed", f"HTTP {status}: {response.text[:1000]}")
    return "failed"


def _send_batch(lrs: Lrs, rows: list[XapiStatement], now: datetime, report: SendReport) -> None:
    response = lrs.post([row.statement for row in rows])
    if response.status_code in (200, 204):
        _finish(rows, now, "sent")
        report.sent += len(rows)
        return
    if response.status_code >= 500 or response.status_code in TRANSIENT:
        raise LrsUnavailable(f"HTTP {response.status_code}: {response.text[:300]}")
    # 400, 409 …: one statement spoils the batch; find it by posting them one at a time.
    for row in rows:  # on an outage, those already decided keep their outcome
        outcome = _post_one(lrs, row, now)
        report.sent += outcome == "sent"
        report.failed += outcome == "failed"


def send(now: datetime | None = None, limit: int | None = None, ignore_backoff: bool = False) -> SendReport:
    """Send what is due at `now`, batch after batch, committing each; stop at the first outage.

    With `ignore_backoff` (an operator's `--now` once an outage is over) what waits after a failure
    is sent too; a statement another sender is sending is still left to it.
    """
    report = SendReport()
    if not sending_configured():
        report.stopped = "XAPI_LRS_URL is not set"
        return report
    lrs, size = Lrs.outgoing(), setting("XAPI_BATCH_SIZE")
    worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    while limit is None or report.sent + report.failed < limit:
        moment = now or utcnow()
        batch = size if limit is None else min(size, limit - report.sent - report.failed)
        rows = _claim(moment, worker, batch, ignore_backoff)
        if not rows:
            break
        try:
            _send_batch(lrs, rows, utcnow(), report)
        except LrsUnavailable as error:
            waiting = [row for row in rows if row.status == "sending"]
            _finish(waiting, utcnow(), "pending", str(error))
            report.retried += len(waiting)
            report.stopped = str(error)
            db.session.commit()
            log.warning("xAPI: the LRS is unavailable (%s); %s statements wait", error, len(waiting))
            break
        db.session.commit()
    return report
