"""The agency report: coverage and rules, skills, training supply, trend, drill-down."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports", template_folder="templates")
