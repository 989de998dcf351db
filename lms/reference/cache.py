"""The reference data every page reads, kept in memory by each process while it is unchanged.

Policies, skill sets, learning methods and employment types change only when an administrator
edits them, yet nearly every page reads them. Each process (each gunicorn worker, each app)
keeps a copy made of plain values, tagged with the token of the one-row table
`reference_versions`. A transaction reads that token once; when it is not the copy's, the copy
is loaded again. So an edit made through one worker shows on every worker's next request.

Any ORM change to a reference row writes a new random token in the same flush, and drops this
process's copy at once. The token is random rather than a counter, so a copy loaded inside an
edit that was then rolled back never matches a later edit. A migration or a bulk SQL statement
that changes reference rows writes a new token itself (or the workers are restarted after it).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from itertools import chain

from flask import current_app, has_app_context
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from ..core.i18n import current_language
from ..extensions import db
from ..rules.mix import name_buckets
from ..rules.policy import Policy
from .models import (
    EmploymentType,
    ExpectedRole,
    LearningMethod,
    Phase,
    PolicyVersion,
    ReferenceVersion,
    SessionMethod,
    SkillDimension,
    SkillSet,
    TargetGroup,
)

REFERENCE_MODELS = (TargetGroup, Phase, ExpectedRole, SkillDimension, SkillSet, LearningMethod,
                    SessionMethod, PolicyVersion, EmploymentType)
_CACHE = "lms.reference_cache"  # current_app.extensions key: this app's copy
_TOKEN = "lms.reference_token"  # session.info key: the token this transaction read
_versions = ReferenceVersion.__table__
_READ_TOKEN = select(_versions.c.token).where(_versions.c.id == 1)


class _Named:
    name_th: str
    name_en: str

    @property
    def name(self) -> str:
        """The name in the reader's language (Thai when there is no English one)."""
        return (self.name_en or self.name_th) if current_language() == "en" else self.name_th


@dataclass(frozen=True)
class SkillSetRef(_Named):
    id: int
    slug: str
    name_th: str
    name_en: str
    is_foundation: bool


@dataclass(frozen=True)
class MethodRef(_Named):
    id: int
    slug: str
    name_th: str
    name_en: str
    bucket: str


@dataclass(frozen=True)
class EmploymentTypeRef(_Named):
    id: int
    slug: str
    name_th: str
    name_en: str
    in_scope_from_fiscal_year: int  # B.E.: §4.4 counts people of this type from this year on

    def in_scope(self, fiscal_year: int) -> bool:
        return self.in_scope_from_fiscal_year <= fiscal_year


@dataclass(frozen=True)
class ReferenceData:
    token: str | None
    policies: tuple[Policy, ...]
    policy_titles: dict[str, tuple[str, str]]  # version → (Thai, English) title
    skill_sets: tuple[SkillSetRef, ...]  # in their stable order
    methods: tuple[MethodRef, ...]  # in their stable order
    skill_sets_by_id: dict[int, SkillSetRef]
    methods_by_id: dict[int, MethodRef]
    bucket_of_methods: dict[str, str]  # method slug → 70:20:10 bucket
    bucket_names: dict[str, tuple[str, str]]  # bucket → (Thai, English) name
    employment_types: tuple[EmploymentTypeRef, ...] = ()  # in their stable order

    @property
    def first_effective_on(self) -> date | None:
        return min((p.effective_on for p in self.policies), default=None)


def reference_data() -> ReferenceData:
    """This process's copy of the reference data, loaded again when it is stale."""
    token = _token_of_transaction()
    cached = current_app.extensions.get(_CACHE)
    if cached is None or cached.token != token:
        cached = _load(token)
        current_app.extensions[_CACHE] = cached
    return cached


def _token_of_transaction() -> str | None:
    """The token, read once per transaction (the same snapshot as the data it then reads)."""
    info = db.session.info
    if _TOKEN not in info:
        info[_TOKEN] = db.session.execute(_READ_TOKEN).scalar()
    return info[_TOKEN]


def _load(token: str | None) -> ReferenceData:
    from .services import as_policy  # services builds on this module

    session = db.session
    methods = tuple(MethodRef(r.id, r.slug, r.name_th, r.name_en, r.bucket) for r in session.execute(
        select(LearningMethod.id, LearningMethod.slug, LearningMethod.name_th, LearningMethod.name_en,
               LearningMethod.bucket).order_by(LearningMethod.position)))
    skill_sets = tuple(SkillSetRef(*r) for r in session.execute(
        select(SkillSet.id, SkillSet.slug, SkillSet.name_th, SkillSet.name_en, SkillSet.is_foundation)
        .order_by(SkillSet.position)))
    employment_types = tuple(EmploymentTypeRef(*r) for r in session.execute(
        select(EmploymentType.id, EmploymentType.slug, EmploymentType.name_th, EmploymentType.name_en,
               EmploymentType.in_scope_from_fiscal_year).order_by(EmploymentType.position, EmploymentType.id)))
    policy_rows = session.execute(select(PolicyVersion.__table__)).all()
    return ReferenceData(
        token=token,
        policies=tuple(as_policy(r) for r in policy_rows),
        policy_titles={r.version: (r.title_th, r.title_en) for r in policy_rows},
        skill_sets=skill_sets,
        methods=methods,
        skill_sets_by_id={s.id: s for s in skill_sets},
        methods_by_id={m.id: m for m in methods},
        bucket_of_methods={m.slug: m.bucket for m in methods},
        bucket_names=name_buckets((m.bucket, m.name_th, m.name_en) for m in methods),
        employment_types=employment_types,
    )


@event.listens_for(Session, "after_flush")
def _new_token_on_change(session, _flush_context) -> None:
    # Still the flush's own lists (and attribute history) here: what it inserted, changed, deleted.
    if not (any(isinstance(row, REFERENCE_MODELS) for row in chain(session.new, session.deleted))
            or any(isinstance(row, REFERENCE_MODELS) and session.is_modified(row) for row in session.dirty)):
        return
    token = secrets.token_hex(16)
    session.connection().execute(update(_versions).where(_versions.c.id == 1).values(token=token))
    session.info[_TOKEN] = token
    if has_app_context():
        current_app.extensions.pop(_CACHE, None)


@event.listens_for(Session, "after_transaction_end")
def _forget_token(session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_TOKEN, None)
