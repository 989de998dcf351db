"""Forms of the learning log and of coaching. Types and lengths are checked here; the
rules (dates, hours, day totals, who may be coached) by the services in log.py and coaching.py."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    MultipleFileField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..core.date_fields import ThaiDateField
from ..core.forms import choices
from ..reference.forms import CheckboxListField
from ..rules import MAX_SESSION_MINUTES

NOTES_MAX_LENGTH = 20_000


def skill_set_choices(skill_sets):
    return choices((s.id, s.name) for s in skill_sets)


class LogEntryForm(FlaskForm):
    occurred_on = ThaiDateField(_l("Date"), validators=[InputRequired(_l("Enter the day you learned."))])
    # Text, not DecimalField: the rules parse it and explain a bad value in their own words.
    hours = StringField(_l("Hours"), description=_l("For example 2 or 1.5."),
                        validators=[InputRequired(_l("Enter the hours."))])
    method = SelectField(_l("How you learned"), validators=[InputRequired(_l("Choose how you learned."))])
    skill_sets = CheckboxListField(_l("Skill sets developed"), coerce=int,
                                   validators=[DataRequired(_l("Choose at least one skill set."))])
    title = StringField(_l("What you did"), validators=[
        InputRequired(_l("Say what you did.")), Length(max=300)])
    notes_md = TextAreaField(_l("What you learned"), description=_l("Markdown: **bold**, lists, links."),
                             validators=[InputRequired(_l("Say what you learned.")),
                                         Length(max=NOTES_MAX_LENGTH)])
    evidence = MultipleFileField(
        _l("Evidence files (optional)"),
        description=_l("PDF, pictures or office documents: a certificate, a screenshot, a report."))


class ReviewForm(FlaskForm):
    """The immediate supervisor's decision on one entry, on the version they saw."""

    version = HiddenField()
    comment = TextAreaField(_l("Comment"), description=_l("Required when you return the entry."),
                            validators=[Length(max=4000)])
    verify = SubmitField(_l("Verify"))
    send_back = SubmitField(_l("Return for changes"))


class CoachingForm(FlaskForm):
    occurred_on = ThaiDateField(_l("Date"), validators=[InputRequired(_l("Enter the day of the coaching."))])
    minutes = IntegerField(_l("Minutes"), validators=[
        InputRequired(_l("Enter the minutes as a whole number.")),
        NumberRange(1, MAX_SESSION_MINUTES,
                    _l("Enter from 1 to %(max)s minutes.", max=MAX_SESSION_MINUTES))])
    topic = StringField(_l("Topic"), validators=[InputRequired(_l("Enter the topic.")), Length(max=300)])
    attendee_ids = CheckboxListField(_l("Coached"), coerce=int,
                                     validators=[DataRequired(_l("Choose at least one person."))])
    skill_sets = CheckboxListField(_l("Skill sets developed"), coerce=int,
                                   validators=[DataRequired(_l("Choose at least one skill set."))])
    notes_md = TextAreaField(_l("Notes"), description=_l("Markdown: **bold**, lists, links."),
                             validators=[Optional(), Length(max=NOTES_MAX_LENGTH)])
