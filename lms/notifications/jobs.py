"""The reminder jobs and their runner: compute who should be told what, write it once.

Each job yields lists of Reminders; the runner writes them in batches with
`services.record_reminder_batch` (INSERT … ON CONFLICT DO NOTHING on the unique key) and
commits after every batch, so a run killed midway keeps what it wrote and the next run
continues where it stopped, and two runs at once never write a reminder twice.

Reminders that go by e-mail wait for the digest job (`digests.py`, run by `run_digest`
after the others), which sends each person at most one e-mail a day.
"""

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, time

from sqlalchemy import select

from ..accounts.models import Person
from ..core.models import utcnow
from ..extensions import db
from . import digests, services
from .models import ReminderJobRun
from .reminders import institutes, learners, supervisors
from .reminders.common import RunContext
from .services import Reminder
from .settings import setting

log = logging.getLogger(__name__)
DIGEST_JOB = "digest"  # its runs are recorded in reminder_job_runs under this name


@dataclass(frozen=True)
class Job:
    kind: str
    find: Callable[[RunContext], Iterable[list[Reminder]]]
    # When the scheduler runs it (APScheduler cron fields, Bangkok time).
    cron: dict


DAILY_MORNING = {"hour": 7, "minute": 0}
JOBS = {job.kind: job for job in (
    # The afternoon before, so the learner can still arrange their day.
    Job("class_tomorrow", learners.class_tomorrow, {"hour": 15, "minute": 0}),
    Job("enrolment_closing", learners.enrolment_closing, DAILY_MORNING),
    Job("no_learning", learners.no_learning, DAILY_MORNING),
    Job("mix_check", learners.mix_check, {"day": 1, "hour": 8, "minute": 0}),
    Job("plan_returned", learners.plan_returned, {"minute": "*/30"}),
    Job("record_returned", learners.record_returned, {"minute": "*/30"}),
    Job("no_agreed_plan", learners.no_agreed_plan, DAILY_MORNING),
    Job("fiscal_year_end", learners.fiscal_year_end, DAILY_MORNING),
    Job("supervisor_digest", supervisors.supervisor_digest, {"day_of_week": "mon", "hour": 7, "minute": 30}),
    Job("second_level_approvals", supervisors.second_level_approvals,
        {"day_of_week": "mon", "hour": 7, "minute": 30}),
    Job("seats_unfilled", institutes.seats_unfilled, DAILY_MORNING),
    Job("attendance_missing", institutes.attendance_missing, {"hour": 9, "minute": 0}),
)}


@dataclass
class KindReport:
    """What one job did (or, in a dry run, would do)."""

    kind: str
    found: int = 0  # reminders computed
    written: int = 0  # new notifications
    emailed: int = 0  # of which go by e-mail
    preview: list[tuple[Reminder, str]] = field(default_factory=list)  # dry run: (reminder, channel)


def _batches(found: Iterable[list[Reminder]], size: int) -> Iterator[list[Reminder]]:
    """Batches of `size`, filled across the job's lists: a job that yields one short list per
    class or window still commits once per `size` reminders, not once per list."""
    pending: list[Reminder] = []
    for reminders in found:
        pending += reminders
        if len(pending) >= size:
            full = len(pending) - len(pending) % size
            yield from (pending[start:start + size] for start in range(0, full, size))
            pending = pending[full:]
    if pending:
        yield pending


def write_batch(kind: str, reminders: list[Reminder], now: datetime) -> tuple[int, int]:
    """Write one batch and commit it: the unit a crash can lose at most. (written, by e-mail)."""
    counts = services.record_reminder_batch(kind, reminders, now)
    db.session.commit()
    return counts


def _preview_batch(kind: str, reminders: list[Reminder]) -> list[tuple[Reminder, str]]:
    """What writing the batch would do, reading only: reminders new under their key, with channel."""
    ids = {r.person_id for r in reminders}
    done = services.existing_keys(kind, ids)
    channels = services.channels_for(kind, ids)
    preview = []
    for reminder in reminders:
        if (reminder.person_id, reminder.subject, reminder.period) in done:
            continue
        channel = services.delivery_channel(channels[reminder.person_id], reminder.urgent)
        if channel is not None:
            preview.append((reminder, channel))
    return preview


def _record_run(kind: str, started_at: datetime, status: str, created: int = 0, error: str = "") -> None:
    """Upsert the job's last run: two processes finishing the same job at once both succeed."""
    values = {"last_started_at": started_at, "last_status": status, "last_error": error[:2000]}
    if status == "ok":
        values.update(last_succeeded_at=started_at, last_created=created)
    statement = services.upsert_statement(ReminderJobRun.__table__).values(kind=kind, **values)
    db.session.execute(statement.on_conflict_do_update(index_elements=["kind"], set_=values))
    db.session.commit()


def run_job(kind: str, ctx: RunContext | None = None, dry_run: bool = False) -> KindReport:
    """Run one job: write what is new (committing every batch), or only preview it.

    Records the run in reminder_job_runs (not in a dry run), which the scheduler reads
    to catch up on runs missed while it was stopped.
    """
    ctx = ctx or RunContext.at()
    job, report = JOBS[kind], KindReport(kind)
    size = setting("REMINDER_BATCH_SIZE")
    started_at = utcnow()
    try:
        for batch in _batches(job.find(ctx), size):
            report.found += len(batch)
            if dry_run:
                report.preview += _preview_batch(kind, batch)
                continue
            written, emailed = write_batch(kind, batch, ctx.now)
            report.written += written
            report.emailed += emailed
    except BaseException as error:  # Ctrl+C and SystemExit too: the open batch is never half-written
        db.session.rollback()
        if not dry_run:
            _record_run(kind, started_at, "failed", report.written, repr(error))
        raise
    if dry_run:
        db.session.rollback()
    else:
        _record_run(kind, started_at, "ok", report.written)
    log.info("reminders %s: %s found, %s new, %s by e-mail", kind, report.found, report.written, report.emailed)
    return report


def run_jobs(kinds: Iterable[str] | None = None, ctx: RunContext | None = None,
             dry_run: bool = False) -> list[KindReport]:
    """Run several jobs (all by default) for one moment, one after another."""
    ctx = ctx or RunContext.at()
    return [run_job(kind, ctx, dry_run) for kind in (kinds or JOBS)]


def digest_cron() -> dict:
    """When the scheduler runs the digest job: daily at DIGEST_TIME (Bangkok)."""
    at = time.fromisoformat(setting("DIGEST_TIME"))
    return {"hour": at.hour, "minute": at.minute}


def _last_success(kind: str) -> datetime | None:
    return db.session.scalar(select(ReminderJobRun.last_succeeded_at).where(ReminderJobRun.kind == kind))


def run_digest(ctx: RunContext | None = None) -> digests.DigestReport:
    """Run the digest job once (recorded like the reminder jobs, for the scheduler's catch-up)."""
    ctx = ctx or RunContext.at()
    started_at = utcnow()
    last_run = _last_success(DIGEST_JOB)
    try:
        report = digests.run_digests(ctx, last_run=last_run)
    except BaseException as error:
        db.session.rollback()
        _record_run(DIGEST_JOB, started_at, "failed", error=repr(error))
        raise
    _record_run(DIGEST_JOB, started_at, "ok", report.digests)
    log.info("digest: %s e-mails carrying %s reminders", report.digests, report.items)
    return report


@dataclass
class DigestPreview:
    """A dry run's digest for one person: what it would carry, waiting and new."""

    person_id: int
    cadence: str
    items: list[tuple[str, dict]]  # (kind, payload)


def preview_digests(reports: list[KindReport], ctx: RunContext | None = None) -> list[DigestPreview]:
    """The digests the digest job would send after these (dry-run) reports were written."""
    ctx = ctx or RunContext.at()
    new: dict[int, list[tuple[str, dict]]] = {}
    for report in reports:
        if report.kind in services.DIGESTED_KINDS:
            for reminder, channel in report.preview:
                if channel == "email":
                    new.setdefault(reminder.person_id, []).append((report.kind, reminder.payload))
    people = sorted(set(new) | set(digests.people_waiting()))
    due = digests.due_among(people, ctx.today, digests.weekly_due(ctx.today, _last_success(DIGEST_JOB)))
    waiting = digests.waiting_items([person_id for person_id, _cadence in due])
    return [DigestPreview(person_id, cadence, [(n.kind, n.payload) for n in waiting.get(person_id, [])]
                          + new.get(person_id, [])) for person_id, cadence in due]


def emails_of(person_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """{person id: (email, language)} for listing a dry run."""
    ids = list(set(person_ids))
    rows = db.session.execute(select(Person.id, Person.email, Person.language).where(Person.id.in_(ids))) if ids else []
    return {person_id: (email, language) for person_id, email, language in rows}
