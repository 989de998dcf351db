"""Course authoring in the browser (/author): an institute's authors write, version and publish
courses, and move them in and out as course files. Thin views: parse → service → commit → render."""

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from ..accounts.models import Person
from ..core.access import require, visible_or_404
from ..core.dates import today_in_bangkok
from ..core.forms import choices
from ..core.i18n import current_language
from ..extensions import db
from ..reference.models import LearningMethod, Phase, SessionMethod, TargetGroup
from ..reference.services import offered_skill_sets, ordered, policy_for
from . import authoring, transfer
from .coursefile import COURSE_FORMATS, dump_course_file
from .credit import plan_hours, plan_minutes
from .forms import BLANK_SESSION_ROWS, FORMAT_LABELS, CourseForm, UploadForm, course_form_data
from .models import Course
from .services import course_vocabulary

bp = Blueprint("authoring", __name__, url_prefix="/author", template_folder="templates")


def _policy_today():
    return policy_for(today_in_bangkok())


def _load_course(course_id: int) -> Course:
    return visible_or_404(Course, course_id, "edit_course")


@bp.route("/")
@require("author")
def courses():
    page = db.paginate(authoring.institute_courses(current_user.institute_id),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("catalog/authoring/list.html", page=page)


@bp.route("/courses/<int:course_id>")
@require("edit_course")
def course(course_id):
    course = _load_course(course_id)
    shown = course.latest
    policy = _policy_today()
    problems = authoring.publish_problems(shown, policy) if shown.status == "draft" else []
    verdict = authoring.lecture_verdict(authoring.version_content(shown).sessions, policy)
    fix_minutes = authoring.active_minutes_fix(verdict) if shown.has_sessions else None
    publisher_ids = {v.published_by_id for v in course.versions if v.published_by_id}
    publishers = {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(publisher_ids)))}
    return render_template("catalog/authoring/course.html", course=course, shown=shown, problems=problems,
                           verdict=verdict, fix_minutes=fix_minutes, publishers=publishers,
                           format_labels=FORMAT_LABELS, lang=current_language())


# The course form ----------------------------------------------------------------------------


def _reference_choices(model):
    rows = ordered(model)
    return choices((row.slug, row.name) for row in rows)


def _build_form(**kwargs) -> CourseForm:
    form = CourseForm(**kwargs)
    form.skill_sets.choices = choices((s.slug, s.name) for s in offered_skill_sets(form.skill_sets.data))
    form.target_groups.choices = _reference_choices(TargetGroup)
    form.phases.choices = _reference_choices(Phase)
    form.credit_method.choices = _reference_choices(LearningMethod)
    _fill_session_rows(form)
    return form


def _fill_session_rows(form: CourseForm, extra: int = 0) -> None:
    """Give every row its method choices; on a fresh form, offer blank rows under the plan."""
    if not form.is_submitted() or extra:
        for _number in range(extra or BLANK_SESSION_ROWS):
            form.sessions.append_entry()
    methods = _reference_choices(SessionMethod)
    for entry in form.sessions:
        entry.form.method.choices = methods


def _rearranged_form(form: CourseForm, move: str | None) -> CourseForm:
    """The same typed data with two rows swapped ("3:up"/"3:down", numbers included) or more
    blank rows; nothing is validated or saved."""
    data = {name: value for name, value in form.data.items() if name != "csrf_token"}
    rows = data["sessions"]
    index, _sep, direction = (move or "").partition(":")
    if index.isdigit():
        i = int(index)
        j = i - 1 if direction == "up" else i + 1
        if 0 <= i < len(rows) and 0 <= j < len(rows):
            rows[i], rows[j] = rows[j], rows[i]
            rows[i]["position"], rows[j]["position"] = rows[j]["position"], rows[i]["position"]
    rebuilt = _build_form(formdata=None, data=data)
    if not move:
        _fill_session_rows(rebuilt, extra=BLANK_SESSION_ROWS)
    return rebuilt


def _course_form_page(course: Course | None):
    """New (course None) and edit share one page: Save, Preview, move rows, add rows."""
    if request.method == "GET":
        if course is None:
            form = _build_form(data=_new_course_defaults())
        else:
            form = _build_form(data=course_form_data(course.code, authoring.version_content(course.latest)))
    else:
        form = _build_form()
    action = request.form.get("action", "save")
    move = request.form.get("move")
    if form.is_submitted() and (move or action == "add-rows"):
        form = _rearranged_form(form, move)
    elif form.is_submitted():
        # The form's and the service's checks together, so every error shows at once.
        valid = form.validate()
        code_errors = authoring.code_errors(course, form.code.data or "")
        if code_errors and not form.code.errors:
            form.code.errors = code_errors
        if action == "save" and valid and not code_errors:
            if course is None:
                course = authoring.create_course(current_user.institute, current_user, form.code.data,
                                                 form.content())
            else:
                draft = authoring.editable_version(course, current_user)
                authoring.save_draft(draft, current_user, form.content(), code=form.code.data)
            db.session.commit()
            flash(_("Draft v%(n)s of %(code)s saved.", n=course.draft.number, code=course.code), "success")
            return redirect(url_for("authoring.course", course_id=course.id))
    return render_template("catalog/authoring/form.html", form=form, course=course,
                           preview=action == "preview" and form.is_submitted(),
                           code_fixed=course is not None and not authoring.code_may_change(course),
                           credit_defaults={f: authoring.default_credit_method(f) or "" for f in COURSE_FORMATS},
                           **_meter_context(form.session_plan()))


def _new_course_defaults() -> dict:
    """A new course starts as a classroom course, credited as classroom training."""
    return {"format": COURSE_FORMATS[0], "credit_method": authoring.default_credit_method(COURSE_FORMATS[0])}


def _meter_context(plan) -> dict:
    """What the meter shows for a plan as typed (None while a row is invalid): R1's verdict
    and the plan's total, which the credited hours are compared with."""
    return {"verdict": authoring.lecture_verdict(plan, _policy_today()) if plan else None,
            "plan_ok": plan is not None, "plan_minutes": plan_minutes(plan) if plan else 0,
            "plan_hours": plan_hours(plan) if plan else None, "lang": current_language()}


@bp.route("/lecture-meter", methods=["POST"])
@require("author")
def lecture_meter():
    """The R1 meter for the session plan as typed: the form's script asks for it on each change."""
    return render_template("catalog/authoring/_meter.html", **_meter_context(_build_form().session_plan()))


@bp.route("/courses/new", methods=["GET", "POST"])
@require("author")
def new_course():
    return _course_form_page(None)


@bp.route("/courses/<int:course_id>/edit", methods=["GET", "POST"])
@require("edit_course")
def edit_course(course_id):
    return _course_form_page(_load_course(course_id))


# Publishing ------------------------------------------------------------------------------------


@bp.route("/courses/<int:course_id>/publish", methods=["POST"])
@require("edit_course")
def publish(course_id):
    course = _load_course(course_id)
    if course.draft is None:
        flash(_("There is no draft to publish."), "warning")
        return redirect(url_for("authoring.course", course_id=course.id))
    try:
        version = authoring.publish(course.draft, current_user, _policy_today())
    except authoring.PublishRefused as refused:
        db.session.rollback()
        for problem in refused.problems:
            flash(_("Not published: %(reason)s", reason=problem), "error")
        return redirect(url_for("authoring.course", course_id=course.id))
    db.session.commit()
    flash(_("Version %(n)s of %(code)s is published.", n=version.number, code=course.code), "success")
    return redirect(url_for("authoring.course", course_id=course.id))


@bp.route("/courses/<int:course_id>/add-active-session", methods=["POST"])
@require("edit_course")
def add_active_session(course_id):
    """R1's fix as one action: the active-learning session its verdict asks for, then the editor."""
    course = _load_course(course_id)
    try:
        session = authoring.add_active_session(course, current_user, _policy_today())
    except authoring.NothingToFix:
        db.session.rollback()
        flash(_("The session plan needs no active-learning session added."), "warning")
        return redirect(url_for("authoring.course", course_id=course.id))
    db.session.commit()
    flash(ngettext("Added “%(title)s”, %(num)s minute of active learning, to draft v%(n)s.",
                   "Added “%(title)s”, %(num)s minutes of active learning, to draft v%(n)s.",
                   session.minutes, title=session.title, n=course.draft.number), "success")
    return redirect(url_for("authoring.edit_course", course_id=course.id))


@bp.route("/courses/<int:course_id>/discard-draft", methods=["POST"])
@require("edit_course")
def discard_draft(course_id):
    course = _load_course(course_id)
    if course.draft is None or course.published is None:
        abort(400)
    authoring.discard_draft(course)
    db.session.commit()
    flash(_("The draft was discarded."), "success")
    return redirect(url_for("authoring.course", course_id=course.id))


# Course files -----------------------------------------------------------------------------------


@bp.route("/courses/<int:course_id>/course-file")
@require("edit_course")
def download(course_id):
    """The latest version (the draft when there is one) as a course file."""
    course_file = transfer.course_file_of(_load_course(course_id).latest)
    return Response(dump_course_file(course_file), mimetype="text/markdown",
                    headers={"Content-Disposition": f'attachment; filename="{transfer.file_name_for(course_file)}"'})


@bp.route("/upload", methods=["GET", "POST"])
@require("author")
def upload():
    form = UploadForm()
    if form.validate_on_submit():
        uploaded = form.course_file.data
        try:
            action, course = transfer.upload_course_file(
                uploaded.read(transfer.MAX_UPLOAD_BYTES + 1),  # enough to know it is too large
                uploaded.filename or "", current_user.institute, current_user,
                course_vocabulary(), _policy_today(), publish_now=form.publish.data)
        except transfer.UploadRefused as refused:
            db.session.rollback()
            form.course_file.errors = list(refused.messages)
        else:
            db.session.commit()
            messages = {
                transfer.CREATED: _("Course %(code)s created from the file.", code=course.code),
                transfer.UPDATED: _("Course %(code)s updated from the file.", code=course.code),
                transfer.UNCHANGED: _("The file is the same as %(code)s; nothing changed.", code=course.code),
            }
            flash(messages[action], "success")
            return redirect(url_for("authoring.course", course_id=course.id))
    return render_template("catalog/authoring/upload.html", form=form)
