"""The class form. Types and lengths are checked here; everything else by services.class_errors."""

import re
from decimal import Decimal, InvalidOperation

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
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from ..core.date_fields import ThaiDateField, ThaiDateTimeField
from ..core.forms import DbIntegerField, PlainDecimalField, db_int

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _clean(value):
    """Single-line text without control characters (PostgreSQL refuses NUL) or outer spaces."""
    return _CONTROL.sub("", value).strip() if isinstance(value, str) else value


class BahtField(PlainDecimalField):
    """An amount of money in baht as people write it ("1,250,000.50"): not negative, at most
    two decimal places (satang), and no larger than its column (`digits` in all) holds."""

    # Text, not type=number: a browser sends a number box holding "1,250,000" as empty.
    widget = TextInput()

    def __init__(self, label=None, validators=None, digits: int = 12, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal"})
        super().__init__(label, validators, places=2, **kwargs)
        self.largest = Decimal(10) ** (digits - 2) - Decimal("0.01")

    def process_formdata(self, valuelist):
        if valuelist:  # thousands separators and spaces people type between digit groups
            valuelist = [valuelist[0].replace(",", "").replace(" ", "")]
        super().process_formdata(valuelist)
        if self.data is None:
            return
        try:
            whole_satang = self.data == self.data.quantize(Decimal("0.01"))
        except InvalidOperation:
            whole_satang = False
        message = None
        if self.data < 0:
            message = _l("Enter an amount of zero or more.")
        elif self.data > self.largest:
            largest = f"{self.largest:,}"
            message = _l("Enter an amount no larger than %(largest)s baht.", largest=largest)
        elif not whole_satang:
            message = _l("Enter baht with at most two decimal places.")
        if message is not None:
            self.data = None
            raise ValueError(message)


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
    cost_baht = BahtField(_l("Cost of the class (baht)"), validators=[Optional()],
                          description=_l("What running the class costs, for the agency's budget report "
                                         "(§4.9.3). Leave empty if not known."))
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
