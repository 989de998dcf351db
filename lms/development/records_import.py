"""Bulk import of learning records from HR and other systems (docs/records-import.md).

`parse_records_csv` reads the file and checks each row on its own (pure, no database).
`import_records` checks the rows against the database and each other, then writes only
when every row is good: new records with multi-row INSERTs, changed ones with one bulk
UPDATE. It flushes; the caller commits. Imported records are verified (HR confirmed them);
the new ones are announced together (`events.records_imported`).
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import BinaryIO

from sqlalchemy import String, any_, bindparam, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import ARRAY

from ..accounts.models import Person
from ..accounts.services import normalise_email
from ..core import events
from ..core.csv_import import ImportResult, Problem, RowError, mark_repeated, read_csv
from ..core.dates import BUDDHIST_ERA_OFFSET
from ..core.models import utcnow
from ..extensions import db
from ..records.models import LearningRecord, record_skill_sets
from ..reference.models import LearningMethod, SkillSet
from ..rules import MAX_RECORD_HOURS_PER_DAY, InvalidDuration, validate_record_hours
from .log import HOURS_PLACES, hours_text, sum_as_hours
from .log_forms import NOTES_MAX_LENGTH

COLUMNS = ("external_id", "email", "date", "hours", "method", "skill_sets", "title", "notes")
REQUIRED_COLUMNS = ("external_id", "email", "date", "hours", "method", "skill_sets", "title")
SOURCE = "import"
EXTERNAL_ID_LENGTH = LearningRecord.__table__.c.source_key.type.length
TITLE_LENGTH = LearningRecord.__table__.c.title.type.length
EARLIEST_DATE = date(2000, 1, 1)  # older is a typo (or a year in the wrong era), not a record
BUDDHIST_YEARS_FROM = 2400  # a year this large is Buddhist Era: 2569-11-24 is 24 Nov 2026
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
CHUNK_SIZE = 5000  # bound parameters per IN (...): well under SQLite's and PostgreSQL's limits
PAIR_CHUNK_SIZE = 2500  # (person, day) pairs: two parameters each


@dataclass(frozen=True)
class RecordRow:
    """One data line, normalised, with the problems found on the line alone."""

    line: int
    external_id: str
    email: str
    occurred_on: date | None
    hours: Decimal | None
    method: str
    skill_sets: tuple[str, ...]
    title: str
    notes: str = ""
    problems: tuple[str | Problem, ...] = ()  # Problem: a repeated external_id (mark_repeated)


@dataclass
class RecordsFile:
    rows: list[RecordRow] = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- parsing (pure)

def parse_records_csv(data: bytes | str | BinaryIO, today: date) -> RecordsFile:
    """Read a UTF-8 CSV (with or without BOM; bytes, text or an open binary file) into rows,
    each checked on its own. A file the shared reader refuses (too large, Windows-874, not
    UTF-8, ';'-separated, a bad header: lms.core.csv_import) gives only file problems."""
    names, lines, problems = read_csv(data, COLUMNS, REQUIRED_COLUMNS)
    if problems:
        return RecordsFile(file_problems=problems)
    return RecordsFile(rows=mark_repeated([_parse_row(line, names, cells, today) for line, cells in lines],
                                          lambda row: row.external_id, "external_id",
                                          lambda row: f'external_id "{row.external_id}"'))


@lru_cache(maxsize=65536)  # a file repeats the same days and hours on many rows
def parse_date(text: str, today: date) -> tuple[date | None, str | None]:
    """An ISO date, the year in the Common or the Buddhist Era; (None, why) otherwise."""
    match = ISO_DATE.match(text)
    if not match:
        return None, f'date "{text}" must be yyyy-mm-dd, for example 2026-11-24 or 2569-11-24'
    year, month, day = (int(part) for part in match.groups())
    if year >= BUDDHIST_YEARS_FROM:
        year -= BUDDHIST_ERA_OFFSET
    try:
        parsed = date(year, month, day)
    except ValueError:
        return None, f'date "{text}" is not a day of the calendar'
    if parsed > today:
        return None, f'date "{text}" is in the future'
    if parsed < EARLIEST_DATE:
        return None, f'date "{text}" is before {EARLIEST_DATE.isoformat()}'
    return parsed, None


@lru_cache(maxsize=65536)
def parse_hours(text: str) -> tuple[Decimal | None, str | None]:
    """Hours by the rules (0–24 in one record), with at most two decimal places."""
    try:
        hours = validate_record_hours(text)
    except InvalidDuration as problem:
        return None, f"hours: {problem.message_en}"
    if hours != round(hours, HOURS_PLACES):
        return None, f'hours "{text}" has more than {HOURS_PLACES} decimal places'
    return hours, None


def _parse_row(line: int, names: list[str], cells: list[str], today: date) -> RecordRow:
    problems = []
    if len(cells) > len(names) and any(cell.strip() for cell in cells[len(names):]):
        problems.append(f"{len(cells)} values but the header has {len(names)} columns")
    values = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(names)}
    external_id, email, title = values["external_id"], normalise_email(values["email"]), values["title"]
    for name, text, limit in (("external_id", external_id, EXTERNAL_ID_LENGTH), ("email", email, None),
                              ("title", title, TITLE_LENGTH)):
        if not text:
            problems.append(f"{name} is empty")
        elif limit and len(text) > limit:
            problems.append(f"{name} is longer than {limit} characters ({len(text)})")
    occurred_on, problem = parse_date(values["date"], today) if values["date"] else (None, "date is empty")
    problems += [problem] if problem else []
    hours, problem = parse_hours(values["hours"]) if values["hours"] else (None, "hours is empty")
    problems += [problem] if problem else []
    method = values["method"].lower()
    if not method:
        problems.append("method is empty")
    skill_sets = tuple(dict.fromkeys(s.strip().lower() for s in values["skill_sets"].split(";") if s.strip()))
    if not skill_sets:
        problems.append("skill_sets is empty: give at least one skill set slug (several separated by ;)")
    notes = values.get("notes", "")
    if len(notes) > NOTES_MAX_LENGTH:
        problems.append(f"notes is longer than {NOTES_MAX_LENGTH} characters ({len(notes)})")
    return RecordRow(line, external_id, email, occurred_on, hours, method, skill_sets, title, notes,
                     tuple(problems))


# ---------------------------------------------------------------- import (database)

@dataclass
class _Existing:
    """An imported record already in the database, as much as a comparison needs."""

    id: int
    person_id: int
    occurred_on: date
    hours: Decimal
    method_id: int
    title: str
    notes: str
    skill_set_ids: set[int] = field(default_factory=set)


def import_records(rows: Sequence[RecordRow]) -> ImportResult:
    """Create or update imported records, keyed by external_id; all or nothing.

    Every row is checked first (its own problems; unknown person, method or skill set; an
    external_id already used for another person; more than 24 hours in one day counting
    the records already there). If any row is bad nothing is written and `errors` lists
    each bad row. A row whose record exists is updated when it differs. Flushes, never commits.
    """
    problems: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        problems[row.line].extend(row.problems)
    person_ids = _ids_by(Person.email, Person.id, {row.email for row in rows if row.email})
    method_ids = dict(db.session.execute(select(LearningMethod.slug, LearningMethod.id)).all())
    skill_set_ids = dict(db.session.execute(select(SkillSet.slug, SkillSet.id)).all())
    existing, owners = _existing_records([row.external_id for row in rows if row.external_id])

    for row in rows:
        if row.email and row.email not in person_ids:
            problems[row.line].append(f'unknown email "{row.email}": nobody in the database has it')
        if row.method and row.method not in method_ids:
            problems[row.line].append(f'unknown method "{row.method}"; the methods are {", ".join(method_ids)}')
        unknown = [slug for slug in row.skill_sets if slug not in skill_set_ids]
        if unknown:
            problems[row.line].append(f'unknown skill set(s) {", ".join(unknown)}; '
                                      f'the skill sets are {", ".join(skill_set_ids)}')
        other_owners = owners.get(row.external_id, set()) - {person_ids.get(row.email)}
        if row.email in person_ids and other_owners:
            problems[row.line].append(f'external_id "{row.external_id}" is already used for another person\'s '
                                      "record; external ids are unique per source system")
    for line, reason in _day_total_problems(rows, person_ids, existing):
        problems[line].append(reason)

    errors = [RowError(line, tuple(reasons)) for line, reasons in sorted(problems.items()) if reasons]
    if errors:
        return ImportResult(errors=errors)
    return _write(rows, person_ids, method_ids, skill_set_ids, existing)


def _chunks(values: Sequence, size: int = CHUNK_SIZE) -> Iterable[Sequence]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _ids_by(key_column, id_column, keys: set[str]) -> dict[str, int]:
    found = {}
    for chunk in _chunks(sorted(keys)):
        found.update(db.session.execute(select(key_column, id_column).where(key_column.in_(chunk))).all())
    return found


def _one_of(column, values: Sequence[str]):
    """`column IN (values)`; on PostgreSQL `= ANY(one array)`: one parameter instead of
    thousands, looked up by hash (no index covers source_key alone; 3× faster measured)."""
    if db.session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam("values", list(values), type_=ARRAY(String)))
    return column.in_(values)


def _existing_records(external_ids: list[str]) -> tuple[dict[tuple[int, str], _Existing], dict[str, set[int]]]:
    """Imported records with these keys, by (person id, key); and who holds each key."""
    existing, owners = {}, defaultdict(set)
    columns = (LearningRecord.id, LearningRecord.person_id, LearningRecord.source_key, LearningRecord.occurred_on,
               LearningRecord.hours, LearningRecord.learning_method_id, LearningRecord.title, LearningRecord.notes_md)
    for chunk in _chunks(sorted(set(external_ids))):
        query = select(*columns).where(LearningRecord.source == SOURCE, _one_of(LearningRecord.source_key, chunk))
        for record_id, person_id, key, occurred_on, hours, method_id, title, notes in db.session.execute(query):
            existing[person_id, key] = _Existing(record_id, person_id, occurred_on, sum_as_hours(hours),
                                                 method_id, title, notes)
            owners[key].add(person_id)
    by_id = {record.id: record for record in existing.values()}
    for chunk in _chunks(sorted(by_id)):
        for record_id, skill_set_id in db.session.execute(
                select(record_skill_sets.c.record_id, record_skill_sets.c.skill_set_id)
                .where(record_skill_sets.c.record_id.in_(chunk))):
            by_id[record_id].skill_set_ids.add(skill_set_id)
    return existing, owners


def _day_total_problems(rows, person_ids, existing) -> list[tuple[int, str]]:
    """Rows whose (person, day) would pass 24 hours: the file's rows plus what is already
    recorded that day, less the imported records these rows replace."""
    in_file: dict[tuple[int, date], list[RecordRow]] = defaultdict(list)
    for row in rows:
        if row.email in person_ids and row.occurred_on and row.hours is not None:
            in_file[person_ids[row.email], row.occurred_on].append(row)
    recorded: dict[tuple[int, date], Decimal] = defaultdict(Decimal)
    # Sorted by person, a chunk's people × days is close to its pairs; the query uses the
    # (person_id, occurred_on) index on both databases, where a row-value IN list would not
    # on PostgreSQL. Sums of pairs not in the file are dropped.
    for chunk in _chunks(sorted(in_file), PAIR_CHUNK_SIZE):
        people, days = sorted({p for p, _d in chunk}), sorted({d for _p, d in chunk})
        query = (select(LearningRecord.person_id, LearningRecord.occurred_on, func.sum(LearningRecord.hours))
                 .where(LearningRecord.person_id.in_(people), LearningRecord.occurred_on.in_(days))
                 .group_by(LearningRecord.person_id, LearningRecord.occurred_on))
        for person_id, day, total in db.session.execute(query):
            if (person_id, day) in in_file:
                recorded[person_id, day] = sum_as_hours(total)
    for record in existing.values():  # replaced by its row, so not counted twice
        if (record.person_id, record.occurred_on) in in_file:
            recorded[record.person_id, record.occurred_on] -= record.hours
    found = []
    for (person_id, day), day_rows in in_file.items():
        from_file = sum((row.hours for row in day_rows), Decimal(0))
        already = recorded.get((person_id, day), Decimal(0))
        if already + from_file > MAX_RECORD_HOURS_PER_DAY:
            lines = ", ".join(str(row.line) for row in day_rows)
            reason = (f"{day_rows[0].email} would have {hours_text(already + from_file)} hours on {day.isoformat()}: "
                      f"{hours_text(already)} already recorded and {hours_text(from_file)} in this file "
                      f"(line(s) {lines}); more than {MAX_RECORD_HOURS_PER_DAY} hours in one day")
            found.extend((row.line, reason) for row in day_rows)
    return found


def _write(rows, person_ids, method_ids, skill_set_ids, existing) -> ImportResult:
    now = utcnow()
    new_rows, changes, changed_links, unchanged = [], [], [], 0
    for row in rows:
        person_id = person_ids[row.email]
        wanted_skill_sets = {skill_set_ids[slug] for slug in row.skill_sets}
        values = {"occurred_on": row.occurred_on, "hours": row.hours, "learning_method_id": method_ids[row.method],
                  "title": row.title, "notes_md": row.notes}
        record = existing.get((person_id, row.external_id))
        if record is None:
            new_rows.append((row, person_id, wanted_skill_sets, values))
        elif (record.occurred_on, record.hours, record.method_id, record.title, record.notes,
              record.skill_set_ids) == (row.occurred_on, row.hours, values["learning_method_id"],
                                        row.title, row.notes, wanted_skill_sets):
            unchanged += 1
        else:
            changes.append({"id": record.id, **values, "updated_at": now})
            if record.skill_set_ids != wanted_skill_sets:
                changed_links.append((record.id, wanted_skill_sets))

    new_links, new_record_ids = [], []
    if new_rows:
        # Multi-row INSERTs (batched by SQLAlchemy), not a unit of work over 100,000 objects.
        inserted = db.session.execute(
            insert(LearningRecord).returning(LearningRecord.person_id, LearningRecord.source_key, LearningRecord.id),
            [{"person_id": person_id, "source": SOURCE, "source_key": row.external_id, "status": "verified",
              "reviewed_at": now, "created_at": now, **values}
             for row, person_id, _skill_sets, values in new_rows])
        new_ids = {(person_id, key): record_id for person_id, key, record_id in inserted}
        new_links = [(new_ids[person_id, row.external_id], wanted) for row, person_id, wanted, _values in new_rows]
        new_record_ids = [record_id for record_id, _wanted in new_links]
    if changes:
        db.session.execute(update(LearningRecord), changes)  # one bulk UPDATE by primary key
    for chunk in _chunks([record_id for record_id, _wanted in changed_links]):
        db.session.execute(delete(record_skill_sets).where(record_skill_sets.c.record_id.in_(chunk)))
    links = [{"record_id": record_id, "skill_set_id": skill_set_id}
             for record_id, wanted in changed_links + new_links for skill_set_id in sorted(wanted)]
    if links:
        db.session.execute(insert(record_skill_sets), links)
    db.session.flush()
    if new_record_ids:  # heard in this transaction (xAPI statements): rolled back with it on a dry run
        events.records_imported.send(SOURCE, record_ids=new_record_ids, actor=None)
    return ImportResult(created=len(new_rows), updated=len(changes), unchanged=unchanged)
