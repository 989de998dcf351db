"""Pages of lms.assessment.quizzes for learners: the quizzes they may take, a quiz, an attempt
(the questions with no correctness data until it is submitted) and its result. The authors'
pages are in authoring_views (the same blueprint)."""

from decimal import Decimal

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy.exc import IntegrityError

from ...core.access import can, require, visible_or_404
from ...core.markdown import render_markdown
from ...core.models import utcnow
from ...extensions import db
from . import queries
from .models import Quiz, QuizAttempt
from .scoring import CHOICE_KINDS, matching_answer, slot_fraction
from .services import QuizRefused, attempt_state, attempts_made, quiz_question_count, start_attempt, submit_attempt

bp = Blueprint("quizzes", __name__, url_prefix="/quizzes", template_folder="templates")


@bp.app_template_filter("question_text")
def question_text(text: str, text_format: str = "markdown") -> Markup:
    """A question's or feedback's text: Markdown rendered (and sanitised), plain text escaped."""
    if text_format == "markdown":
        return render_markdown(text)
    return Markup("<p>{}</p>").format(Markup("<br>").join(escape(line) for line in text.splitlines()))


@bp.app_template_global()
def course_quiz_state(course, person) -> dict | None:
    """For the self-paced learning page: the course's published quizzes with the person's
    standing, and whether a required pass is still missing (None when the course has none)."""
    quizzes = queries.course_quizzes(course.id)
    if not quizzes or not person.is_authenticated:
        return None
    rows = queries.standings(person, quizzes)
    missing = any(row.quiz.required_for_completion and not row.passed for row in rows)
    return {"rows": rows, "pass_missing": missing}


@bp.app_template_global()
def quizzes_of_course(course) -> list:
    """Every quiz of the course, published or not (for its authoring page)."""
    return queries.course_quizzes(course.id, published_only=False)


@bp.app_template_global()
def quiz_pass_missing(course, person) -> bool:
    """True when a published quiz of the course requires a pass the person has not made."""
    return person.is_authenticated and queries.completion_quiz_missing(person, course.id) is not None


@bp.route("/")
@require("signed_in")
def index():
    page = db.paginate(queries.quizzes_open_to_learners(), per_page=current_app.config["PER_PAGE"],
                       error_out=False)
    return render_template("quizzes/index.html", page=page, rows=queries.standings(current_user, page.items))


@bp.route("/<int:quiz_id>")
@require("view_quiz")
def quiz(quiz_id):
    quiz = visible_or_404(Quiz, quiz_id, "view_quiz")
    made = attempts_made(quiz, current_user)
    now = utcnow()
    return render_template("quizzes/quiz.html", quiz=quiz, attempts=made, now=now, attempt_state=attempt_state,
                           questions=quiz_question_count(quiz), may_edit=can(current_user, "edit_quiz", quiz),
                           standing=queries.standings(current_user, [quiz])[0])


@bp.route("/<int:quiz_id>/start", methods=["POST"])
@require("view_quiz")
def start(quiz_id):
    quiz = visible_or_404(Quiz, quiz_id, "view_quiz")
    try:
        attempt = start_attempt(quiz, current_user._get_current_object(), utcnow())
        db.session.commit()
    except QuizRefused as refusal:
        db.session.rollback()
        flash(str(refusal.message), "error")
        return redirect(url_for("quizzes.quiz", quiz_id=quiz.id))
    except IntegrityError:  # the same start sent twice at once: the other request made the attempt
        db.session.rollback()
        flash(_("An attempt was just started in another window; it is shown below."), "info")
        return redirect(url_for("quizzes.quiz", quiz_id=quiz.id))
    return redirect(url_for("quizzes.attempt", attempt_id=attempt.id))


@bp.route("/attempts/<int:attempt_id>")
@require("view_quiz_attempt")
def attempt(attempt_id):
    attempt = visible_or_404(QuizAttempt, attempt_id, "view_quiz_attempt")
    state = attempt_state(attempt, utcnow())
    if state == "open":
        # Only what a person needs to answer: the texts and the choices' texts, in the frozen
        # order; no fraction, feedback or accepted answer reaches the page.
        slots = [{"kind": s["kind"], "text": s["text"], "text_format": s["text_format"], "mark": s["mark"],
                  "choices": [(i, s["answers"][i]["text"]) for i in s["order"]] if s["kind"] in CHOICE_KINDS else []}
                 for s in attempt.questions]
        return render_template("quizzes/attempt.html", attempt=attempt, quiz=attempt.quiz, slots=slots)
    return render_template("quizzes/result.html", attempt=attempt, quiz=attempt.quiz, state=state,
                           slots=_reviewed(attempt) if state == "submitted" else [])


def _reviewed(attempt: QuizAttempt) -> list[dict]:
    """Each question with what was answered, the marks earned and the feedback: after submission."""
    rows = []
    for index, slot in enumerate(attempt.questions):
        response = attempt.responses.get(str(index))
        picked = matching_answer(slot, response)
        rows.append({"slot": slot, "response": response, "picked": picked,
                     "score": attempt.slot_scores[index] if index < len(attempt.slot_scores) else "0",
                     "fraction": slot_fraction(slot, response),
                     "feedback": [slot["answers"][i]["feedback"] for i in picked if slot["answers"][i]["feedback"]]})
    return rows


@bp.route("/attempts/<int:attempt_id>/submit", methods=["POST"])
@require("view_quiz_attempt")
def submit(attempt_id):
    attempt = visible_or_404(QuizAttempt, attempt_id, "view_quiz_attempt")
    values = {key.removeprefix("q-"): request.form.getlist(key) for key in request.form if key.startswith("q-")}
    try:
        submit_attempt(attempt, values, current_user._get_current_object(), utcnow())
        db.session.commit()
    except QuizRefused as refusal:
        db.session.rollback()
        flash(str(refusal.message), "error")
        return redirect(url_for("quizzes.attempt", attempt_id=attempt_id))
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt.passed:
        flash(_("Submitted: you passed with %(percent)s%%.", percent=_percent(attempt.percent)), "success")
    else:
        flash(_("Submitted: %(percent)s%%; the pass mark is %(pass)s%%.", percent=_percent(attempt.percent),
                **{"pass": _percent(attempt.quiz.pass_percent)}), "info")
    return redirect(url_for("quizzes.attempt", attempt_id=attempt_id))


@bp.app_template_filter("quiz_number")
@bp.app_template_filter("quiz_percent")
def _percent(value) -> str:
    """A percentage or a mark to two places, without needless zeros: 66.67, 100, 1.5."""
    if value is None:
        return "—"
    return f"{Decimal(value).quantize(Decimal('0.01')).normalize():f}"


from . import authoring_views  # noqa: E402,F401  (the authors' routes, on this blueprint)
