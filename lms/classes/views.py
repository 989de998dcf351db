"""Blueprint classes (views arrive with their issue)."""

from flask import Blueprint

bp = Blueprint("classes", __name__, template_folder="templates")
