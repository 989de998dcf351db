from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, ValidationError

from ..core.date_fields import ThaiDateField
from ..core.forms import choices
from .passwords import MIN_PASSWORD_LENGTH, password_problems


def check_new_password(field, who) -> None:
    """Refuse a password the rule refuses (lms.accounts.passwords), showing every reason."""
    problems = password_problems(field.data or "", who)
    if problems:
        field.errors.extend(problems[:-1])
        raise ValidationError(problems[-1])


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Enter your email.")),
                                                Email(_l("Enter a valid email address."))])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password."))])
    remember = BooleanField(_l("Keep me logged in on this computer"))


class NewPasswordForm(FlaskForm):
    """A new password, typed twice, for `person`: reset and invitation links."""

    new_password = PasswordField(
        _l("New password"),
        description=_l("At least %(n)s characters. A few unrelated words make a good password.",
                       n=MIN_PASSWORD_LENGTH),
        validators=[DataRequired(_l("Enter a new password."))],
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(_l("Repeat the new password.")),
                    EqualTo("new_password", _l("The two new passwords do not match."))],
    )

    def __init__(self, person, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def validate_new_password(self, field):
        check_new_password(field, self.person)


class PasswordChangeForm(NewPasswordForm):
    current_password = PasswordField(_l("Current password"),
                                     validators=[DataRequired(_l("Enter your current password."))])

    def validate_current_password(self, field):
        if not self.person.check_password(field.data):
            raise ValidationError(_l("The current password is not correct."))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Enter your email.")),
                                                Email(_l("Enter a valid email address."))])


class ProfileForm(FlaskForm):
    name_th = StringField(_l("Name in Thai"), validators=[DataRequired(_l("Enter your name in Thai.")),
                                                          Length(max=200)])
    name_en = StringField(_l("Name in English"), validators=[Length(max=200)])
    language = SelectField(_l("Preferred language"),
                           choices=choices([("th", "ภาษาไทย"), ("en", "English")]))


class DelegationForm(FlaskForm):
    """An acting supervisor for a period (lms.accounts.delegation)."""

    delegate_email = EmailField(_l("Acting supervisor's email"),
                                validators=[DataRequired(_l("Enter the email of the person who will act for you.")),
                                            Email(_l("Enter a valid email address."))])
    starts_on = ThaiDateField(_l("First day"), validators=[InputRequired(_l("Enter the first day."))])
    ends_on = ThaiDateField(_l("Last day"), validators=[InputRequired(_l("Enter the last day."))])
