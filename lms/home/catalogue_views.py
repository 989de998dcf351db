"""Blueprint catalogue: learners browse, search and read published courses, see the classes
open for enrolment, and complete self-paced courses."""

from dataclasses import dataclass

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..accounts.models import Institute
from ..assessment.quizzes.queries import completion_quiz_missing
from ..catalog import search
from ..catalog.forms import FORMAT_LABELS
from ..catalog.models import COURSE_FORMATS, Course, CourseVersion
from ..catalog.self_paced import CompletionRefused, complete_self_paced, self_paced_completion
from ..classes.open_classes import courses_with_open_classes, enrol_offer, open_classes_of
from ..core.access import require, visible_or_404
from ..core.dates import today_in_bangkok
from ..core.i18n import current_language
from ..extensions import db
from ..reference.models import Phase, TargetGroup
from ..reference.services import offered_skill_sets, ordered, policy_for
from ..rules import check_lecture_cap
from .catalogue import CatalogueFilters, catalogue_query

bp = Blueprint("catalogue", __name__, template_folder="templates", url_prefix="/courses")


@dataclass
class FilterField:
    """One filter of the catalogue form: its options, what was asked, and what was wrong."""

    name: str
    label: str
    any_label: str
    options: list[tuple[str, str]]
    value: str = ""
    error: str = ""


def _filter_fields() -> list[FilterField]:
    def named(model):
        return [(row.slug, row.name) for row in ordered(model)]

    institutes = db.session.scalars(
        select(Institute).where(Institute.id.in_(
            select(Course.institute_id).join(CourseVersion).where(CourseVersion.status == "published")))
        .order_by(Institute.name_th))
    return [
        FilterField("skill_set", _("Skill set"), _("Any skill set"), [(s.slug, s.name) for s in offered_skill_sets()]),
        FilterField("group", _("Target group"), _("Any target group"), named(TargetGroup)),
        FilterField("phase", _("Phase"), _("Any phase"), named(Phase)),
        FilterField("format", _("Format"), _("Any format"), [(f, str(FORMAT_LABELS[f])) for f in COURSE_FORMATS]),
        FilterField("institute", _("Institute"), _("Any institute"), [(str(i.id), i.name) for i in institutes]),
    ]


def _read_filters(args, fields: list[FilterField]) -> CatalogueFilters:
    """Filters from the query string; an unknown value is ignored and said so beside its field."""
    chosen = {}
    for field in fields:
        value = args.get(field.name, "").strip()
        if value and value not in {option for option, _label in field.options}:
            field.error = _("There is no such choice, so this filter was not applied.")
            value = ""
        field.value = chosen[field.name] = value
    return CatalogueFilters(
        query=args.get("q", ""), skill_set=chosen["skill_set"] or None, target_group=chosen["group"] or None,
        phase=chosen["phase"] or None, format=chosen["format"] or None,
        institute_id=int(chosen["institute"]) if chosen["institute"] else None,
        open_now=args.get("open") == "1",
    )


@bp.route("/")
@require("signed_in")
def index():
    fields = _filter_fields()
    filters = _read_filters(request.args, fields)
    today = today_in_bangkok()
    page = db.paginate(catalogue_query(filters, today, current_language()),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    open_ids = courses_with_open_classes([v.course_id for v in page.items], today)
    # The pager repeats the filters; only those that were applied.
    kept = {f.name: f.value for f in fields if f.value}
    kept.update({k: v for k, v in (("q", filters.query.strip()), ("open", "1" if filters.open_now else ""))
                 if v})
    return render_template("home/catalogue/index.html", page=page, fields=fields, filters=filters,
                           terms=search.query_terms(filters.query), open_ids=open_ids, kept=kept,
                           format_labels=FORMAT_LABELS)


def _shown_version(course: Course) -> CourseVersion:
    """The published version; authors and site admins (who may see drafts) preview the latest
    version of a course not yet published."""
    version = search.version_to_show(course)
    if version is None:
        version = search.version_to_show(course, state=None)
    if version is None:
        abort(404)
    return version


@bp.route("/<int:course_id>")
@require("view_course")
def course(course_id):
    course = visible_or_404(Course, course_id, "view_course")
    version = _shown_version(course)
    today = today_in_bangkok()
    verdict = None
    if version.has_sessions and version.sessions:
        verdict = check_lecture_cap([(s.method.kind, s.minutes) for s in version.sessions], policy_for(today))
    classes = open_classes_of(course, today) if version.status == "published" else []
    offer = enrol_offer(course, current_user, today, classes) if version.status == "published" else None
    return render_template("home/catalogue/course.html", course=course, version=version, verdict=verdict,
                           classes=classes, offer=offer, format_labels=FORMAT_LABELS,
                           completion=self_paced_completion(current_user, course.id))


@bp.route("/<int:course_id>/learn")
@require("view_course")
def learn(course_id):
    course = visible_or_404(Course, course_id, "view_course")
    version = _shown_version(course)
    return render_template("home/catalogue/learn.html", course=course, version=version,
                           completion=self_paced_completion(current_user, course.id))


@bp.route("/<int:course_id>/learn/complete", methods=["POST"])
@require("view_course")
def complete(course_id):
    course = visible_or_404(Course, course_id, "view_course")
    version = search.version_to_show(course)
    if version is None or version.format != "self-paced":
        abort(404)
    required = completion_quiz_missing(current_user, course.id)
    if required is not None and self_paced_completion(current_user, course.id) is None:
        flash(_("Pass the quiz “%(title)s” before you mark this course complete.", title=required.title), "error")
        return redirect(url_for("catalogue.learn", course_id=course.id))
    try:
        record, created = complete_self_paced(current_user, version, today_in_bangkok())
        db.session.commit()
    except CompletionRefused as refusal:
        db.session.rollback()
        flash(refusal.message(current_language()), "error")
        return redirect(url_for("catalogue.learn", course_id=course.id))
    except IntegrityError:  # the same completion sent twice at once: the other request recorded it
        db.session.rollback()
        created = False
    if created:
        flash(_("Completed: %(hours)s hours of self-learning recorded.", hours=f"{record.hours.normalize():f}"),
              "success")
    else:
        flash(_("You have already completed this course; nothing more was recorded."), "info")
    return redirect(url_for("catalogue.learn", course_id=course.id))
