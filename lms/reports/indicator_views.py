"""An agency's indicators (§4.3, §4.9.8) and budget (§4.9.3), recorded per fiscal year."""

from flask import Blueprint

bp = Blueprint("agency_records", __name__, url_prefix="/agency", template_folder="templates")
