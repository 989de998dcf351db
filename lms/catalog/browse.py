"""Blueprint catalogue (views arrive with their issue)."""

from flask import Blueprint

bp = Blueprint("catalogue", __name__, template_folder="templates")
