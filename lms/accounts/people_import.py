"""Bulk import of people from an HR system's CSV export (docs/people-import.md).

Two layers. `parse_people_csv` reads the file and checks each row on its own: pure, no
database. `import_people` checks the rows against the database and against each other
(organisations, supervisors, cycles), then writes only when every row is good. It
flushes; the caller commits.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import BinaryIO

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select, update

from ..core.csv_import import ImportResult, Problem, RowError, mark_repeated, read_csv
from ..core.models import utcnow
from ..extensions import db
from ..reference.models import EmploymentType, TargetGroup
from .models import Organisation, Person
from .services import normalise_email, organisation_subtree_ids, set_active
from .supervisor_graph import SupervisorGraph

COLUMNS = ("email", "name_th", "name_en", "position", "organisation_code",
           "supervisor_email", "language", "active", "target_group", "employment_type", "citizen_id_hash")
REQUIRED_COLUMNS = ("email", "name_th", "organisation_code")
LANGUAGES = ("th", "en")
DEFAULT_LANGUAGE = "th"
ACTIVE_WORDS = {"1": True, "yes": True, "true": True, "0": False, "no": False, "false": False}
# The table's own limits, so the file is refused before the database would be.
MAX_LENGTHS = {
    "email": Person.__table__.c.email.type.length,
    "name_th": Person.__table__.c.name_th.type.length,
    "name_en": Person.__table__.c.name_en.type.length,
    "position": Person.__table__.c.position.type.length,
    "organisation_code": Organisation.__table__.c.code.type.length,
}
# The citizen-ID hash the OpenID provider releases (OIDC_LINK_CLAIM): base64, base64url or hex.
CITIZEN_ID_HASH_PATTERN = r"[A-Za-z0-9+/=_-]{16,128}"
# Bound parameters per IN (...) query: well under SQLite's and PostgreSQL's limits.
CHUNK_SIZE = 5000


@dataclass(frozen=True)
class PersonRow:
    """One data line, its values normalised, with the problems found on the line alone.

    None means "not given" (column absent, or for language/active an empty cell): a new
    person gets the default, an existing person keeps what they have. For
    supervisor_email an empty string means "no supervisor".
    """

    line: int
    email: str
    name_th: str
    organisation_code: str
    name_en: str | None = None
    position: str | None = None
    supervisor_email: str | None = None
    language: str | None = None
    is_active: bool | None = None
    target_group: str | None = None  # a target-group slug; "" clears it
    employment_type: str | None = None  # a slug, or the Thai or English name; "" clears it
    citizen_id_hash: str | None = None  # "" clears it
    problems: tuple[Problem, ...] = ()


@dataclass
class PeopleFile:
    """A parsed file: every data row, or the problems that stop the file being read at all."""

    rows: list[PersonRow] = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- parsing (pure)

def parse_people_csv(data: bytes | str | BinaryIO) -> PeopleFile:
    """Read a UTF-8 CSV (with or without BOM; bytes, text or an open binary file) into rows,
    each checked on its own. A file the shared reader refuses (too large, Windows-874, not
    UTF-8, ';'-separated, a bad header: lms.core.csv_import) gives only file problems."""
    names, lines, problems = read_csv(data, COLUMNS, REQUIRED_COLUMNS)
    if problems:
        return PeopleFile(file_problems=problems)
    return PeopleFile(rows=_mark_repeated([_parse_row(line, names, cells) for line, cells in lines]))


def person_rows_from_mappings(mappings: Iterable[Mapping[str, object]], first_line: int = 0) -> list[PersonRow]:
    """Rows from mappings of column name -> value (the API's JSON objects), each checked as a
    CSV line is. A key that is missing or None is an absent column; other values are read as
    their text (True -> "true"). Each row's `line` is its position, counted from `first_line`."""
    rows = []
    for line, mapping in enumerate(mappings, start=first_line):
        names = [name for name in COLUMNS if name in REQUIRED_COLUMNS or mapping.get(name) is not None]
        rows.append(_parse_row(line, names, ["" if mapping.get(name) is None else str(mapping[name])
                                             for name in names]))
    return _mark_repeated(rows)


def _mark_repeated(rows: list[PersonRow]) -> list[PersonRow]:
    rows = mark_repeated(rows, lambda row: row.email, "email", lambda row: f"email {row.email}")
    # The hash is never echoed: it stands for a citizen ID.
    return mark_repeated(rows, lambda row: row.citizen_id_hash, "citizen_id_hash", lambda row: "citizen_id_hash")


def citizen_id_hash_problem(value: str) -> Problem | None:
    """Why a citizen-ID hash is refused (its length or its characters, never the value), or None."""
    if re.fullmatch(CITIZEN_ID_HASH_PATTERN, value):
        return None
    return Problem("citizen_id_hash", _l("citizen_id_hash must be 16 to 128 characters of A-Z, a-z, 0-9, +, /, =, "
                                         "_ and - (it has %(count)d characters)", count=len(value)))


def _parse_row(line: int, names: list[str], cells: list[str]) -> PersonRow:
    problems = []
    if len(cells) > len(names) and any(cell.strip() for cell in cells[len(names):]):
        problems.append(Problem(None, _l("%(values)d values but the header has %(columns)d columns",
                                         values=len(cells), columns=len(names))))
    values = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(names)}

    for name, limit in MAX_LENGTHS.items():
        if len(values.get(name, "")) > limit:
            problems.append(Problem(name, _l("%(column)s is longer than %(limit)d characters (%(length)d)",
                                             column=name, limit=limit, length=len(values[name]))))
    email = normalise_email(values["email"])
    if not email:
        problems.append(Problem("email", _l("email is empty")))
    elif len(email) <= MAX_LENGTHS["email"]:
        problems.extend(_email_problems("email", email))
    if not values["name_th"]:
        problems.append(Problem("name_th", _l("name_th (the Thai name) is empty")))
    if not values["organisation_code"]:
        problems.append(Problem("organisation_code", _l("organisation_code is empty")))

    supervisor_email = None
    if "supervisor_email" in values:
        supervisor_email = normalise_email(values["supervisor_email"])
        if supervisor_email and supervisor_email == email:
            problems.append(Problem("supervisor_email", _l("a person cannot supervise themselves")))
        elif supervisor_email and (invalid := _email_problems("supervisor_email", supervisor_email)):
            problems.extend(invalid)
            supervisor_email = None  # unusable, and not worth an "unknown supervisor" as well

    language = values.get("language", "").lower() or None
    if language is not None and language not in LANGUAGES:
        problems.append(Problem("language", _l('language "%(value)s" must be th or en', value=values["language"])))
    citizen_id_hash = values.get("citizen_id_hash")
    if citizen_id_hash and (invalid := citizen_id_hash_problem(citizen_id_hash)):
        problems.append(invalid)
        citizen_id_hash = None  # unusable, and not worth a "repeated" or "another person's" as well
    active_text = values.get("active", "").lower()
    is_active = ACTIVE_WORDS.get(active_text) if active_text else None
    if active_text and is_active is None:
        problems.append(Problem("active", _l('active "%(value)s" must be one of 1, 0, yes, no, true, false',
                                             value=values["active"])))

    return PersonRow(
        line=line, email=email, name_th=values["name_th"],
        organisation_code=values["organisation_code"],
        name_en=values.get("name_en"), position=values.get("position"),
        supervisor_email=supervisor_email, language=language, is_active=is_active,
        target_group=values["target_group"].lower() if "target_group" in values else None,
        employment_type=values.get("employment_type"), citizen_id_hash=citizen_id_hash,
        problems=tuple(problems),
    )


def _email_problems(column: str, email: str) -> list[Problem]:
    reason = _email_invalid_reason(email)  # email_validator's own words: English
    return [Problem(column, _l('%(column)s "%(email)s" is not a valid address (%(reason)s)',
                               column=column, email=email, reason=reason))] if reason else []


@lru_cache(maxsize=65536)  # a supervisor's address recurs on every report's row
def _email_invalid_reason(email: str) -> str | None:
    # The login form's validator: an address accepted here can also log in.
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        return str(error)
    return None


# ---------------------------------------------------------------- import (database)

def import_people(rows: Sequence[PersonRow], actor: Person | None = None) -> ImportResult:
    """Create or update people from parsed rows, keyed by email; all or nothing.

    Every row is checked first (its own problems, organisation codes, supervisors in
    the database or the file, supervisor cycles, and for an agency administrator as
    `actor`, the organisations they administer). If any row is bad nothing is written
    and `errors` lists each bad row. New people get no password. Flushes, never commits.
    """
    problems: dict[int, list[Problem]] = defaultdict(list)
    first_row: dict[str, PersonRow] = {}
    for row in rows:
        problems[row.line].extend(row.problems)
        first_row.setdefault(row.email, row)

    org_ids = _organisation_ids({row.organisation_code for row in rows})
    group_ids = dict(db.session.execute(select(TargetGroup.slug, TargetGroup.id)).all())
    type_ids = _EmploymentTypes()
    existing = _people_by_email(list(first_row))
    allowed_org_ids = _allowed_organisation_ids(actor)
    for row in rows:
        org_id = org_ids.get(row.organisation_code)
        if org_id is None and 0 < len(row.organisation_code) <= MAX_LENGTHS["organisation_code"]:
            problems[row.line].append(Problem("organisation_code", _l(
                'unknown organisation_code "%(code)s"', code=row.organisation_code)))
        elif allowed_org_ids is not None and org_id is not None and org_id not in allowed_org_ids:
            problems[row.line].append(Problem("organisation_code", _l(
                'organisation "%(code)s" is not one you administer', code=row.organisation_code)))
        if row.target_group and row.target_group not in group_ids:
            problems[row.line].append(Problem("target_group", _l(
                'unknown target_group "%(value)s": one of %(slugs)s', value=row.target_group,
                slugs=", ".join(group_ids))))
        if row.employment_type and type_ids.get(row.employment_type) is None:
            problems[row.line].append(Problem("employment_type", _l(
                'unknown employment_type "%(value)s": one of %(slugs)s (or its Thai or English name)',
                value=row.employment_type, slugs=", ".join(type_ids.slugs))))
        person = existing.get(row.email)
        if allowed_org_ids is not None and person is not None and (
                person.is_site_admin or person.organisation_id not in allowed_org_ids):
            problems[row.line].append(Problem("email", _l("%(email)s is not a person you administer",
                                                          email=row.email)))

    for line, problem in _citizen_id_hash_conflicts(rows):
        problems[line].append(problem)

    graph = SupervisorGraph(rows, first_row, existing, chunks=_chunks)
    for row in rows:
        if row.supervisor_email and not graph.knows(row.supervisor_email):
            problems[row.line].append(Problem("supervisor_email", _l(
                'unknown supervisor_email "%(email)s": nobody in the file or the database has it',
                email=row.supervisor_email)))
    for cycle in graph.cycles(first_row):
        chain = " → ".join([*cycle, cycle[0]])
        for email in cycle:
            if email in first_row:
                problems[first_row[email].line].append(Problem("supervisor_email", _l(
                    "supervisor cycle: %(chain)s", chain=chain)))

    errors = [RowError(line, tuple(reasons)) for line, reasons in sorted(problems.items()) if reasons]
    if errors:
        return ImportResult(errors=errors)
    return _write(rows, org_ids, existing, graph.ids_by_email, group_ids, type_ids)


def _write(rows: Sequence[PersonRow], org_ids: dict[str, int], existing: dict[str, Person],
           ids_by_email: dict[str, int], group_ids: dict[str, int], type_ids: "_EmploymentTypes") -> ImportResult:
    now = utcnow()
    new_rows = [row for row in rows if row.email not in existing]
    hash_changed = _release_citizen_id_hashes(rows, existing)
    changed = {row.email for row in rows
               if row.email in existing and _apply_fields(existing[row.email], row, org_ids[row.organisation_code],
                                                          group_ids, type_ids)} | hash_changed
    ids = dict(ids_by_email)
    if new_rows:
        # One multi-row INSERT per batch instead of a unit of work over thousands of objects.
        inserted = db.session.execute(insert(Person).returning(Person.email, Person.id), [
            {"email": row.email, "name_th": row.name_th, "name_en": row.name_en or "",
             "position": row.position or "", "organisation_id": org_ids[row.organisation_code],
             "language": row.language or DEFAULT_LANGUAGE,
             "is_active": True if row.is_active is None else row.is_active,
             "deactivated_at": None if row.is_active in (None, True) else now,
             "hr_target_group_id": group_ids.get(row.target_group or ""),
             "employment_type_id": type_ids.get(row.employment_type),
             "citizen_id_hash": row.citizen_id_hash or None,
             "password_hash": None}  # cannot log in until an administrator sets a password
            for row in new_rows
        ])
        ids.update(inserted.all())

    new_links = []
    for row in rows:
        if row.supervisor_email is None:
            continue  # the column is absent: keep the link
        supervisor_id = ids[row.supervisor_email] if row.supervisor_email else None
        person = existing.get(row.email)
        if person is None:
            if supervisor_id is not None:
                new_links.append({"id": ids[row.email], "supervisor_id": supervisor_id})
        elif person.supervisor_id != supervisor_id:
            person.supervisor_id = supervisor_id
            changed.add(row.email)
    if new_links:
        db.session.execute(update(Person), new_links)
    db.session.flush()
    return ImportResult(created=len(new_rows), updated=len(changed), unchanged=len(existing) - len(changed))


def _apply_fields(person: Person, row: PersonRow, organisation_id: int, group_ids: dict[str, int],
                  type_ids: "_EmploymentTypes") -> bool:
    """Set what the row gives; True when anything differed."""
    wanted = {"name_th": row.name_th, "organisation_id": organisation_id, "name_en": row.name_en,
              "position": row.position, "language": row.language}
    changed_group = row.target_group is not None and person.hr_target_group_id != group_ids.get(row.target_group)
    if changed_group:
        person.hr_target_group_id = group_ids.get(row.target_group)  # an empty cell clears it
    changed_type = row.employment_type is not None and person.employment_type_id != type_ids.get(row.employment_type)
    if changed_type:
        person.employment_type_id = type_ids.get(row.employment_type)  # an empty cell clears it
    if row.citizen_id_hash is not None:  # a change is counted by _release_citizen_id_hashes
        person.citizen_id_hash = row.citizen_id_hash or None  # an empty cell clears it
    changed = row.is_active is not None and set_active(person, row.is_active)
    for name, value in wanted.items():
        if value is not None and getattr(person, name) != value:
            setattr(person, name, value)
            changed = True
    return changed or changed_group or changed_type


def _citizen_id_hash_conflicts(rows: Sequence[PersonRow]) -> list[tuple[int, Problem]]:
    """Rows whose citizen_id_hash another person in the database keeps after the import (one
    whose own row gives another value or clears it lets it go). The holder is not named."""
    wanted = {row.citizen_id_hash: row for row in rows if row.citizen_id_hash}
    releasing = {row.email for row in rows if row.citizen_id_hash is not None}
    conflicts = []
    for chunk in _chunks(sorted(wanted)):
        for email, value in db.session.execute(select(Person.email, Person.citizen_id_hash)
                                               .where(Person.citizen_id_hash.in_(chunk))):
            row = wanted[value]
            if email != row.email and email not in releasing:
                conflicts.append((row.line, Problem("citizen_id_hash",
                                                    _l("citizen_id_hash is already another person's"))))
    return conflicts


def _release_citizen_id_hashes(rows: Sequence[PersonRow], existing: dict[str, Person]) -> set[str]:
    """Clear, and flush, the hash of everyone whose row changes it, before any is set: a hash
    moving between two people of the file must not meet itself in the unique index. Returns
    their emails."""
    changing = set()
    for row in rows:
        person = existing.get(row.email)
        if person is not None and row.citizen_id_hash is not None and (
                person.citizen_id_hash != (row.citizen_id_hash or None)):
            changing.add(row.email)
            person.citizen_id_hash = None
    if changing:
        db.session.flush()
    return changing


class _EmploymentTypes:
    """Employment types as a file may name them: the slug (any case), the Thai name, or the
    English name (any case). The site admin keeps names unique (reference.services)."""

    def __init__(self):
        rows = db.session.execute(select(EmploymentType.id, EmploymentType.slug, EmploymentType.name_th,
                                         EmploymentType.name_en).order_by(EmploymentType.position)).all()
        self.slugs = [row.slug for row in rows]
        self._ids: dict[str, int] = {}
        for names in ([row.name_en for row in rows], [row.name_th for row in rows], self.slugs):  # slugs win
            self._ids.update({_type_key(name): row.id for name, row in zip(names, rows, strict=True) if name})

    def get(self, text: str | None) -> int | None:
        """The type's id; None for an empty cell, an absent column or an unknown name."""
        return self._ids.get(_type_key(text)) if text else None


def _type_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _chunks(values: Sequence, size: int = CHUNK_SIZE) -> Iterable[Sequence]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _organisation_ids(codes: set[str]) -> dict[str, int]:
    codes = sorted(code for code in codes if code)
    found = {}
    for chunk in _chunks(codes):
        found.update(db.session.execute(
            select(Organisation.code, Organisation.id).where(Organisation.code.in_(chunk))).all())
    return found


def _people_by_email(emails: list[str]) -> dict[str, Person]:
    people = {}
    for chunk in _chunks([email for email in emails if email]):
        for person in db.session.scalars(select(Person).where(Person.email.in_(chunk))):
            people[person.email] = person
    return people


def _allowed_organisation_ids(actor: Person | None) -> set[int] | None:
    """None: no limit (the operator's CLI, or a site administrator)."""
    if actor is None or actor.is_site_admin:
        return None
    if actor.admin_of is None:
        return set()
    return set(organisation_subtree_ids(actor.admin_of))
