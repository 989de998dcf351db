"""Pages of lms.assessment.frameworks."""

from flask import Blueprint

bp = Blueprint("skill_frameworks", __name__, url_prefix="/admin/frameworks", template_folder="templates")
