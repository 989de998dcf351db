"""What lms.privacy needs of this part (PDPA): a person's skill assessments and external results
for their export, and their erasure when the person is anonymised (levels stay; free text and
evidence files go, as with learning records)."""

from sqlalchemy import delete, select, update
from sqlalchemy.orm import selectinload

from ...extensions import db
from .external import file_paths
from .models import ExternalResult, ExternalResultFile, SkillAssessment, SkillRating

REDACTED = "—"


def _plain(value):
    return value.isoformat() if value is not None else None


def ratings_export(person) -> dict:
    """{"skill_assessments": [...], "external_results": [...]}: plain JSON values, oldest first."""
    assessments = db.session.scalars(
        select(SkillAssessment).where(SkillAssessment.person_id == person.id)
        .options(selectinload(SkillAssessment.ratings).selectinload(SkillRating.skill_set))
        .order_by(SkillAssessment.fiscal_year)).all()
    results = db.session.scalars(
        select(ExternalResult).where(ExternalResult.person_id == person.id)
        .options(selectinload(ExternalResult.files), selectinload(ExternalResult.skill_set))
        .order_by(ExternalResult.issued_on, ExternalResult.id)).all()
    return {
        "skill_assessments": [{
            "fiscal_year": a.fiscal_year, "state": a.state, "submitted_at": _plain(a.submitted_at),
            "confirmed_at": _plain(a.confirmed_at),
            "ratings": [{"skill_set": r.skill_set.slug, "own_level": r.self_level, "own_comment": r.self_comment,
                         "confirmed_level": r.supervisor_level, "supervisor_comment": r.supervisor_comment}
                        for r in a.ratings]} for a in assessments],
        "external_results": [{
            "title": r.title, "issuer": r.issuer, "skill_set": r.skill_set.slug, "level": r.level,
            "issued_on": _plain(r.issued_on), "expires_on": _plain(r.expires_on), "status": r.status,
            "review_comment": r.review_comment,
            "files": [{"name": f.original_name, "content_type": f.content_type, "size_bytes": f.size_bytes,
                       "stored_name": f.stored_name} for f in r.files]} for r in results],
    }


def erase_ratings_text_and_files(person) -> list[str]:
    """Blank the comments and titles of the person's assessments and results and delete their
    evidence rows (flushes); the paths to remove from disk once the caller has committed."""
    assessment_ids = select(SkillAssessment.id).where(SkillAssessment.person_id == person.id).scalar_subquery()
    db.session.execute(update(SkillRating).where(SkillRating.assessment_id.in_(assessment_ids))
                       .values(self_comment="", supervisor_comment=""))
    result_ids = select(ExternalResult.id).where(ExternalResult.person_id == person.id).scalar_subquery()
    files = list(db.session.scalars(select(ExternalResultFile).where(ExternalResultFile.result_id.in_(result_ids))))
    db.session.execute(delete(ExternalResultFile).where(ExternalResultFile.id.in_([f.id for f in files])))
    db.session.execute(update(ExternalResult).where(ExternalResult.person_id == person.id)
                       .values(title=REDACTED, issuer=REDACTED, review_comment=""))
    db.session.flush()
    return file_paths(files)
