"""Pages of lms.assessment.quizzes for an institute's authors: question banks (questions in
the browser, Moodle XML / GIFT import), quizzes and their statistics."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ...catalog.models import Course
from ...core.access import require, visible_or_404
from ...extensions import db
from ...reference.models import SkillSet
from ...reference.services import ordered
from .banks import MAX_FILE_BYTES, create_bank, delete_question, import_questions, question_as_dataclass, save_question
from .forms import KIND_LABELS, BankForm, ImportForm, QuestionForm, QuizForm
from .models import BankQuestion, QuestionBank, Quiz
from .queries import institute_quizzes, submitted_attempts
from .services import QuizRefused, QuizSettings, save_quiz, set_published
from .statistics import ScoredSlot, question_statistics
from .views import bp


def _my_banks() -> list[QuestionBank]:
    return list(db.session.scalars(select(QuestionBank).where(QuestionBank.institute_id == current_user.institute_id)
                                   .order_by(QuestionBank.name, QuestionBank.id)))


@bp.route("/authoring")
@require("author")
def authoring():
    return render_template("quizzes/authoring.html", banks=_my_banks(),
                           quizzes=institute_quizzes(current_user.institute_id))


@bp.route("/banks/new", methods=["GET", "POST"])
@require("author")
def new_bank():
    form = BankForm()
    if form.validate_on_submit():
        bank = create_bank(current_user.institute, form.name.data, form.description.data, current_user)
        db.session.commit()
        flash(_("Question bank created."), "success")
        return redirect(url_for("quizzes.bank", bank_id=bank.id))
    return render_template("quizzes/bank_form.html", form=form)


@bp.route("/banks/<int:bank_id>")
@require("edit_question_bank")
def bank(bank_id):
    bank = visible_or_404(QuestionBank, bank_id, "edit_question_bank")
    return render_template("quizzes/bank.html", bank=bank, form=ImportForm(), kinds=KIND_LABELS, problems=[])


@bp.route("/banks/<int:bank_id>/import", methods=["POST"])
@require("edit_question_bank")
def import_file(bank_id):
    bank = visible_or_404(QuestionBank, bank_id, "edit_question_bank")
    form = ImportForm()
    problems = []
    if form.validate_on_submit():
        with form.question_file.data.stream as stream:  # a large upload is a temporary file: close it now
            data = stream.read(MAX_FILE_BYTES + 1)  # one byte more tells "too large"
        result = import_questions(bank, data, current_user)
        if result.ok:
            db.session.commit()
            flash(_("%(n)s questions imported.", n=len(result.bank.questions)), "success")
            return redirect(url_for("quizzes.bank", bank_id=bank.id))
        db.session.rollback()
        problems = [str(problem) for problem in result.errors]
    return render_template("quizzes/bank.html", bank=bank, form=form, kinds=KIND_LABELS, problems=problems), 400


def _question_page(bank, form, row=None):
    if form.validate_on_submit():
        problems = save_question(bank, form.question(), current_user, row=row)
        if not problems:
            db.session.commit()
            flash(_("Question saved."), "success")
            return redirect(url_for("quizzes.bank", bank_id=bank.id))
        db.session.rollback()
        return render_template("quizzes/question_form.html", bank=bank, form=form, row=row,
                               problems=[str(p) for p in problems]), 400
    status = 400 if form.is_submitted() else 200
    return render_template("quizzes/question_form.html", bank=bank, form=form, row=row, problems=[]), status


@bp.route("/banks/<int:bank_id>/questions/new", methods=["GET", "POST"])
@require("edit_question_bank")
def new_question(bank_id):
    bank = visible_or_404(QuestionBank, bank_id, "edit_question_bank")
    form = QuestionForm()
    if not form.is_submitted() and request.args.get("kind") in KIND_LABELS:
        form.kind.data = request.args["kind"]
    return _question_page(bank, form)


@bp.route("/questions/<int:question_id>/edit", methods=["GET", "POST"])
@require("edit_bank_question")
def edit_question(question_id):
    row = visible_or_404(BankQuestion, question_id, "edit_bank_question")
    form = QuestionForm()
    if not form.is_submitted():
        form.fill_from(question_as_dataclass(row))
    return _question_page(row.bank, form, row=row)


@bp.route("/questions/<int:question_id>/delete", methods=["POST"])
@require("edit_bank_question")
def remove_question(question_id):
    row = visible_or_404(BankQuestion, question_id, "edit_bank_question")
    bank_id = row.bank_id
    delete_question(row, current_user)
    db.session.commit()
    flash(_("Question deleted."), "success")
    return redirect(url_for("quizzes.bank", bank_id=bank_id))


def _quiz_form(quiz: Quiz | None = None) -> QuizForm:
    form = QuizForm(obj=quiz)
    courses = db.session.scalars(select(Course).where(Course.institute_id == current_user.institute_id)
                                 .order_by(Course.code)).all()
    skill_sets = [s for s in ordered(SkillSet) if s.retired_on is None or (quiz and quiz.skill_set_id == s.id)]
    form.set_options(courses, skill_sets, _my_banks())
    if not form.is_submitted():
        if quiz is not None:
            form.attach_to.data = f"course:{quiz.course_id}" if quiz.course_id else f"skill:{quiz.skill_set_id}"
        elif request.args.get("course_id", "").isdigit():
            form.attach_to.data = f"course:{request.args['course_id']}"
    return form


def _settings(form: QuizForm) -> QuizSettings:
    course_id, skill_set_id = form.attachment()
    return QuizSettings(
        title=form.title.data, description=form.description.data or "", bank_id=form.bank_id.data,
        course_id=course_id, skill_set_id=skill_set_id, draw_count=form.draw_count.data,
        shuffle_questions=form.shuffle_questions.data, shuffle_choices=form.shuffle_choices.data,
        time_limit_minutes=form.time_limit_minutes.data, attempts_limit=form.attempts_limit.data,
        pass_percent=form.pass_percent.data, required_for_completion=form.required_for_completion.data,
        certifies_level=form.certifies_level.data)


def _quiz_page(form: QuizForm, quiz: Quiz | None):
    if form.validate_on_submit():
        quiz = save_quiz(current_user.institute, _settings(form), current_user, quiz=quiz)
        db.session.commit()
        flash(_("Quiz saved."), "success")
        return redirect(url_for("quizzes.quiz", quiz_id=quiz.id))
    if not form.bank_id.choices:
        flash(_("Create a question bank first: a quiz draws its questions from one."), "info")
    status = 400 if form.is_submitted() else 200
    return render_template("quizzes/quiz_form.html", form=form, quiz=quiz), status


@bp.route("/new", methods=["GET", "POST"])
@require("author")
def new_quiz():
    return _quiz_page(_quiz_form(), None)


@bp.route("/<int:quiz_id>/edit", methods=["GET", "POST"])
@require("edit_quiz")
def edit_quiz(quiz_id):
    quiz = visible_or_404(Quiz, quiz_id, "edit_quiz")
    return _quiz_page(_quiz_form(quiz), quiz)


@bp.route("/<int:quiz_id>/publish", methods=["POST"])
@require("edit_quiz")
def publish(quiz_id):
    quiz = visible_or_404(Quiz, quiz_id, "edit_quiz")
    published = request.form.get("published") == "1"
    try:
        set_published(quiz, published, current_user)
        db.session.commit()
    except QuizRefused as refusal:
        db.session.rollback()
        flash(str(refusal.message), "error")
        return redirect(url_for("quizzes.quiz", quiz_id=quiz.id))
    flash(_("The quiz is open to learners.") if published else _("The quiz is closed to new attempts."), "success")
    return redirect(url_for("quizzes.quiz", quiz_id=quiz.id))


@bp.route("/<int:quiz_id>/statistics")
@require("edit_quiz")
def statistics(quiz_id):
    quiz = visible_or_404(Quiz, quiz_id, "edit_quiz")
    attempts = submitted_attempts(quiz.id)
    scored = [[ScoredSlot(slot["question_id"], float(attempt.slot_scores[i]), float(slot["mark"]))
               for i, slot in enumerate(attempt.questions)] for attempt in attempts]
    figures = question_statistics(scored)
    names = {}
    for attempt in attempts:
        for slot in attempt.questions:
            names.setdefault(slot["question_id"], slot["name"] or slot["text"][:80])
    rows = sorted(figures.values(), key=lambda f: f.question_id)
    return render_template("quizzes/statistics.html", quiz=quiz, rows=rows, names=names, attempts=len(attempts))
