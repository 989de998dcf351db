"""Pages of lms.assessment.frameworks: the site admin's framework versions.

A scheduled version (effective date still to come) is edited here; a version in force or
past is shown read-only: an edit page of one shows the version with a notice, and a form
posted to one changes nothing.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ...core.access import require
from ...core.dates import today_in_bangkok
from ...core.forms import apply_errors, choices
from ...extensions import db
from ...reference.models import Phase, SkillDimension, TargetGroup
from ...reference.services import ordered
from . import services
from .apply import apply_framework_in_force
from .forms import ConfirmForm, EditionForm, LevelsForm, NewSkillSetForm, VersionForm
from .models import ProficiencyLevel, RequiredLevel, SkillFramework, SkillSetEdition
from .queries import framework_in_force

bp = Blueprint("skill_frameworks", __name__, url_prefix="/admin/frameworks", template_folder="templates")


def _framework_or_404(framework_id: int) -> SkillFramework:
    return db.session.get(SkillFramework, framework_id, options=[
        selectinload(SkillFramework.editions).selectinload(SkillSetEdition.levels),
        selectinload(SkillFramework.editions).selectinload(SkillSetEdition.skill_set),
        selectinload(SkillFramework.required_levels)]) or abort(404)


def _edition_or_404(edition_id: int) -> SkillSetEdition:
    return db.session.get(SkillSetEdition, edition_id) or abort(404)


def _read_only(framework: SkillFramework):
    """The version's page with a notice when it is no longer scheduled, else None."""
    if services.is_editable(framework, today_in_bangkok()):
        return None
    flash(_("Version %(label)s has taken effect: it is history and can no longer change. "
            "Make a new version instead.", label=framework.version_label), "warning")
    return _show(framework)


@bp.route("/")
@require("administer_site")
def index():
    today = today_in_bangkok()
    frameworks = db.session.scalars(select(SkillFramework).order_by(SkillFramework.effective_on.desc())).all()
    ids = [f.id for f in frameworks]
    sets = dict(db.session.execute(select(SkillSetEdition.framework_id, func.count()).where(
        SkillSetEdition.framework_id.in_(ids)).group_by(SkillSetEdition.framework_id)).all())
    levels = dict(db.session.execute(select(SkillSetEdition.framework_id, func.count(ProficiencyLevel.id)).join(
        ProficiencyLevel).where(SkillSetEdition.framework_id.in_(ids)).group_by(SkillSetEdition.framework_id)).all())
    required = dict(db.session.execute(select(RequiredLevel.framework_id, func.count()).where(
        RequiredLevel.framework_id.in_(ids)).group_by(RequiredLevel.framework_id)).all())
    in_force = framework_in_force(today)
    rows = [{"framework": f, "skill_sets": sets.get(f.id, 0), "levels": levels.get(f.id, 0),
             "required": required.get(f.id, 0),
             "status": services.SCHEDULED if f.effective_on > today else (
                 services.IN_FORCE if in_force is not None and in_force.id == f.id else services.PAST)}
            for f in frameworks]
    return render_template("frameworks/index.html", rows=rows)


def _show(framework: SkillFramework):
    today = today_in_bangkok()
    groups, phases = ordered(TargetGroup), ordered(Phase)
    grid = {(r.target_group_id, r.phase_id, r.skill_set_id): r.level for r in framework.required_levels}
    return render_template("frameworks/show.html", framework=framework, groups=groups, phases=phases,
                           grid=grid, status=services.framework_status(framework, today),
                           editable=services.is_editable(framework, today), confirm=ConfirmForm())


@bp.route("/<int:framework_id>")
@require("administer_site")
def show(framework_id):
    return _show(_framework_or_404(framework_id))


@bp.route("/new", methods=["GET", "POST"])
@require("administer_site")
def new():
    today = today_in_bangkok()
    form = VersionForm()
    if form.is_submitted():
        valid = form.validate()
        data = _version_data(form)
        errors = services.version_errors(data, today)
        if valid and not errors:
            framework = services.new_version(data, current_user, today)
            db.session.commit()
            flash(_("Version %(label)s created as a copy of the version in force; edit it before it takes effect.",
                    label=framework.version_label), "success")
            return redirect(url_for(".show", framework_id=framework.id))
        apply_errors(form, errors)
    return render_template("frameworks/version_form.html", form=form, framework=None)


def _version_data(form: VersionForm) -> services.VersionData:
    return services.VersionData(version_label=form.version_label.data or "", effective_on=form.effective_on.data,
                                name_th=form.name_th.data or "", name_en=form.name_en.data or "")


@bp.route("/<int:framework_id>/edit", methods=["GET", "POST"])
@require("administer_site")
def edit(framework_id):
    framework = _framework_or_404(framework_id)
    if (notice := _read_only(framework)) is not None:
        return notice
    form = VersionForm(obj=framework)
    if form.is_submitted():
        valid = form.validate()
        data = _version_data(form)
        errors = services.version_errors(data, today_in_bangkok(), framework)
        if valid and not errors:
            services.update_version(framework, data, current_user)
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for(".show", framework_id=framework.id))
        apply_errors(form, errors)
    return render_template("frameworks/version_form.html", form=form, framework=framework)


@bp.route("/<int:framework_id>/delete", methods=["POST"])
@require("administer_site")
def delete(framework_id):
    framework = _framework_or_404(framework_id)
    if (notice := _read_only(framework)) is not None:
        return notice
    if ConfirmForm().validate_on_submit():
        label = framework.version_label
        services.delete_version(framework, current_user)
        db.session.commit()
        flash(_("Version %(label)s deleted.", label=label), "success")
        return redirect(url_for(".index"))
    abort(400)


def _edition_form(form: EditionForm) -> EditionForm:
    form.dimension_id.choices = choices([("", _("— as before —"))] + [
        (d.id, f"{d.number}. {d.name}") for d in db.session.scalars(select(SkillDimension).order_by(
            SkillDimension.number))])
    return form


def _edition_data(form: EditionForm) -> services.EditionData:
    return services.EditionData(
        name_th=form.name_th.data or "", name_en=form.name_en.data or "",
        description_th=form.description_th.data or "", description_en=form.description_en.data or "",
        dimension_id=form.dimension_id.data, is_foundation=bool(form.is_foundation.data),
        position=form.position.data if form.position.data is not None else 0)


@bp.route("/<int:framework_id>/skill-sets/new", methods=["GET", "POST"])
@require("administer_site")
def new_skill_set(framework_id):
    framework = _framework_or_404(framework_id)
    if (notice := _read_only(framework)) is not None:
        return notice
    form = _edition_form(NewSkillSetForm(position=(max((e.position for e in framework.editions), default=0) + 1)))
    to_continue = services.skill_sets_to_continue(framework)
    form.continues.choices = choices([("", _("— a new skill set —"))] + [
        (s.id, f"{s.name} ({s.slug})") for s in to_continue])
    if form.is_submitted():
        valid = form.validate()
        slug = (form.slug.data or "").strip()
        errors = services.new_skill_set_errors(framework, slug, form.continues.data, form.dimension_id.data)
        if valid and not errors:
            continues = next((s for s in to_continue if s.id == form.continues.data), None)
            edition = services.add_skill_set(framework, _edition_data(form), current_user,
                                             today=today_in_bangkok(), slug=slug, continues=continues)
            db.session.commit()
            flash(_("Skill set %(name)s added; now give it its levels.", name=edition.name), "success")
            return redirect(url_for(".levels", edition_id=edition.id))
        apply_errors(form, errors)
    return render_template("frameworks/edition_form.html", form=form, framework=framework, edition=None)


@bp.route("/editions/<int:edition_id>/edit", methods=["GET", "POST"])
@require("administer_site")
def edit_edition(edition_id):
    edition = _edition_or_404(edition_id)
    if (notice := _read_only(edition.framework)) is not None:
        return notice
    form = _edition_form(EditionForm(obj=edition))
    if form.validate_on_submit():
        services.update_edition(edition, _edition_data(form), current_user)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for(".show", framework_id=edition.framework_id, _anchor=f"set-{edition.id}"))
    return render_template("frameworks/edition_form.html", form=form, framework=edition.framework,
                           edition=edition, confirm=ConfirmForm())


@bp.route("/editions/<int:edition_id>/retire", methods=["POST"])
@require("administer_site")
def retire_edition(edition_id):
    edition = _edition_or_404(edition_id)
    framework = edition.framework
    if (notice := _read_only(framework)) is not None:
        return notice
    if not ConfirmForm().validate_on_submit():
        abort(400)
    name = edition.name
    services.retire_edition(edition, current_user)
    db.session.commit()
    flash(_("%(name)s is left out of version %(label)s; records that carry it keep it.",
            name=name, label=framework.version_label), "success")
    return redirect(url_for(".show", framework_id=framework.id))


@bp.route("/editions/<int:edition_id>/levels", methods=["GET", "POST"])
@require("administer_site")
def levels(edition_id):
    edition = _edition_or_404(edition_id)
    if (notice := _read_only(edition.framework)) is not None:
        return notice
    if request.method == "POST":
        form = LevelsForm()
    else:
        form = LevelsForm(data={"levels": [
            {"name_th": lv.name_th, "name_en": lv.name_en, "descriptor_th": lv.descriptor_th,
             "descriptor_en": lv.descriptor_en} for lv in edition.levels]})
    while len(form.levels) < min(max(len(edition.levels) + 2, 4), 10) and request.method != "POST":
        form.levels.append_entry()
    if form.is_submitted():
        valid = form.validate()
        kept, problems = [], []
        for number, row in enumerate(form.levels, start=1):
            if row.form.remove.data or row.form.is_blank():
                continue
            if not (row.form.name_th.data or "").strip():
                problems.append(_("Row %(number)s: enter the level's Thai name.", number=number))
                continue
            kept.append(services.LevelData(name_th=row.form.name_th.data, name_en=row.form.name_en.data or "",
                                           descriptor_th=row.form.descriptor_th.data or "",
                                           descriptor_en=row.form.descriptor_en.data or ""))
        problems += services.level_errors(edition, kept) if not problems else []
        if valid and not problems:
            services.save_levels(edition, kept, current_user)
            db.session.commit()
            flash(_("Levels of %(name)s saved.", name=edition.name), "success")
            return redirect(url_for(".show", framework_id=edition.framework_id, _anchor=f"set-{edition.id}"))
        for problem in problems:
            flash(problem, "danger")
    return render_template("frameworks/levels.html", form=form, edition=edition, framework=edition.framework)


@bp.route("/<int:framework_id>/required", methods=["GET", "POST"])
@require("administer_site")
def required(framework_id):
    framework = _framework_or_404(framework_id)
    if (notice := _read_only(framework)) is not None:
        return notice
    groups, phases = ordered(TargetGroup), ordered(Phase)
    typed = {(r.target_group_id, r.phase_id, r.skill_set_id): str(r.level) for r in framework.required_levels}
    problems = []
    if request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            abort(400)
        typed, grid = {}, {}
        for group in groups:
            for phase in phases:
                for edition in framework.editions:
                    key = (group.id, phase.id, edition.skill_set_id)
                    value = request.form.get(f"level-{group.id}-{phase.id}-{edition.skill_set_id}", "").strip()
                    typed[key] = value
                    if not value:
                        continue
                    if not value.isdigit():
                        problems.append(_("%(group)s, %(phase)s, %(skill_set)s: enter a level number.",
                                          group=group.name, phase=phase.name, skill_set=edition.name))
                        continue
                    grid[key] = int(value)
        problems += services.required_level_errors(framework, grid)
        if not problems:
            services.save_required_levels(framework, grid, current_user)
            db.session.commit()
            flash(_("Required levels of version %(label)s saved.", label=framework.version_label), "success")
            return redirect(url_for(".show", framework_id=framework.id, _anchor="required"))
    return render_template("frameworks/required.html", framework=framework, groups=groups, phases=phases,
                           typed=typed, problems=problems, confirm=ConfirmForm())


@bp.route("/apply", methods=["POST"])
@require("administer_site")
def apply():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    result = apply_framework_in_force(today_in_bangkok(), actor=current_user)
    db.session.commit()
    if result.changed_anything:
        flash(_("The skill sets now follow version %(label)s.", label=result.version_label), "success")
    else:
        flash(_("The skill sets already follow the version in force."), "info")
    return redirect(url_for(".index"))


from . import transfer_views  # noqa: E402,F401  (the import and export routes, on this blueprint)
