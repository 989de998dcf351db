"""course search documents, with a pg_trgm index on PostgreSQL

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 05:40:00

One normalised text per published course version, searched with LIKE '%term%' (Thai has
no spaces between words). On PostgreSQL a pg_trgm GIN index makes selective terms an
index scan. CREATE EXTENSION needs the CREATE privilege on the database (pg_trgm is a
trusted extension since PostgreSQL 13); where it cannot be created the index is skipped
and search scans, still correct (docs/performance.md).
"""
import logging
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")
INDEX = "ix_course_search_documents_trgm"
FIELDS = ("title_th", "title_en", "summary_th", "summary_en", "description_md")
# A copy of lms.catalog.search.normalise as it was when this migration was written.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f\u00ad\u200b\u200c\u200d\u2060\ufeff]")


def _normalise(text):
    return unicodedata.normalize("NFKC", _INVISIBLE.sub("", text or "")).casefold()


def _trigram_schema(bind):
    """The schema pg_trgm lives in, creating the extension if we may; None if unavailable."""
    def installed():
        return bind.execute(sa.text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
            " WHERE e.extname = 'pg_trgm'")).scalar()

    schema = installed()
    if schema is None:
        available = bind.execute(sa.text(
            "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")).scalar()
        if not available:
            log.warning("pg_trgm is not installed on this server: course search will scan")
            return None
        try:
            with bind.begin_nested():  # a refusal must not abort the migration's transaction
                bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        except sa.exc.DBAPIError as exc:
            log.warning("could not create extension pg_trgm (%s): course search will scan",
                        exc.orig.__class__.__name__)
            return None
        schema = installed()
    return schema


def upgrade():
    op.create_table('course_search_documents',
    sa.Column('course_version_id', sa.Integer(), nullable=False),
    sa.Column('document', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['course_version_id'], ['course_versions.id'], name=op.f('fk_course_search_documents_course_version_id_course_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('course_version_id', name=op.f('pk_course_search_documents'))
    )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        # Documents up to ~8 kB stay in the table, uncompressed: a LIKE that must read most of
        # them does not decompress each (3x faster), and the planner, seeing the table's
        # true size, keeps choosing the trigram index for selective terms (docs/performance.md).
        op.execute("ALTER TABLE course_search_documents SET (toast_tuple_target = 8160)")
        schema = _trigram_schema(bind)
        if schema is not None:
            # Qualified: the extension's schema need not be on the search path.
            opclass = f'"{schema}".gin_trgm_ops'
            op.execute(f"CREATE INDEX {INDEX} ON course_search_documents USING gin (document {opclass})")
    else:
        # Useless for LIKE '%…%' on SQLite, but the models declare one index for every database.
        op.create_index(INDEX, "course_search_documents", ["document"])

    versions = sa.table("course_versions", sa.column("id"), sa.column("status"),
                        *(sa.column(name) for name in FIELDS))
    rows = [
        {"course_version_id": row.id,
         "document": "\n".join(_normalise(getattr(row, name)) for name in FIELDS)}
        for row in bind.execute(sa.select(versions).where(versions.c.status == "published"))
    ]
    if rows:
        documents = sa.table("course_search_documents", sa.column("course_version_id"),
                             sa.column("document"))
        op.bulk_insert(documents, rows)


def downgrade():
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
    op.drop_table('course_search_documents')
