"""Bulk writes straight through the database driver, for the reminder and digest jobs.

A run over a whole civil service writes millions of rows; SQLAlchemy's per-row parameter
processing cost more than the database's own work. These helpers write the SQL once in the
driver's parameter style and convert values with SQLAlchemy's own bind processors (JSON,
UTC datetimes, booleans), so the driver receives exactly what the ORM would have sent.
"""

from collections.abc import Callable, Sequence

from sqlalchemy import Table


def _identity(value):
    return value


def mark(dialect) -> str:
    """The driver's positional placeholder: '?' for sqlite3, '%s' for psycopg."""
    return "?" if dialect.paramstyle == "qmark" else "%s"


def converters(table: Table, columns: Sequence[str], dialect) -> list[Callable]:
    """Each column's bind processor for this dialect (identity when none is needed)."""
    return [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) or _identity for name in columns]


def insert_sql(table: Table, columns: Sequence[str], dialect, rows: int = 1,
               ignoring: Sequence[str] = (), returning: Sequence[str] = ()) -> str:
    """INSERT INTO table (columns) VALUES (…) × rows [ON CONFLICT (ignoring) DO NOTHING]
    [RETURNING …], in the driver's parameter style."""
    one = f"({', '.join([mark(dialect)] * len(columns))})"
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES {', '.join([one] * rows)}"
    if ignoring:
        sql += f" ON CONFLICT ({', '.join(ignoring)}) DO NOTHING"
    if returning:
        sql += f" RETURNING {', '.join(returning)}"
    return sql
