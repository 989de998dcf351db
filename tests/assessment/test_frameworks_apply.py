"""Effective dates take effect: the version in force is copied onto the skill-set rows, sets
it leaves out are retired (no longer offered for new tags, kept on old ones), the sums follow
a change of foundation sets, and R4 judges a year by the version in force when it began."""

from datetime import date, timedelta

from sqlalchemy import select

from lms.assessment.frameworks.apply import apply_framework_in_force
from lms.assessment.frameworks.models import SkillFramework
from lms.core.dates import today_in_bangkok
from lms.core.models import AuditEvent
from lms.development.plan_rules import foundation_sets, plan_verdicts
from lms.extensions import db
from lms.notifications import scheduler
from lms.reference.cache import reference_data
from lms.reference.models import SkillSet
from tests.assessment.framework_factories import framework_with_levels
from tests.catalog.factories import published_course
from tests.development.plan_factories import NO_FOUNDATION_ITEMS, draft_plan
from tests.records.helpers import record, totals


def _set(slug) -> SkillSet:
    return db.session.scalar(select(SkillSet).where(SkillSet.slug == slug).execution_options(populate_existing=True))


def _version_2566(effective_on=date(2023, 10, 1)) -> SkillFramework:
    """Like the seeded sets, but literacy renamed, leadership left out, and technology the
    only foundation set."""
    framework = framework_with_levels(version_label="2566", effective_on=effective_on, required={})
    for edition in list(framework.editions):
        slug = edition.skill_set.slug
        if slug == "digital-leadership":
            framework.editions.remove(edition)
        edition.is_foundation = slug == "digital-technology"
        if slug == "digital-literacy":
            edition.name_th, edition.name_en = "ทักษะการรู้ดิจิทัล (ฉบับ 2566)", "Digital literacy (2566)"
    db.session.flush()
    return framework


def test_apply_renames_retires_and_is_idempotent(db, world):
    _version_2566()
    today = today_in_bangkok()
    result = apply_framework_in_force(today)
    assert result.version_label == "2566"
    assert result.retired == ["digital-leadership"] and "digital-literacy" in result.changed
    literacy, leadership = _set("digital-literacy"), _set("digital-leadership")
    assert literacy.name_th == "ทักษะการรู้ดิจิทัล (ฉบับ 2566)" and literacy.retired_on is None
    assert leadership.retired_on == today and leadership.name_th  # the row stays
    assert _set("digital-technology").is_foundation and not literacy.is_foundation
    names = {s.slug: s.name_th for s in reference_data().skill_sets}
    assert names["digital-literacy"] == "ทักษะการรู้ดิจิทัล (ฉบับ 2566)"  # the cached reference data follows
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.kind == "skill_framework.applied")) is not None

    again = apply_framework_in_force(today + timedelta(days=1))
    assert not again.changed_anything
    assert _set("digital-leadership").retired_on == today


def test_a_scheduled_version_changes_nothing_until_its_day(db, world):
    day = today_in_bangkok() + timedelta(days=10)
    _version_2566(effective_on=day)
    assert not apply_framework_in_force(today_in_bangkok()).changed_anything
    assert _set("digital-leadership").retired_on is None
    assert apply_framework_in_force(day).retired == ["digital-leadership"]


def test_the_name_shows_in_the_catalogue_and_a_retired_set_is_not_offered(client, world, login, db):
    old_course = published_course(world["institute"], skill_sets=("digital-leadership",))
    _version_2566()
    apply_framework_in_force(today_in_bangkok())
    login(world["author"])
    page = client.get("/author/courses/new").get_data(as_text=True)
    assert 'value="digital-leadership"' not in page
    assert "ทักษะการรู้ดิจิทัล (ฉบับ 2566)" in page
    # An old course keeps its tag, and its edit form still shows it.
    page = client.get(f"/author/courses/{old_course.id}/edit").get_data(as_text=True)
    assert 'value="digital-leadership"' in page
    assert [s.slug for s in old_course.latest.skill_sets] == ["digital-leadership"]
    page = client.get("/courses/").get_data(as_text=True)
    assert 'value="digital-leadership"' not in page and 'value="digital-literacy"' in page


def test_the_log_and_plan_forms_do_not_offer_a_retired_set(client, world, login, db):
    leadership_id = _set("digital-leadership").id
    _version_2566()
    apply_framework_in_force(today_in_bangkok())
    login(world["learner"])
    page = client.get("/log/new").get_data(as_text=True)
    assert f'value="{leadership_id}"' not in page


def test_a_change_of_foundation_sets_rebuilds_the_sums(db, world):
    learner = world["learner"]
    record(learner, skill_sets=["digital-literacy", "digital-governance"])
    [(_hours, verified_before, _counted)] = totals(learner).values()
    assert verified_before == 2  # both were foundation sets
    _version_2566()
    result = apply_framework_in_force(today_in_bangkok())
    assert result.foundation_changed
    [(_hours, verified_after, _counted)] = totals(learner).values()
    assert verified_after == 0  # only digital-technology is a foundation set now
    record(learner, skill_sets=["digital-technology"], on=date(2026, 11, 16))
    [(_hours, verified, _counted)] = totals(learner).values()
    assert verified == 1  # and the triggers count it from now on


def test_r4_uses_the_foundation_sets_of_the_version_in_force_when_the_year_began(db, world):
    _version_2566()  # from 1 Oct 2023, the start of FY 2567
    assert set(foundation_sets(2566)) == {"digital-literacy", "digital-governance"}
    assert set(foundation_sets(2567)) == {"digital-technology"}
    assert foundation_sets(2567)["digital-technology"][0]  # the version's Thai name
    plan = draft_plan(world["learner"], items=NO_FOUNDATION_ITEMS)  # digital-technology only
    assert plan_verdicts(plan.current).foundation.ok


def test_the_scheduler_applies_the_framework_daily_and_at_start(app, db):
    built = scheduler.build_scheduler(app)
    job = built.get_job(scheduler.FRAMEWORK_JOB)
    assert str(job.trigger) == "cron[hour='0', minute='5']"
    assert job.next_run_time is not None


def test_a_retired_foundation_set_is_no_longer_a_foundation_set(db, world):
    framework = _version_2566()
    governance = next(e for e in framework.editions if e.skill_set.slug == "digital-governance")
    framework.editions.remove(governance)
    db.session.flush()
    assert _set("digital-governance").is_foundation
    result = apply_framework_in_force(today_in_bangkok())
    assert "digital-governance" in result.retired and result.foundation_changed
    assert not _set("digital-governance").is_foundation
    assert [s.slug for s in reference_data().skill_sets if s.is_foundation] == ["digital-technology"]
