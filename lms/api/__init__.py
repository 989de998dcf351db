"""The JSON API (/api/v1, OpenAPI 3.1) and the credentials it is called with.

`register(app)` adds the API's blueprints, its OpenAPI document and reference page, the
OAuth token endpoint and the pages where people manage their tokens and systems.
"""

from flask import Flask


def register(app: Flask) -> None:
    from . import oauth
    from .docs_views import bp as docs_bp
    from .resources import classes, courses, people, plans, records, reports
    from .spec import init_api

    app.register_blueprint(oauth.bp)
    app.register_blueprint(docs_bp)
    # The pages where people manage their tokens and administrators their systems:
    from .token_views import bp as token_pages_bp

    app.register_blueprint(token_pages_bp)

    oauth.init_oauth(app)
    from .jobs import connect_handlers

    connect_handlers()  # the scheduler's nightly purge of old API calls
    init_api(app, [people.bp, courses.bp, classes.bp, records.bp, plans.bp, reports.bp])
