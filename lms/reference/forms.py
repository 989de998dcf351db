from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.validators import DataRequired, Length


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
