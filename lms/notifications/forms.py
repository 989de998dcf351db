"""The preferences form: one choice per kind of notification the person can receive."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField

from ..core.forms import choices

CHANNEL_LABELS = (("email", _l("E-mail and in the app")), ("in_app", _l("Only in the app")), ("off", _l("Off")))
WEEKDAYS = (_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"), _l("Saturday"),
            _l("Sunday"))


def preferences_form(kinds, current: dict[str, str], cadence: str = "daily", weekday: int = 1,
                     formdata=None) -> FlaskForm:
    """A form with a radio group per kind, named by the kind's slug, set to the current choice,
    and how often reminder e-mails come (`weekday`: the weekly digest's, ISO 1-7)."""
    cadences = (("daily", _("One e-mail a day")),
                ("weekly", _("One e-mail a week, on %(day)s", day=WEEKDAYS[weekday - 1])))

    class PreferencesForm(FlaskForm):
        digest_cadence = RadioField(_l("Reminder e-mails"), choices=choices(cadences), default=cadence)

    for kind in kinds:
        setattr(PreferencesForm, kind.slug, RadioField(kind.label, choices=choices(CHANNEL_LABELS),
                                                       default=current[kind.slug]))
    form = PreferencesForm(formdata=formdata) if formdata is not None else PreferencesForm()
    form.kind_fields = [form[kind.slug] for kind in kinds]
    return form
