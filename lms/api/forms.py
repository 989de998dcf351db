"""The forms that make API credentials: a personal access token, a system client."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from ..reference.forms import CheckboxListField
from .scopes import SCOPES

TOKEN_DAYS = (7, 30, 90, 180, 366)
DEFAULT_TOKEN_DAYS = 90


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _scope_choices() -> list[tuple[str, str]]:
    return [(name, f"{name}: {text}") for name, text in SCOPES.items()]


class _CredentialForm(FlaskForm):
    name = StringField(_l("Name"), filters=[_strip],
                       validators=[DataRequired(_l("Enter a name.")), Length(max=200)])
    scopes = CheckboxListField(_l("Scopes"), validators=[DataRequired(_l("Choose at least one scope."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scopes.choices = _scope_choices()


class PersonalTokenForm(_CredentialForm):
    name = StringField(_l("Name"), filters=[_strip],
                       validators=[DataRequired(_l("Enter a name.")), Length(max=200)],
                       description=_l("What the token is for, such as “my reporting script”."))
    days = SelectField(_l("Expires after"), coerce=int, default=DEFAULT_TOKEN_DAYS,
                       validators=[InputRequired(_l("Choose how long the token lives."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.days.choices = [(days, _l("%(days)s days", days=days)) for days in TOKEN_DAYS]


class ClientForm(_CredentialForm):
    name = StringField(_l("Name of the system"), filters=[_strip],
                       validators=[DataRequired(_l("Enter a name.")), Length(max=200)],
                       description=_l("Such as “HR system of the department”."))
