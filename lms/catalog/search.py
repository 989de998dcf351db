"""Search that works for Thai, over published courses (the catalogue's query and filters,
which use it, are lms/home/catalogue.py).

Thai is written without spaces between words, so word-based full-text search (SQLite
FTS, PostgreSQL tsvector) cannot find "ข้อมูล" inside "การวิเคราะห์ข้อมูลเพื่อนโยบาย".
Search is substring matching instead. Each published version has one search document: its
Thai and English titles, summaries and description, normalised (NFKC, case-folded, no
zero-width or control characters). A query is split on whitespace into terms, normalised
the same way, and every term must occur in the document (`LIKE '%term%'`, with % _ and \\
taken literally).

On PostgreSQL the document column has a pg_trgm GIN index (migration 0005), so a selective
term is an index scan; SQLite scans the documents, about 0.1 s for 5,000 courses
(docs/performance.md).

The documents are kept by mapper events on CourseVersion: whenever a version is written
with status "published" its document is (re)written in the same flush, and it goes when
the version is superseded. Every path that publishes through the ORM (the form, course-file
import, factories) is covered without calling anything; `rebuild_search_documents` repairs
the table after bulk SQL that bypasses the ORM.
"""

import re
import unicodedata

from sqlalchemy import ColumnElement, ForeignKey, Index, Text, and_, delete, event, insert, inspect, select
from sqlalchemy.orm import Mapped, joinedload, mapped_column, selectinload

from ..core.sql import LIKE_ESCAPE, like_pattern
from ..extensions import db
from .models import Course, CourseSession, CourseVersion

# A query longer than this is someone pasting a document: keep the first terms.
MAX_QUERY_LENGTH = 300
MAX_TERMS = 8
MAX_TERM_LENGTH = 100

SEARCHED_FIELDS = ("title_th", "title_en", "summary_th", "summary_en", "description_md")
# Zero-width characters Thai text carries to mark line-break points, and control characters
# (PostgreSQL refuses NUL): never typed on purpose.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f\u00ad\u200b\u200c\u200d\u2060\ufeff]")


class CourseSearchDocument(db.Model):
    """The normalised searchable text of one published course version."""

    __tablename__ = "course_search_documents"
    __table_args__ = (
        # A pg_trgm GIN index on PostgreSQL. SQLite gets a plain index of the same name
        # (it cannot help LIKE '%…%' there, but keeps one schema for Alembic to compare).
        Index("ix_course_search_documents_trgm", "document", postgresql_using="gin",
              postgresql_ops={"document": "gin_trgm_ops"}),
    )
    course_version_id: Mapped[int] = mapped_column(
        ForeignKey("course_versions.id", ondelete="CASCADE"), primary_key=True)
    document: Mapped[str] = mapped_column(Text)


def normalise(text: str) -> str:
    """Text as documents and queries are compared: NFKC, case-folded, no zero-width marks.

    NFKC makes the two spellings of Thai sara am (ำ and ํา) and full-width Latin agree.
    """
    return unicodedata.normalize("NFKC", _INVISIBLE.sub("", text or "")).casefold()


def document_for(version: CourseVersion) -> str:
    """The search document of a version: its searched fields, normalised, one per line."""
    return "\n".join(normalise(getattr(version, field) or "") for field in SEARCHED_FIELDS)


def query_terms(query: str | None) -> list[str]:
    """The distinct normalised terms of a search query, in order, at most MAX_TERMS.

    Terms are split on whitespace, so none contains the newline that separates a
    document's fields: no term can match across two fields.
    """
    terms: list[str] = []
    for word in normalise((query or "")[:MAX_QUERY_LENGTH]).split():
        term = word[:MAX_TERM_LENGTH]
        if term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def matches_all_terms(terms: list[str]) -> ColumnElement[bool]:
    """A condition on CourseSearchDocument: every (normalised) term occurs in the document."""
    document = CourseSearchDocument.document
    return and_(*(document.like(like_pattern(term), escape=LIKE_ESCAPE) for term in terms))


def version_to_show(course: Course, state: str | None = "published") -> CourseVersion | None:
    """The course's version in `state` (None: its latest), with what the course page shows."""
    query = (select(CourseVersion).where(CourseVersion.course_id == course.id)
             .options(selectinload(CourseVersion.sessions).joinedload(CourseSession.method),
                      selectinload(CourseVersion.skill_sets), selectinload(CourseVersion.target_groups),
                      selectinload(CourseVersion.phases), joinedload(CourseVersion.credit_method)))
    if state is not None:
        query = query.where(CourseVersion.status == state)
    return db.session.scalars(query.order_by(CourseVersion.number.desc()).limit(1)).first()


def rebuild_search_documents() -> int:
    """Rewrite every published version's document (after bulk SQL); returns how many. Flushes."""
    db.session.flush()
    db.session.execute(delete(CourseSearchDocument))
    versions = db.session.scalars(select(CourseVersion).where(CourseVersion.status == "published")).all()
    rows = [{"course_version_id": v.id, "document": document_for(v)} for v in versions]
    if rows:
        db.session.execute(insert(CourseSearchDocument), rows)
    db.session.flush()
    return len(rows)


_WATCHED = ("status", *SEARCHED_FIELDS)
_documents = CourseSearchDocument.__table__


def _keep_document(_mapper, connection, version: CourseVersion) -> None:
    """Mirror a written version into the search table, inside the same transaction."""
    state = inspect(version)
    if not any(state.attrs[name].history.has_changes() for name in _WATCHED):
        return
    connection.execute(delete(_documents).where(_documents.c.course_version_id == version.id))
    if version.status == "published":
        connection.execute(insert(_documents).values(course_version_id=version.id,
                                                     document=document_for(version)))


event.listen(CourseVersion, "after_insert", _keep_document)
event.listen(CourseVersion, "after_update", _keep_document)
