"""Odd input stops at the door: numbers the database cannot hold, control characters it
should not store. PostgreSQL refuses NUL in text and integers beyond its column range,
where SQLite takes them; either way the person gets a page or a 4xx, never a 500."""

import re

from flask import Flask, abort, request
from flask import Request as FlaskRequest
from werkzeug.datastructures import FileStorage, ImmutableMultiDict, iter_multi_items

# Our primary keys and counts are PostgreSQL `integer` columns: 32-bit signed.
DB_INT_MAX = 2**31 - 1
# C0 control characters but tab, line feed and carriage return, which text areas send.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_INTEGER = re.compile(r"-?[0-9]{1,10}")


def _without_controls(value):
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    if isinstance(value, FileStorage) and value.filename:
        value.filename = _CONTROL.sub("", value.filename)
    return value


class CleanParameters(ImmutableMultiDict):
    """Query and form data (and uploaded file names) without control characters. They are
    invisible, come from pasted text rather than intent, and PostgreSQL refuses NUL: taking
    them out keeps what the person typed instead of refusing the whole form."""

    def __init__(self, mapping=None):
        super().__init__([(_without_controls(k), _without_controls(v)) for k, v in iter_multi_items(mapping or ())])


class Request(FlaskRequest):
    parameter_storage_class = CleanParameters


def parse_int(text: str | None, minimum: int = 0, maximum: int = DB_INT_MAX) -> int | None:
    """The whole number `text` spells, if it lies in [minimum, maximum]; else None."""
    if text is None or not _INTEGER.fullmatch(text.strip()):
        return None
    value = int(text.strip())
    return value if minimum <= value <= maximum else None


def int_arg(name: str, default: int | None = None, minimum: int = 0, maximum: int = DB_INT_MAX) -> int | None:
    """A whole number from the query string; missing, malformed or out of range gives `default`."""
    value = parse_int(request.args.get(name), minimum, maximum)
    return default if value is None else value


def int_list(values) -> list[int]:
    """The whole numbers among `values` (ids ticked in a form) the database can hold; others dropped."""
    return [n for n in (parse_int(v) for v in values) if n is not None]


def _refuse_odd_paths() -> None:
    """Before any view: a control character in the path, or a page number past what the
    database can count to, names no page."""
    if any(_CONTROL.search(v) for v in (request.view_args or {}).values() if isinstance(v, str)):
        abort(404)
    if _page_beyond_reach():
        abort(404)  # no list has that many pages, and its offset would overflow the query


def _page_beyond_reach() -> bool:
    """The pager (flask_sqlalchemy) reads `page` with int(): a number past the database's
    range is no page at all; one int() cannot read, it treats as the first page."""
    try:
        return int(request.args.get("page", 1)) > DB_INT_MAX
    except ValueError:
        return False


def register(app: Flask) -> None:
    app.request_class = Request
    app.before_request(_refuse_odd_paths)
