"""The home page for every role.

It is a route of the core blueprint, so its endpoint stays `core.home`, the one every page
links to; the page itself composes modules above core, so it lives here, in the top layer.
create_app imports this module before it registers the blueprint.
"""

from flask import render_template
from flask_login import current_user

from ..core.access import require, roles_of
from ..core.views import bp
from .overview import home_overview
from .todo import waiting_for


@bp.route("/")
@require("signed_in")
def home():
    roles = roles_of(current_user)
    person = current_user._get_current_object()
    return render_template("home/index.html", roles=roles, overview=home_overview(person, roles),
                           todo=waiting_for(person))
