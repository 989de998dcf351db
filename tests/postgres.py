"""A database of a test's own, for tests that commit for real: a fresh schema of the
PostgreSQL test database (put first on the search path), or a fresh SQLite file. Under
pytest-xdist each worker gets schemas of its own (their names end in the worker's id)."""

import os
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, make_url, text


def _run(url: str, *statements: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()


def worker_schema(schema: str) -> str:
    """`schema` for this pytest-xdist worker (gw0, gw1, …), or as it is outside xdist."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return f"{schema}_{worker}" if worker else schema


EXTENSIONS_SCHEMA = "thaksa_extensions"


def keep_extensions_apart(url: str) -> None:
    """Put pg_trgm in a schema no test drops. Migration 0005 creates it in the first schema on
    the search path; were that one worker's schema, dropping it (CASCADE) would drop the
    extension and, with it, the trigram index in every other worker's schema."""
    _run(url,
         f"CREATE SCHEMA IF NOT EXISTS {EXTENSIONS_SCHEMA}",
         "DO $$ BEGIN"
         " IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN"
         " IF EXISTS (SELECT 1 FROM pg_extension e JOIN pg_namespace n"
         f" ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm' AND n.nspname <> '{EXTENSIONS_SCHEMA}')"
         " THEN DROP EXTENSION pg_trgm CASCADE; END IF;"  # a trusted extension cannot be moved
         f" CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA {EXTENSIONS_SCHEMA};"
         " END IF; END $$")


def recreate_schema(url: str, schema: str = "public") -> None:
    """Drop `schema` with everything in it and create it again, empty."""
    _run(url, f"DROP SCHEMA IF EXISTS {schema} CASCADE", f"CREATE SCHEMA {schema}")


def on_schema(url: str, schema: str) -> str:
    """`url` with `schema` first on the search path."""
    return make_url(url).update_query_dict(
        {"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


@contextmanager
def database_of_its_own(base_url: str, schema: str, sqlite_file: Path):
    """The URL of an empty database: on PostgreSQL (`base_url`) the schema `schema`, created
    afresh and dropped at the end; otherwise `sqlite_file`. Dispose of engines on the URL first."""
    if not base_url.startswith("postgresql"):
        yield f"sqlite:///{sqlite_file}"
        return
    schema = worker_schema(schema)
    recreate_schema(base_url, schema)
    try:
        yield on_schema(base_url, schema)
    finally:
        _run(base_url, f"DROP SCHEMA IF EXISTS {schema} CASCADE")
