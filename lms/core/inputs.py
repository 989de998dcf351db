"""Odd input stops at the door: numbers the database cannot hold, control characters it
should not store. PostgreSQL refuses NUL in text and integers beyond its column range,
where SQLite takes them; either way the person gets a 4xx page, never a 500."""

import re

from flask import Flask, abort, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import BadRequest

# Our primary keys and counts are PostgreSQL `integer` columns: 32-bit signed.
DB_INT_MAX = 2**31 - 1
# C0 control characters but tab, line feed and carriage return, which text areas send.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_INTEGER = re.compile(r"-?[0-9]{1,10}")


class ControlCharacters(BadRequest):
    """A value held a control character: refused whole, not silently changed."""

    description = _l("What you sent contained control characters (invisible characters such as "
                     "NUL) that cannot be stored. Remove them, for example by typing the text "
                     "again, and try again.")


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


def _refuse_odd_input() -> None:
    """Before any view: no control characters in the query, the form, file names or the
    path's values, and no page number past what the database can count to."""
    values = [*request.args.items(multi=True), *request.form.items(multi=True)]
    texts = [text for pair in values for text in pair]
    texts += [f.filename or "" for _name, f in request.files.items(multi=True)]
    texts += [v for v in (request.view_args or {}).values() if isinstance(v, str)]
    if any(_CONTROL.search(text) for text in texts):
        raise ControlCharacters()
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
    app.before_request(_refuse_odd_input)
