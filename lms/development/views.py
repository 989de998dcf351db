"""Blueprint development: the learner's own learning ("my learning")."""

from flask import Blueprint, current_app, render_template
from flask_login import current_user

from ..core.access import require
from ..core.dates import fiscal_year_bounds, fiscal_year_of, today_in_bangkok
from ..extensions import db
from ..records.services import hours_by_status, my_records_query

bp = Blueprint("development", __name__, template_folder="templates", url_prefix="/me")


@bp.route("/learning")
@require("signed_in")
def my_learning():
    fiscal_year = fiscal_year_of(today_in_bangkok())
    first_day, last_day = fiscal_year_bounds(fiscal_year)
    page = db.paginate(my_records_query(current_user), per_page=current_app.config["PER_PAGE"],
                       error_out=False)
    return render_template("development/learning/index.html", page=page, fiscal_year=fiscal_year,
                           first_day=first_day, last_day=last_day,
                           hours=hours_by_status(current_user, first_day, last_day))
