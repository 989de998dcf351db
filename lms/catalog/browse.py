"""Blueprint catalogue: browse, search and read published courses."""

from flask import Blueprint

from . import search  # noqa: F401

bp = Blueprint("catalogue", __name__, template_folder="templates", url_prefix="/courses")
