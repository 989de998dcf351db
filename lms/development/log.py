"""The learning log: entries a learner writes and their immediate supervisor verifies or returns.

Entries are learning records with source "log". They start "pending"; the immediate
supervisor verifies them or returns them with a comment, and every decision is a
RecordReview row. A returned entry that the learner saves again is resubmitted (pending).
The learner may edit or delete an entry until it is verified. Services flush, never commit.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from ..accounts.delegation import decided_for, supervised_ids
from ..accounts.models import Person
from ..core import events
from ..core.access import EDITABLE_LOG_STATES, LOG_SOURCE, can
from ..core.audit import record_event
from ..core.dates import fiscal_year_bounds, fiscal_year_of, format_date, today_in_bangkok
from ..core.i18n import current_language
from ..core.models import utcnow
from ..extensions import db
from ..records.models import LearningRecord
from ..records.services import record_learning
from ..reference.models import LearningMethod, SkillSet
from ..reference.services import offered_skill_sets
from ..rules import MAX_RECORD_HOURS_PER_DAY, InvalidDuration, validate_record_hours
from ..rules.formatting import hours_text
from .models import EvidenceFile, RecordReview

# A learner logs by hand every learning method but those that reach the record another way:
# training (this bucket) through institutes' completions and HR imports, and coaching through
# the supervisor's coaching records (coaching.COACHING_METHOD). So a method an administrator
# adds to another bucket can be logged at once, and no list of methods is kept here.
NOT_LOGGED_BUCKET = "formal"
EDITABLE_STATES = EDITABLE_LOG_STATES
# Entries may reach back to the start of the previous fiscal year, so work done in
# September can still be logged in October, but nothing older.
FISCAL_YEARS_BACK = 1
HOURS_PLACES = 2  # the column's scale: 1.255 hours would be rounded silently


class ReviewRefused(Exception):
    """A verification or return that cannot happen; str() says why, for the person."""


@dataclass
class EntryData:
    """What the learner typed, converted; None where a field did not parse."""

    occurred_on: date | None
    hours_text: str
    method_slug: str | None
    skill_set_ids: list[int] = field(default_factory=list)
    title: str = ""
    notes_md: str = ""




def log_methods() -> list[LearningMethod]:
    """The methods a learner may log, in the reference data's order (see NOT_LOGGED_BUCKET)."""
    from .coaching import COACHING_METHOD  # coaching imports this module

    return list(db.session.scalars(select(LearningMethod).where(LearningMethod.bucket != NOT_LOGGED_BUCKET,
                                                                LearningMethod.slug != COACHING_METHOD)
                                   .order_by(LearningMethod.position)))


def all_skill_sets(keep=()) -> list[SkillSet]:
    """Skill sets offered for an entry's tags: not retired ones, and those it has (`keep`)."""
    return offered_skill_sets(keep)


def parse_hours(text: str) -> tuple[Decimal | None, str | None]:
    """(hours, None), or (None, the rules' message) for hours one entry cannot have."""
    try:
        hours = validate_record_hours(text)
    except InvalidDuration as problem:
        return None, problem.message(current_language())
    if hours <= 0:
        return None, _("Enter more than 0 hours.")
    if hours != round(hours, HOURS_PLACES):
        return None, _("Give hours with at most %(n)s decimal places (got %(value)s).",
                       n=HOURS_PLACES, value=text.strip())
    return hours, None


def date_problem(day: date, today: date | None = None) -> str | None:
    """Why a learner cannot log learning on `day`, or None: not in the future, not too old."""
    today = today or today_in_bangkok()
    if day > today:
        return _("The date cannot be in the future.")
    earliest = fiscal_year_bounds(fiscal_year_of(today) - FISCAL_YEARS_BACK)[0]
    if day < earliest:
        return _("Entries can go back to %(day)s (the start of the previous fiscal year).",
                 day=format_date(earliest, current_language()))
    return None


def lock_person(person) -> None:
    """Serialise one person's writes (two tabs, two requests) so day totals stay true."""
    db.session.execute(select(Person.id).where(Person.id == person.id).with_for_update())


def lock_entry(record: LearningRecord) -> None:
    """Reload an entry under a row lock: a decision and an edit never cross (a check made
    after this holds until commit)."""
    db.session.refresh(record, with_for_update=True)


def hours_on_day(person_id: int, day: date, exclude_record_id: int | None = None) -> Decimal:
    """Every recorded hour of a person on one day, all sources and states (SQL sum)."""
    query = select(func.coalesce(func.sum(LearningRecord.hours), 0)).where(
        LearningRecord.person_id == person_id, LearningRecord.occurred_on == day)
    if exclude_record_id is not None:
        query = query.where(LearningRecord.id != exclude_record_id)
    return sum_as_hours(db.session.scalar(query))


def sum_as_hours(value) -> Decimal:
    """An SQL sum of hours as an exact Decimal. SQLite sums the column as floats
    (23.9 + 0.1 = 23.999…), but every stored value has two places, so two places is exact."""
    return Decimal(str(value or 0)).quantize(Decimal(1).scaleb(-HOURS_PLACES))


def day_total_problem(person, day: date, hours: Decimal, exclude_record_id: int | None = None,
                      name: str | None = None) -> str | None:
    """A message naming the figures when `hours` more would pass 24 hours on `day`.

    Addressed to the learner, or about `name` when someone else records for them.
    """
    already = hours_on_day(person.id, day, exclude_record_id)
    if already + hours <= MAX_RECORD_HOURS_PER_DAY:
        return None
    figures = {"already": hours_text(already), "day": format_date(day, current_language()),
               "hours": hours_text(hours), "total": hours_text(already + hours),
               "max": MAX_RECORD_HOURS_PER_DAY}
    if name is None:
        return _("You already have %(already)s hours recorded on %(day)s; %(hours)s more would make "
                 "%(total)s, more than %(max)s hours in one day.", **figures)
    return _("%(name)s already has %(already)s hours recorded on %(day)s; %(hours)s more would make "
             "%(total)s, more than %(max)s hours in one day.", name=name, **figures)


def entry_problems(person, data: EntryData, record: LearningRecord | None = None) -> dict[str, list[str]]:
    """Every problem with an entry the form's own checks cannot see, by field name.

    Locks the person first, so the day total checked here is still true at commit.
    """
    lock_person(person)
    if record is not None:
        lock_entry(record)
    problems: dict[str, list[str]] = {}
    if record is not None and record.status not in EDITABLE_STATES:
        problems["title"] = [_("A verified entry cannot be changed.")]
    if data.occurred_on is not None and (problem := date_problem(data.occurred_on)):
        problems["occurred_on"] = [problem]
    hours, problem = parse_hours(data.hours_text)
    if problem:
        problems["hours"] = [problem]
    elif data.occurred_on is not None and (problem := day_total_problem(
            person, data.occurred_on, hours, record.id if record else None)):
        problems["hours"] = [problem]
    if data.method_slug is not None and data.method_slug not in {method.slug for method in log_methods()}:
        problems["method"] = [_("Choose one of the methods listed.")]
    return problems


def _method(slug: str) -> LearningMethod:
    return db.session.scalar(select(LearningMethod).where(LearningMethod.slug == slug))


def _skill_sets(ids: list[int]) -> list[SkillSet]:
    return list(db.session.scalars(select(SkillSet).where(SkillSet.id.in_(ids)))) if ids else []


def create_entry(person, data: EntryData) -> LearningRecord:
    """A new pending log entry; call after entry_problems found nothing."""
    hours, _problem = parse_hours(data.hours_text)
    record, _created = record_learning(
        person, method=_method(data.method_slug), hours=hours, occurred_on=data.occurred_on,
        title=data.title, source="log", source_key=uuid.uuid4().hex,
        skill_sets=_skill_sets(data.skill_set_ids), status="pending")
    record.notes_md = data.notes_md
    db.session.flush()
    return record


def update_entry(actor, record: LearningRecord, data: EntryData) -> LearningRecord:
    """Save the learner's changes; a returned entry is resubmitted (pending again, recorded)."""
    hours, _problem = parse_hours(data.hours_text)
    record.occurred_on, record.hours = data.occurred_on, hours
    record.method = _method(data.method_slug)
    record.skill_sets = _skill_sets(data.skill_set_ids)
    record.title, record.notes_md = data.title[:300], data.notes_md
    record.updated_at = utcnow()
    if record.status == "returned":
        record.status = "pending"
        db.session.add(RecordReview(record_id=record.id, actor_id=actor.id, decision="resubmitted"))
    db.session.flush()
    return record


def _record_identity(record: LearningRecord) -> dict:
    """What names an entry in the audit trail (the title is the learner's own words: left out)."""
    return {"record": record.id, "occurred_on": record.occurred_on, "hours": record.hours,
            "method": record.method}


def delete_entry(record: LearningRecord, actor=None) -> list[EvidenceFile]:
    """Delete an unverified entry with its reviews and evidence rows; returns the evidence
    rows so the caller can remove the files once the deletion is committed."""
    files = list(db.session.scalars(select(EvidenceFile).where(EvidenceFile.record_id == record.id)))
    record_event("learning_record.deleted", record.person, actor=actor, changes={
        **_record_identity(record), "status": record.status, "evidence_files": len(files)})
    db.session.execute(delete(EvidenceFile).where(EvidenceFile.record_id == record.id))
    db.session.execute(delete(RecordReview).where(RecordReview.record_id == record.id))
    db.session.delete(record)
    db.session.flush()
    return files


def delete_evidence(evidence_file: EvidenceFile, actor=None) -> None:
    """Delete one evidence row (the caller removes the file once this is committed)."""
    record_event("evidence_file.deleted", evidence_file.record.person, actor=actor, changes={
        "record": evidence_file.record_id, "file": evidence_file.original_name,
        "size_bytes": evidence_file.size_bytes})
    db.session.delete(evidence_file)
    db.session.flush()


def is_log_entry(record: LearningRecord) -> bool:
    return record.source == LOG_SOURCE


def awaits_review_by(person, record: LearningRecord) -> bool:
    """Whether the entry waits for this person's decision: pending, and theirs to review."""
    return record.status == "pending" and can(person, "review_log_entry", record)


def entry_version(record: LearningRecord) -> str:
    """Changes whenever the learner saves: a decision is taken on the version that was seen."""
    return (record.updated_at or record.created_at).isoformat()


def _decide(actor, record: LearningRecord, decision: str, comment: str, bulk: bool = False) -> None:
    """Record the decision; a single one is announced at once, a bulk one by verify_many."""
    now, before = utcnow(), record.status
    record.status, record.reviewed_at, record.reviewed_by_id = decision, now, actor.id
    on_behalf_of_id = decided_for(actor, record.person.supervisor_id)
    db.session.add(RecordReview(record_id=record.id, actor_id=actor.id, decision=decision,
                                comment=comment, created_at=now, on_behalf_of_id=on_behalf_of_id))
    changes = {**_record_identity(record), "status": [before, decision]}
    if on_behalf_of_id:
        changes["on_behalf_of"] = on_behalf_of_id
    if bulk:
        changes["bulk"] = True
    record_event(f"learning_record.{decision}", record.person, actor=actor, changes=changes)
    if not bulk:
        signal = events.entry_verified if decision == "verified" else events.entry_returned
        signal.send(record, actor=actor, comment=comment)


def _locked(record_ids: list[int]) -> list[LearningRecord]:
    return list(db.session.scalars(
        select(LearningRecord).where(LearningRecord.id.in_(record_ids)).with_for_update()
        .options(selectinload(LearningRecord.person), selectinload(LearningRecord.method))
        .execution_options(populate_existing=True).order_by(LearningRecord.id)))


def review_entry(actor, record: LearningRecord, decision: str, comment: str, seen_version: str) -> None:
    """Verify or return one entry. Returning needs a comment; the entry must still be the
    version the supervisor saw. Raises ReviewRefused with the reason."""
    comment = (comment or "").strip()
    if decision not in ("verified", "returned"):
        raise ReviewRefused(_("Choose to verify or to return the entry."))
    record = _locked([record.id])[0]
    if not awaits_review_by(actor, record):
        raise ReviewRefused(_("This entry is not waiting for your verification."))
    if entry_version(record) != seen_version:
        raise ReviewRefused(_("The learner changed this entry after you opened it. Read it again, then decide."))
    if decision == "returned" and not comment:
        raise ReviewRefused(_("Say what should change: a comment is required to return an entry."))
    _decide(actor, record, decision, comment)
    db.session.flush()


def verify_many(actor, seen: dict[int, str]) -> tuple[int, int]:
    """Verify the chosen entries (id -> version seen) in one go; (verified, skipped).

    Entries no longer waiting for this supervisor, or changed since the page was shown,
    are skipped rather than failing the whole batch.
    """
    by_person: dict[int, list[LearningRecord]] = {}
    for record in _locked(sorted(seen)):
        if awaits_review_by(actor, record) and entry_version(record) == seen[record.id]:
            _decide(actor, record, "verified", "", bulk=True)
            by_person.setdefault(record.person_id, []).append(record)
    db.session.flush()
    for records in by_person.values():  # one notice per learner, however many entries
        events.entries_verified.send(records[0].person, actor=actor, records=records)
    verified = sum(len(records) for records in by_person.values())
    return verified, len(seen) - verified


def entries_of(person):
    """A person's log entries, newest first (a query, for paginating)."""
    return (select(LearningRecord).where(LearningRecord.person_id == person.id, LearningRecord.source == "log")
            .options(selectinload(LearningRecord.method), selectinload(LearningRecord.skill_sets),
                     selectinload(LearningRecord.evidence))
            .order_by(LearningRecord.occurred_on.desc(), LearningRecord.id.desc()))


def waiting_for(supervisor):
    """Log entries of the direct reports of the supervisor (and of those they act for)
    waiting for a decision, oldest first."""
    return (select(LearningRecord).join(Person, Person.id == LearningRecord.person_id)
            .where(Person.supervisor_id.in_(supervised_ids(supervisor)), LearningRecord.source == "log",
                   LearningRecord.status == "pending")
            .options(selectinload(LearningRecord.person), selectinload(LearningRecord.method),
                     selectinload(LearningRecord.skill_sets), selectinload(LearningRecord.evidence))
            .order_by(LearningRecord.created_at, LearningRecord.id))


def latest_comments(records) -> dict[int, RecordReview]:
    """The newest verification or return of each record, in one query."""
    ids = [r.id for r in records]
    if not ids:
        return {}
    latest = {}
    for review in db.session.scalars(
            select(RecordReview).where(RecordReview.record_id.in_(ids),
                                       RecordReview.decision.in_(("verified", "returned")))
            .options(selectinload(RecordReview.actor)).order_by(RecordReview.created_at, RecordReview.id)):
        latest[review.record_id] = review
    return latest


def history_of(record: LearningRecord, limit: int = 50) -> list[RecordReview]:
    """Decisions and resubmissions on one entry, oldest first."""
    return list(db.session.scalars(
        select(RecordReview).where(RecordReview.record_id == record.id)
        .options(selectinload(RecordReview.actor)).order_by(RecordReview.created_at, RecordReview.id)
        .limit(limit)))
