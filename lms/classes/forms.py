"""The class form. Types and lengths are checked here; everything else by services.class_errors."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    URLField,
)
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..core.date_fields import ThaiDateField, ThaiDateTimeField
from ..core.forms import DbIntegerField, db_int

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _clean(value):
    """Single-line text without control characters (PostgreSQL refuses NUL) or outer spaces."""
    return _CONTROL.sub("", value).strip() if isinstance(value, str) else value


# Blank rows for new sessions under the existing ones: the page has no script to add rows.
SPARE_MEETING_ROWS = 3


class MeetingForm(Form):
    """One session; a row left blank is ignored (or removes the session it showed)."""

    meeting_id = HiddenField()
    title = StringField(_l("Session"), filters=[_clean], validators=[Length(max=300)])
    # Entered and shown in Bangkok time; the service stores UTC.
    starts_at = ThaiDateTimeField(_l("Starts"), validators=[Optional()])
    ends_at = ThaiDateTimeField(_l("Ends"), validators=[Optional()])


class ClassForm(FlaskForm):
    course_version_id = SelectField(_l("Course"), coerce=db_int)
    name = StringField(_l("Class name"), description=_l("For example รุ่นที่ 1/2570."), filters=[_clean],
                       validators=[InputRequired(_l("Enter a name for the class.")), Length(max=200)])
    place = StringField(_l("Place"), filters=[_clean], validators=[Length(max=300)])
    online_url = URLField(_l("Online link"), description=_l("An http:// or https:// address."), filters=[_clean],
                          validators=[Length(max=500)])
    capacity = DbIntegerField(_l("Capacity (seats)"),
                            validators=[InputRequired(_l("Enter the number of seats."))])
    enrol_opens_on = ThaiDateField(_l("Enrolment opens on"),
                               validators=[InputRequired(_l("Enter the day enrolment opens."))])
    enrol_closes_on = ThaiDateField(_l("Enrolment closes on"),
                                validators=[InputRequired(_l("Enter the day enrolment closes."))])
    target_group_ids = SelectMultipleField(
        _l("Target groups who may enrol"), coerce=db_int, description=_l("None chosen: anyone may enrol."),
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    organisation_codes = StringField(
        _l("Organisations whose people may enrol (codes)"), filters=[_clean], validators=[Length(max=2000)],
        render_kw={"data-picker": "organisations", "data-picker-multiple": ""},
        description=_l("Separate codes with commas. A unit includes the units below it. Empty: anyone."))
    meetings = FieldList(FormField(MeetingForm), label=_l("Sessions"))
