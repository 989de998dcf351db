"""People and organisations: the caller itself, and those an administrator may see; the
HR directory's bulk upserts (all or nothing, idempotent, the HR CSV import's checks)."""

from collections import defaultdict

from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from ...accounts.admin_services import (
    ORGANISATION_FIELDS,
    manageable_organisations,
    organisation_errors,
    people_query,
    save_organisation,
)
from ...accounts.models import ORGANISATION_KINDS, Organisation, Person
from ...accounts.people_import import (
    CHUNK_SIZE,
    CITIZEN_ID_HASH_PATTERN,
    LANGUAGES,
    MAX_LENGTHS,
    import_people,
    person_rows_from_mappings,
)
from ...core.access import visible_or_404
from ...core.audit import differences, record_event, snapshot
from ...extensions import db
from ..auth import ApiError, requires
from ..pagination import PageArguments, page, page_schema
from ..spec import blueprint, scoped

bp = blueprint("people", "People and organisations (the HR directory).")


class OrganisationSchema(Schema):
    id = fields.Integer(dump_only=True)
    code = fields.String()
    name_th = fields.String()
    name_en = fields.String()
    parent_code = fields.String(attribute="parent.code", allow_none=True)
    is_agency = fields.Boolean()


class PersonSchema(Schema):
    id = fields.Integer(dump_only=True)
    email = fields.String()
    name_th = fields.String()
    name_en = fields.String()
    position = fields.String()
    organisation_code = fields.String(attribute="organisation.code", allow_none=True)
    supervisor_email = fields.String(attribute="supervisor.email", allow_none=True)
    is_active = fields.Boolean()


PersonPage = page_schema(PersonSchema, "PersonPage")
OrganisationPage = page_schema(OrganisationSchema, "OrganisationPage")


@bp.route("/me")
@scoped(bp, "people:read")
@bp.response(200, PersonSchema)
@requires("people:read", "signed_in")
def me():
    """The person this token acts for."""
    return current_user


@bp.route("/people")
@scoped(bp, "people:read")
@bp.arguments(PageArguments, location="query")
@bp.response(200, PersonPage)
@requires("people:read", "administer_agency")
def list_people(arguments):
    """People in the organisations the caller administers, by id."""
    return page(people_query(current_user), Person.id, arguments)


@bp.route("/people/<int:person_id>")
@scoped(bp, "people:read")
@bp.response(200, PersonSchema)
@requires("people:read", "view_person")
def get_person(person_id):
    """One person the caller may see: themself, those below them, those they administer."""
    return visible_or_404(Person, person_id, "view_person")


@bp.route("/organisations")
@scoped(bp, "people:read")
@bp.arguments(PageArguments, location="query")
@bp.response(200, OrganisationPage)
@requires("people:read", "administer_agency")
def list_organisations(arguments):
    """The organisations the caller administers, by id."""
    reach = [org.id for org in manageable_organisations(current_user)]
    return page(select(Organisation).where(Organisation.id.in_(reach)), Organisation.id, arguments)


# ---------------------------------------------------------------- bulk upserts from an HR system
#
# Both are all or nothing: every row is checked first and any problem answers 409 with
# errors = {"people" | "organisations": {"<row index from 0>": {"<field>": ["…"]}}}, the
# same shape as the 422 the schema gives for a malformed row; nothing is written then.

MAX_PEOPLE_ROWS = 5000
MAX_ORGANISATION_ROWS = 1000
OUTCOMES = ("created", "updated", "unchanged")


class PersonRowSchema(Schema):
    """One person as the HR CSV import's columns (docs/people-import.md). A missing or null
    field keeps what the person has (a new person gets the default)."""

    email = fields.Email(required=True, validate=validate.Length(max=MAX_LENGTHS["email"]))
    name_th = fields.String(required=True, validate=validate.Length(1, MAX_LENGTHS["name_th"]))
    organisation_code = fields.String(required=True, validate=validate.Length(1, MAX_LENGTHS["organisation_code"]))
    name_en = fields.String(allow_none=True, validate=validate.Length(max=MAX_LENGTHS["name_en"]))
    position = fields.String(allow_none=True, validate=validate.Length(max=MAX_LENGTHS["position"]))
    supervisor_email = fields.String(allow_none=True, validate=validate.Length(max=MAX_LENGTHS["email"]),
                                     metadata={"description": 'The supervisor\'s email; "" for none.'})
    language = fields.String(allow_none=True, validate=validate.OneOf(LANGUAGES))
    active = fields.Boolean(allow_none=True)
    target_group = fields.String(allow_none=True, validate=validate.Length(max=60), metadata={
        "description": 'The HR target group\'s slug; "" clears it.'})
    employment_type = fields.String(allow_none=True, validate=validate.Length(max=200), metadata={
        "description": 'The employment type\'s slug, or its Thai or English name; "" clears it.'})
    citizen_id_hash = fields.String(allow_none=True, validate=validate.Regexp(f"^(?:{CITIZEN_ID_HASH_PATTERN})?$"),
                                    metadata={"description": 'The hash of the citizen ID, as the OpenID provider '
                                              'releases it (OIDC_LINK_CLAIM); never answered back; "" clears it.'})


class PeopleUpsertSchema(Schema):
    people = fields.List(fields.Nested(PersonRowSchema), required=True,
                         validate=validate.Length(1, MAX_PEOPLE_ROWS))


class PersonOutcomeSchema(Schema):
    email = fields.String(required=True)
    id = fields.Integer(required=True)
    outcome = fields.String(required=True, validate=validate.OneOf(OUTCOMES))


class OrganisationRowSchema(Schema):
    """One unit as the organisation form takes it. A missing field keeps what the unit has;
    parent_code null puts it at the top (site administrators only)."""

    code = fields.String(required=True, validate=validate.Length(1, 40))
    name_th = fields.String(required=True, validate=validate.Length(1, 300))
    name_en = fields.String(validate=validate.Length(max=300))
    parent_code = fields.String(allow_none=True, validate=validate.Length(1, 40), metadata={
        "description": "The parent unit's code: in the database or in this call; null for none."})
    kind = fields.String(validate=validate.OneOf(ORGANISATION_KINDS))
    is_agency = fields.Boolean()


class OrganisationsUpsertSchema(Schema):
    organisations = fields.List(fields.Nested(OrganisationRowSchema), required=True,
                                validate=validate.Length(1, MAX_ORGANISATION_ROWS))


class OrganisationOutcomeSchema(Schema):
    code = fields.String(required=True)
    id = fields.Integer(required=True)
    outcome = fields.String(required=True, validate=validate.OneOf(OUTCOMES))


def _upsert_result(name: str, item: type[Schema]) -> type[Schema]:
    return type(name, (Schema,), {
        "created": fields.Integer(required=True), "updated": fields.Integer(required=True),
        "unchanged": fields.Integer(required=True), "results": fields.List(fields.Nested(item), required=True)})


PeopleUpsertResult = _upsert_result("PeopleUpsertResult", PersonOutcomeSchema)
OrganisationsUpsertResult = _upsert_result("OrganisationsUpsertResult", OrganisationOutcomeSchema)


def _refused(collection: str, problems: dict[int, dict[str, list[str]]]) -> ApiError:
    """409, nothing written: each bad row's problems by field, in the 422's shape (core.errors)."""
    db.session.rollback()
    error = ApiError(409, _("Nothing was written: %(count)d row(s) have problems, listed in errors by row "
                            "(counted from 0) and field.", count=len(problems)))
    error.data = {"messages": {"json": {collection: {
        str(index): dict(found) for index, found in sorted(problems.items())}}}}
    return error


def _counts(outcomes: list[str]) -> dict:
    return {outcome: outcomes.count(outcome) for outcome in OUTCOMES}


_STATE = (Person.id, Person.name_th, Person.name_en, Person.position, Person.organisation_id, Person.supervisor_id,
          Person.language, Person.is_active, Person.hr_target_group_id, Person.employment_type_id,
          Person.citizen_id_hash)


def _person_states(emails: list[str]) -> dict[str, tuple]:
    """What the import may change of each person, by email: to tell each row's outcome."""
    states = {}
    for start in range(0, len(emails), CHUNK_SIZE):
        chunk = emails[start:start + CHUNK_SIZE]
        states.update((row[0], tuple(row[1:])) for row in db.session.execute(
            select(Person.email, *_STATE).where(Person.email.in_(chunk))))
    return states


@bp.route("/people", methods=["PUT"])
@scoped(bp, "people:write")
@bp.arguments(PeopleUpsertSchema)
@bp.response(200, PeopleUpsertResult)
@requires("people:write", "administer_agency")
def upsert_people(body):
    """Create or update people by email, all or nothing, with the HR CSV import's checks.

    The fields are the HR CSV import's columns (docs/people-import.md); a field left out or
    null keeps what the person has. Only people in organisations the caller administers.
    Sending the same people again changes nothing: every row answers "unchanged". If any row
    is bad nothing is written and every problem is listed as errors = {"people": {"<row
    index, from 0>": {"<field>": ["…"]}}}: 422 for a malformed row, 409 for what the data
    refuses (an unknown or out-of-reach organisation or person, an unknown supervisor, a
    supervisor cycle, an email on two rows, an address that could not log in)."""
    rows = person_rows_from_mappings(body["people"])
    emails = [row.email for row in rows]
    before = _person_states(emails)
    result = import_people(rows, current_user._get_current_object())
    if not result.accepted:
        problems = {}
        for error in result.errors:
            for problem in error.reasons:
                # A problem of the whole row (none a JSON row can have) goes under its key, email.
                problems.setdefault(error.line, {}).setdefault(problem.field or "email", []).append(str(problem))
        raise _refused("people", problems)
    after = _person_states(emails)
    results = [{"email": email, "id": after[email][0],
                "outcome": "created" if email not in before else
                "unchanged" if before[email] == after[email] else "updated"} for email in emails]
    counts = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
    record_event("people.imported", changes={"source": "api", "rows": len(rows), **counts})
    db.session.commit()
    return {**counts, "results": results}


@bp.route("/organisations", methods=["PUT"])
@scoped(bp, "people:write")
@bp.arguments(OrganisationsUpsertSchema)
@bp.response(200, OrganisationsUpsertResult)
@requires("people:write", "administer_agency")
def upsert_organisations(body):
    """Create or update organisations by code, all or nothing, with the organisation form's checks.

    A field left out keeps what the unit has. Parents may come in the same call, in any
    order. Only units the caller administers. Sending the same units again changes nothing:
    every row answers "unchanged". If any row is bad nothing is written and every problem is
    listed as errors = {"organisations": {"<row index, from 0>": {"<field>": ["…"]}}}: 422 for
    a malformed row, 409 for what the data refuses (a code on two rows, a unit out of reach,
    an unknown parent, a unit placed below itself)."""
    upsert = _OrganisationUpsert(body["organisations"], current_user._get_current_object())
    problems = upsert.check()
    if problems:
        raise _refused("organisations", problems)
    outcomes, problems = upsert.write()
    if problems:
        raise _refused("organisations", problems)
    db.session.commit()
    results = [{"code": code, "id": upsert.ids[code], "outcome": outcomes[code]} for code in upsert.codes]
    return {**_counts(list(outcomes.values())), "results": results}


# What the organisation form calls its fields, as this API's rows call them.
_ORGANISATION_FIELD = {"parent_id": "parent_code", "phase_id": "is_agency"}


class _OrganisationUpsert:
    """Organisation rows checked together (repeated codes, reach, parents, cycles), then
    written parents first, each through the form's own check and save (accounts.admin_services)."""

    def __init__(self, rows: list[dict], actor: Person):
        self.rows, self.actor = rows, actor
        self.codes = [row["code"].strip() for row in rows]
        self.index = {code: i for i, code in enumerate(self.codes)}
        tree = db.session.execute(select(Organisation.id, Organisation.code, Organisation.parent_id)).all()
        self.ids = {code: org_id for org_id, code, _parent_id in tree}
        code_of = {org_id: code for org_id, code, _parent_id in tree}
        self.parent_in_db = {code: code_of.get(parent_id) for _org_id, code, parent_id in tree}

    def parent_code(self, index: int) -> str | None:
        """The parent's code once the call is applied: the row's, else the unit's own."""
        row = self.rows[index]
        if "parent_code" in row:
            return row["parent_code"].strip() if row["parent_code"] is not None else None
        return self.parent_in_db.get(self.codes[index])

    def _final_parent(self, code: str) -> str | None:
        return self.parent_code(self.index[code]) if code in self.index else self.parent_in_db.get(code)

    def _in_cycle(self, code: str) -> bool:
        seen, node = set(), self._final_parent(code)
        while node is not None and node not in seen:
            if node == code:
                return True
            seen.add(node)
            node = self._final_parent(node)
        return False

    def check(self) -> dict[int, dict[str, list[str]]]:
        """What is wrong with the rows taken together, before anything is written."""
        problems: dict[int, dict[str, list[str]]] = {}
        rows_of = defaultdict(list)
        for index, code in enumerate(self.codes):
            rows_of[code].append(index)
        reach = None if self.actor.is_site_admin else {org.id for org in manageable_organisations(self.actor)}
        for index, code in enumerate(self.codes):
            found = problems.setdefault(index, {})
            for name, missing in (("code", _("Enter a code.")), ("name_th", _("Enter the Thai name."))):
                if not self.rows[index][name].strip():  # the form's DataRequired: spaces are not a value
                    found[name] = [missing]
            if len(rows_of[code]) > 1:
                found.setdefault("code", []).append(_("The code %(code)s is on more than one row: %(rows)s.",
                                                      code=code, rows=", ".join(map(str, rows_of[code]))))
            if reach is not None and code in self.ids and self.ids[code] not in reach:
                found.setdefault("code", []).append(_("This organisation is not one you administer."))
            parent = self.parent_code(index)
            if parent is not None and not parent:
                found.setdefault("parent_code", []).append(_("Enter a code."))
            elif parent is not None and parent not in self.ids and parent not in self.index:
                found.setdefault("parent_code", []).append(_("No organisation has the code %(code)s.", code=parent))
            elif len(rows_of[code]) == 1 and self._in_cycle(code):
                found.setdefault("parent_code", []).append(
                    _("A unit cannot be part of itself or of a unit below it."))
        return {index: found for index, found in problems.items() if found}

    def _parents_first(self) -> list[int]:
        order, placed, remaining = [], set(), list(range(len(self.rows)))
        while remaining:
            ready = [i for i in remaining if self.parent_code(i) not in self.index or self.parent_code(i) in placed]
            if not ready:  # a cycle: refused by check()
                break
            order += ready
            placed |= {self.codes[i] for i in ready}
            remaining = [i for i in remaining if self.codes[i] not in placed]
        return order

    def write(self) -> tuple[dict[str, str], dict[int, dict[str, list[str]]]]:
        """Each row's outcome by code, and the problems the form's check finds (then roll back)."""
        outcomes, problems = {}, {}
        for index in self._parents_first():
            code, row = self.codes[index], self.rows[index]
            org = db.session.get(Organisation, self.ids[code]) if code in self.ids else Organisation()
            parent = self.parent_code(index)
            if parent is not None and parent not in self.ids:  # a new parent whose row was refused
                problems[index] = {"parent_code": [_("The parent unit's row has problems.")]}
                continue
            data = {"code": code, "name_th": row["name_th"].strip(),
                    "name_en": row.get("name_en", org.name_en or "").strip(),
                    "kind": row.get("kind", org.kind or "division"),
                    "is_agency": row.get("is_agency", bool(org.is_agency)),
                    "parent_id": self.ids[parent] if parent is not None else None, "phase_id": org.phase_id,
                    "cio_email": org.cio.email if org.cio else "", "head_email": org.head.email if org.head else ""}
            fields_now = (org.name_th, org.name_en, org.kind, org.is_agency, org.parent_id)
            if org.id is not None and fields_now == tuple(data[name] for name in (
                    "name_th", "name_en", "kind", "is_agency", "parent_id")):
                outcomes[code] = "unchanged"  # accepted as it is: the form would not be asked again
                continue
            errors = organisation_errors(org, self.actor, data)
            if errors:
                problems[index] = {_ORGANISATION_FIELD.get(name, name): [str(m) for m in messages]
                                   for name, messages in errors.items()}
                continue
            before = snapshot(org, ORGANISATION_FIELDS) if org.id is not None else None
            save_organisation(org, self.actor, data)
            self.ids[code] = org.id
            outcomes[code] = ("created" if before is None else
                              "updated" if differences(before, snapshot(org, ORGANISATION_FIELDS)) else "unchanged")
        return outcomes, problems
