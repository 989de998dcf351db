"""Forms of "My skills". The levels of an assessment are one radio group per skill set, read
from the request by the view (their number follows the framework); the forms carry CSRF,
the buttons and the typed fields of an external result."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, MultipleFileField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from ...core.date_fields import ThaiDateField
from ...core.forms import db_int


class SelfAssessmentForm(FlaskForm):
    save = SubmitField(_l("Save as draft"))
    submit = SubmitField(_l("Submit to my supervisor"))


class ConfirmAssessmentForm(FlaskForm):
    version = HiddenField()
    confirm = SubmitField(_l("Confirm the assessment"))


def _optional_level(value):
    return db_int(value) if value not in (None, "") else None


class ExternalResultForm(FlaskForm):
    title = StringField(_l("Certificate or result"), description=_l("For example: TPQI digital literacy, level 2."),
                        validators=[InputRequired(_l("Enter the name of the certificate or result.")),
                                    Length(max=300)])
    issuer = StringField(_l("Issued by"), validators=[InputRequired(_l("Enter who issued it.")), Length(max=300)])
    skill_set_id = SelectField(_l("Skill set"), coerce=_optional_level, validate_choice=False)
    level = SelectField(_l("Level it attests"), coerce=_optional_level, validate_choice=False)
    issued_on = ThaiDateField(_l("Issued on"), validators=[InputRequired(_l("Enter the day it was issued."))])
    expires_on = ThaiDateField(_l("Expires on (optional)"), validators=[Optional()])
    evidence = MultipleFileField(_l("Evidence files"), description=_l("The certificate as a PDF or a picture."))


class ResultReviewForm(FlaskForm):
    version = HiddenField()
    comment = TextAreaField(_l("Comment"), description=_l("Required when you return the result."),
                            validators=[Length(max=4000)])
    verify = SubmitField(_l("Verify"))
    send_back = SubmitField(_l("Return for changes"))
