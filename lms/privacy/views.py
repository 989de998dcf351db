"""A person downloads their data; an administrator anonymises a person who left."""

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.models import Person
from ..core.access import require, visible_or_404
from ..core.audit import record_event
from ..core.dates import local_date
from ..core.models import utcnow
from ..development.evidence import remove_files
from ..extensions import db
from . import anonymise as anonymising
from .export import export_zip

bp = Blueprint("privacy", __name__, template_folder="templates")


@bp.route("/account/data-export", methods=["POST"])
@require("signed_in")
def export_data():
    # Only ever the signed-in person's own data: the route takes no one else's id.
    person = current_user._get_current_object()
    now = utcnow()
    archive = export_zip(person, now)
    record_event("person.data_exported", person, changes={"by": "self"})
    db.session.commit()
    response = send_file(archive, mimetype="application/zip", as_attachment=True,
                         download_name=f"thaksa-{local_date(now).isoformat()}.zip")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/admin/people/<int:person_id>/anonymise", methods=["GET", "POST"])
@require("manage_person")
def anonymise(person_id):
    person = visible_or_404(Person, person_id, "manage_person")
    if request.method == "POST":
        try:
            result = anonymising.anonymise(person, current_user._get_current_object())
        except anonymising.AnonymiseRefused as refused:
            db.session.rollback()
            flash(str(refused), "danger")
            return redirect(url_for("privacy.anonymise", person_id=person_id))
        db.session.commit()
        remove_files(result.paths)  # only once the rows are gone for good
        flash(_("The personal data has been erased. Their hours still count in the totals."), "success")
        return redirect(url_for("accounts.person", person_id=person_id))
    return render_template("privacy/anonymise.html", person=person, refusal=anonymising.refusal(person),
                           counts=anonymising.preview(person), due_from=anonymising.due_from(person),
                           retention_days=anonymising.retention_days())

