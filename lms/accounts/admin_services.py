"""Administering organisations and people. They flush, never commit.

Each `*_errors` check returns the problems by form field, so a form can show them
beside what was typed; the matching `save_*` writes only checked data, and an audit event
with what changed.

Reach: a site admin may choose anything; an agency administrator only the units of their
subtree, the institutes of those units and the people in those units. Every choice a form
offers comes from the same function its `*_errors` check validates against, so what is
offered is exactly what is accepted. A value an object already has stays acceptable (an
agency's director may report to someone in the ministry, named by a site admin).
"""

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..core.audit import differences, record_event, snapshot
from ..core.sql import LIKE_ESCAPE, like_pattern
from ..extensions import db
from ..reference.models import EmploymentType, Phase, TargetGroup
from ..reference.services import employment_types, ordered
from .models import Institute, Organisation, Person
from .passwords import password_problems
from .services import find_person_by_email, normalise_email, organisation_subtree_ids, set_active
from .sessions import end_all_sessions

# What the audit trail records of each change, before -> after.
PERSON_FIELDS = ("email", "name_th", "name_en", "position", "organisation", "supervisor", "hr_target_group",
                 "employment_type", "institute", "admin_of", "is_site_admin", "is_active", "language")
ORGANISATION_FIELDS = ("code", "name_th", "name_en", "kind", "parent", "is_agency", "phase", "cio", "head")
INSTITUTE_FIELDS = ("code", "name_th", "name_en", "organisation")


def _reach(actor: Person) -> list[int] | None:
    """Ids of the units an administrator manages; None for a site admin (every unit)."""
    if actor.is_site_admin:
        return None
    return organisation_subtree_ids(actor.admin_of) if actor.admin_of is not None else []


def manageable_organisations(actor: Person) -> list[Organisation]:
    """The units an administrator may manage: all for a site admin, else their subtree."""
    query = select(Organisation).order_by(Organisation.code)
    reach = _reach(actor)
    if reach is not None:
        query = query.where(Organisation.id.in_(reach))
    return db.session.scalars(query).all()


def assignable_institutes(actor: Person) -> list[Institute]:
    """Institutes an administrator may make someone a course author of: all for a site
    admin, else those belonging to a unit of their subtree."""
    query = select(Institute).order_by(Institute.name_th)
    reach = _reach(actor)
    if reach is not None:
        query = query.where(Institute.organisation_id.in_(reach))
    return db.session.scalars(query).all()


def unit_leaders(units: list[Organisation]) -> dict[int, Person]:
    """The CIOs and heads of `units` by id, in one query rather than one per unit."""
    ids = {person_id for org in units for person_id in (org.cio_id, org.head_id) if person_id}
    return {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(ids)))} if ids else {}


def possible_parents(org: Organisation, actor: Person) -> list[Organisation]:
    """The units `org` may be placed under: those the actor manages, and where it is now
    (a unit at the top of an agency admin's subtree sits below their reach)."""
    units = manageable_organisations(actor)
    if org.id is not None and org.parent is not None and org.parent not in units:
        units.append(org.parent)
    return units


def nameable_person(actor: Person, email: str, current: Person | None = None) -> Person | None:
    """The person with this email if the actor may name them as a supervisor, a CIO or a head:
    anyone for a site admin, else someone in a unit they manage, or whoever is named now."""
    person = find_person_by_email(email)
    if person is None or person is current:
        return person
    reach = _reach(actor)
    return person if reach is None or person.organisation_id in reach else None


def _nobody_message(actor: Person) -> str:
    # One message for unknown and out-of-reach emails: an agency admin learns nothing
    # about who exists beyond their subtree.
    if actor.is_site_admin:
        return _("Nobody has this email.")
    return _("Choose someone in an organisation you manage; nobody there has this email.")


def people_query(actor: Person, search: str = ""):
    """People an administrator may see, newest names first, optionally filtered."""
    query = select(Person).order_by(Person.name_th).options(
        selectinload(Person.organisation), selectinload(Person.supervisor),
        selectinload(Person.admin_of), selectinload(Person.institute).selectinload(Institute.organisation))
    reach = _reach(actor)
    if reach is not None:
        query = query.where(Person.organisation_id.in_(reach))
    search = (search or "").strip()
    if search:
        like = like_pattern(search)
        query = query.where(or_(*(column.ilike(like, escape=LIKE_ESCAPE) for column in (
            Person.name_th, Person.name_en, Person.email, Person.position))))
    return query


def creates_cycle(person: Person, supervisor: Person) -> bool:
    """Whether making `supervisor` the supervisor of `person` would close a loop in the chain."""
    return supervisor.id == person.id or any(above.id == person.id for above in supervisor.supervisor_chain())


def organisation_errors(org: Organisation, actor: Person, data: dict) -> dict:
    """What is wrong with saving `data` into `org`, by field (empty when nothing)."""
    errors: dict[str, list[str]] = {}
    code = (data.get("code") or "").strip()
    clash = db.session.scalar(select(Organisation).where(Organisation.code == code))
    if clash is not None and clash is not org:
        errors.setdefault("code", []).append(_("Another organisation already has this code."))
    parent_id = data.get("parent_id") or None
    stays_on_top = org.id is not None and org.parent_id is None
    if parent_id is None and not (actor.is_site_admin or stays_on_top):
        errors.setdefault("parent_id", []).append(_("Choose the unit this one is part of."))
    parent = {o.id: o for o in possible_parents(org, actor)}.get(parent_id)
    if parent_id is not None and parent is None:
        errors.setdefault("parent_id", []).append(_("Choose a unit you manage."))
    if org.id is not None and parent is not None:
        node = parent
        while node is not None:
            if node.id == org.id:
                errors.setdefault("parent_id", []).append(
                    _("A unit cannot be part of itself or of a unit below it."))
                break
            node = node.parent
    if data.get("phase_id") and data["phase_id"] not in {p.id for p in phases()}:
        errors.setdefault("phase_id", []).append(_("Choose one of the development phases."))
    for field, current in (("cio_email", org.cio), ("head_email", org.head)):
        if data.get(field) and nameable_person(actor, data[field], current) is None:
            errors.setdefault(field, []).append(_nobody_message(actor))
    return errors


def save_organisation(org: Organisation, actor: Person, data: dict) -> None:
    """Write checked form data (see organisation_errors) into `org`, and audit it."""
    created = org.id is None
    before = {} if created else snapshot(org, ORGANISATION_FIELDS)
    org.code, org.name_th = data["code"].strip(), data["name_th"].strip()
    org.name_en = (data.get("name_en") or "").strip()
    org.kind, org.is_agency = data["kind"], data["is_agency"]
    # Objects rather than ids, so the audit snapshot below sees the new values.
    org.parent = db.session.get(Organisation, data["parent_id"]) if data.get("parent_id") else None
    phase_id = data.get("phase_id") if data["is_agency"] else None
    org.phase = db.session.get(Phase, phase_id) if phase_id else None
    org.cio = find_person_by_email(data["cio_email"]) if data.get("cio_email") else None
    org.head = find_person_by_email(data["head_email"]) if data.get("head_email") else None
    if created:
        db.session.add(org)
    db.session.flush()
    changes = differences(before, snapshot(org, ORGANISATION_FIELDS))
    if created or changes:
        record_event("organisation.created" if created else "organisation.updated", org,
                     changes=changes, actor=actor)


def target_groups() -> list[TargetGroup]:
    return ordered(TargetGroup)


def phases() -> list[Phase]:
    return ordered(Phase)


def person_errors(person: Person, actor: Person, data: dict) -> dict:
    """What is wrong with saving `data` into `person`, by field (empty when nothing)."""
    errors: dict[str, list[str]] = {}
    clash = find_person_by_email(data.get("email") or "")
    if clash is not None and clash is not person:
        errors.setdefault("email", []).append(_("Another person already has this email."))
    allowed = {o.id for o in manageable_organisations(actor)}
    if data.get("organisation_id") not in allowed:
        errors.setdefault("organisation_id", []).append(_("Choose an organisation you manage."))
    if data.get("supervisor_email"):
        supervisor = nameable_person(actor, data["supervisor_email"], person.supervisor)
        if supervisor is None:
            errors.setdefault("supervisor_email", []).append(_nobody_message(actor))
        elif supervisor is person or (person.id is not None and creates_cycle(person, supervisor)):
            errors.setdefault("supervisor_email", []).append(
                _("A person cannot supervise themselves, directly or through others."))
    if data.get("admin_of_id") and data["admin_of_id"] not in allowed:
        errors.setdefault("admin_of_id", []).append(_("Choose an organisation you manage."))
    if data.get("hr_target_group_id") and data["hr_target_group_id"] not in {g.id for g in target_groups()}:
        errors.setdefault("hr_target_group_id", []).append(_("Choose one of the target groups."))
    if data.get("employment_type_id") and data["employment_type_id"] not in {t.id for t in employment_types()}:
        errors.setdefault("employment_type_id", []).append(_("Choose one of the employment types."))
    if data.get("institute_id") and data["institute_id"] not in {i.id for i in assignable_institutes(actor)}:
        errors.setdefault("institute_id", []).append(
            _("Choose an institute of an organisation you manage."))
    problems = password_problems(data["new_password"], data) if data.get("new_password") else []
    if problems:  # the one password rule, with the name and email as typed
        errors["new_password"] = problems
    return errors


def save_person(person: Person, actor: Person, data: dict) -> None:
    """Write checked form data (see person_errors) into `person`, and audit it.

    Deactivating notes when (the retention period counts from it) and ends every session
    of the person; a new password ends them too, but for the actor's own current one.
    """
    created = person.id is None
    before = {} if created else snapshot(person, PERSON_FIELDS)
    person.email = normalise_email(data["email"])
    for field in ("name_th", "name_en", "position"):
        setattr(person, field, (data.get(field) or "").strip())
    person.language = data["language"]
    # Objects rather than ids, so the audit snapshot below sees the new values; no flush
    # while a new person is only half filled in.
    with db.session.no_autoflush:
        person.organisation = db.session.get(Organisation, data["organisation_id"])
        email = data.get("supervisor_email")
        person.supervisor = find_person_by_email(email) if email else None
        institute_id, admin_of_id = data.get("institute_id"), data.get("admin_of_id")
        person.institute = db.session.get(Institute, institute_id) if institute_id else None
        person.admin_of = db.session.get(Organisation, admin_of_id) if admin_of_id else None
        group_id = data.get("hr_target_group_id")
        person.hr_target_group = db.session.get(TargetGroup, group_id) if group_id else None
        type_id = data.get("employment_type_id")
        person.employment_type = db.session.get(EmploymentType, type_id) if type_id else None
    if actor.is_site_admin:
        person.is_site_admin = bool(data.get("is_site_admin"))
    if created:
        db.session.add(person)
    db.session.flush()
    set_active(person, data["is_active"])  # deactivation dates it and ends every session
    changes = differences(before, snapshot(person, PERSON_FIELDS))
    if data.get("new_password"):
        person.set_password(data["new_password"])
        end_all_sessions(person, keep_key=actor.session_key if person.id == actor.id else None)
        changes["password"] = "set"  # that it was set, never the value
    db.session.flush()
    if created or changes:
        record_event("person.created" if created else "person.updated", person,
                     changes=changes, actor=actor)


def institute_errors(inst: Institute, actor: Person, data: dict) -> dict:
    """What is wrong with saving `data` into `inst`, by field (empty when nothing)."""
    errors: dict[str, list[str]] = {}
    clash = db.session.scalar(select(Institute).where(Institute.code == (data.get("code") or "").strip()))
    if clash is not None and clash is not inst:
        errors["code"] = [_("Another institute already has this code.")]
    organisation_id = data.get("organisation_id")
    if organisation_id and organisation_id not in {o.id for o in manageable_organisations(actor)}:
        errors["organisation_id"] = [_("Choose an organisation you manage.")]
    return errors


def save_institute(inst: Institute, actor: Person, data: dict) -> None:
    """Write checked form data (see institute_errors) into `inst`, and audit it."""
    created = inst.id is None
    before = {} if created else snapshot(inst, INSTITUTE_FIELDS)
    inst.code, inst.name_th = data["code"].strip(), data["name_th"].strip()
    inst.name_en = (data.get("name_en") or "").strip()
    organisation_id = data.get("organisation_id")
    inst.organisation = db.session.get(Organisation, organisation_id) if organisation_id else None
    if created:
        db.session.add(inst)
    db.session.flush()
    changes = differences(before, snapshot(inst, INSTITUTE_FIELDS))
    if created or changes:
        record_event("institute.created" if created else "institute.updated", inst,
                     changes=changes, actor=actor)


def institutes() -> list[Institute]:
    return db.session.scalars(select(Institute).order_by(Institute.name_th)).all()
