"""What every searchable picker's JSON endpoint shares (static/js/pickers.js asks them):
the search text, the limit, the answer's shape. The scoping is each endpoint's own."""

from flask import jsonify, request
from sqlalchemy import or_

from .sql import LIKE_ESCAPE, like_pattern

PICKER_LIMIT = 20
MAX_SEARCH_LENGTH = 100


def search_text() -> str:
    """What the person typed (`q`), trimmed and bounded."""
    return (request.args.get("q") or "").strip()[:MAX_SEARCH_LENGTH]


def asked_values() -> list[str]:
    """The values a form already holds (`values`, comma separated): their labels are wanted."""
    text = (request.args.get("values") or "")[:2000]
    return [value.strip() for value in text.split(",") if value.strip()][:PICKER_LIMIT]


def matches(columns, text: str):
    """Any of `columns` contains `text`, case aside (Thai has no case; codes and English do)."""
    pattern = like_pattern(text)
    return or_(*(column.ilike(pattern, escape=LIKE_ESCAPE) for column in columns))


def picker_answer(rows) -> "object":
    """{"results": [{"value", "text", "hint"}]}: value is what the form posts, text what the
    person reads, hint a second line (the code, the email)."""
    response = jsonify(results=[{"value": value, "text": text, "hint": hint} for value, text, hint in rows])
    response.headers["Cache-Control"] = "private, no-store"
    return response
