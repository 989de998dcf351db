"""Organisation tree and people, for agency administrators (their subtree) and site admins."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core.access import require, visible_or_404
from ..core.forms import apply_errors, choices
from ..core.inputs import int_arg
from ..extensions import db
from . import admin_services as admin
from .admin_forms import InstituteForm, OrganisationForm, PersonForm
from .models import Institute, Organisation, Person

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")


def _organisation_choices(units, blank_label=None):
    pairs = [(o.id, f"{o.code} · {o.name}") for o in units]
    return choices(([(0, blank_label)] if blank_label else []) + pairs)


@bp.route("/organisations")
@require("administer_agency")
def organisations():
    units = admin.manageable_organisations(current_user)
    ids = {o.id for o in units}
    roots = [o for o in units if o.parent_id not in ids]
    return render_template("accounts/admin/organisations.html", roots=roots, ids=ids,
                           leaders=admin.unit_leaders(units))


def _organisation_form(org):
    form = OrganisationForm(obj=org)
    # The same lists the service checks against (admin.organisation_errors).
    top_level = current_user.is_site_admin or (org.id is not None and org.parent_id is None)
    form.parent_id.choices = _organisation_choices(
        admin.possible_parents(org, current_user),
        _("— none (a top-level organisation) —") if top_level else None)
    form.phase_id.choices = choices([(0, _("— not set —"))] + [(p.id, p.name) for p in admin.phases()])
    if not form.is_submitted():
        form.parent_id.data = org.parent_id or 0
        form.phase_id.data = org.phase_id or 0
        form.cio_email.data = org.cio.email if org.cio else ""
        form.head_email.data = org.head.email if org.head else ""
    return form


@bp.route("/organisations/new", methods=["GET", "POST"])
@require("administer_agency")
def new_organisation():
    org = Organisation(parent_id=int_arg("parent"))
    return _edit_organisation(org)


@bp.route("/organisations/<int:org_id>", methods=["GET", "POST"])
@require("manage_organisation")
def edit_organisation(org_id):
    return _edit_organisation(visible_or_404(Organisation, org_id, "manage_organisation"))


def _edit_organisation(org):
    form = _organisation_form(org)
    if form.is_submitted():
        # Run the form's and the service's checks together, so every error shows at once.
        valid = form.validate()
        errors = admin.organisation_errors(org, current_user, form.data)
        if valid and not errors:
            admin.save_organisation(org, current_user, form.data)
            db.session.commit()
            flash(_("Organisation saved."), "success")
            return redirect(url_for("admin.organisations"))
        apply_errors(form, errors)
    return render_template("accounts/admin/organisation_form.html", form=form, org=org)


@bp.route("/people")
@require("administer_agency")
def people():
    search = request.args.get("q", "")
    page = db.paginate(admin.people_query(current_user, search),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("accounts/admin/people.html", page=page, q=search)


def _person_form(person):
    form = PersonForm(obj=person)
    # The same lists the service checks against (admin.person_errors).
    units = admin.manageable_organisations(current_user)
    form.organisation_id.choices = _organisation_choices(units)
    form.institute_id.choices = choices([(0, _("— not a course author —"))] + [
        (i.id, i.name) for i in admin.assignable_institutes(current_user)])
    form.admin_of_id.choices = _organisation_choices(units, _("— not an administrator —"))
    form.hr_target_group_id.choices = choices([(0, _("— not set —"))] + [
        (group.id, group.name) for group in admin.target_groups()])
    form.employment_type_id.choices = choices([(0, _("— not recorded —"))] + [
        (kind.id, kind.name) for kind in admin.employment_types()])
    if not current_user.is_site_admin:
        del form.is_site_admin
    if not form.is_submitted():
        form.supervisor_email.data = person.supervisor.email if person.supervisor else ""
        form.institute_id.data = person.institute_id or 0
        form.admin_of_id.data = person.admin_of_id or 0
        form.hr_target_group_id.data = person.hr_target_group_id or 0
        form.employment_type_id.data = person.employment_type_id or 0
    return form


@bp.route("/people/new", methods=["GET", "POST"])
@require("administer_agency")
def new_person():
    return _edit_person(Person(is_active=True, language="th"))


@bp.route("/people/<int:person_id>", methods=["GET", "POST"])
@require("manage_person")
def edit_person(person_id):
    return _edit_person(visible_or_404(Person, person_id, "manage_person"))


def _edit_person(person):
    form = _person_form(person)
    if form.is_submitted():
        # Run the form's and the service's checks together, so every error shows at once.
        valid = form.validate()
        errors = admin.person_errors(person, current_user, form.data)
        if valid and not errors:
            admin.save_person(person, current_user, form.data)
            db.session.commit()
            flash(_("%(name)s saved.", name=person.name), "success")
            return redirect(url_for("accounts.person", person_id=person.id))
        apply_errors(form, errors)
    return render_template("accounts/admin/person_form.html", form=form, person=person)


@bp.route("/institutes")
@require("administer_site")
def institutes():
    return render_template("accounts/admin/institutes.html", institutes=admin.institutes())


@bp.route("/institutes/new", methods=["GET", "POST"])
@require("administer_site")
def new_institute():
    return _edit_institute(Institute())


@bp.route("/institutes/<int:institute_id>/edit", methods=["GET", "POST"])
@require("administer_site")
def edit_institute(institute_id):
    return _edit_institute(visible_or_404(Institute, institute_id, "view_institute"))


def _edit_institute(inst):
    form = InstituteForm(obj=inst)
    form.organisation_id.choices = _organisation_choices(admin.manageable_organisations(current_user),
                                                         _("— none —"))
    if not form.is_submitted():
        form.organisation_id.data = inst.organisation_id or 0
    if form.is_submitted():
        valid = form.validate()
        errors = admin.institute_errors(inst, current_user, form.data)
        if valid and not errors:
            admin.save_institute(inst, current_user, form.data)
            db.session.commit()
            flash(_("Institute saved."), "success")
            return redirect(url_for("admin.institutes"))
        apply_errors(form, errors)
    return render_template("accounts/admin/institute_form.html", form=form, institute=inst)
