"""What every template may use, and the headers every response carries."""

from flask import Flask
from flask_login import current_user

from ..rules.formatting import hours_text
from . import access, dates
from .i18n import current_language
from .markdown import render_markdown

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def register(app: Flask) -> None:
    @app.context_processor
    def inject():
        return {
            "can": lambda permission, obj=None: access.can(current_user, permission, obj),
            "current_language": current_language,
        }

    app.add_template_filter(render_markdown, "markdown")
    # A global, not a context variable, so macros imported without context can use it.
    app.add_template_global(hours_text, "hours_text")

    @app.template_filter("thai_date")
    def thai_date(value):
        return dates.format_date(value, current_language())

    @app.template_filter("fiscal_year")
    def fiscal_year(value):
        return dates.format_fiscal_year(value, current_language())

    @app.template_filter("thai_datetime")
    def thai_datetime(value):
        return dates.format_datetime(value, current_language())

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        # Only where cookies are Secure: over plain http (development) HSTS would lock the
        # browser out of the host.
        hsts_seconds = app.config["HSTS_SECONDS"]
        if app.config["SESSION_COOKIE_SECURE"] and hsts_seconds:
            response.headers.setdefault("Strict-Transport-Security",
                                        f"max-age={hsts_seconds}; includeSubDomains")
        return response
