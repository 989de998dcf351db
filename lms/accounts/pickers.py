"""Searchable pickers' answers for organisations and people (static/js/pickers.js): what the
person may choose, matched on Thai and English names and codes or emails, 20 at most. The
forms still post codes and emails, and the services check them as before."""

from flask_login import current_user
from sqlalchemy import select

from ..core.access import require
from ..core.pickers import PICKER_LIMIT, asked_values, matches, picker_answer, search_text
from ..extensions import db
from .models import Organisation, Person
from .services import normalise_email, organisation_subtree_ids
from .views import bp


def pickable_organisation_ids(actor: Person) -> list[int] | None:
    """Units the actor may choose; None for all. Course authors open classes to any unit of
    government and site admins manage them all; an agency administrator chooses in their subtree."""
    if actor.is_site_admin or actor.institute_id is not None:
        return None
    return organisation_subtree_ids(actor.admin_of) if actor.admin_of is not None else []


def pickable_people_unit_ids(actor: Person) -> list[int] | None:
    """Units whose people the actor may name (a supervisor, a CIO): as admin_services.nameable_person."""
    if actor.is_site_admin:
        return None
    return organisation_subtree_ids(actor.admin_of) if actor.admin_of is not None else []


def _within(query, column, ids):
    return query if ids is None else query.where(column.in_(ids))


@bp.route("/pickers/organisations")
@require("pick_organisations")
def pick_organisations():
    query = _within(select(Organisation), Organisation.id, pickable_organisation_ids(current_user))
    values, text = asked_values(), search_text()
    if values:
        query = query.where(Organisation.code.in_(values))
    elif text:
        query = query.where(matches((Organisation.code, Organisation.name_th, Organisation.name_en), text))
    rows = db.session.scalars(query.order_by(Organisation.code).limit(PICKER_LIMIT))
    return picker_answer((org.code, org.name, org.code) for org in rows)


@bp.route("/pickers/people")
@require("administer_agency")
def pick_people():
    query = _within(select(Person).where(Person.is_active.is_(True)), Person.organisation_id,
                    pickable_people_unit_ids(current_user))
    values, text = asked_values(), search_text()
    if values:
        query = query.where(Person.email.in_([normalise_email(value) for value in values]))
    elif text:
        query = query.where(matches((Person.email, Person.name_th, Person.name_en), text))
    rows = db.session.scalars(query.order_by(Person.name_th, Person.id).limit(PICKER_LIMIT))
    return picker_answer((person.email, person.name, person.email) for person in rows)
