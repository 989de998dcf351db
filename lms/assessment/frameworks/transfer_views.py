"""Import a framework version from a CASE 1.0 file, export one as a file (the framework
blueprint's routes, registered by views.py)."""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...core.access import require
from ...core.dates import today_in_bangkok
from ...extensions import db
from ..case_model import MAX_FILE_BYTES
from .forms import ImportForm
from .transfer import case_file_name, export_case, import_case
from .views import _framework_or_404, bp


@bp.route("/<int:framework_id>/export")
@require("administer_site")
def export(framework_id):
    framework = _framework_or_404(framework_id)
    body = export_case(framework, base_uri=request.url_root.rstrip("/"))
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="{case_file_name(framework)}"'})


@bp.route("/import", methods=["GET", "POST"])
@require("administer_site")
def import_file():
    form = ImportForm()
    problems = []
    if form.validate_on_submit():
        # One byte past the limit is enough to know the file is too large.
        data = form.case_file.data.read(MAX_FILE_BYTES + 1)
        today = today_in_bangkok()
        framework, problems = import_case(data, current_user, today=today, effective_on=form.effective_on.data)
        if framework is not None:
            db.session.commit()
            if framework.effective_on <= today:
                message = _("Version %(label)s imported; it is in force and the skill sets now follow it.",
                            label=framework.version_label)
            else:
                message = _("Version %(label)s imported; it takes effect on the day given.",
                            label=framework.version_label)
            flash(message, "success")
            return redirect(url_for(".show", framework_id=framework.id))
    return render_template("frameworks/import.html", form=form, problems=problems,
                           max_megabytes=MAX_FILE_BYTES // (1024 * 1024))
