"""Blueprint development (views arrive with their issue)."""

from flask import Blueprint

bp = Blueprint("development", __name__, template_folder="templates")
