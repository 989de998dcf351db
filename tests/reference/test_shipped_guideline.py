"""The guideline shipped with the code (lms/reference/guideline.json) is what migration 0002
seeds: the migration may not import lms, so the two copies are compared here."""

from datetime import date

from sqlalchemy import select

from lms.reference.guideline import (
    POLICY_FIGURES,
    shipped_guideline,
    shipped_policies,
    shipped_session_method_kinds,
    shipped_slugs,
)
from lms.reference.models import LearningMethod, Phase, PolicyVersion, SessionMethod, SkillSet, TargetGroup
from lms.reference.services import as_policy, guideline_in_database, ordered, policy_for

NAMES = ("slug", "position", "name_th", "name_en")


def _rows(model, *columns):
    return [{column: getattr(row, column) for column in columns} for row in ordered(model)]


def test_vocabulary_equals_the_seeded_database(db):
    shipped = shipped_guideline()
    assert shipped["target_groups"] == _rows(TargetGroup, *NAMES)
    assert shipped["phases"] == _rows(Phase, *NAMES)
    assert shipped["learning_methods"] == _rows(LearningMethod, *NAMES, "bucket")
    assert shipped["session_methods"] == _rows(SessionMethod, *NAMES, "kind")
    assert shipped["skill_sets"] == [
        {"slug": s.slug, "position": s.position, "dimension": s.dimension.number,
         "is_foundation": s.is_foundation, "name_th": s.name_th, "name_en": s.name_en}
        for s in ordered(SkillSet)
    ]


def test_policy_versions_equal_the_seeded_database(db):
    rows = db.session.scalars(select(PolicyVersion).order_by(PolicyVersion.effective_on)).all()
    columns = ("version", "title_th", "title_en", *POLICY_FIGURES)
    assert shipped_guideline()["policy_versions"] == [
        {column: getattr(row, column) for column in columns} | {"effective_on": row.effective_on.isoformat()}
        for row in rows
    ]
    assert shipped_policies() == [as_policy(row) for row in rows]


def test_the_accessors_read_the_file():
    assert shipped_slugs("phases") == {"early", "develop", "maturity"}
    assert shipped_session_method_kinds()["lecture"] == "lecture"
    assert set(shipped_session_method_kinds().values()) == {"lecture", "active"}
    [policy] = shipped_policies()
    assert policy.version == "ocsc-2561" and policy.effective_on == date(2017, 10, 1)


def test_a_migrated_database_is_used(db):
    assert guideline_in_database()
    db.session.add(PolicyVersion(version="test-2570", effective_on=date(2026, 10, 1),
                                 lecture_max_percent=40, experiential_percent=70, social_percent=20,
                                 formal_percent=10, mix_tolerance_points=5, current_percent=70,
                                 future_percent=30))
    db.session.flush()
    assert policy_for(date(2026, 10, 1)).lecture_max_percent == 40
    assert policy_for(date(2026, 9, 30)).version == "ocsc-2561"
