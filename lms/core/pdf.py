"""HTML to PDF with WeasyPrint: A4, the app's own Sarabun fonts embedded, nothing fetched from
the network or the disk beyond them.

The fonts come from lms/static/fonts through an URL fetcher that knows only them (pdf_fonts
explains the adjustment that keeps ำ in extracted text). WeasyPrint needs Pango, a system
library: without it `PdfUnavailable` says so and the views answer with an error page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from fontTools.ttLib import TTFont

from .pdf_fonts import SUBSETS, WEIGHTS, font_file, pdf_font_bytes

log = logging.getLogger(__name__)

# One family per subset file: WeasyPrint tells embedded fonts apart by family, weight and style
# only, so two files of one family (the site's unicode-range split) would be embedded as one,
# drawing Latin text with the Thai file's glyphs. A font stack picks each character's file.
FONT_FAMILIES = {"latin": "Thaksa Sarabun Latin", "thai": "Thaksa Sarabun Thai"}
FONT_STACK = ", ".join(f"'{FONT_FAMILIES[subset]}'" for subset in ("latin", "thai")) + ", sans-serif"
FONT_SCHEME = "thaksa-font"


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs (Pango) cannot be loaded here."""


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int


def render_pdf(html: str) -> RenderedPdf:
    """The PDF of an HTML document (its own print CSS says A4 and the margins)."""
    weasyprint = _weasyprint()
    fetcher = _app_font_fetcher(weasyprint)
    font_config = weasyprint.text.fonts.FontConfiguration()
    fonts = weasyprint.CSS(string=font_faces_css(), url_fetcher=fetcher, font_config=font_config)
    document = weasyprint.HTML(string=html, url_fetcher=fetcher).render(
        stylesheets=[fonts], font_config=font_config)
    return RenderedPdf(document.write_pdf(), len(document.pages))


def render_one_page(html_for: Callable[[bool], str]) -> bytes:
    """A one-page PDF of `html_for(compact)`: as designed, else compact (smaller type) when the
    designed page runs over, as a long unit name can make it."""
    rendered = render_pdf(html_for(False))
    if rendered.pages > 1:
        rendered = render_pdf(html_for(True))
        if rendered.pages > 1:
            log.warning("a one-page document ran over %d pages even compact", rendered.pages)
    return rendered.content


def _weasyprint():
    try:
        import weasyprint
        import weasyprint.text.fonts
    except (ImportError, OSError) as error:  # OSError: Pango (a system library) is missing
        raise PdfUnavailable(str(error)) from error
    return weasyprint


def _app_font_fetcher(weasyprint):
    """An URL fetcher that serves the app's fonts (thaksa-font:thai-400) and refuses any other
    URL, so that a document can never reach the network or the disk."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AppFontFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            scheme, _colon, name = url.partition(":")
            subset, _dash, weight = name.partition("-")
            if scheme != FONT_SCHEME or subset not in SUBSETS or not weight.isdigit() \
                    or int(weight) not in WEIGHTS:
                raise ValueError(f"not one of the app's fonts: {url}")
            return URLFetcherResponse(url, pdf_font_bytes(subset, int(weight)), {"Content-Type": "font/ttf"})

    return AppFontFetcher(fail_on_errors=True)


@cache
def font_faces_css() -> str:
    """@font-face rules for every subset and weight, each limited to the characters its file
    has (its cmap), and the font stack as every document's font."""
    rules = []
    for weight in WEIGHTS:
        for subset in SUBSETS:
            rules.append(
                f"@font-face {{ font-family: '{FONT_FAMILIES[subset]}'; font-style: normal; font-weight: {weight};"
                f" src: url('{FONT_SCHEME}:{subset}-{weight}') format('truetype');"
                f" unicode-range: {unicode_range(subset, weight)}; }}")
    rules.append(f"html {{ font-family: {FONT_STACK}; }}")
    return "\n".join(rules)


def unicode_range(subset: str, weight: int) -> str:
    """The characters a font file maps, as a CSS unicode-range ("U+0E01-0E3A, U+0E3F-0E5B")."""
    with TTFont(str(font_file(subset, weight)), lazy=True) as font:
        codepoints = sorted(font.getBestCmap())
    ranges: list[list[int]] = []
    for point in codepoints:
        if ranges and point == ranges[-1][1] + 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    return ", ".join(f"U+{a:04X}" if a == b else f"U+{a:04X}-{b:04X}" for a, b in ranges)
