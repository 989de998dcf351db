"""The preferences form: one choice per kind of notification the person can receive."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField

from ..core.forms import choices

CHANNEL_LABELS = (("email", _l("E-mail and in the app")), ("in_app", _l("Only in the app")), ("off", _l("Off")))


def preferences_form(kinds, current: dict[str, str], formdata=None) -> FlaskForm:
    """A form with a radio group per kind, named by the kind's slug, set to the current choice."""

    class PreferencesForm(FlaskForm):
        pass

    for kind in kinds:
        setattr(PreferencesForm, kind.slug, RadioField(kind.label, choices=choices(CHANNEL_LABELS),
                                                       default=current[kind.slug]))
    form = PreferencesForm(formdata=formdata) if formdata is not None else PreferencesForm()
    form.kind_fields = [form[kind.slug] for kind in kinds]
    return form
