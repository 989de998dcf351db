"""Records written straight, as any module or driver might, and the sums read back plainly."""

import itertools
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from lms.extensions import db
from lms.records.models import LearningRecord, PersonMonthHours, PersonYearHours, PersonYearTotals
from lms.reference.models import LearningMethod, SkillSet

_keys = itertools.count(1)


def method(slug: str) -> LearningMethod:
    return db.session.scalar(select(LearningMethod).where(LearningMethod.slug == slug))


def skill_set(slug: str) -> SkillSet:
    return db.session.scalar(select(SkillSet).where(SkillSet.slug == slug))


def record(person, *, hours="2", on=date(2026, 11, 15), method_slug="on-the-job", status="verified",
           skill_sets=()) -> LearningRecord:
    """A learning record written through the ORM, flushed."""
    row = LearningRecord(person_id=person.id, method=method(method_slug), hours=Decimal(hours), occurred_on=on,
                         title="บันทึก", source="log", source_key=f"k{next(_keys)}", status=status,
                         skill_sets=[skill_set(slug) for slug in skill_sets])
    db.session.add(row)
    db.session.flush()
    return row


def year_sums(person) -> dict:
    """{(fiscal year, method slug, skill set slug or 'all'): (verified, pending, records)}."""
    slugs = {m.id: m.slug for m in db.session.scalars(select(LearningMethod))}
    sets = {s.id: s.slug for s in db.session.scalars(select(SkillSet))} | {0: "all"}
    return {(row.fiscal_year, slugs[row.learning_method_id], sets[row.skill_set_key]):
            (Decimal(row.verified_hours), Decimal(row.pending_hours), row.records)
            for row in db.session.scalars(select(PersonYearHours).where(PersonYearHours.person_id == person.id)
                                          .execution_options(populate_existing=True))}


def month_sums(person) -> dict:
    """{(fiscal year, month): (verified, pending)}."""
    return {(row.fiscal_year, row.month): (Decimal(row.verified_hours), Decimal(row.pending_hours))
            for row in db.session.scalars(select(PersonMonthHours).where(PersonMonthHours.person_id == person.id)
                                          .execution_options(populate_existing=True))}


def totals(person) -> dict:
    """{fiscal year: (experiential, social, formal as (verified, pending)), foundation sets with
    verified hours, with verified or pending hours)}."""
    rows = db.session.scalars(select(PersonYearTotals).where(PersonYearTotals.person_id == person.id)
                              .execution_options(populate_existing=True))
    hours = lambda row, bucket: (Decimal(getattr(row, f"{bucket}_verified")),  # noqa: E731
                                 Decimal(getattr(row, f"{bucket}_pending")))
    return {row.fiscal_year: (tuple(hours(row, bucket) for bucket in ("experiential", "social", "formal")),
                              row.foundation_verified, row.foundation_counted) for row in rows}


def h(value) -> Decimal:
    return Decimal(str(value))
