"""Pages of lms.assessment.ratings."""

from flask import Blueprint

bp = Blueprint("skill_ratings", __name__, url_prefix="/skills", template_folder="templates")
