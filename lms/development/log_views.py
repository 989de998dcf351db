"""The learning log: a learner's entries and evidence; the immediate supervisor's verification queue."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from ..accounts.models import Person
from ..core.access import allowed_or_403, can, require, visible_or_404
from ..core.dates import today_in_bangkok
from ..core.forms import apply_errors, choices
from ..core.inputs import int_list
from ..extensions import db
from ..records.models import LearningRecord
from ..rules.formatting import hours_text
from . import evidence, log
from .log_forms import LogEntryForm, ReviewForm, skill_set_choices
from .models import EvidenceFile

bp = Blueprint("log", __name__, url_prefix="/log", template_folder="templates")

# A bulk "verify selected" never handles more than a few pages at once.
MAX_BULK = 200


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    # The body was refused before it was read, so nothing typed can be shown again.
    limit = evidence.size_text(current_app.config["MAX_CONTENT_LENGTH"])
    flash(_("The files together are larger than %(limit)s; nothing was saved. Attach fewer or smaller "
            "files.", limit=limit), "error")
    return redirect(request.path)


def _entry_or_404(record_id: int) -> LearningRecord:
    """A log entry the current person may see (theirs, or a report's down the chain)."""
    return visible_or_404(LearningRecord, record_id, "view_log_entry")


def _entry_form(record: LearningRecord | None = None) -> LogEntryForm:
    values = {"occurred_on": today_in_bangkok()}
    if record is not None:
        values = {"occurred_on": record.occurred_on, "hours": hours_text(record.hours),
                  "method": record.method.slug, "skill_sets": [s.id for s in record.skill_sets],
                  "title": record.title, "notes_md": record.notes_md}
    form = LogEntryForm(data=values)
    form.method.choices = choices([("", _("— choose —"))] + [(m.slug, m.name) for m in log.log_methods()])
    form.skill_sets.choices = skill_set_choices(log.all_skill_sets([s.id for s in record.skill_sets] if record else ()))
    return form


def _entry_data(form: LogEntryForm) -> log.EntryData:
    return log.EntryData(
        occurred_on=form.occurred_on.data, hours_text=form.hours.data or "",
        method_slug=form.method.data or None, skill_set_ids=form.skill_sets.data or [],
        title=(form.title.data or "").strip(), notes_md=form.notes_md.data or "")


def _save_entry(form: LogEntryForm, record: LearningRecord | None):
    """Check everything at once; save and commit, or return None with the errors on the form."""
    valid = form.validate()
    data = _entry_data(form)
    problems = log.entry_problems(current_user, data, record)
    chosen = [f for f in (form.evidence.data or []) if f and f.filename]
    already = len(record.evidence) if record is not None else 0
    uploads, upload_problems = evidence.check_uploads(chosen, already)
    if valid and not problems and not upload_problems:
        with evidence.removed_unless_committed() as files:
            if record is None:
                record = log.create_entry(current_user, data)
            else:
                record = log.update_entry(current_user, record, data)
            files.attach(record, uploads)
            db.session.commit()
        return record
    apply_errors(form, problems)
    form.evidence.errors = list(upload_problems)
    if chosen:
        form.evidence.errors.append(_("A form shown again cannot keep files: choose the file again."))
    return None


@bp.route("/")
@require("signed_in")
def index():
    return _entries_page(current_user)


@bp.route("/people/<int:person_id>")
@require("view_development")
def person_entries(person_id):
    return _entries_page(visible_or_404(Person, person_id, "view_development"))


def _entries_page(person):
    page = db.paginate(log.entries_of(person), per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("development/log/index.html", person=person, page=page,
                           comments=log.latest_comments(page.items))


@bp.route("/new", methods=["GET", "POST"])
@require("signed_in")
def new_entry():
    form = _entry_form()
    if form.is_submitted():
        record = _save_entry(form, None)
        if record is not None:
            flash(_("Your entry was saved and waits for your supervisor's verification."), "success")
            return redirect(url_for("log.entry", record_id=record.id))
    return render_template("development/log/new.html", form=form)


@bp.route("/<int:record_id>", methods=["GET", "POST"])
@require("view_log_entry")
def entry(record_id):
    record = _entry_or_404(record_id)
    if request.method == "POST":
        allowed_or_403("edit_log_entry", record)
    form = _entry_form(record) if can(current_user, "edit_log_entry", record) else None
    if request.method == "POST":
        resubmitting = record.status == "returned"
        if _save_entry(form, record) is not None:
            flash(_("Your entry was resubmitted.") if resubmitting else _("Your entry was saved."), "success")
            return redirect(url_for("log.entry", record_id=record.id))
    return _render_entry(record, form)


def _render_entry(record, form=None, review_form=None):
    if review_form is None and log.awaits_review_by(current_user, record):
        review_form = ReviewForm(data={"version": log.entry_version(record)})
    return render_template("development/log/entry.html", record=record, form=form, review_form=review_form,
                           history=log.history_of(record), inline=evidence.is_inline)


@bp.route("/<int:record_id>/review", methods=["POST"])
@require("view_log_entry")
def review(record_id):
    # The learner and those further up the chain see the entry but do not decide.
    record = allowed_or_403("review_log_entry", _entry_or_404(record_id))
    form = ReviewForm()
    if form.validate():
        decision = "returned" if form.send_back.data else "verified"
        try:
            log.review_entry(current_user, record, decision, form.comment.data, form.version.data)
        except log.ReviewRefused as refused:
            form.comment.errors = [str(refused)]
        else:
            db.session.commit()
            flash(_("Entry verified.") if decision == "verified" else _("Entry returned to the learner."),
                  "success")
            return redirect(url_for("log.queue"))
    db.session.rollback()  # nothing half-decided; show the entry as it is now
    record = _entry_or_404(record_id)
    if not log.awaits_review_by(current_user, record):
        flash(" ".join(form.comment.errors) or _("This entry is not waiting for your verification."), "error")
        return redirect(url_for("log.entry", record_id=record.id))
    form.version.data = log.entry_version(record)  # the comment is kept; the decision is on what is shown
    return _render_entry(record, review_form=form)


@bp.route("/<int:record_id>/delete", methods=["POST"])
@require("view_log_entry")
def delete_entry(record_id):
    record = _entry_or_404(record_id)
    log.lock_entry(record)  # not verified meanwhile
    allowed_or_403("edit_log_entry", record)
    paths = evidence.paths_of(log.delete_entry(record, current_user))
    db.session.commit()
    evidence.remove_files(paths)  # only once the rows are gone for good
    flash(_("Your entry was deleted."), "success")
    return redirect(url_for("log.index"))


def _evidence_or_404(evidence_id: int) -> EvidenceFile:
    return visible_or_404(EvidenceFile, evidence_id, "view_evidence")


@bp.route("/evidence/<int:evidence_id>")
@require("view_evidence")
def evidence_file(evidence_id):
    row = _evidence_or_404(evidence_id)
    path = evidence.stored_path(row.stored_name)
    if path is None:
        abort(404)
    try:
        response = send_file(path, mimetype=row.content_type, as_attachment=not evidence.is_inline(row),
                             download_name=row.original_name, conditional=True)
    except FileNotFoundError:
        abort(404)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.cache_control.private = True
    response.cache_control.no_store = True
    response.cache_control.public = False
    return response


@bp.route("/evidence/<int:evidence_id>/delete", methods=["POST"])
@require("view_evidence")
def delete_evidence(evidence_id):
    row = _evidence_or_404(evidence_id)
    record = row.record
    log.lock_entry(record)
    allowed_or_403("edit_log_entry", record)
    paths = evidence.paths_of([row])
    log.delete_evidence(row, current_user)
    db.session.commit()
    evidence.remove_files(paths)
    flash(_("The file was removed."), "success")
    return redirect(url_for("log.entry", record_id=record.id))


@bp.route("/reviews")
@require("supervise")
def queue():
    page = db.paginate(log.waiting_for(current_user), per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("development/log/queue.html", page=page, version=log.entry_version)


@bp.route("/reviews/verify", methods=["POST"])
@require("supervise")
def verify_selected():
    ids = int_list(request.form.getlist("entry"))[:MAX_BULK]
    if not ids:
        flash(_("Choose the entries to verify."), "warning")
        return redirect(url_for("log.queue"))
    verified, skipped = log.verify_many(current_user, {i: request.form.get(f"version-{i}", "") for i in ids})
    db.session.commit()
    flash(_("%(n)s entries verified.", n=verified), "success")
    if skipped:
        flash(_("%(n)s entries were skipped: they changed or no longer wait for you. Open them to decide.",
                n=skipped), "warning")
    return redirect(url_for("log.queue"))
