"""Forms of the development plan pages. Choices come from reference data (see plan_views)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from ..core.forms import DbIntegerField, PlainDecimalField, choices, db_int
from ..reference.forms import CheckboxListField
from .plans import MAX_PLANNED_HOURS

HORIZON_LABELS = {
    "current": _l("Current work (the roles of the agency's phase)"),
    "future": _l("Future work (the roles of the next phase)"),
}


class NewPlanForm(FlaskForm):
    fiscal_year = SelectField(_l("Fiscal year"), coerce=db_int)


class GroupsForm(FlaskForm):
    target_groups = CheckboxListField(_l("Target groups I propose"), coerce=db_int)


class PlanItemForm(FlaskForm):
    skill_set_id = SelectField(_l("Skill set"), coerce=db_int)
    learning_method_id = SelectField(_l("Learning method"), coerce=db_int)
    planned_hours = PlainDecimalField(
        _l("Planned hours"), places=2,
        validators=[InputRequired(_l("Enter the planned hours."))],
        invalid_value_message=_l("Enter the planned hours as a number, e.g. 12.5."),
        description=_l("More than 0, at most %(max)s; decimals allowed, e.g. 7.5.", max=MAX_PLANNED_HOURS),
    )
    horizon = SelectField(_l("Develops for"), choices=choices(HORIZON_LABELS.items()))
    course_code = StringField(
        _l("Course code (optional)"), validators=[Optional(), Length(max=40)], render_kw={"data-picker": "courses"},
        description=_l("The code of a published course in the catalogue."),
    )
    note = TextAreaField(_l("What I plan to do (optional)"), validators=[Length(max=2000)])


class DecisionForm(FlaskForm):
    """Agree or return; `submission` names the submission being decided, so a repeated
    or stale decision is refused instead of landing on a later submission."""

    submission = DbIntegerField(widget=HiddenInput(), validators=[DataRequired()])
    comment = TextAreaField(_l("Comment"), validators=[Length(max=2000)],
                            description=_l("Required when you return the plan: say what to change."))
