"""Plan factories for tests: real plans built through the plan services, flushed, never committed.

    from tests.development.plan_factories import agreed_plan, item
    plan = agreed_plan(world["learner"], groups=("service",))
    plan.current.status      # "agreed"

Items are (skill-set slug, method slug, hours, horizon) tuples; BALANCED_ITEMS meets
R2, R3 and R4; NO_FOUNDATION_ITEMS fails R4.
"""

from decimal import Decimal

from sqlalchemy import select

from lms.development import plans
from lms.development.plan_rules import plan_verdicts
from lms.extensions import db
from lms.reference.models import LearningMethod, SkillSet, TargetGroup

# 70:20:10 and 70:30 exactly, with both foundation skill sets.
BALANCED_ITEMS = (
    ("digital-literacy", "self-learning", 40, "current"),
    ("digital-governance", "on-the-job", 30, "future"),
    ("digital-technology", "coaching", 20, "current"),
    ("digital-leadership", "training", 10, "current"),
)
NO_FOUNDATION_ITEMS = (("digital-technology", "training", 12, "current"),)


def by_slug(model, slug):
    row = db.session.scalar(select(model).where(model.slug == slug))
    assert row is not None, f"no {model.__name__} {slug!r}"
    return row


def group(slug: str) -> TargetGroup:
    return by_slug(TargetGroup, slug)


def skill_set(slug: str) -> SkillSet:
    return by_slug(SkillSet, slug)


def method(slug: str) -> LearningMethod:
    return by_slug(LearningMethod, slug)


def item_data(skill="digital-literacy", how="self-learning", hours=10, horizon="current",
              course_code="", note="") -> dict:
    """Item form data as the services take it (ids, a Decimal)."""
    return {"skill_set_id": skill_set(skill).id, "learning_method_id": method(how).id,
            "planned_hours": Decimal(str(hours)), "horizon": horizon, "course_code": course_code,
            "note": note}


def item_form(skill="digital-literacy", how="self-learning", hours=10, horizon="current",
              course_code="", note="") -> dict:
    """Item data as a browser posts it."""
    return {"skill_set_id": str(skill_set(skill).id), "learning_method_id": str(method(how).id),
            "planned_hours": str(hours), "horizon": horizon, "course_code": course_code, "note": note}


def draft_plan(person, fiscal_year=None, groups=("service",), items=BALANCED_ITEMS):
    """A draft plan (revision 1) proposing `groups`, with `items`."""
    plan = plans.start_plan(person, fiscal_year or plans.open_fiscal_years()[0])
    revision = plan.current
    plans.set_groups(revision, person, [group(slug).id for slug in groups])
    for skill, how, hours, horizon in items:
        plans.save_item(revision, person, item_data(skill, how, hours, horizon))
    return plan


def submit(plan):
    """Submit the plan's newest revision as its owner."""
    revision = plan.current
    plans.submit(revision, plan.person, plan_verdicts(revision), "en")
    return plan


def submitted_plan(person, **kwargs):
    return submit(draft_plan(person, **kwargs))


def agreed_plan(person, **kwargs):
    """A plan agreed by every approver R5 requires (the chain must have them)."""
    plan = submitted_plan(person, **kwargs)
    revision = plan.current
    submission = plans.latest_submission(revision).id
    supervisor, second_level = plans.approvers(person)
    plans.agree(revision, supervisor, submission)
    if revision.status != "agreed":
        plans.agree(revision, second_level, submission)
    assert revision.status == "agreed"
    return plan


def switch_to(client, login, person):
    """Log out whoever is logged in, then log `person` in (the login page skips a logged-in person)."""
    client.post("/logout")
    return login(person)
