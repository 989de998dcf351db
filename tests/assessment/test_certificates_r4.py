"""R4 (every plan includes the foundation skill sets) is also satisfied by a current certified
level in that set."""

from datetime import timedelta

from lms.assessment.certificates.services import revoke_certificate
from lms.core.dates import today_in_bangkok
from lms.development.plan_rules import plan_verdicts
from lms.rules import check_foundation
from tests.assessment.certificate_factories import level_certificate
from tests.development.plan_factories import draft_plan

FOUNDATION = {
    "digital-literacy": ("ทักษะการรู้ดิจิทัล", "Digital Literacy Skill Set"),
    "digital-governance": ("ทักษะด้านกฎหมาย ธรรมาภิบาล และมาตรฐานดิจิทัล",
                           "Digital Governance, Standard and Compliance Skill Set"),
}
ONLY_LITERACY = (("digital-literacy", "self-learning", 12, "current"),)


def test_the_pure_rule_counts_a_certified_foundation_set_as_covered():
    verdict = check_foundation(["digital-literacy"], FOUNDATION, certified_skill_sets=["digital-governance"])
    assert verdict.ok and verdict.missing == () and verdict.certified == ("digital-governance",)
    assert "certified level held: Digital Governance" in verdict.message_en
    assert "รับรองแล้ว" in verdict.message_th
    # certified in a set that is not foundation changes nothing
    other = check_foundation(["digital-literacy"], FOUNDATION, certified_skill_sets=["digital-technology"])
    assert not other.ok and other.missing == ("digital-governance",) and other.certified == ()
    # planned and certified: planned wins, nothing to mention
    both = check_foundation(["digital-literacy", "digital-governance"], FOUNDATION, ["digital-governance"])
    assert both.ok and both.certified == ()


def test_a_plan_without_a_foundation_set_passes_r4_when_the_person_holds_a_certified_level(world, db):
    learner = world["learner"]
    plan = draft_plan(learner, items=ONLY_LITERACY)
    assert plan_verdicts(plan.current).foundation.missing == ("digital-governance",)

    level_certificate(learner, "digital-governance", 2)
    verdict = plan_verdicts(plan.current).foundation
    assert verdict.ok and verdict.missing == () and verdict.certified == ("digital-governance",)


def test_a_revoked_or_expired_certified_level_does_not_count(world, db):
    learner, today = world["learner"], today_in_bangkok()
    plan = draft_plan(learner, items=ONLY_LITERACY)
    level_certificate(learner, "digital-governance", 1, certified_on=today - timedelta(days=1200),
                      expires_on=today - timedelta(days=1))
    revoked = level_certificate(learner, "digital-governance", 3)
    revoke_certificate(revoked, "ผลสอบถูกยกเลิก", world["site_admin"])
    assert plan_verdicts(plan.current).foundation.missing == ("digital-governance",)


def test_someone_elses_certified_level_does_not_count(world, db):
    plan = draft_plan(world["learner"], items=ONLY_LITERACY)
    level_certificate(world["peer"], "digital-governance", 2)
    assert not plan_verdicts(plan.current).foundation.ok


def test_the_dashboard_counts_a_certified_foundation_set_as_covered(world, db):
    from lms.core.dates import fiscal_year_of
    from lms.development.dashboard import learner_dashboard

    learner = world["learner"]
    fiscal_year = fiscal_year_of(today_in_bangkok())
    assert set(learner_dashboard(learner, fiscal_year).foundation_missing) == {"digital-literacy",
                                                                            "digital-governance"}
    level_certificate(learner, "digital-governance", 2)
    assert learner_dashboard(learner, fiscal_year).foundation_missing == ("digital-literacy",)
