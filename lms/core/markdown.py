"""Markdown to safe HTML: Python-Markdown renders, nh3 (Ammonia) keeps only an allow-list.

Raw HTML in the source passes through the renderer and is then cleaned with everything
else on the allow-list: no script, style, event handler, `javascript:`/`data:` URL or
iframe survives (tests/catalog/test_markdown_xss.py).
"""

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


def render_markdown(text: str | None) -> Markup:
    """Safe HTML for a Markdown text, ready for a template."""
    if not text:
        return Markup("")
    html = _markdown.markdown(text, extensions=EXTENSIONS, output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return Markup(cleaned)
