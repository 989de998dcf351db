"""Blueprint dashboard (views arrive with their issue)."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__, template_folder="templates")
