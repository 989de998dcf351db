"""Forms for an agency's indicators and budget. Types and lengths are checked here; what the
values mean by the services (indicators.indicator_errors); amounts by BahtField."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, HiddenField, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import InputRequired, Length, Optional

from ..classes.forms import BahtField
from ..core.forms import choices
from .indicators import KIND_LABEL, LINK_KIND_LABELS
from .models import BUDGET_PURPOSES, INDICATOR_KINDS, LINK_KINDS


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class IndicatorForm(FlaskForm):
    kind = SelectField(_l("Indicator"), validators=[InputRequired(_l("Choose what kind of indicator this is."))])
    link_kind = SelectField(_l("Linked with"), validators=[Optional()],
                            description=_l("For a data or service link only."))
    title = StringField(_l("Name"), filters=[_strip],
                        validators=[InputRequired(_l("Enter a name.")), Length(max=300)])
    description = TextAreaField(_l("Description"), filters=[_strip], validators=[Length(max=5000)])
    evidence_url = URLField(_l("Evidence link"), filters=[_strip],
                            description=_l("An http:// or https:// address where the evidence can be seen."),
                            validators=[InputRequired(_l("Enter a link to the evidence.")), Length(max=500)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Labels are lazy: chosen per request, in the reader's language.
        self.kind.choices = choices([("", _l("— choose —"))] + [(k, KIND_LABEL[k]) for k in INDICATOR_KINDS])
        self.link_kind.choices = choices([("", _l("— not a link —"))] + [(k, LINK_KIND_LABELS[k]) for k in LINK_KINDS])


_AMOUNT = {"digits": 14, "validators": [Optional()]}


class BudgetForm(FlaskForm):
    development_requested = BahtField(_l("Development: budget requested (baht)"), **_AMOUNT)
    development_spent = BahtField(_l("Development: budget spent (baht)"), **_AMOUNT)
    assessment_requested = BahtField(_l("Assessment: budget requested (baht)"), **_AMOUNT)
    assessment_spent = BahtField(_l("Assessment: budget spent (baht)"), **_AMOUNT)

    def figures(self) -> dict:
        """{purpose: (requested, spent)} as budget.save_budget takes them."""
        return {purpose: (self[f"{purpose}_requested"].data, self[f"{purpose}_spent"].data)
                for purpose in BUDGET_PURPOSES}


class ClassCostForm(Form):
    class_id = HiddenField()
    cost_baht = BahtField(_l("Cost (baht)"), validators=[Optional()])


class ClassCostsForm(FlaskForm):
    """The costs of the classes one page of the budget page shows."""

    classes = FieldList(FormField(ClassCostForm))
