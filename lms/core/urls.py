"""Redirect targets we accept: paths on this site only."""

import re
from urllib.parse import urlsplit

# A path on this site: one leading slash (not "//" or "/\", which browsers read as another
# host), then no control characters, spaces or backslashes (browsers drop tabs and line
# breaks, so "/\t/evil.example" would become "//evil.example").
_LOCAL_PATH = re.compile(r"/(?![/\\])[^\x00-\x20\x7f-\x9f\\]*")


def safe_next(target: str | None, fallback: str) -> str:
    if not target or not _LOCAL_PATH.fullmatch(target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target
