"""Pages of lms.assessment.quizzes."""

from flask import Blueprint

bp = Blueprint("quizzes", __name__, url_prefix="/quizzes", template_folder="templates")
