"""Blueprint coaching (views arrive with their issue)."""

from flask import Blueprint

bp = Blueprint("coaching", __name__, template_folder="templates")
