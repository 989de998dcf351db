"""Dashboards: a learner's 70:20:10 mix, and a supervisor's table of reports (read-only pages)."""

import csv
import io

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.routing import BuildError

from ..accounts.models import Person
from ..core.access import require, visible_or_404
from ..core.csv_export import spreadsheet_safe
from ..core.dates import today_in_bangkok
from ..core.i18n import current_language
from ..core.inputs import DB_INT_MAX
from ..reference.services import bucket_names, policy_title
from ..rules import BUCKETS
from ..rules.formatting import hours_text
from . import dashboard
from .dashboard import TEAM_SORTS
from .wording import revision_name, revision_title

bp = Blueprint("dashboard", __name__, template_folder="templates", url_prefix="/dashboard")
# Plan pages, the dashboard and the home page all name revisions the same way.
bp.add_app_template_global(revision_title, "revision_title")
bp.add_app_template_global(revision_name, "revision_name")

PLAN_STATE_LABELS = {
    "none": _l("No plan"),
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "agreed": _l("Agreed"),
    "returned": _l("Returned"),
}
# SVG fill colours of the three buckets (presentation attributes: no inline style under the CSP).
BUCKET_COLOURS = {"experiential": "#0d6efd", "social": "#fd7e14", "formal": "#198754"}


@bp.context_processor
def inject_dashboard_formatting():
    return {
        "share_text": dashboard.share_text,
        "add_hours_text": dashboard.add_hours_text,
        "bucket_labels": _bucket_labels(),
        "bucket_colours": BUCKET_COLOURS,
        # Translated once here rather than once per row: a lazy string looks its catalogue up each time.
        "plan_state_labels": {state: str(label) for state, label in PLAN_STATE_LABELS.items()},
        "buckets": BUCKETS,
        "language": current_language(),
    }


def _bucket_labels() -> dict[str, str]:
    """Each bucket's one name, in the reader's language: the one the rule's messages use."""
    index = 0 if current_language() == "th" else 1
    return {bucket: names[index] for bucket, names in bucket_names().items()}


def _link(endpoint: str, **values) -> str | None:
    """A link to another module's page, or None when that page does not exist (yet)."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


def _url_for_each(endpoint: str, **values):
    """url_for(endpoint, person_id=…, **values) for every row of a table at the cost of one:
    built once around a placeholder id, which each row's id then replaces."""
    template = url_for(endpoint, person_id=DB_INT_MAX, **values)
    placeholder = str(DB_INT_MAX)
    return lambda person_id: template.replace(placeholder, str(int(person_id)), 1)


def _fiscal_year() -> tuple[int, list[int]]:
    """The year asked for with ?fy= (Buddhist Era), else the current one; 404 for a year
    that cannot be judged (before the first policy, or still to come)."""
    years = dashboard.valid_fiscal_years(today_in_bangkok())
    fiscal_year = request.args.get("fy", type=int)
    if fiscal_year is None:
        return years[0], years
    if fiscal_year not in years:
        abort(404)
    return fiscal_year, years


@bp.route("/")
@require("signed_in")
def mine():
    return _learner_page(current_user._get_current_object())


@bp.route("/people/<int:person_id>")
@require("view_development")
def person(person_id):
    return _learner_page(visible_or_404(Person, person_id, "view_development"))


def _learner_page(person):
    fiscal_year, years = _fiscal_year()
    data = dashboard.learner_dashboard(person, fiscal_year)
    shares = [(f.bucket, f.share) for f in data.verdict.buckets]
    target = [(f.bucket, f.target_percent) for f in data.verdict.buckets]
    own = person.id == current_user.id
    if data.plan is not None:
        plan_url = _link("plans.show", plan_id=data.plan.plan_id)
    else:
        plan_url = _link("plans.mine") if own else None
    return render_template(
        "development/dashboard/learner.html", d=data, years=years, own=own, plan_url=plan_url,
        log_url=_link("log.index") if own else _link("log.person_entries", person_id=person.id),
        recorded_segments=dashboard.stacked_segments(
            shares, [f"{dashboard.share_text(f)}%" for f in data.verdict.buckets]),
        target_segments=dashboard.stacked_segments(target, [f"{t}%" for _, t in target]),
        policy_title=policy_title(data.policy.version, current_language()),
    )


@bp.route("/team")
@require("supervise")
def team():
    return _team_page(current_user._get_current_object())


@bp.route("/team/<int:person_id>")
@require("review_development")
def team_of(person_id):
    return _team_page(visible_or_404(Person, person_id, "review_development"))


def _team_page(supervisor):
    fiscal_year, years = _fiscal_year()
    sort = request.args.get("sort", "name")
    if sort not in TEAM_SORTS:
        sort = "name"
    descending = request.args.get("dir") == "desc"
    language = current_language()
    if request.args.get("format") == "csv":
        rows = dashboard.team_rows(supervisor, fiscal_year, sort=sort, descending=descending,
                                   language=language)
        return _team_csv(rows, fiscal_year, language)
    own = supervisor.id == current_user.id
    page = dashboard.team_page(supervisor, fiscal_year, sort=sort, descending=descending,
                               page=request.args.get("page", 1, type=int),
                               per_page=current_app.config["PER_PAGE"], language=language)
    return render_template(
        "development/dashboard/team.html", supervisor=supervisor, page=page, years=years,
        fiscal_year=fiscal_year, sort=sort, descending=descending, own=own,
        policy=dashboard.policy_for_year(fiscal_year),
        waiting_url=_link("plans.waiting") if own else None, queue_url=_link("log.queue") if own else None,
        # The hours under each share: formatted per cell, translated once per page.
        hours_unit=_("%(hours)s h"),
        person_url=_url_for_each("dashboard.person", fy=fiscal_year),
        team_of_url=_url_for_each("dashboard.team_of", fy=fiscal_year),
    )


def _team_csv(rows, fiscal_year: int, language: str) -> Response:
    """The whole table as CSV: UTF-8 with a byte-order mark so Excel reads the Thai.
    Numbers are plain (shares in percent, hours in hours), dates ISO (Common Era)."""
    out = io.StringIO()
    writer = csv.writer(out)
    labels = _bucket_labels()
    writer.writerow([
        _("Name"), _("Email"), _("Position"),
        *(_("%(bucket)s share (%%)", bucket=labels[b]) for b in BUCKETS),
        *(_("%(bucket)s hours", bucket=labels[b]) for b in BUCKETS),
        _("Total hours"), _("Within the mix"), _("Plan"), _("Plan awaiting approval"),
        _("Entries awaiting verification"), _("Last activity"), _("Direct reports"),
    ])
    for row in rows:
        verdict = row.verdict
        writer.writerow([
            spreadsheet_safe(row.name(language)), spreadsheet_safe(row.email), spreadsheet_safe(row.position),
            *("" if verdict.empty else dashboard.share_text(f) for f in verdict.buckets),
            *(hours_text(row.hours[b]) for b in BUCKETS),
            hours_text(verdict.total_hours),
            "" if verdict.empty else (_("Meets") if verdict.ok else _("Does not meet")),
            str(PLAN_STATE_LABELS[row.plan_state]),
            row.pending_approvals, row.pending_verifications,
            row.last_activity_on.isoformat() if row.last_activity_on else "", row.report_count,
        ])
    return Response(
        "\ufeff" + out.getvalue(), mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="team-{fiscal_year}.csv"'},
    )
