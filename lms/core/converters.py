"""URL converters: an id the database cannot hold names no page."""

from werkzeug.routing import IntegerConverter

from .inputs import DB_INT_MAX


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` for database ids: at most ten digits and at most DB_INT_MAX, so a larger
    id answers 404 instead of overflowing the query (PostgreSQL `integer`, SQLite 64 bits)."""

    regex = r"[0-9]{1,10}"

    def __init__(self, url_map, fixed_digits=0, min=None, max=DB_INT_MAX, signed=False):
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
