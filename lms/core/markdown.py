"""Markdown to safe HTML: Python-Markdown renders, nh3 (Ammonia) keeps only an allow-list.

Raw HTML in the source is not passed through: the renderer's HTML block and inline
patterns are switched off, so `<b>` shows as the text "<b>". What Markdown itself makes
is then cleaned on an allow-list: no script, style, event handler, `javascript:`/`data:`
URL or iframe survives (tests/catalog/test_markdown_xss.py).
"""

import threading

import markdown as _markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p",
    "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["extra", "sane_lists", "nl2br"]


_renderers = threading.local()  # a Markdown instance is reusable but not thread-safe


def _renderer() -> _markdown.Markdown:
    renderer = getattr(_renderers, "markdown", None)
    if renderer is None:
        renderer = _markdown.Markdown(extensions=EXTENSIONS, output_format="html")
        # Raw HTML is escaped as text rather than passed on (Python-Markdown's documented
        # replacement for its old safe_mode).
        renderer.preprocessors.deregister("html_block")
        renderer.inlinePatterns.deregister("html")
        _renderers.markdown = renderer
    return renderer.reset()


def render_markdown(text: str | None) -> Markup:
    """Safe HTML for a Markdown text, ready for a template."""
    if not text:
        return Markup("")
    html = _renderer().convert(text)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return Markup(cleaned)
