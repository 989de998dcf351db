"""The supervisor's, the institute staff's and the administrator's parts of the home page's
to-do list: counts and links to where each thing is done, and nobody else's things."""

from datetime import UTC, datetime, timedelta

import pytest

from lms.classes import services as class_services
from lms.core.dates import today_in_bangkok
from lms.development import log, plans
from lms.extensions import db
from tests import factories
from tests.catalog.factories import draft_course
from tests.classes.factories import course_class, enrol
from tests.development.plan_factories import group, submitted_plan
from tests.home.todo_page import home_todo


@pytest.fixture
def english(world):
    for person in world.values():
        if hasattr(person, "language"):
            person.language = "en"
    db.session.flush()
    return world


def pending_entry(person):
    return log.create_entry(person, log.EntryData(
        occurred_on=today_in_bangkok(), hours_text="1", method_slug="on-the-job", title="งาน"))


# ---------------------------------------------------------------- supervisor


def test_supervisor_sees_entries_to_verify_plans_to_agree_and_reports_without_a_plan(english, login):
    world = english
    pending_entry(world["learner"])
    pending_entry(world["learner"])
    pending_entry(world["peer"])
    submitted_plan(world["learner"])
    items, html = home_todo(login(world["supervisor"]))
    assert items["entries-to-verify"].count == 3
    assert items["entries-to-verify"].link == "/log/reviews"
    assert items["plans-to-agree"].count == 1
    assert items["plans-to-agree"].link == "/plans/waiting"
    # The peer has no plan for this year; the learner has one (submitted).
    year = plans.open_fiscal_years()[0]
    assert items["reports-without-plan"].count == 1
    assert items["reports-without-plan"].link == "/dashboard/team?sort=plan"
    shown_year = f"{year - 543} (B.E. {year})"
    assert f"without a development plan for fiscal year {shown_year}" in items["reports-without-plan"].text
    assert "second-level" not in items


def test_second_level_approvals_wait_for_the_supervisor_one_level_higher(english, login):
    world = english
    plan = submitted_plan(world["learner"], groups=("service", "academic"))
    items, _html = home_todo(login(world["director"]))
    assert "second-level" not in items  # the immediate supervisor decides first
    plans.agree(plan.current, world["supervisor"], plans.latest_submission(plan.current).id)
    items, _html = home_todo(login(world["director"]))
    assert items["second-level"].count == 1
    assert items["second-level"].link == "/plans/waiting"
    assert "plans-to-agree" not in items  # the supervisor's own plan is not waiting for the director
    items, _html = home_todo(login(world["supervisor"]))
    assert "plans-to-agree" not in items


def test_a_supervisor_never_sees_another_teams_items(english, login):
    world = english
    pending_entry(world["other_learner"])
    submitted_plan(world["other_learner"])
    for person in (world["learner"], world["peer"]):
        submitted_plan(person)
    items, html = home_todo(login(world["supervisor"]))
    assert "entries-to-verify" not in items
    assert items["plans-to-agree"].count == 2
    assert "reports-without-plan" not in items


# ---------------------------------------------------------------- author / institute staff


def _meeting(starts):
    return ("ช่วงเช้า", starts, starts + timedelta(hours=3))


def test_institute_staff_see_classes_starting_soon_with_seats_free(english, login):
    world = english
    now = datetime.now(UTC)
    soon = course_class(world["institute"], capacity=3, name="รุ่นใกล้",
                        meetings=[_meeting(now + timedelta(days=3))])
    enrol(soon, world["learner"])
    full = course_class(world["institute"], capacity=1, name="รุ่นเต็ม", meetings=[_meeting(now + timedelta(days=4))])
    enrol(full, world["peer"])
    course_class(world["institute"], name="รุ่นไกล", meetings=[_meeting(now + timedelta(days=20))])
    course_class(world["other_institute"], name="รุ่นสถาบันอื่น", meetings=[_meeting(now + timedelta(days=2))])
    items, _html = home_todo(login(world["author"]))
    unfilled = items["unfilled-classes"]
    assert unfilled.count == 1
    assert unfilled.link == "/classes/manage"
    assert unfilled.links[1:] == [f"/classes/manage/{soon.id}"]
    assert "1 of 3 seats taken" in unfilled.text
    assert "รุ่นเต็ม" not in unfilled.text and "รุ่นไกล" not in unfilled.text
    assert "รุ่นสถาบันอื่น" not in unfilled.text


def test_institute_staff_see_sessions_begun_without_attendance(english, login):
    world = english
    now = datetime.now(UTC)
    cls = course_class(world["institute"],
                       meetings=[_meeting(now - timedelta(days=1)), _meeting(now + timedelta(days=1))])
    enrol(cls, world["learner"])
    [begun, _coming] = cls.meetings
    other = course_class(world["other_institute"], meetings=[_meeting(now - timedelta(days=1))])
    enrol(other, world["other_learner"])
    items, _html = home_todo(login(world["author"]))
    assert items["attendance"].count == 1
    assert items["attendance"].links[1:] == [f"/classes/manage/{cls.id}/attendance?meeting_id={begun.id}"]

    [seat] = class_services.roster(cls)["seated"]
    author = world["author"]
    db.session.expire(author)  # as after a commit: reading its id must not flush a half-made row
    class_services.record_attendance(begun, author, {seat.id: True})
    items, _html = home_todo(login(world["author"]))
    assert "attendance" not in items


def test_institute_staff_see_drafts_publishing_would_refuse(english, login):
    world = english
    refused = draft_course(world["institute"], code="LECTURE-ONLY", sessions=[("lecture", 240)])
    draft_course(world["institute"], code="READY")
    draft_course(world["other_institute"], code="OTHER-DRAFT", sessions=[("lecture", 240)])
    items, _html = home_todo(login(world["author"]))
    drafts = items["refused-drafts"]
    assert drafts.count == 1
    assert drafts.link == "/author/"
    assert drafts.links[1:] == [f"/author/courses/{refused.id}"]
    assert "LECTURE-ONLY" in drafts.text and "OTHER-DRAFT" not in drafts.text


# ---------------------------------------------------------------- administrator


def test_agency_admin_sees_people_in_reach_without_supervisor_or_target_group(english, login):
    world = english
    world["supervisor"].target_groups = [group("management")]
    db.session.flush()
    items, html = home_todo(login(world["agency_admin"]))
    # Department A: the director, the author and the administrator have no supervisor;
    # everyone there but the supervisor lacks a target group. Department B is out of reach.
    no_supervisor = items["without-supervisor"]
    assert no_supervisor.count == 3
    assert no_supervisor.link == "/admin/people"
    assert f"/admin/people/{world['director'].id}" in no_supervisor.links
    assert items["without-target-group"].count == 5
    assert f"/admin/people/{world['supervisor'].id}" not in items["without-target-group"].links
    for outsider in ("other_supervisor", "other_learner", "site_admin"):
        assert world[outsider].name_en not in html.split('id="todo-admin"')[1].split("</section>")[0]


def test_an_admin_gives_a_newcomer_an_hr_target_group_and_the_item_goes(english, login, client):
    world = english
    newcomer = factories.person(world["division"], world["supervisor"], name_en="New Comer")
    items, _html = home_todo(login(world["agency_admin"]))
    before = items["without-target-group"].count
    assert f"/admin/people/{newcomer.id}" in items["without-target-group"].links
    form = client.get(f"/admin/people/{newcomer.id}").get_data(as_text=True)
    assert 'name="hr_target_group_id"' in form
    service = group("service")
    client.post(f"/admin/people/{newcomer.id}", data={
        "email": newcomer.email, "name_th": newcomer.name_th, "name_en": newcomer.name_en,
        "position": "", "organisation_id": world["division"].id, "supervisor_email": world["supervisor"].email,
        "hr_target_group_id": service.id, "language": "en", "is_active": "y", "institute_id": 0,
        "admin_of_id": 0})
    assert newcomer.hr_target_group_id == service.id
    assert home_todo(login(world["agency_admin"]))[0]["without-target-group"].count == before - 1


def test_site_admin_sees_everyone(english, login):
    world = english
    everyone = [p for p in world.values() if hasattr(p, "supervisor_id")]
    items, _html = home_todo(login(world["site_admin"]))
    assert items["without-supervisor"].count == sum(1 for p in everyone if p.supervisor_id is None)
    assert items["without-target-group"].count == len(everyone)
    assert "and 4 more" in items["without-target-group"].text


def test_site_admins_see_hr_imports_refused_lately(english, login, app, tmp_path):
    world = english
    assert "refused-imports" not in home_todo(login(world["site_admin"]))[0]
    bad = tmp_path / "people.csv"
    bad.write_text("email,name_th\nnot-an-email,\n", encoding="utf-8")
    assert app.test_cli_runner().invoke(args=["lms", "people", "import", str(bad)]).exit_code == 1

    items, _html = home_todo(login(world["site_admin"]))
    refused = items["refused-imports"]
    assert refused.count == 1
    assert refused.link == "/admin/audit/?kind=import.refused"
    assert "refused-imports" not in home_todo(login(world["agency_admin"]))[0]  # run for the whole site


def test_a_person_with_several_roles_sees_every_section(english, login):
    world = english
    boss = world["supervisor"]
    boss.institute = world["institute"]
    boss.admin_of = world["division"]
    db.session.flush()
    pending_entry(world["learner"])
    draft_course(world["institute"], sessions=[("lecture", 240)])
    items, html = home_todo(login(boss))
    for section in ("todo-learner", "todo-supervisor", "todo-author", "todo-admin"):
        assert f'id="{section}"' in html
    assert {"plan", "entries-to-verify", "refused-drafts", "without-target-group"} <= set(items)
    assert "Nothing waits for you." not in html
