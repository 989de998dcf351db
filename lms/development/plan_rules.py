"""A plan revision judged by the guideline's rules (R2–R6).

Loads the revision's data and the reference data the rules need, then calls the pure
rules in `lms.rules`. The plan page shows the result; the dashboards import
`plan_verdicts` to show a plan's state and progress.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..assessment.certificates.queries import certified_skill_set_slugs
from ..assessment.frameworks.models import SkillSetEdition
from ..assessment.frameworks.queries import framework_id_in_force
from ..catalog.models import Course
from ..core.dates import fiscal_year_bounds, today_in_bangkok
from ..extensions import db
from ..reference.models import ExpectedRole, LearningMethod, Phase, SkillSet
from ..reference.services import bucket_names, ordered, policy_for
from ..rules import (
    SECOND_LEVEL,
    SUPERVISOR,
    AgreementVerdict,
    FoundationVerdict,
    HorizonVerdict,
    MixVerdict,
    Policy,
    Role,
    RolesVerdict,
    approvals_needed,
    check_current_future,
    check_foundation,
    check_mix,
    expected_roles,
)
from .models import PlanItem, PlanRevision

# The decision kinds that count as an R5 approval.
APPROVAL_OF_DECISION = {"agreed": SUPERVISOR, "second_level_agreed": SECOND_LEVEL}


@dataclass(frozen=True)
class PlanVerdicts:
    """Every rule's verdict on one plan revision.

    `mix` (R2) is on the planned hours per method; `horizon` (R3) on the items'
    current/future hours; `foundation` (R4) on the items' skill sets; `agreement` (R5)
    on the proposed groups and the approvals recorded since the last submission;
    `roles` (R6) holds one verdict per proposed group, empty when the agency has no
    phase set (`phase` is then None). `planned_hours` is the plan's total.
    """

    fiscal_year: int
    policy: Policy
    phase: str | None
    has_future: bool
    planned_hours: Decimal
    mix: MixVerdict
    horizon: HorizonVerdict
    foundation: FoundationVerdict
    agreement: AgreementVerdict
    roles: tuple[RolesVerdict, ...]

    @property
    def can_submit(self) -> bool:
        """R4 blocks submission; R2 and R3 are targets, shown as guidance only."""
        return self.foundation.ok


def recorded_approvals(revision: PlanRevision) -> list[str]:
    """The R5 approvals given since the revision was last submitted.

    A return and resubmission starts agreement afresh, so older approvals do not count.
    """
    decisions = sorted(revision.decisions, key=lambda d: d.id)
    last_submitted = max((d.id for d in decisions if d.kind == "submitted"), default=None)
    if last_submitted is None:
        return []
    return [APPROVAL_OF_DECISION[d.kind] for d in decisions
            if d.id > last_submitted and d.kind in APPROVAL_OF_DECISION]


def agreement_verdict(revision: PlanRevision) -> AgreementVerdict:
    """R5 on the revision: its proposed groups and the approvals recorded since its last
    submission. Everything that asks whether a second-level approval is needed asks this."""
    return approvals_needed([g.slug for g in revision.target_groups], recorded_approvals(revision))


def agency_phase(person) -> Phase | None:
    """The phase the person's agency has set (R6), or None when it has not set one."""
    agency = person.organisation.agency if person.organisation else None
    return agency.phase if agency else None


def revision_items(revision: PlanRevision) -> list[PlanItem]:
    """The revision's items with their skill set, method and course loaded (a few queries,
    however many items)."""
    if revision.id is None:
        return list(revision.items)
    return db.session.scalars(
        select(PlanItem).where(PlanItem.revision_id == revision.id).order_by(PlanItem.id)
        .options(selectinload(PlanItem.skill_set), selectinload(PlanItem.method),
                 selectinload(PlanItem.course).selectinload(Course.versions))
    ).all()


def _roles(group_slugs: list[str], phase: Phase | None) -> tuple[RolesVerdict, ...]:
    if phase is None or not group_slugs:
        return ()
    phases = ordered(Phase)
    rows = db.session.scalars(
        select(ExpectedRole).options(selectinload(ExpectedRole.target_group),
                                     selectinload(ExpectedRole.phase))
    ).all()
    roles = {(r.target_group.slug, r.phase.slug): Role(r.name_th, r.name_en, r.description_th,
                                                        r.description_en) for r in rows}
    order = [p.slug for p in phases]
    names = {p.slug: (p.name_th, p.name_en) for p in phases}
    return tuple(expected_roles(phase.slug, slug, order, roles, names) for slug in group_slugs)


def _has_next_phase(phase: Phase | None) -> bool:
    if phase is None:
        return True  # unknown phase: keep the future share in view rather than hide it
    later = db.session.scalar(select(Phase.id).where(Phase.position > phase.position).limit(1))
    return later is not None


def foundation_sets(fiscal_year: int) -> dict[str, tuple[str, str]]:
    """R4's foundation skill sets {slug: (Thai, English name)}: those of the framework version
    in force when the fiscal year began, so a past year keeps the sets of its time (the skill
    sets' own flags before any version)."""
    framework_id = framework_id_in_force(fiscal_year_bounds(fiscal_year)[0])
    if framework_id is None:
        rows = db.session.execute(select(SkillSet.slug, SkillSet.name_th, SkillSet.name_en)
                                  .where(SkillSet.is_foundation).order_by(SkillSet.position)).all()
    else:
        rows = db.session.execute(
            select(SkillSet.slug, SkillSetEdition.name_th, SkillSetEdition.name_en).join(SkillSetEdition.skill_set)
            .where(SkillSetEdition.framework_id == framework_id, SkillSetEdition.is_foundation)
            .order_by(SkillSetEdition.position)).all()
    return {slug: (th, en) for slug, th, en in rows}


def plan_verdicts(revision: PlanRevision, items: list[PlanItem] | None = None) -> PlanVerdicts:
    """Judge a plan revision by R2–R6, with the policy in force when its fiscal year began.

    `items` are the revision's items when the caller has loaded them (see revision_items).
    """
    plan = revision.plan
    policy = policy_for(fiscal_year_bounds(plan.fiscal_year)[0])
    items = revision_items(revision) if items is None else items

    hours_by_method: dict[str, Decimal] = defaultdict(Decimal)
    for item in items:
        hours_by_method[item.method.slug] += item.planned_hours
    buckets = dict(db.session.execute(select(LearningMethod.slug, LearningMethod.bucket)).all())
    mix = check_mix(hours_by_method, buckets, policy, bucket_names())

    phase = agency_phase(plan.person)
    has_future = _has_next_phase(phase)
    horizon = check_current_future([(i.horizon, i.planned_hours) for i in items], policy, has_future)

    foundation = check_foundation([i.skill_set.slug for i in items], foundation_sets(plan.fiscal_year),
                                  certified_skill_set_slugs(plan.person, today_in_bangkok()))

    group_slugs = [g.slug for g in revision.target_groups]
    agreement = agreement_verdict(revision)
    return PlanVerdicts(
        fiscal_year=plan.fiscal_year,
        policy=policy,
        phase=phase.slug if phase else None,
        has_future=has_future,
        planned_hours=sum((i.planned_hours for i in items), Decimal(0)),
        mix=mix,
        horizon=horizon,
        foundation=foundation,
        agreement=agreement,
        roles=_roles(group_slugs, phase),
    )
