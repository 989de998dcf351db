"""External results' pages on the skill_ratings blueprint: record with evidence, change until
verified, the supervisor's verification, the evidence files."""

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from ...core import uploads
from ...core.access import allowed_or_403, can, require, visible_or_404
from ...core.dates import today_in_bangkok
from ...core.forms import apply_errors, choices
from ...extensions import db
from ..frameworks.queries import framework_in_force
from . import external
from .forms import ExternalResultForm, ResultReviewForm
from .models import ExternalResult, ExternalResultFile
from .services import rateable_editions
from .views import bp


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    limit = uploads.size_text(current_app.config["MAX_CONTENT_LENGTH"])
    flash(_("The files together are larger than %(limit)s; nothing was saved. Attach fewer or smaller "
            "files.", limit=limit), "error")
    return redirect(request.path)


def _result_form(result: ExternalResult | None = None) -> ExternalResultForm:
    form = ExternalResultForm(obj=result) if result is not None else ExternalResultForm()
    editions = rateable_editions(framework_in_force(today_in_bangkok()))
    form.skill_set_id.choices = choices([("", _("— choose —"))] + [(e.skill_set_id, e.name) for e in editions])
    highest = max((len(e.levels) for e in editions), default=0)
    form.level.choices = choices([("", _("— choose —"))] + [(n, str(n)) for n in range(1, highest + 1)])
    return form


def _data(form: ExternalResultForm) -> external.ResultData:
    return external.ResultData(
        title=form.title.data or "", issuer=form.issuer.data or "", skill_set_id=form.skill_set_id.data,
        level=form.level.data, issued_on=form.issued_on.data, expires_on=form.expires_on.data)


def _save(form: ExternalResultForm, result: ExternalResult | None) -> ExternalResult | None:
    """Check everything at once; save and commit, or None with the errors on the form."""
    valid = form.validate()
    problems = external.result_problems(_data(form), today_in_bangkok())
    chosen = [f for f in (form.evidence.data or []) if f and f.filename]
    already = len(result.files) if result is not None else 0
    found, upload_problems = uploads.check_uploads(chosen, already)
    if not found and not already and not upload_problems:
        upload_problems = [_("Attach the certificate or another proof of the result.")]
    if valid and not problems and not upload_problems:
        with uploads.files_removed_unless_committed(uploads.FileBatch()) as batch:
            if result is None:
                result = external.record_result(current_user, _data(form))
            else:
                result = external.update_result(current_user, result, _data(form))
            external.attach_files(batch, result, found)
            db.session.commit()
        return result
    apply_errors(form, problems)
    form.evidence.errors = list(upload_problems)
    if chosen:
        form.evidence.errors.append(_("A form shown again cannot keep files: choose the file again."))
    return None


@bp.route("/results/new", methods=["GET", "POST"])
@require("signed_in")
def new_result():
    form = _result_form()
    if form.is_submitted() and _save(form, None) is not None:
        flash(_("Your result was saved and waits for your supervisor's verification."), "success")
        return redirect(url_for(".index"))
    return render_template("ratings/result_form.html", form=form, result=None)


@bp.route("/results/<int:external_result_id>", methods=["GET", "POST"])
@require("view_external_result")
def result(external_result_id):
    found = visible_or_404(ExternalResult, external_result_id, "view_external_result")
    if request.method == "POST":
        db.session.refresh(found, with_for_update=True)  # not verified meanwhile
        allowed_or_403("edit_external_result", found)
    form = _result_form(found) if can(current_user, "edit_external_result", found) else None
    if request.method == "POST" and _save(form, found) is not None:
        flash(_("Your result was saved and waits for your supervisor's verification."), "success")
        return redirect(url_for(".result", external_result_id=found.id))
    review_form = (ResultReviewForm(data={"version": external.result_version(found)})
                   if can(current_user, "review_external_result", found) else None)
    return render_template("ratings/result.html", result=found, form=form, review_form=review_form)


@bp.route("/results/<int:external_result_id>/review", methods=["POST"])
@require("view_external_result")
def review_result(external_result_id):
    found = allowed_or_403("review_external_result",
                           visible_or_404(ExternalResult, external_result_id, "view_external_result"))
    form = ResultReviewForm()
    problem = None
    if form.validate():
        decision = "returned" if form.send_back.data else "verified"
        try:
            external.review_result(current_user, found, decision, form.comment.data, form.version.data or "")
        except external.ReviewRefused as refused:
            problem = str(refused)
        else:
            db.session.commit()
            flash(_("Result verified.") if decision == "verified" else _("Result returned to its owner."),
                  "success")
            return redirect(url_for(".reviews"))
    db.session.rollback()
    form.comment.errors = [problem or _("The form expired; send it again.")]
    found = visible_or_404(ExternalResult, external_result_id, "view_external_result")
    form.version.data = external.result_version(found)  # the comment is kept; the decision is on what is shown
    if not can(current_user, "review_external_result", found):
        flash(" ".join(form.comment.errors), "error")
        return redirect(url_for(".result", external_result_id=found.id))
    return render_template("ratings/result.html", result=found, form=None, review_form=form)


@bp.route("/results/files/<int:result_file_id>")
@require("view_external_result_file")
def result_file(result_file_id):
    row = visible_or_404(ExternalResultFile, result_file_id, "view_external_result_file")
    path = uploads.stored_path(row.stored_name)
    if path is None:
        abort(404)
    try:
        response = send_file(path, mimetype=row.content_type, as_attachment=not uploads.is_inline_type(
            row.content_type), download_name=row.original_name, conditional=True)
    except FileNotFoundError:
        abort(404)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.cache_control.private = True
    response.cache_control.no_store = True
    response.cache_control.public = False
    return response
