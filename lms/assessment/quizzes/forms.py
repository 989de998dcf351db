"""Forms of question banks, questions and quizzes."""

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, FieldList, Form, FormField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ...core.forms import DbIntegerField, PlainDecimalField, choices, db_int
from ..question_formats import Answer, Question, QuestionKind, TextFormat

KIND_LABELS = {
    "multiple_choice": _l("Multiple choice (one answer)"),
    "multiple_answer": _l("Multiple answer (several may be right)"),
    "true_false": _l("True or false"),
    "short_answer": _l("Short answer"),
    "numeric": _l("Numeric"),
}
ANSWER_ROWS = 6  # rows offered for choices or accepted answers; blank rows are ignored


class BankForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Give the bank a name.")), Length(max=255)])
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])


class ImportForm(FlaskForm):
    question_file = FileField(_l("Moodle XML or GIFT file"),
                              validators=[FileRequired(_l("Choose a Moodle XML or GIFT file."))],
                              description=_l("Every question is checked first: if any has a problem, "
                                             "nothing is imported. At most 5 MB."))


class AnswerForm(Form):
    text = StringField(_l("Answer"), validators=[Length(max=5000)])
    grade = PlainDecimalField(_l("Grade (%)"), validators=[Optional()])
    tolerance = PlainDecimalField(_l("Tolerance (numeric)"), validators=[Optional()])
    feedback = StringField(_l("Feedback"), validators=[Length(max=5000)])


class QuestionForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=choices(KIND_LABELS.items()))
    name = StringField(_l("Name"), validators=[Length(max=255)],
                       description=_l("Shown to authors only; left blank, the start of the text is used."))
    text = TextAreaField(_l("Question (Markdown)"), validators=[DataRequired(_l("Write the question."))])
    default_mark = PlainDecimalField(_l("Mark"), default=Decimal(1),
                                     validators=[DataRequired(_l("Give the question's mark.")),
                                                 NumberRange(min=Decimal("0.01"), max=Decimal(1000))])
    general_feedback = TextAreaField(_l("Feedback shown after submission"))
    shuffle = BooleanField(_l("Shuffle the choices"), default=True)
    case_sensitive = BooleanField(_l("Short answer: letter case matters"))
    true_answer = SelectField(_l("True or false: the right answer"),
                              choices=choices([("true", _l("True")), ("false", _l("False"))]))
    answers = FieldList(FormField(AnswerForm), min_entries=ANSWER_ROWS, max_entries=50)

    def fill_from(self, question: Question) -> None:
        """Put a stored question in the form (on a GET of the edit page)."""
        self.kind.data, self.name.data, self.text.data = question.kind.value, question.name, question.text
        self.default_mark.data, self.general_feedback.data = question.default_mark, question.general_feedback
        self.shuffle.data, self.case_sensitive.data = question.shuffle, question.case_sensitive
        if question.kind == QuestionKind.TRUE_FALSE:
            right = next((a for a in question.answers if a.fraction == 1), None)
            self.true_answer.data = right.text if right else "true"
            return
        while len(self.answers) < max(len(question.answers) + 2, ANSWER_ROWS):
            self.answers.append_entry()
        for entry, answer in zip(self.answers, question.answers, strict=False):
            entry.form.text.data = answer.text
            entry.form.grade.data = answer.fraction * 100
            entry.form.tolerance.data = answer.tolerance
            entry.form.feedback.data = answer.feedback

    def question(self) -> Question:
        """The question the form describes (checked afterwards by question_problems)."""
        kind = QuestionKind(self.kind.data)
        if kind == QuestionKind.TRUE_FALSE:
            answers = tuple(Answer(text=v, fraction=Decimal(1 if v == self.true_answer.data else 0))
                            for v in ("true", "false"))
        else:
            answers = tuple(self._answer(kind, entry.form) for entry in self.answers
                            if (entry.form.text.data or "").strip())
        return Question(kind=kind, name=(self.name.data or "").strip(), text=self.text.data or "", answers=answers,
                        text_format=TextFormat.MARKDOWN, default_mark=self.default_mark.data or Decimal(0),
                        general_feedback=self.general_feedback.data or "", shuffle=self.shuffle.data,
                        case_sensitive=self.case_sensitive.data)

    @staticmethod
    def _answer(kind, row) -> Answer:
        text = row.text.data.strip()
        fraction = (row.grade.data if row.grade.data is not None else Decimal(0)) / 100
        value = tolerance = None
        if kind == QuestionKind.NUMERIC:
            try:
                value = Decimal(text)
            except InvalidOperation:
                value = None
            tolerance = row.tolerance.data if row.tolerance.data is not None else Decimal(0)
        return Answer(text=text, fraction=fraction, feedback=(row.feedback.data or "").strip(),
                      value=value, tolerance=tolerance)


class QuizForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Give the quiz a title.")), Length(max=300)])
    description = TextAreaField(_l("Instructions (Markdown)"))
    attach_to = SelectField(_l("Attached to"), validators=[DataRequired(_l("Choose a course or a skill set."))])
    bank_id = SelectField(_l("Question bank"), coerce=db_int)
    draw_count = DbIntegerField(_l("Questions drawn at random"), validators=[Optional(), NumberRange(min=1)],
                                description=_l("Leave blank to ask every question of the bank."))
    shuffle_questions = BooleanField(_l("Shuffle the questions"), default=True)
    shuffle_choices = BooleanField(_l("Shuffle the choices"), default=True)
    time_limit_minutes = DbIntegerField(_l("Time limit (minutes)"), validators=[Optional(), NumberRange(min=1)],
                                        description=_l("Leave blank for no time limit."))
    attempts_limit = DbIntegerField(_l("Attempts allowed"), validators=[Optional(), NumberRange(min=1)],
                                    description=_l("Leave blank for unlimited attempts."))
    pass_percent = PlainDecimalField(_l("Pass mark (%)"), default=Decimal(60),
                                     validators=[DataRequired(_l("Give the pass mark.")),
                                                 NumberRange(min=Decimal("0.01"), max=Decimal(100))])
    required_for_completion = BooleanField(_l("A pass is required to complete the self-paced course"))
    certifies_level = DbIntegerField(_l("Level certified by a pass (skill-set quizzes)"),
                                     validators=[Optional(), NumberRange(min=1, max=10)],
                                     description=_l("Leave blank when a pass certifies no level."))

    def set_options(self, courses, skill_sets, banks) -> None:
        """The institute's courses, the skill sets and the institute's banks as options."""
        self.attach_to.choices = choices(
            [("", "—")] + [(f"course:{c.id}", f"{c.code} · {c.latest.title}") for c in courses]
            + [(f"skill:{s.id}", str(_l("Skill set: %(name)s", name=s.name))) for s in skill_sets])
        self.bank_id.choices = choices((b.id, b.name) for b in banks)

    def attachment(self) -> tuple[int | None, int | None]:
        """(course id, skill set id) chosen."""
        kind, _sep, number = (self.attach_to.data or "").partition(":")
        return (int(number), None) if kind == "course" else (None, int(number))
