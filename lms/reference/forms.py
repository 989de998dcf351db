from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.validators import DataRequired, InputRequired, Length

from ..core.forms import DbIntegerField


class NamesForm(FlaskForm):
    name_th = StringField(_l("Name in Thai"), validators=[DataRequired(_l("Enter the Thai name.")),
                                                          Length(max=300)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(_l("Enter the English name.")),
                                                             Length(max=300)])


class DescribedNamesForm(NamesForm):
    description_th = TextAreaField(_l("Description in Thai"), validators=[Length(max=4000)])
    description_en = TextAreaField(_l("Description in English"), validators=[Length(max=4000)])


class CheckboxListField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class GroupSkillSetsForm(FlaskForm):
    skill_sets = CheckboxListField(_l("Recommended skill sets"), coerce=int)


class EmploymentTypeForm(FlaskForm):
    """An employment type (§4.4). The slug is asked only when adding one (the view drops it
    when editing): imports and reports name the type by it."""

    slug = StringField(_l("Slug"), validators=[DataRequired(_l("Enter a slug.")), Length(max=40)],
                       description=_l("Lower-case letters, digits and hyphens, such as contract-employee. "
                                      "People import files may name the type by it; it cannot be changed later."))
    name_th = StringField(_l("Name in Thai"), validators=[DataRequired(_l("Enter the Thai name.")),
                                                          Length(max=200)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(_l("Enter the English name.")),
                                                             Length(max=200)])
    position = DbIntegerField(
        _l("Position in lists"),
        validators=[InputRequired(_l("Enter the position as a whole number."))],
        invalid_value_message=_l("Enter the position as a whole number."))
    in_scope_from_fiscal_year = DbIntegerField(
        _l("In scope from fiscal year (B.E.)"),
        validators=[InputRequired(_l("Enter the fiscal year, such as 2564."))],
        invalid_value_message=_l("Enter the fiscal year as four digits in the Buddhist Era, such as 2564."),
        description=_l("From this fiscal year on, the reports count people of this type (§4.4)."))
