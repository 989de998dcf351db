"""Forms for course authors: the course form with its session plan, and the course-file upload."""

from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..core.forms import PlainDecimalField, choices
from ..core.i18n import current_language
from ..rules import InvalidDuration, validate_session_minutes
from .authoring import CourseContent
from .coursefile import CODE_MAX_LENGTH, CODE_PATTERN, CONTENT_MARKER, COURSE_FORMATS, Session
from .credit import CREDIT_REASON_MAX_LENGTH, credit_differs_from_plan, credit_mismatch

FORMAT_LABELS = {
    "classroom": _l("Classroom"),
    "self-paced": _l("Self-paced"),
    "blended": _l("Blended"),
    "coaching": _l("Coaching"),
}
BLANK_SESSION_ROWS = 3  # empty rows offered under the plan for new sessions


class CheckboxListField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class SessionRowForm(Form):
    """One row of the session plan. A row with neither title nor minutes is an unused row."""

    position = StringField(_l("No."), filters=[_strip])
    title = StringField(_l("Session title"), filters=[_strip], validators=[Length(max=300)])
    method = SelectField(_l("Method"))
    minutes = StringField(_l("Minutes"), filters=[_strip])
    remove = BooleanField(_l("Remove"))

    @property
    def is_unused(self) -> bool:
        return bool(self.remove.data) or not (self.title.data or self.minutes.data)

    def validate_position(self, field):
        if self.is_unused or not field.data:
            return
        if not field.data.isdigit():
            raise ValidationError(_("Enter a whole number (got %(value)s).", value=field.data))

    def validate_title(self, field):
        if not self.is_unused and not field.data:
            raise ValidationError(_("Give the session a title."))

    def validate_minutes(self, field):
        if self.is_unused:
            return
        try:
            validate_session_minutes(field.data)
        except InvalidDuration as error:  # the rule's own words, naming the value typed
            raise ValidationError(error.message(current_language())) from None


class CourseForm(FlaskForm):
    code = StringField(
        _l("Course code"), filters=[lambda v: v.strip().upper() if isinstance(v, str) else v],
        description=_l("Capital letters, digits and hyphens, e.g. DG-LIT-101. Fixed once published."),
        validators=[DataRequired(_l("Enter a course code.")), Length(max=CODE_MAX_LENGTH),
                    Regexp(f"^{CODE_PATTERN.pattern}$",
                           message=_l("Use capital letters, digits and hyphens, e.g. DG-LIT-101."))],
    )
    title_th = StringField(_l("Title in Thai"), filters=[_strip],
                           validators=[DataRequired(_l("Enter the Thai title.")), Length(max=300)])
    title_en = StringField(_l("Title in English"), filters=[_strip],
                           validators=[DataRequired(_l("Enter the English title.")), Length(max=300)])
    summary_th = TextAreaField(_l("Summary in Thai"), filters=[_strip], validators=[Length(max=1000)],
                               description=_l("One sentence for lists and search results."))
    summary_en = TextAreaField(_l("Summary in English"), filters=[_strip], validators=[Length(max=1000)])
    description_md = TextAreaField(_l("Description (Markdown)"),
                                   validators=[DataRequired(_l("Write a description."))])
    content_md = TextAreaField(_l("Content for self-paced learners (Markdown)"),
                               description=_l("What a learner reads in the app before marking the course complete."))
    skill_sets = CheckboxListField(_l("Skill sets"))
    target_groups = CheckboxListField(_l("Target groups"))
    phases = CheckboxListField(_l("Phases"))
    format = SelectField(_l("Format"), choices=choices((f, FORMAT_LABELS[f]) for f in COURSE_FORMATS))
    credit_hours = PlainDecimalField(
        _l("Credited hours"), places=2,
        validators=[DataRequired(_l("Enter the hours credited to a person who completes the course.")),
                    NumberRange(min=Decimal("0.01"), max=Decimal("9999.99"),
                                message=_l("Enter a number of hours greater than 0 and below 10000."))])
    credit_method = SelectField(_l("Credited as learning method"))
    sessions = FieldList(FormField(SessionRowForm), label=_l("Session plan"))
    # After the plan: its check compares the credit with the rows validated above.
    credit_reason = TextAreaField(
        _l("Why the credit differs from the session plan"), filters=[_strip],
        validators=[Length(max=CREDIT_REASON_MAX_LENGTH)], render_kw={"rows": 2},
        description=_l("Needed only when the credited hours are not the session plan's total,"
                       " e.g. a blended course's online hours."))

    def validate_description_md(self, field):
        if any(line.strip() == CONTENT_MARKER for line in (field.data or "").splitlines()):
            raise ValidationError(_("The description cannot contain the line %(marker)s.", marker=CONTENT_MARKER))

    def validate_credit_hours(self, field):
        if field.data is not None and field.data != field.data.quantize(Decimal("0.01")):
            raise ValidationError(_("Use at most two decimal places."))

    def validate_credit_reason(self, field):
        plan = self.session_plan()
        if field.data or not plan or self.credit_hours.errors:
            return
        if credit_differs_from_plan(self.format.data, self.credit_hours.data, plan):
            raise ValidationError(credit_mismatch(self.credit_hours.data, plan).message(current_language()))

    def used_rows(self) -> list[SessionRowForm]:
        """The filled-in session rows, in the order their numbers give (ties keep row order)."""
        rows = [entry.form for entry in self.sessions if not entry.form.is_unused]
        numbered = [(int(r.position.data) if r.position.data.isdigit() else index + 1, index, r)
                    for index, r in enumerate(rows)]
        return [row for _number, _index, row in sorted(numbered, key=lambda item: item[:2])]

    def session_plan(self) -> tuple[Session, ...] | None:
        """The plan typed so far, or None while a used row is invalid."""
        rows = self.used_rows()
        if any(row.errors or row.method.data not in {c.value for c in row.method.choices} for row in rows):
            return None
        try:
            return tuple(Session(r.title.data, r.method.data, validate_session_minutes(r.minutes.data))
                         for r in rows if r.title.data)
        except InvalidDuration:
            return None

    def content(self) -> CourseContent:
        """The validated form as authoring content."""
        return CourseContent(
            title_th=self.title_th.data, title_en=self.title_en.data, format=self.format.data,
            credit_hours=self.credit_hours.data, credit_method=self.credit_method.data,
            credit_reason=self.credit_reason.data or "", skill_sets=tuple(self.skill_sets.data or ()),
            target_groups=tuple(self.target_groups.data or ()), phases=tuple(self.phases.data or ()),
            summary_th=self.summary_th.data or "", summary_en=self.summary_en.data or "",
            description_md=self.description_md.data or "", content_md=self.content_md.data or "",
            sessions=self.session_plan() or (),
        )


def course_form_data(code: str, content: CourseContent) -> dict:
    """Initial form data for a version's content, rows numbered 1..n."""
    return {
        "code": code, "title_th": content.title_th, "title_en": content.title_en,
        "summary_th": content.summary_th, "summary_en": content.summary_en,
        "description_md": content.description_md, "content_md": content.content_md,
        "skill_sets": list(content.skill_sets), "target_groups": list(content.target_groups),
        "phases": list(content.phases), "format": content.format, "credit_hours": content.credit_hours,
        "credit_method": content.credit_method, "credit_reason": content.credit_reason,
        "sessions": [{"position": str(number), "title": s.title, "method": s.method, "minutes": str(s.minutes)}
                     for number, s in enumerate(content.sessions, start=1)],
    }


class UploadForm(FlaskForm):
    course_file = FileField(_l("Course file (.md)"), validators=[FileRequired(_l("Choose a course file."))],
                            description=_l("Markdown with YAML front matter, as docs/course-format.md describes."))
    publish = BooleanField(_l("Publish it at once"))
