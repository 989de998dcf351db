"""The audit trail for site and agency administrators: browse, filter, download as CSV.

Read-only on purpose: every route here answers GET only, and the database refuses to
delete an event or rewrite what it says happened (migration 0007).
"""

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from flask import Blueprint, Response, current_app, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core.access import require
from ..core.csv_export import spreadsheet_safe
from ..core.date_fields import date_input_message
from ..core.dates import BANGKOK, DateInputError, parse_date_input
from ..core.inputs import parse_int
from . import audit_labels as labels
from .audit_queries import (
    PERSON_OBJECT,
    AuditFilters,
    event_page,
    export_rows,
    scope_of,
    visible_organisations,
    visible_people,
)

bp = Blueprint("audit", __name__, url_prefix="/admin/audit", template_folder="templates")

FILTER_NAMES = ("person", "object_type", "object_id", "kind", "date_from", "date_to")
# The shapes record_event writes ("plan.agreed", "learning_records"), within their columns.
_KIND = re.compile(r"(?=.{1,60}$)[a-z_]+(\.[a-z_]+)*")
_OBJECT_TYPE = re.compile(r"[a-z_]{1,40}")
MAX_PAGE = 10_000  # deeper than anyone reads; the filters find older events
CSV_HEADER = ("occurred_at", "actor", "address", "kind", "object_type", "object_id", "object_label", "changes")


@dataclass
class FilterForm:
    """The filters as typed (to show them again) and what is wrong with each, by name."""

    values: dict
    errors: dict = field(default_factory=dict)
    filters: AuditFilters = AuditFilters()

    @property
    def kept(self) -> dict:
        """The filters to repeat in links (pager, CSV): only those given."""
        return {name: value for name, value in self.values.items() if value}


def _bangkok_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), BANGKOK).astimezone(UTC)


def read_filters(args) -> FilterForm:
    """Filters from the query string; each problem is said beside its field."""
    values = {name: (args.get(name) or "").strip() for name in FILTER_NAMES}
    form = FilterForm(values)
    errors = form.errors
    object_id = None
    if values["object_id"]:
        object_id = parse_int(values["object_id"])
        if object_id is None:
            errors["object_id"] = _("Enter the object's number, for example 42.")
        elif not values["object_type"]:
            errors["object_type"] = _("Choose the object type for this number.")
    if values["object_type"] and not _OBJECT_TYPE.fullmatch(values["object_type"]):
        errors["object_type"] = _("There is no such object type.")
    if values["kind"] and not _KIND.fullmatch(values["kind"]):
        errors["kind"] = _("There is no such kind of event.")
    days = {}
    for name in ("date_from", "date_to"):
        if values[name]:
            try:  # dd/mm/yyyy in either era, or ISO: what the picker writes and old links carry
                days[name] = parse_date_input(values[name])
            except DateInputError as problem:
                errors[name] = date_input_message(problem)
    if "date_from" in days and "date_to" in days and days["date_to"] < days["date_from"]:
        errors["date_to"] = _("The end date must not be before the start date.")
    if not errors:
        form.filters = AuditFilters(
            person=values["person"][:254], object_type=values["object_type"], object_id=object_id,
            kind=values["kind"],
            since=_bangkok_midnight(days["date_from"]) if "date_from" in days else None,
            until=_bangkok_midnight(days["date_to"] + timedelta(days=1)) if "date_to" in days else None)
    return form


def _kind_choices(chosen: str) -> list[tuple[str, str]]:
    pairs = sorted(((kind, labels.kind_label(kind)) for kind in labels.KIND_LABELS), key=lambda p: p[1])
    if chosen and chosen not in labels.KIND_LABELS:
        pairs.append((chosen, chosen))  # a kind written elsewhere, not yet named here
    return pairs


def _object_type_choices(chosen: str) -> list[tuple[str, str]]:
    pairs = [(name, labels.object_type_label(name)) for name in labels.OBJECT_TYPE_LABELS]
    if chosen and chosen not in labels.OBJECT_TYPE_LABELS:
        pairs.append((chosen, chosen))
    return pairs


@bp.route("/")
@require("view_audit")
def index():
    form = read_filters(request.args)
    scope = scope_of(current_user)
    page = None
    people, units = {}, {}
    if not form.errors:
        page = event_page(scope, form.filters, min(request.args.get("page", 1, type=int), MAX_PAGE),
                          current_app.config["PER_PAGE"])
        people = visible_people(scope, [e.actor_id for e in page.items] + [
            e.object_id for e in page.items if e.object_type == PERSON_OBJECT])
        units = visible_organisations(scope, [e.object_id for e in page.items if e.object_type == "organisations"])
    return render_template("accounts/admin/audit.html", form=form, page=page, people=people, units=units,
                           kinds=_kind_choices(form.values["kind"]),
                           object_types=_object_type_choices(form.values["object_type"]),
                           labels=labels, PERSON_OBJECT=PERSON_OBJECT)



@bp.route("/export.csv")
@require("view_audit")
def export():
    form = read_filters(request.args)
    if form.errors:
        return redirect(url_for("audit.index", **form.kept))
    rows = export_rows(scope_of(current_user), form.filters)

    def lines():
        out = io.StringIO()
        writer = csv.writer(out)
        yield "\ufeff"  # UTF-8 with a byte-order mark: Excel then reads the Thai
        writer.writerow(CSV_HEADER)
        for occurred_at, actor, address, kind, object_type, object_id, object_label, changes in rows:
            writer.writerow([
                occurred_at.isoformat(), spreadsheet_safe(actor), spreadsheet_safe(address), kind, object_type,
                "" if object_id is None else object_id, spreadsheet_safe(object_label),
                spreadsheet_safe(json.dumps(changes or {}, ensure_ascii=False, sort_keys=True)),
            ])
            if out.tell() > 64 * 1024:
                yield out.getvalue()
                out.seek(0)
                out.truncate()
        yield out.getvalue()

    stamp = datetime.now(BANGKOK).strftime("%Y%m%d-%H%M")
    return Response(stream_with_context(lines()), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="audit-{stamp}.csv"'})
