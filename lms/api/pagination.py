"""Cursor pagination: a list answers `limit` items and a cursor for the next ones.

The cursor is the last id of the page (callers pass `next_cursor` back as it is): a page
stays right while rows are added or removed between calls, as an offset would not.
"""

from marshmallow import Schema, fields, validate

from ..extensions import db

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class PageArguments(Schema):
    cursor = fields.String(load_default=None, validate=validate.Regexp(r"^[0-9]{1,18}$"), metadata={
        "description": "The previous page's next_cursor, as it came."})
    limit = fields.Integer(load_default=DEFAULT_LIMIT, validate=validate.Range(1, MAX_LIMIT))


def page_schema(item_schema: type[Schema], name: str) -> type[Schema]:
    """The envelope of a list: its items and the next page's cursor (null on the last page)."""
    return type(name, (Schema,), {
        "items": fields.List(fields.Nested(item_schema), required=True),
        "next_cursor": fields.String(required=True, allow_none=True),
    })


def page(statement, id_column, arguments: dict, shape=None) -> dict:
    """One page of `statement` (a SELECT of model rows) in the order of `id_column`, each row
    passed through `shape` when given (what the answer says of it)."""
    limit = arguments["limit"]
    if arguments.get("cursor"):
        statement = statement.where(id_column > int(arguments["cursor"]))
    rows = db.session.scalars(statement.order_by(None).order_by(id_column).limit(limit + 1)).unique().all()
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = str(rows[-1].id) if more else None
    return {"items": [shape(row) for row in rows] if shape else rows, "next_cursor": cursor}
