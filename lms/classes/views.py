"""Classes: staff schedule and run them (/classes/manage…), learners enrol (/classes/…), and
calendar apps read the sessions (.ics feeds, public: calendar apps cannot log in)."""

from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..accounts.models import Person
from ..core.access import PUBLIC, can, require, visible_or_404
from ..core.forms import apply_errors, choices
from ..core.inputs import int_arg, int_list, parse_int
from ..extensions import db
from ..reference.models import TargetGroup
from ..reference.services import ordered
from . import enrolment as enrolling
from . import rosters, services
from .calendar import calendar_text, meeting_events
from .forms import SPARE_MEETING_ROWS, ClassForm
from .models import ENDED_BY_STAFF, CourseClass

bp = Blueprint("classes", __name__, url_prefix="/classes", template_folder="templates")


# --- staff ---------------------------------------------------------------------------------

@bp.route("/manage")
@require("author")
def manage():
    page = db.paginate(services.institute_classes_query(current_user.institute_id),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    counts = enrolling.status_counts([c.id for c in page.items])
    return render_template("classes/manage.html", page=page, counts=counts)


def _class_form(course_class: CourseClass) -> ClassForm:
    initial = None
    if request.method == "GET":
        rows = [{"meeting_id": m.id, "title": m.title, "starts_at": m.starts_at, "ends_at": m.ends_at}
                for m in course_class.meetings] + [{}] * SPARE_MEETING_ROWS
        initial = {
            "course_version_id": course_class.course_version_id or int_arg("version_id"),
            "name": course_class.name, "place": course_class.place, "online_url": course_class.online_url,
            "capacity": course_class.capacity, "cost_baht": course_class.cost_baht,
            "enrol_opens_on": course_class.enrol_opens_on,
            "enrol_closes_on": course_class.enrol_closes_on,
            "target_group_ids": [g.id for g in course_class.target_groups],
            "organisation_codes": ", ".join(o.code for o in course_class.organisations),
            "meetings": rows,
        }
    form = ClassForm(data=initial)
    versions = services.publishable_versions(current_user.institute_id)
    if course_class.version is not None and course_class.version not in versions:
        versions.append(course_class.version)
    form.course_version_id.choices = choices([(0, _("— choose a published course —"))] + [
        (v.id, f"{v.course.code} · {v.title} (v{v.number})") for v in versions])
    groups = ordered(TargetGroup)
    form.target_group_ids.choices = choices((g.id, g.name) for g in groups)
    return form


def _edit(course_class: CourseClass):
    form = _class_form(course_class)
    if form.is_submitted():
        # Run the form's and the service's checks together, so every error shows at once.
        valid = form.validate()
        errors = services.class_errors(course_class, current_user, form.data)
        if valid and not errors:
            services.save_class(course_class, current_user, form.data)
            db.session.commit()
            flash(_("Class saved."), "success")
            return redirect(url_for("classes.staff_detail", class_id=course_class.id))
        apply_errors(form, errors)
    return render_template("classes/form.html", form=form, course_class=course_class)


@bp.route("/manage/new", methods=["GET", "POST"])
@require("author")
def new():
    return _edit(CourseClass(place="", online_url=""))


@bp.route("/manage/<int:class_id>/edit", methods=["GET", "POST"])
@require("manage_class")
def edit(class_id):
    course_class = visible_or_404(CourseClass, class_id, "manage_class")
    if course_class.is_cancelled:
        flash(_("A cancelled class cannot be changed."), "error")
        return redirect(url_for("classes.staff_detail", class_id=class_id))
    return _edit(course_class)


@bp.route("/manage/<int:class_id>")
@require("manage_class")
def staff_detail(class_id):
    course_class = visible_or_404(CourseClass, class_id, "manage_class")
    return render_template("classes/staff_detail.html", course_class=course_class,
                           roster=services.roster(course_class),
                           present=services.present_counts(course_class),
                           completion_problem=services.completion_problem(course_class),
                           no_show_problem=rosters.no_show_problem(course_class),
                           may_change_roster=can(current_user, "change_roster", course_class))


@bp.route("/manage/<int:class_id>/cancel", methods=["POST"])
@require("manage_class")
def cancel(class_id):
    course_class = visible_or_404(CourseClass, class_id, "manage_class")
    services.cancel_class(course_class, current_user)
    db.session.commit()
    flash(_("The class was cancelled."), "success")
    return redirect(url_for("classes.staff_detail", class_id=class_id))


@bp.route("/manage/<int:class_id>/attendance", methods=["GET", "POST"])
@require("manage_class")
def attendance(class_id):
    course_class = visible_or_404(CourseClass, class_id, "manage_class")
    meeting_id = request.values.get("meeting_id", type=int)
    meeting = next((m for m in course_class.meetings if m.id == meeting_id),
                   course_class.meetings[0] if course_class.meetings else None)
    if request.method == "POST" and meeting is not None:
        marks = {number: value == "1" for key, value in request.form.items()
                 if key.startswith("present-") and (number := parse_int(key.removeprefix("present-"))) is not None}
        services.record_attendance(meeting, current_user, marks)
        db.session.commit()
        flash(_("Attendance saved."), "success")
        return redirect(url_for("classes.attendance", class_id=class_id, meeting_id=meeting.id))
    return render_template("classes/attendance.html", course_class=course_class, meeting=meeting,
                           seated=services.roster(course_class)["seated"],
                           marks=services.attendance_marks(meeting) if meeting else {})


@bp.route("/manage/<int:class_id>/complete", methods=["POST"])
@require("manage_class")
def complete(class_id):
    course_class = visible_or_404(CourseClass, class_id, "manage_class")
    ids = int_list(request.form.getlist("enrolment_id"))
    if not ids:
        flash(_("Choose the learners who completed the class."), "error")
    else:
        try:
            records = services.complete_enrolments(course_class, current_user, ids)
        except enrolling.EnrolmentRefused as refusal:
            db.session.rollback()
            flash(str(refusal), "error")
        else:
            db.session.commit()
            flash(_("Completion recorded for %(n)s learners.", n=len(records)), "success")
    return redirect(url_for("classes.staff_detail", class_id=class_id))


# --- the roster: staff add, remove, mark no-shows ---------------------------------------------

def _roster_class(class_id: int) -> CourseClass:
    return visible_or_404(CourseClass, class_id, "change_roster")


def _refused(refusal: enrolling.EnrolmentRefused) -> None:
    db.session.rollback()
    flash(refusal.refusal, "error")  # the reason, and its fix link when it has one


@bp.route("/manage/<int:class_id>/roster/add", methods=["GET", "POST"])
@require("change_roster")
def add_learner(class_id):
    course_class = _roster_class(class_id)
    if request.method == "POST":
        person = db.session.get(Person, parse_int(request.form.get("person_id")) or 0)
        if person is None:
            abort(404)
        try:
            enrolment = rosters.add_learner(course_class, person, current_user)
        except enrolling.EnrolmentRefused as refusal:
            _refused(refusal)
        else:
            message = rosters.added_message(enrolment)
            db.session.commit()
            flash(message, "success" if enrolment.status == "enrolled" else "warning")
            return redirect(url_for("classes.staff_detail", class_id=class_id))
    search = (request.values.get("q") or "").strip()[:200]
    return render_template("classes/add_learner.html", course_class=course_class, search=search,
                           people=rosters.people_to_add(course_class, search))


@bp.route("/manage/<int:class_id>/roster/<int:enrolment_id>/remove", methods=["POST"])
@require("change_roster")
def remove_learner(class_id, enrolment_id):
    course_class = _roster_class(class_id)
    try:
        promoted = rosters.remove_learner(course_class, enrolment_id, current_user)
    except enrolling.EnrolmentRefused as refusal:
        _refused(refusal)
    else:
        db.session.commit()
        flash(_("The learner was removed from the class.") + (" " + _(
            "Seat given to %(names)s from the waiting list.", names=", ".join(e.person.name for e in promoted))
            if promoted else ""), "success")
    return redirect(url_for("classes.staff_detail", class_id=class_id))


@bp.route("/manage/<int:class_id>/no-shows", methods=["POST"])
@require("change_roster")
def mark_no_shows(class_id):
    course_class = _roster_class(class_id)
    ids = int_list(request.form.getlist("enrolment_id"))
    if not ids:
        flash(_("Choose the learners who never came."), "error")
    else:
        try:
            marked = rosters.mark_no_shows(course_class, ids, current_user)
        except enrolling.EnrolmentRefused as refusal:
            _refused(refusal)
        else:
            db.session.commit()
            flash(_("Marked as no-shows: %(n)s learners.", n=len(marked)), "success")
    return redirect(url_for("classes.staff_detail", class_id=class_id))


# --- learners ------------------------------------------------------------------------------

@bp.route("/<int:class_id>")
@require("view_class")
def detail(class_id):
    course_class = visible_or_404(CourseClass, class_id, "view_class")
    mine = enrolling.enrolment_of(course_class, current_user)
    return render_template(
        "classes/detail.html", course_class=course_class, enrolment=mine,
        seats_left=enrolling.seats_left(course_class),
        position=enrolling.waiting_position(mine) if mine else None,
        window_problem=enrolling.window_problem(course_class),
        eligibility_problem=enrolling.eligibility_problem(course_class, current_user),
        ended_refusal=enrolling.roster_refusal(mine) if mine and mine.status in ENDED_BY_STAFF else None)


@bp.route("/<int:class_id>/enrol", methods=["POST"])
@require("view_class")
def enrol(class_id):
    course_class = visible_or_404(CourseClass, class_id, "view_class")
    try:
        enrolment = enrolling.enrol(course_class, current_user)
    except enrolling.EnrolmentRefused as refusal:
        _refused(refusal)
    else:
        db.session.commit()
        if enrolment.status == "enrolled":
            flash(_("You are enrolled."), "success")
        else:
            flash(_("The class is full: you are number %(n)s on the waiting list.",
                    n=enrolling.waiting_position(enrolment)), "warning")
    return redirect(url_for("classes.detail", class_id=class_id))


@bp.route("/<int:class_id>/withdraw", methods=["POST"])
@require("view_class")
def withdraw(class_id):
    course_class = visible_or_404(CourseClass, class_id, "view_class")
    try:
        enrolling.withdraw(course_class, current_user)
    except enrolling.EnrolmentRefused as refusal:
        _refused(refusal)
    else:
        db.session.commit()
        flash(_("You have left the class."), "success")
    return redirect(url_for("classes.detail", class_id=class_id))


@bp.route("/mine")
@require("signed_in")
def mine():
    page = db.paginate(enrolling.enrolments_of_person_query(current_user),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("classes/mine.html", page=page)


# --- calendar feeds ------------------------------------------------------------------------

def _ics(name: str, meetings) -> Response:
    uid_domain = urlsplit(request.host_url).hostname  # UIDs name the site, as RFC 5545 suggests
    events = meeting_events(meetings, uid_domain,
                            lambda c: url_for("classes.detail", class_id=c.id, _external=True))
    response = Response(calendar_text(name, events), mimetype="text/calendar")  # charset=utf-8 added
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.route("/<int:class_id>/calendar.ics")
@require(PUBLIC)
def class_calendar(class_id):
    course_class = db.session.get(CourseClass, class_id)
    if course_class is None or course_class.is_cancelled:
        abort(404)
    return _ics(f"{course_class.version.title} · {course_class.name}", course_class.meetings)


@require(PUBLIC)
def personal_calendar(calendar_token):
    if not calendar_token.replace("-", "").replace("_", "").isalnum():  # not a token_urlsafe
        abort(404)
    person = db.session.scalar(select(Person).where(Person.calendar_token == calendar_token,
                                                    Person.is_active))
    if person is None:
        abort(404)
    return _ics(_("Classes of %(name)s", name=person.name), enrolling.meetings_of_person(person))


# The personal feed lives outside /classes (/calendar/<token>.ics): its URL is what people
# paste into a calendar app, so it is short and says what it is.
bp.record_once(lambda state: state.app.add_url_rule(
    "/calendar/<calendar_token>.ics", "classes.personal_calendar", personal_calendar))
