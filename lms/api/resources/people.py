"""People and organisations: the caller itself, and those an administrator may see."""

from flask_login import current_user
from marshmallow import Schema, fields
from sqlalchemy import select

from ...accounts.admin_services import manageable_organisations, people_query
from ...accounts.models import Organisation, Person
from ...core.access import visible_or_404
from ..auth import requires
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
