"""Blueprint authoring (views arrive with their issue)."""

from flask import Blueprint

bp = Blueprint("authoring", __name__, template_folder="templates")
