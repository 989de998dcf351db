"""Blueprint log (views arrive with their issue)."""

from flask import Blueprint

bp = Blueprint("log", __name__, template_folder="templates")
