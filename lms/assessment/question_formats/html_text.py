"""Moodle's HTML to plain text: tags dropped, entities decoded, line breaks kept where the
HTML made them (paragraphs, <br>, list items, table rows). Scripts and styles vanish whole."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Tags whose start or end begins a new line; paragraphs and their like leave a blank line.
_PARAGRAPHS = {"blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "ol", "p", "pre", "table", "ul"}
_LINES = {"address", "article", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
          "header", "hr", "li", "section", "tr"}
# Tags whose content is not text a learner reads.
_DROPPED = {"script", "style", "head", "title", "template", "noscript", "iframe", "object", "svg", "math"}
_SPACES = re.compile(r"[ \t\r\f\v\n]+")
_BLANK_RUN = re.compile(r"\n{3,}")


class _TextCollector(HTMLParser):
    def __init__(self, newlines_break: bool):
        super().__init__(convert_charrefs=True)
        self.newlines_break = newlines_break
        self.parts: list[str] = []
        self.dropped_depth = 0
        self.pre_depth = 0
        self.newlines = 2  # newlines the text ends with; the start counts as a paragraph's

    def _break(self, count: int) -> None:
        if self.newlines < count:
            self.parts.append("\n" * (count - self.newlines))
            self.newlines = count

    def _text(self, text: str) -> None:
        self.parts.append(text)
        if text.strip(" \t"):
            stripped = text.rstrip(" \t")
            self.newlines = len(stripped) - len(stripped.rstrip("\n"))

    def handle_starttag(self, tag, attrs):
        if tag in _DROPPED:
            self.dropped_depth += 1
        elif tag == "pre":
            self.pre_depth += 1
        if tag in _PARAGRAPHS:
            self._break(2)
        elif tag in _LINES:
            self._break(1)
        elif tag == "br":
            self.parts.append("\n")
            self.newlines += 1
        elif tag == "td" or tag == "th":
            self.parts.append(" ")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt and not self.dropped_depth:
                self._text(alt)

    def handle_startendtag(self, tag, attrs):
        # <br/>, <img/>: a start without content (a self-closed <script/> drops nothing).
        if tag not in _DROPPED:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in _DROPPED:
            self.dropped_depth = max(0, self.dropped_depth - 1)
        elif tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)
        if tag in _PARAGRAPHS:
            self._break(2)
        elif tag in _LINES:
            self._break(1)

    def handle_data(self, data):
        if self.dropped_depth:
            return
        if self.pre_depth:
            self._text(data)
        elif self.newlines_break:
            self._text("\n".join(_SPACES.sub(" ", line) for line in data.split("\n")))
        else:
            self._text(_SPACES.sub(" ", data))


def html_to_text(html: str, newlines_break: bool = False) -> str:
    """The text a reader sees in `html`. `newlines_break`: a newline in the source is a line
    break too (Moodle's "auto-format" and GIFT's default format, unlike real HTML)."""
    if "<" not in html and "&" not in html:
        text = html if newlines_break else _SPACES.sub(" ", html)
        return _tidy(text)
    collector = _TextCollector(newlines_break)
    collector.feed(html)
    collector.close()
    return _tidy("".join(collector.parts))


def _tidy(text: str) -> str:
    lines = [line.strip(" \t\r\f\v") for line in text.replace("\r\n", "\n").split("\n")]
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip()
