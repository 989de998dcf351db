"""External results (a TPQI certificate, a vendor certification): recorded by the person with
evidence, verified or returned by the immediate supervisor like a log entry. A verified result
that has not expired counts as an assessed level, and its verification announces the level
(events.level_certified) for the certificates part."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ...accounts.models import Person
from ...core import events
from ...core.audit import record_event
from ...core.models import utcnow
from ...core.uploads import FileBatch, Upload, stored_path
from ...extensions import db
from ..frameworks.queries import framework_in_force
from .models import ExternalResult, ExternalResultFile

MAX_TEXT_LENGTH = 300


class ReviewRefused(Exception):
    """Why a result cannot be verified or returned now, in the reader's language."""


@dataclass(frozen=True)
class ResultData:
    title: str
    issuer: str
    skill_set_id: int | None
    level: int | None
    issued_on: date | None
    expires_on: date | None


def result_problems(data: ResultData, on: date) -> dict[str, list[str]]:
    """{field: messages} for what is wrong with a result; empty when it can be saved. The skill
    set and level are those of the framework version in force on `on`."""
    problems: dict[str, list[str]] = {}

    def refuse(field, message):
        problems.setdefault(field, []).append(message)

    if not data.title.strip():
        refuse("title", _("Enter the name of the certificate or result."))
    if not data.issuer.strip():
        refuse("issuer", _("Enter who issued it."))
    framework = framework_in_force(on)
    editions = {e.skill_set_id: e for e in (framework.editions if framework else []) if e.levels}
    edition = editions.get(data.skill_set_id)
    if edition is None:
        refuse("skill_set_id", _("Choose a skill set of the framework in force."))
    elif data.level is None or not 1 <= data.level <= len(edition.levels):
        refuse("level", _("The level must be from 1 to %(highest)s for %(skill_set)s.",
                          highest=len(edition.levels), skill_set=edition.name))
    if data.issued_on is None:
        refuse("issued_on", _("Enter the day it was issued."))
    elif data.issued_on > on:
        refuse("issued_on", _("The day it was issued cannot be in the future."))
    if data.issued_on and data.expires_on and data.expires_on < data.issued_on:
        refuse("expires_on", _("It cannot expire before it was issued."))
    return problems


def _apply(result: ExternalResult, data: ResultData) -> None:
    result.title, result.issuer = data.title.strip()[:MAX_TEXT_LENGTH], data.issuer.strip()[:MAX_TEXT_LENGTH]
    result.skill_set_id, result.level = data.skill_set_id, data.level
    result.issued_on, result.expires_on = data.issued_on, data.expires_on


def record_result(person: Person, data: ResultData) -> ExternalResult:
    """A new result waiting for the supervisor's verification (flushes; checked by result_problems)."""
    result = ExternalResult(person_id=person.id, status="pending")
    _apply(result, data)
    db.session.add(result)
    db.session.flush()
    record_event("external_result.recorded", result, actor=person)
    events.external_result_submitted.send(result, actor=person)
    return result


def update_result(person: Person, result: ExternalResult, data: ResultData) -> ExternalResult:
    """Change a result not yet verified; a returned one goes back to the supervisor, who is told
    (flushes). Edits of a pending one tell nobody again: it already waits for them."""
    resubmitted = result.status == "returned"
    _apply(result, data)
    result.status = "pending"
    db.session.flush()
    record_event("external_result.updated", result, actor=person)
    if resubmitted:
        events.external_result_submitted.send(result, actor=person)
    return result


def attach_files(batch: FileBatch, result: ExternalResult, uploads: Iterable[Upload]) -> list[ExternalResultFile]:
    """Write each checked upload and add its row to the result (flushed)."""
    rows = [ExternalResultFile(result_id=result.id, original_name=u.original_name, stored_name=batch.write(u),
                               content_type=u.content_type, size_bytes=u.size_bytes) for u in uploads]
    db.session.add_all(rows)
    db.session.flush()
    return rows


def file_paths(files: Iterable[ExternalResultFile]) -> list[str]:
    return [path for path in (stored_path(f.stored_name) for f in files) if path]


def result_version(result: ExternalResult) -> str:
    """Changes whenever the owner saves: a decision is taken on the version that was seen."""
    return (result.updated_at or result.created_at).isoformat()


def review_result(supervisor: Person, result: ExternalResult, decision: str, comment: str,
                  seen_version: str) -> ExternalResult:
    """Verify the result (it then counts as an assessed level and is announced as a certified
    level) or return it with a comment saying what to change (flushes). The result must still
    be the version the supervisor saw, as with log entries."""
    db.session.refresh(result, with_for_update=True)  # not edited meanwhile
    if result.status != "pending":
        raise ReviewRefused(_("This result is not waiting for your verification."))
    if result_version(result) != seen_version:
        raise ReviewRefused(_("The owner changed this result after you opened it. Read it again, then decide."))
    comment = (comment or "").strip()
    if decision == "returned" and not comment:
        raise ReviewRefused(_("Say what to change when you return a result."))
    result.status = decision
    result.reviewed_by_id, result.reviewed_at, result.review_comment = supervisor.id, utcnow(), comment
    db.session.flush()
    record_event(f"external_result.{decision}", result, actor=supervisor)
    events.external_result_reviewed.send(result, actor=supervisor, verified=decision == "verified", comment=comment)
    if decision == "verified":
        events.level_certified.send(result, person=result.person, skill_set=result.skill_set, level=result.level,
                                    certified_on=result.issued_on, expires_on=result.expires_on, actor=supervisor)
    return result


def results_of(person: Person):
    """A select of the person's results, newest first."""
    return (select(ExternalResult).where(ExternalResult.person_id == person.id)
            .order_by(ExternalResult.issued_on.desc(), ExternalResult.id.desc())
            .options(selectinload(ExternalResult.skill_set), selectinload(ExternalResult.files)))


def results_waiting_for(supervisor: Person):
    """A select of the pending results of those the person supervises or acts for."""
    deciders = {supervisor.id, *supervisor.acting_for_ids()}
    return (select(ExternalResult).join(Person, Person.id == ExternalResult.person_id)
            .where(ExternalResult.status == "pending", Person.supervisor_id.in_(deciders),
                   Person.id != supervisor.id)
            .order_by(ExternalResult.updated_at)
            .options(selectinload(ExternalResult.person), selectinload(ExternalResult.skill_set)))


def current_verified_levels(person_id: int, on: date) -> dict[int, int]:
    """{skill set id: highest level} of the person's verified results issued by `on` and not
    expired on it (one aggregate query)."""
    rows = db.session.execute(
        select(ExternalResult.skill_set_id, func.max(ExternalResult.level))
        .where(ExternalResult.person_id == person_id, ExternalResult.status == "verified",
               ExternalResult.issued_on <= on,
               or_(ExternalResult.expires_on.is_(None), ExternalResult.expires_on >= on))
        .group_by(ExternalResult.skill_set_id))
    return dict(rows.all())
