"""An agency's indicators (§4.3, §4.9.8) and budget (§4.9.3), recorded per fiscal year.

/agency/<org_id>/… works on the agency the unit lies in (itself when it is one), for those
who may record its results (core.access "record_agency_results"); ids of another agency's
indicators or classes answer 404, whatever the org_id.
"""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.models import Organisation
from ..core.access import require, visible_or_404
from ..core.dates import fiscal_year_of, today_in_bangkok
from ..core.forms import apply_errors
from ..core.inputs import int_arg, int_list
from ..extensions import db
from . import budget as budgets
from . import indicators
from .indicator_forms import BudgetForm, ClassCostsForm, IndicatorForm
from .models import AgencyIndicator

bp = Blueprint("agency_records", __name__, url_prefix="/agency", template_folder="templates")

PERMISSION = "record_agency_results"
# §4.4: the guideline's first fiscal year; a budget may be requested a year ahead.
FIRST_FISCAL_YEAR = 2561


def _unit_and_agency(org_id: int) -> tuple[Organisation, Organisation]:
    unit = visible_or_404(Organisation, org_id, PERMISSION)
    return unit, unit.agency


def _fiscal_year() -> int:
    """?fy= (B.E.), else the current fiscal year; 404 for a year nobody records."""
    current = fiscal_year_of(today_in_bangkok())
    fiscal_year = int_arg("fy", current)
    if not FIRST_FISCAL_YEAR <= fiscal_year <= current + 1:
        abort(404)
    return fiscal_year


def _years(fiscal_year: int) -> dict:
    current = fiscal_year_of(today_in_bangkok())
    return {"fiscal_year": fiscal_year, "previous_year": fiscal_year - 1 if fiscal_year > FIRST_FISCAL_YEAR else None,
            "next_year": fiscal_year + 1 if fiscal_year <= current else None}


# --- indicators ----------------------------------------------------------------------------

def _checked(form: IndicatorForm) -> bool:
    # The form's and the service's checks together, so every error shows at once.
    valid = form.validate()
    errors = indicators.indicator_errors(form.data)
    apply_errors(form, errors)
    return valid and not errors


@bp.route("/<int:org_id>/indicators", methods=["GET", "POST"])
@require(PERMISSION)
def indicator_list(org_id):
    unit, agency = _unit_and_agency(org_id)
    fiscal_year = _fiscal_year()
    form = IndicatorForm()
    if form.is_submitted() and _checked(form):
        indicators.save_indicator(AgencyIndicator(), agency, fiscal_year, current_user, form.data)
        db.session.commit()
        flash(_("Indicator added."), "success")
        return redirect(url_for(".indicator_list", org_id=org_id, fy=fiscal_year))
    page = db.paginate(indicators.indicators_query(agency, fiscal_year),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("reports/agency_indicators.html", unit=unit, agency=agency, page=page, form=form,
                           counts=indicators.indicator_counts(agency, fiscal_year),
                           kind_labels=indicators.KIND_LABELS, link_labels=indicators.LINK_KIND_LABELS,
                           **_years(fiscal_year))


def _indicator_or_404(agency, indicator_id: int) -> AgencyIndicator:
    indicator = indicators.indicator_of(agency, indicator_id)
    if indicator is None:
        abort(404)
    return indicator


@bp.route("/<int:org_id>/indicators/<int:indicator_id>", methods=["GET", "POST"])
@require(PERMISSION)
def edit_indicator(org_id, indicator_id):
    unit, agency = _unit_and_agency(org_id)
    indicator = _indicator_or_404(agency, indicator_id)
    form = IndicatorForm(obj=indicator)
    if form.is_submitted() and _checked(form):
        indicators.save_indicator(indicator, agency, indicator.fiscal_year, current_user, form.data)
        db.session.commit()
        flash(_("Indicator saved."), "success")
        return redirect(url_for(".indicator_list", org_id=org_id, fy=indicator.fiscal_year))
    return render_template("reports/agency_indicator_form.html", unit=unit, agency=agency, form=form,
                           indicator=indicator, fiscal_year=indicator.fiscal_year)


@bp.route("/<int:org_id>/indicators/<int:indicator_id>/delete", methods=["POST"])
@require(PERMISSION)
def delete_indicator(org_id, indicator_id):
    _unit, agency = _unit_and_agency(org_id)
    indicator = _indicator_or_404(agency, indicator_id)
    fiscal_year = indicator.fiscal_year
    indicators.delete_indicator(indicator, current_user)
    db.session.commit()
    flash(_("Indicator deleted."), "success")
    return redirect(url_for(".indicator_list", org_id=org_id, fy=fiscal_year))


# --- budget --------------------------------------------------------------------------------

def _budget_form(agency, fiscal_year: int, posted: bool) -> BudgetForm:
    """The budget form: as posted, or filled with what the agency recorded."""
    if posted:
        return BudgetForm()
    rows = budgets.budget_rows(agency, fiscal_year)
    return BudgetForm(formdata=None, data={
        f"{purpose}_{column}": getattr(rows[purpose], f"{column}_baht") if purpose in rows else None
        for purpose in budgets.BUDGET_PURPOSES for column in ("requested", "spent")})


def _budget_page(unit, agency, fiscal_year: int, budget_form: BudgetForm, page_number: int,
                 costs_form: ClassCostsForm | None = None, posted_classes: dict | None = None):
    held, costed, total = budgets.class_costs(agency, fiscal_year)
    # The pager's count is `held` (the same classes), not counted a second time.
    page = db.paginate(budgets.classes_query(agency, fiscal_year), page=page_number,
                       per_page=current_app.config["PER_PAGE"], error_out=False, count=False)
    page.total = held
    if costs_form is None:
        costs_form = ClassCostsForm(formdata=None, data={"classes": [
            {"class_id": cls.id, "cost_baht": cls.cost_baht} for cls in page.items]})
    # {class id: class} for the rows of the costs form: the page's, or those posted (a class
    # added meanwhile may have moved them to another page).
    classes = posted_classes if posted_classes is not None else {cls.id: cls for cls in page.items}
    return render_template("reports/agency_budget.html", unit=unit, agency=agency, form=budget_form,
                           costs_form=costs_form, classes=classes, page=page, held=held, costed=costed,
                           classes_cost=total, **_years(fiscal_year))


@bp.route("/<int:org_id>/budget", methods=["GET", "POST"])
@require(PERMISSION)
def budget(org_id):
    unit, agency = _unit_and_agency(org_id)
    fiscal_year = _fiscal_year()
    form = _budget_form(agency, fiscal_year, posted=request.method == "POST")
    if form.is_submitted() and form.validate():
        budgets.save_budget(agency, fiscal_year, current_user, form.figures())
        db.session.commit()
        flash(_("Budget saved."), "success")
        return redirect(url_for(".budget", org_id=org_id, fy=fiscal_year))
    return _budget_page(unit, agency, fiscal_year, form, int_arg("page", 1, minimum=1))


@bp.route("/<int:org_id>/budget/classes", methods=["POST"])
@require(PERMISSION)
def class_costs(org_id):
    unit, agency = _unit_and_agency(org_id)
    fiscal_year = _fiscal_year()
    page_number = int_arg("page", 1, minimum=1)
    form = ClassCostsForm()
    valid = form.validate()
    ids = int_list(entry.class_id.data or "" for entry in form.classes)
    if len(ids) != len(form.classes) or len(set(ids)) != len(ids):
        abort(400)
    posted = budgets.classes_of(agency, fiscal_year, ids)
    if len(posted) != len(ids):
        abort(404)  # a class of another agency, or of another year
    if valid:
        budgets.save_class_costs(current_user, {class_id: entry.cost_baht.data
                                                for class_id, entry in zip(ids, form.classes, strict=True)},
                                 posted)
        db.session.commit()
        flash(_("Class costs saved."), "success")
        return redirect(url_for(".budget", org_id=org_id, fy=fiscal_year, page=page_number))
    return _budget_page(unit, agency, fiscal_year, _budget_form(agency, fiscal_year, posted=False), page_number,
                        form, posted)
