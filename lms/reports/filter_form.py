"""The report's filters as a GET form: fiscal year, target group, phase, employment type and
skill set, each checked against the years a report can show and the reference data, with
field errors in the reader's language. The report is drawn only from filters that passed."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from wtforms import SelectField

from ..core.dates import format_fiscal_year, today_in_bangkok
from ..core.forms import choices, db_int
from ..core.i18n import current_language
from ..development.dashboard import valid_fiscal_years
from ..extensions import db
from ..reference.models import EmploymentType, Phase, SkillSet, TargetGroup
from .filters import QUERY_NAMES, ReportFilters


def _id_or_none(value):
    """`coerce` of a filter's select: "" (every one) is None, else a database id."""
    if value is None or value == "":
        return None
    return db_int(value)


class _FilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: it changes nothing

    fy = SelectField(_l("Fiscal year"), coerce=db_int,
                     invalid_value_message=_l("Choose a fiscal year from the list."))
    group = SelectField(_l("Target group"), coerce=_id_or_none, default="",
                        invalid_value_message=_l("Choose a target group from the list."),
                        invalid_choice_message=_l("Choose a target group from the list."))
    phase = SelectField(_l("Agency's development phase"), coerce=_id_or_none, default="",
                        invalid_value_message=_l("Choose a phase from the list."),
                        invalid_choice_message=_l("Choose a phase from the list."))
    employment = SelectField(_l("Employment type"), coerce=_id_or_none, default="",
                             invalid_value_message=_l("Choose an employment type from the list."),
                             invalid_choice_message=_l("Choose an employment type from the list."))
    skill_set = SelectField(_l("Skill set"), coerce=_id_or_none, default="",
                            invalid_value_message=_l("Choose a skill set from the list."),
                            invalid_choice_message=_l("Choose a skill set from the list."))


class ReportFilterForm(_FilterForm):
    """Built from the query string (`args`); `filters()` once `validate()` passed."""

    def __init__(self, args: MultiDict, **kwargs):
        super().__init__(formdata=args if any(name in args for name in QUERY_NAMES.values()) else None,
                         **kwargs)
        language = current_language()
        years = valid_fiscal_years(today_in_bangkok())
        self.years = years
        self.fy.choices = choices((year, format_fiscal_year(year, language)) for year in years)
        if self.fy.data is None and "fy" not in args:
            self.fy.data = years[0]
        self.fy.invalid_choice_message = _("Choose a fiscal year from %(oldest)s to %(newest)s.",
                                           oldest=format_fiscal_year(years[-1], language),
                                           newest=format_fiscal_year(years[0], language))
        everything = ("", _("All"))
        for field, model in ((self.group, TargetGroup), (self.phase, Phase),
                             (self.employment, EmploymentType), (self.skill_set, SkillSet)):
            rows = db.session.scalars(select(model).order_by(model.position, model.id)).all()
            field.choices = choices([everything, *((row.id, row.name) for row in rows)])

    def filters(self) -> ReportFilters:
        return ReportFilters(fiscal_year=self.fy.data, target_group_id=self.group.data,
                             phase_id=self.phase.data, employment_type_id=self.employment.data,
                             skill_set_id=self.skill_set.data)
