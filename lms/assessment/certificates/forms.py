"""Forms of lms.assessment.certificates."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length


class RevokeForm(FlaskForm):
    reason = TextAreaField(_l("Reason for revoking"), validators=[
        DataRequired(message=_l("Give the reason: it is shown to whoever verifies the certificate.")),
        Length(max=1000, message=_l("Keep the reason under %(max)d characters.", max=1000))])
