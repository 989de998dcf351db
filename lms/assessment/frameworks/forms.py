"""Forms of the framework pages: typed input stays on a refused form, errors in Thai first."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, FieldList, FormField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from ...core.date_fields import ThaiDateField
from ..case_model import NAME_MAX_CHARS, SLUG, SLUG_MAX_CHARS, TEXT_MAX_CHARS, VERSION_MAX_CHARS


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class VersionForm(FlaskForm):
    version_label = StringField(_l("Version label"), validators=[
        DataRequired(_l("Enter a label for the version, e.g. 2566.")), Length(max=VERSION_MAX_CHARS)])
    effective_on = ThaiDateField(_l("Takes effect on"), validators=[
        InputRequired(_l("Enter the day the version takes effect."))])
    name_th = StringField(_l("Name in Thai"), validators=[DataRequired(_l("Enter the Thai name.")),
                                                          Length(max=NAME_MAX_CHARS)])
    name_en = StringField(_l("Name in English"), validators=[Length(max=NAME_MAX_CHARS)])


class EditionForm(FlaskForm):
    name_th = StringField(_l("Name in Thai"), validators=[DataRequired(_l("Enter the Thai name.")),
                                                          Length(max=NAME_MAX_CHARS)])
    name_en = StringField(_l("Name in English"), validators=[Length(max=NAME_MAX_CHARS)])
    description_th = TextAreaField(_l("Description in Thai"), validators=[Length(max=TEXT_MAX_CHARS)])
    description_en = TextAreaField(_l("Description in English"), validators=[Length(max=TEXT_MAX_CHARS)])
    dimension_id = SelectField(_l("Learning dimension"), coerce=_optional_int, validators=[Optional()])
    is_foundation = BooleanField(_l("Foundation skill set (every person needs it, R4)"))
    position = IntegerField(_l("Position in the list"), default=0, validators=[
        InputRequired(_l("Enter a whole number.")), NumberRange(min=0, max=999)])


class NewSkillSetForm(EditionForm):
    continues = SelectField(_l("Continues"), coerce=_optional_int, validators=[Optional()],
                            description=_l("A skill set of an earlier version that this one renames or takes up "
                                           "again; leave empty for a new skill set."))
    slug = StringField(_l("Slug of a new skill set"), validators=[
        Optional(), Length(max=SLUG_MAX_CHARS),
        Regexp(SLUG.pattern + "$", message=_l("Use lowercase letters, digits and hyphens."))],
        description=_l("Stable code that files and reports use, e.g. data-utilisation."))


class LevelForm(FlaskForm):
    class Meta:
        csrf = False  # one row of the levels form, which has its own token

    name_th = StringField(_l("Name in Thai"), validators=[Length(max=NAME_MAX_CHARS)])
    name_en = StringField(_l("Name in English"), validators=[Length(max=NAME_MAX_CHARS)])
    descriptor_th = TextAreaField(_l("Behaviours in Thai"), validators=[Length(max=TEXT_MAX_CHARS)])
    descriptor_en = TextAreaField(_l("Behaviours in English"), validators=[Length(max=TEXT_MAX_CHARS)])
    remove = BooleanField(_l("Remove"))

    def is_blank(self) -> bool:
        return not any((getattr(self, name).data or "").strip()
                       for name in ("name_th", "name_en", "descriptor_th", "descriptor_en"))


class LevelsForm(FlaskForm):
    levels = FieldList(FormField(LevelForm), min_entries=0, max_entries=10)


class ImportForm(FlaskForm):
    case_file = FileField(_l("CASE 1.0 JSON file"), validators=[FileRequired(_l("Choose a file to import."))])
    effective_on = ThaiDateField(_l("Takes effect on"), validators=[Optional()],
                                 description=_l("Leave empty to use the file's statusStartDate."))


class ConfirmForm(FlaskForm):
    """A button that changes something: the CSRF token alone."""
