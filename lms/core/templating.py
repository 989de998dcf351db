"""What every template may use, and the headers every response carries."""

from flask import Flask, current_app, request, url_for
from flask_login import current_user

from ..rules.formatting import hours_text
from . import access, dates
from .i18n import current_language, install_template_gettext
from .markdown import render_markdown

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


_URLS = "lms.cached_urls"
_URLS_KEPT = 2000  # the layout's links: a few dozen, and one per institute for its staff


def cached_url_for(endpoint: str, **values) -> str:
    """url_for for the links every page repeats (the layout's menu and assets, a table's sort
    links): the same endpoint and values always build the same URL, so each is built once per
    process. Not for URLs that depend on the request beyond its script root (external URLs)."""
    key = (request.script_root, endpoint, tuple(sorted(values.items())))
    urls = current_app.extensions.setdefault(_URLS, {})
    url = urls.get(key)
    if url is None:
        if len(urls) >= _URLS_KEPT:
            urls.clear()
        url = urls[key] = url_for(endpoint, **values)
    return url


_FRAGMENTS = "lms.cached_fragments"
_FRAGMENTS_KEPT = 500  # a menu per language and combination of roles: a few dozen


def cached_fragment(*key, caller) -> str:
    """What a `{% call cached_fragment(key…) %}` block renders, rendered once per process for
    each key: for a part of the layout that every page repeats and that depends on nothing but
    its key (the menu: the language and the reader's roles). Rendered afresh on every request
    while templates reload (development)."""
    if current_app.jinja_env.auto_reload:
        return caller()
    fragments = current_app.extensions.setdefault(_FRAGMENTS, {})
    key = (request.script_root, *key)
    html = fragments.get(key)
    if html is None:
        if len(fragments) >= _FRAGMENTS_KEPT:
            fragments.clear()
        html = fragments[key] = caller()
    return html


def register(app: Flask) -> None:
    install_template_gettext(app.jinja_env)  # after Flask-Babel installed its own

    @app.context_processor
    def inject():
        return {
            "can": lambda permission, obj=None: access.can(current_user, permission, obj),
            "current_language": current_language,
        }

    app.add_template_filter(render_markdown, "markdown")
    # A global, not a context variable, so macros imported without context can use it.
    app.add_template_global(hours_text, "hours_text")
    app.add_template_global(cached_url_for, "cached_url_for")
    app.add_template_global(cached_fragment, "cached_fragment")

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
