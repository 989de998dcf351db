"""Forms for agency and site administrators.

Selects that point at other objects skip WTForms' own choice check (`validate_choice=False`):
the service checks the posted value against the same scoped list the choices come from,
and says why in the user's language.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from ..core.forms import choices, db_int
from .forms import MIN_PASSWORD_LENGTH
from .models import ORGANISATION_KINDS

KIND_LABELS = {
    "ministry": _l("Ministry"),
    "department": _l("Department"),
    "division": _l("Division"),
    "unit": _l("Unit"),
}


class OrganisationForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(_l("Enter a code.")), Length(max=40)])
    name_th = StringField(_l("Name in Thai"), validators=[DataRequired(_l("Enter the Thai name.")),
                                                          Length(max=300)])
    name_en = StringField(_l("Name in English"), validators=[Length(max=300)])
    kind = SelectField(_l("Kind"), choices=choices((k, KIND_LABELS[k]) for k in ORGANISATION_KINDS))
    parent_id = SelectField(_l("Part of"), coerce=db_int, validate_choice=False)
    is_agency = BooleanField(_l("An agency that sets its own development phase"))
    phase_id = SelectField(_l("Development phase"), coerce=db_int, validate_choice=False)
    cio_email = EmailField(_l("Chief Information Officer (email)"), render_kw={"data-picker": "people"},
                           validators=[Optional(), Email(_l("Enter a valid email address."))])
    head_email = EmailField(_l("Head of the unit (email)"), render_kw={"data-picker": "people"},
                            validators=[Optional(), Email(_l("Enter a valid email address."))],
                            description=_l("Sees the reports of this unit and of every unit below it."))


class PersonForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Enter an email.")),
                                                Email(_l("Enter a valid email address."))])
    name_th = StringField(_l("Name in Thai"), validators=[DataRequired(_l("Enter the Thai name.")),
                                                          Length(max=200)])
    name_en = StringField(_l("Name in English"), validators=[Length(max=200)])
    position = StringField(_l("Position"), validators=[Length(max=200)])
    organisation_id = SelectField(_l("Organisation"), coerce=db_int, validate_choice=False)
    supervisor_email = EmailField(_l("Immediate supervisor (email)"), render_kw={"data-picker": "people"},
                                  validators=[Optional(), Email(_l("Enter a valid email address."))])
    hr_target_group_id = SelectField(
        _l("Target group (HR record)"), coerce=db_int, validate_choice=False,
        description=_l("What the person's position fits. Enrolment goes by it until a development plan's "
                       "groups are agreed."))
    employment_type_id = SelectField(
        _l("Employment type"), coerce=db_int, validate_choice=False,
        description=_l("Which fiscal years' reports count the person (§4.4)."))
    language = SelectField(_l("Preferred language"), choices=choices([("th", "ภาษาไทย"), ("en", "English")]))
    is_active = BooleanField(_l("Active"), default=True)
    institute_id = SelectField(_l("Course author at institute"), coerce=db_int, validate_choice=False)
    admin_of_id = SelectField(_l("Agency administrator of"), coerce=db_int, validate_choice=False)
    is_site_admin = BooleanField(_l("Site administrator"))
    new_password = PasswordField(
        _l("Set a new password"),
        description=_l("Leave empty to keep the current one. The person is logged out everywhere."),
        validators=[Optional(), Length(min=MIN_PASSWORD_LENGTH,
                                       message=_l("Use at least %(n)s characters.", n=MIN_PASSWORD_LENGTH))],
    )


class InstituteForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(_l("Enter a code.")), Length(max=40)])
    name_th = StringField(_l("Name in Thai"), validators=[DataRequired(_l("Enter the Thai name.")),
                                                          Length(max=300)])
    name_en = StringField(_l("Name in English"), validators=[Length(max=300)])
    organisation_id = SelectField(_l("Belongs to"), coerce=db_int, validate_choice=False)
