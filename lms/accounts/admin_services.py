"""Administering organisations and people. They flush, never commit.

Each `*_errors` check returns the problems by form field, so a form can show them
beside what was typed; the matching `save_*` writes only checked data.
"""

from flask_babel import gettext as _
from sqlalchemy import or_, select

from ..core.sql import LIKE_ESCAPE, like_pattern
from ..extensions import db
from .models import Institute, Organisation, Person
from .services import find_person_by_email, normalise_email, organisation_subtree_ids


def manageable_organisations(actor: Person) -> list[Organisation]:
    """The units an administrator may manage: all for a site admin, else their subtree."""
    query = select(Organisation).order_by(Organisation.code)
    if not actor.is_site_admin:
        if actor.admin_of is None:
            return []
        query = query.where(Organisation.id.in_(organisation_subtree_ids(actor.admin_of)))
    return db.session.scalars(query).all()


def people_query(actor: Person, search: str = ""):
    """People an administrator may see, newest names first, optionally filtered."""
    query = select(Person).order_by(Person.name_th)
    if not actor.is_site_admin:
        query = query.where(Person.organisation_id.in_(organisation_subtree_ids(actor.admin_of)))
    search = (search or "").strip()
    if search:
        like = like_pattern(search)
        query = query.where(or_(*(column.ilike(like, escape=LIKE_ESCAPE) for column in (
            Person.name_th, Person.name_en, Person.email, Person.position))))
    return query


def creates_cycle(person: Person, supervisor: Person) -> bool:
    node, seen = supervisor, set()
    while node is not None and node.id not in seen:
        if node.id == person.id:
            return True
        seen.add(node.id)
        node = node.supervisor
    return False


def organisation_errors(org: Organisation, actor: Person, data: dict) -> dict:
    """What is wrong with saving `data` into `org`, by field (empty when nothing)."""
    errors: dict[str, list[str]] = {}
    allowed = {o.id for o in manageable_organisations(actor)}
    code = (data.get("code") or "").strip()
    clash = db.session.scalar(select(Organisation).where(Organisation.code == code))
    if clash is not None and clash is not org:
        errors.setdefault("code", []).append(_("Another organisation already has this code."))
    parent_id = data.get("parent_id") or None
    if parent_id is None and not actor.is_site_admin:
        errors.setdefault("parent_id", []).append(_("Choose the unit this one is part of."))
    if parent_id is not None and parent_id not in allowed:
        errors.setdefault("parent_id", []).append(_("You cannot place a unit there."))
    if org.id is not None and parent_id is not None:
        node = db.session.get(Organisation, parent_id)
        while node is not None:
            if node.id == org.id:
                errors.setdefault("parent_id", []).append(
                    _("A unit cannot be part of itself or of a unit below it."))
                break
            node = node.parent
    if data.get("cio_email") and find_person_by_email(data["cio_email"]) is None:
        errors.setdefault("cio_email", []).append(_("Nobody has this email."))
    return errors


def save_organisation(org: Organisation, actor: Person, data: dict) -> None:
    """Write checked form data (see organisation_errors) into `org`."""
    org.code, org.name_th = data["code"].strip(), data["name_th"].strip()
    org.name_en = (data.get("name_en") or "").strip()
    org.kind, org.parent_id, org.is_agency = data["kind"], data["parent_id"] or None, data["is_agency"]
    org.phase_id = (data["phase_id"] or None) if data["is_agency"] else None
    org.cio = find_person_by_email(data["cio_email"]) if data.get("cio_email") else None
    if org.id is None:
        db.session.add(org)
    db.session.flush()


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
        supervisor = find_person_by_email(data["supervisor_email"])
        if supervisor is None:
            errors.setdefault("supervisor_email", []).append(_("Nobody has this email."))
        elif supervisor is person or (person.id is not None and creates_cycle(person, supervisor)):
            errors.setdefault("supervisor_email", []).append(
                _("A person cannot supervise themselves, directly or through others."))
    if data.get("admin_of_id") and data["admin_of_id"] not in allowed:
        errors.setdefault("admin_of_id", []).append(_("Choose an organisation you manage."))
    return errors


def save_person(person: Person, actor: Person, data: dict) -> None:
    """Write checked form data (see person_errors) into `person`."""
    person.email = normalise_email(data["email"])
    for field in ("name_th", "name_en", "position"):
        setattr(person, field, (data.get(field) or "").strip())
    person.organisation_id = data["organisation_id"]
    email = data.get("supervisor_email")
    person.supervisor = find_person_by_email(email) if email else None
    person.language, person.is_active = data["language"], data["is_active"]
    person.institute_id = data.get("institute_id") or None
    person.admin_of_id = data.get("admin_of_id") or None
    if actor.is_site_admin:
        person.is_site_admin = bool(data.get("is_site_admin"))
    if data.get("new_password"):
        person.set_password(data["new_password"])
    if person.id is None:
        db.session.add(person)
    db.session.flush()


def institute_errors(inst: Institute, data: dict) -> dict:
    clash = db.session.scalar(select(Institute).where(Institute.code == (data.get("code") or "").strip()))
    if clash is not None and clash is not inst:
        return {"code": [_("Another institute already has this code.")]}
    return {}


def save_institute(inst: Institute, actor: Person, data: dict) -> None:
    """Write checked form data (see institute_errors) into `inst`."""
    inst.code, inst.name_th = data["code"].strip(), data["name_th"].strip()
    inst.name_en = (data.get("name_en") or "").strip()
    inst.organisation_id = data.get("organisation_id") or None
    if inst.id is None:
        db.session.add(inst)
    db.session.flush()


def institutes() -> list[Institute]:
    return db.session.scalars(select(Institute).order_by(Institute.name_th)).all()
