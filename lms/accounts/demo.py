"""The demo's accounts: a fictional ministry, its agencies and divisions, 60 people, an institute.

The data are CSV files in lms/demo/ (see its README.md), and the people arrive through the
same parse and import as `flask lms people import`, so people.csv is a worked example of
the HR format (docs/people-import.md). What that format does not carry is in two small
files of the demo's own: organisations.csv and institutes.csv (there is no import for
them; an administrator creates them in the app), and people-roles.csv (the rights an
administrator gives in the app, and the target group each person's work fits).

Deterministic and idempotent: every row is found by its natural key (organisation and
institute code, email) and created only when missing, so a second run changes nothing.
Existing rows are never modified: only people not yet in the database are imported, so a
demo user's changed password, language or supervisor survives a re-run. Two things are filled
in where they are missing, for a demo database loaded before they existed: a demo unit's head
(organisations.csv) and a demo person's employment type (people.csv).

New demo people are dated as added at the start of the previous fiscal year, so last year's
reports count them (accounts.scope) beside the history that counts back into that year.

The demo's later steps (lms/demo) find people through `DemoResult.people` by their stable
key (the email's local part) and use `DemoPerson.group`, the target-group slug each
person's work fits (DOMAIN.md §1), for plans and enrolments.
"""

import csv
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache
from pathlib import Path

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from ..core.csv_import import line_problems
from ..core.dates import BANGKOK, fiscal_year_bounds, fiscal_year_of, today_in_bangkok
from ..extensions import db
from ..reference.models import EmploymentType, Phase
from .models import Institute, Organisation, Person
from .people_import import import_people, parse_people_csv

DEMO_FILES = Path(__file__).resolve().parents[1] / "demo"
DEMO_PASSWORD = "thaksa-demo-2569"
# Reserved for examples (RFC 2606): mail to demo people can never reach anyone.
DEMO_EMAIL_DOMAIN = "thaksa-demo.example"


@dataclass(frozen=True)
class DemoOrganisation:
    code: str
    name_th: str
    name_en: str
    kind: str
    parent: str | None = None
    phase: str | None = None  # an agency's phase slug; set only on agencies
    cio_email: str | None = None  # the agency's Chief Information Officer (§4.9.2)
    head_email: str | None = None  # the head of the unit: sees its reports

    @property
    def is_agency(self) -> bool:
        return self.phase is not None


@dataclass(frozen=True)
class DemoPerson:
    key: str  # the email's local part; stable, for later demo steps
    email: str
    name_th: str
    name_en: str
    position: str
    organisation: str
    supervisor_email: str | None
    group: str  # target-group slug of the person's work
    employment_type: str  # employment-type slug (§4.4: which years' reports count them)
    institute: str | None = None  # code of the institute whose courses they author
    admin_of: str | None = None  # code of the agency they administer
    site_admin: bool = False


@dataclass(frozen=True)
class DemoInstitute:
    code: str
    name_th: str
    name_en: str
    organisation: str


class DemoFileError(RuntimeError):
    """A demo file that does not load: a bug in the demo, reported with what is wrong."""


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(DEMO_FILES / name, encoding="utf-8", newline="") as file:
        return [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(file)]


@cache
def demo_organisations() -> tuple[DemoOrganisation, ...]:
    """organisations.csv: parents before their children."""
    return tuple(
        DemoOrganisation(row["code"], row["name_th"], row["name_en"], row["kind"], row["parent_code"] or None,
                         row["phase"] or None, row["cio_email"] or None, row["head_email"] or None)
        for row in _read_csv("organisations.csv")
    )


@cache
def demo_institute() -> DemoInstitute:
    """institutes.csv: the demo's one training institute."""
    [row] = _read_csv("institutes.csv")
    return DemoInstitute(row["code"], row["name_th"], row["name_en"], row["organisation_code"])


@cache
def demo_people_file():
    """people.csv as `flask lms people import` reads it."""
    parsed = parse_people_csv((DEMO_FILES / "people.csv").read_bytes())
    problems = parsed.file_problems + [line_problems(row.line, row.problems)
                                       for row in parsed.rows if row.problems]
    if problems:
        raise DemoFileError("lms/demo/people.csv: " + "; ".join(problems))
    return parsed


@cache
def demo_people() -> tuple[DemoPerson, ...]:
    """Every demo person: people.csv joined with people-roles.csv by email."""
    roles = {row["email"]: row for row in _read_csv("people-roles.csv")}
    rows = demo_people_file().rows
    if set(roles) != {row.email for row in rows}:
        raise DemoFileError("lms/demo/people-roles.csv must have one row for each person of people.csv")
    if {row["institute_code"] for row in roles.values()} - {"", demo_institute().code}:
        raise DemoFileError("lms/demo/people-roles.csv: institute_code must be the code in institutes.csv")
    return tuple(
        DemoPerson(
            key=row.email.split("@")[0], email=row.email, name_th=row.name_th, name_en=row.name_en or "",
            position=row.position or "", organisation=row.organisation_code,
            supervisor_email=row.supervisor_email or None, group=roles[row.email]["target_group"],
            employment_type=row.employment_type or "",
            institute=roles[row.email]["institute_code"] or None,
            admin_of=roles[row.email]["admin_of_code"] or None,
            site_admin=roles[row.email]["site_admin"] == "yes",
        )
        for row in rows
    )


def __getattr__(name: str):
    # PEOPLE reads the files when first asked for, not when the module is imported.
    if name == "PEOPLE":
        return demo_people()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

# One login per role, printed by `flask lms demo`: (role, person key). The second-level
# supervisor is the supervisor's supervisor; the acting supervisor acts for another
# supervisor this week (lms/demo/history.py gives each of them something to do).
LOGINS = (
    ("learner", "kanokporn.m"),
    ("supervisor", "paweena.s"),
    ("second-level supervisor", "anucha.s"),
    ("acting supervisor", "kiattisak.c"),
    ("course author", "anchalee.w"),
    ("agency admin", "phensri.c"),
    ("CIO", "wiphawadi.c"),
    ("head of division", "phimchanok.c"),
    ("site admin", "kittiphong.s"),
)


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    description: str


@dataclass
class DemoResult:
    """What the demo holds now, and how much of it this run created."""

    created_organisations: int = 0
    created_institutes: int = 0
    created_people: int = 0
    filled_heads: int = 0  # units given the file's head where they had none
    filled_employment_types: int = 0  # demo people given the file's type where they had none
    organisations: dict[str, Organisation] = field(default_factory=dict)
    institute: Institute | None = None
    people: dict[str, Person] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created_organisations or self.created_institutes or self.created_people
                    or self.filled_heads or self.filled_employment_types)


def load_demo(today: date | None = None) -> DemoResult:
    """Create whatever part of the demo's accounts is missing; flushes, never commits."""
    result = DemoResult()
    new_codes = _ensure_organisations(result)
    _ensure_institute(result)
    _ensure_people(result, today or today_in_bangkok())
    by_email = {person.email: person for person in result.people.values()}
    for spec in demo_organisations():
        org = result.organisations[spec.code]
        # Only on agencies created now: an administrator's later choice of CIO stands.
        if spec.cio_email and spec.code in new_codes:
            org.cio = by_email[spec.cio_email]
        if spec.head_email and org.head_id is None:
            org.head = by_email[spec.head_email]
            if spec.code not in new_codes:
                result.filled_heads += 1
    _fill_employment_types(result)
    db.session.flush()
    for role, key in LOGINS:
        person = result.people[key]
        result.logins.append(DemoLogin(role, person.email,
                                       f"{person.name_en} ({person.name_th}), {person.position}"))
    return result


def _ensure_organisations(result: DemoResult) -> set[str]:
    specs = demo_organisations()
    codes = [spec.code for spec in specs]
    orgs = {org.code: org for org in db.session.scalars(select(Organisation).where(Organisation.code.in_(codes)))}
    phases = {phase.slug: phase for phase in db.session.scalars(select(Phase))}
    created = set()
    for spec in specs:
        if spec.code in orgs:
            continue
        if spec.phase and spec.phase not in phases:
            raise RuntimeError("The reference data is missing: run `flask --app wsgi db upgrade` first.")
        org = Organisation(code=spec.code, name_th=spec.name_th, name_en=spec.name_en, kind=spec.kind,
                           parent=orgs.get(spec.parent), is_agency=spec.is_agency,
                           phase=phases.get(spec.phase))
        db.session.add(org)
        orgs[spec.code] = org
        created.add(spec.code)
    result.organisations = orgs
    result.created_organisations = len(created)
    return created


def _ensure_institute(result: DemoResult) -> None:
    spec = demo_institute()
    institute = db.session.scalar(select(Institute).where(Institute.code == spec.code))
    if institute is None:
        institute = Institute(code=spec.code, name_th=spec.name_th, name_en=spec.name_en,
                              organisation=result.organisations[spec.organisation])
        db.session.add(institute)
        result.created_institutes = 1
    result.institute = institute


def _ensure_people(result: DemoResult, today: date) -> None:
    """Import the rows of people.csv whose people are missing, then give only those the demo
    password, the rights people-roles.csv names, and a date added early in last fiscal year."""
    specs = {spec.email: spec for spec in demo_people()}
    db.session.flush()  # the import looks organisations up in the database
    existing = set(db.session.scalars(select(Person.email).where(Person.email.in_(specs))))
    new_rows = [row for row in demo_people_file().rows if row.email not in existing]
    if new_rows:
        imported = import_people(new_rows)
        if imported.errors:
            raise DemoFileError("lms/demo/people.csv: " + "; ".join(
                line_problems(error.line, error.reasons) for error in imported.errors))
    people = {person.email: person for person in db.session.scalars(select(Person).where(Person.email.in_(specs)))}
    if new_rows:
        # Hashing is deliberately slow: one hash serves every demo person.
        password_hash = generate_password_hash(DEMO_PASSWORD)
        added_at = demo_people_added_at(today)
        for row in new_rows:
            person, spec = people[row.email], specs[row.email]
            person.password_hash = password_hash
            person.created_at = added_at
            person.is_site_admin = spec.site_admin
            person.institute = result.institute if spec.institute else None
            person.admin_of = result.organisations[spec.admin_of] if spec.admin_of else None
    result.created_people = len(new_rows)
    result.people = {specs[email].key: people[email] for email in specs}


def demo_people_added_at(today: date) -> datetime:
    """When new demo people count as added: the first instant of the fiscal year before
    today's in Bangkok, so that year's report, the history's last year, counts them too."""
    return datetime.combine(fiscal_year_bounds(fiscal_year_of(today) - 1)[0], time.min, BANGKOK)


def _fill_employment_types(result: DemoResult) -> None:
    """The file's employment type for each demo person who has none (loaded before types existed)."""
    untyped = [spec for spec in demo_people() if result.people[spec.key].employment_type_id is None]
    if not untyped:
        return
    types = {kind.slug: kind for kind in db.session.scalars(select(EmploymentType))}
    for spec in untyped:
        result.people[spec.key].employment_type = types[spec.employment_type]
    result.filled_employment_types = len(untyped)  # new people got theirs from the import


def demo_person(key: str) -> DemoPerson:
    """The specification of the demo person with this key (for later demo steps)."""
    return next(spec for spec in demo_people() if spec.key == key)
