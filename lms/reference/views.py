"""The site admin's view of the guideline's reference data."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core.access import require
from ..core.forms import apply_errors, choices
from ..extensions import db
from . import services
from .forms import DescribedNamesForm, EmploymentTypeForm, GroupSkillSetsForm, NamesForm
from .models import EmploymentType, SkillSet, TargetGroup

bp = Blueprint("reference", __name__, url_prefix="/admin/reference", template_folder="templates")


@bp.route("/")
@require("administer_site")
def overview():
    return render_template("reference/overview.html", **services.reference_overview())


@bp.route("/<kind>/<int:row_id>", methods=["GET", "POST"])
@require("administer_site")
def edit(kind, row_id):
    model = services.EDITABLE_KINDS.get(kind) or abort(404)
    row = db.session.get(model, row_id) or abort(404)
    if model is EmploymentType:
        return _edit_employment_type(row)
    form_class = DescribedNamesForm if kind in services.DESCRIBED_KINDS else NamesForm
    form = form_class(obj=row)
    if form.validate_on_submit():
        names = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
        services.rename(row, current_user, **names)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("reference.overview"))
    return render_template("reference/edit.html", form=form, row=row, kind=kind)


@bp.route("/target-groups/<int:group_id>/skill-sets", methods=["GET", "POST"])
@require("administer_site")
def group_skill_sets(group_id):
    group = db.session.get(TargetGroup, group_id) or abort(404)
    form = GroupSkillSetsForm()
    skill_sets = services.ordered(SkillSet)
    form.skill_sets.choices = choices((s.id, s.name) for s in skill_sets)
    if not form.is_submitted():
        form.skill_sets.data = [s.id for s in group.recommended_skill_sets]
    if form.validate_on_submit():
        services.set_recommended_skill_sets(group, form.skill_sets.data, current_user)
        db.session.commit()
        flash(_("Recommended skill sets for %(group)s saved.", group=group.name), "success")
        return redirect(url_for("reference.overview"))
    return render_template("reference/group_skill_sets.html", form=form, group=group)


@bp.route("/employment-types/new", methods=["GET", "POST"])
@require("administer_site")
def new_employment_type():
    return _edit_employment_type(EmploymentType(position=services.next_employment_type_position()))


def _edit_employment_type(row: EmploymentType):
    form = EmploymentTypeForm(obj=row)
    if row.id is not None:
        del form.slug  # set once, when the type is added
    if form.is_submitted():
        # The form's and the service's checks together, so every error shows at once.
        valid = form.validate()
        errors = services.employment_type_errors(row, form.data)
        if valid and not errors:
            services.save_employment_type(row, current_user, form.data)
            db.session.commit()
            flash(_("Employment type %(name)s saved.", name=row.name), "success")
            return redirect(url_for("reference.overview", _anchor="employment-types"))
        apply_errors(form, errors)
    return render_template("reference/employment_type.html", form=form, row=row)
