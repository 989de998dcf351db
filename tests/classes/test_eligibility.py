"""Who may enrol: the HR target group until a plan is agreed, the plan's groups after; and
every refusal says why and links to what fixes it."""

from datetime import timedelta

import pytest
from flask import url_for

from lms.accounts.models import Person
from lms.accounts.people_import import import_people, parse_people_csv
from lms.classes import enrolment as enrolling
from lms.core.csv_import import in_english
from lms.core.dates import format_date
from tests.classes import factories
from tests.development.plan_factories import agreed_plan, group


def refused(course_class, person):
    with pytest.raises(enrolling.EnrolmentRefused) as caught:
        enrolling.enrol(course_class, person)
    return caught.value.refusal


def test_without_any_group_the_refusal_says_so_and_links_to_the_plan(db, world, in_request):
    cls = factories.course_class(world["institute"], target_groups=[group("service")])
    refusal = refused(cls, world["learner"])
    assert refusal.message == ("This class is for the target group Service, and your target group is not set: "
                               "ask your administrator to set it, or propose your group in your development plan.")
    assert (refusal.fix_url, refusal.fix_label) == (url_for("plans.mine"), "Your development plan")
    html = refusal.__html__()
    assert 'href="/plans/"' in html and "Your development plan</a>" in html


def test_before_a_plan_is_agreed_the_hr_group_decides(db, world, in_request):
    service = factories.course_class(world["institute"], target_groups=[group("service")])
    academic = factories.course_class(world["institute"], target_groups=[group("academic")])
    world["learner"].hr_target_group = group("service")
    assert enrolling.enrol(service, world["learner"]).status == "enrolled"
    refusal = refused(academic, world["learner"])
    assert refusal.message.startswith("This class is for the target group Academic; HR records your target "
                                      "group as Service and no plan of yours is agreed yet.")
    assert refusal.fix_url == "/plans/"


def test_once_agreed_the_plans_groups_decide_not_hr(db, world, in_request):
    service = factories.course_class(world["institute"], target_groups=[group("service")])
    academic = factories.course_class(world["institute"], target_groups=[group("academic")])
    world["learner"].hr_target_group = group("service")
    agreed_plan(world["learner"], groups=("academic",))
    assert [g.slug for g in world["learner"].target_groups] == ["academic"]
    assert enrolling.enrol(academic, world["learner"]).status == "enrolled"
    refusal = refused(service, world["learner"])
    assert refusal.message == ("This class is for the target group Service; your plan agreed Academic. "
                               "To take this class, revise your plan.")
    assert (refusal.fix_url, refusal.fix_label) == ("/plans/", "Revise your plan")


def test_window_refusals_name_the_day_and_link_to_the_other_classes(db, world, in_request):
    later = factories.course_class(world["institute"], opens_on=factories.today() + timedelta(days=3),
                                   closes_on=factories.today() + timedelta(days=9))
    refusal = refused(later, world["learner"])
    assert refusal.message == f"Enrolment opens on {format_date(later.enrol_opens_on, 'en')}."
    course_page = f"/courses/{later.version.course_id}"
    assert (refusal.fix_url, refusal.fix_label) == (course_page, "See the other classes of this course")
    over = factories.course_class(world["institute"], opens_on=factories.today() - timedelta(days=9),
                                  closes_on=factories.today() - timedelta(days=2))
    refusal = refused(over, world["learner"])
    assert refusal.message == f"Enrolment closed on {format_date(over.enrol_closes_on, 'en')}."
    assert refusal.fix_url == f"/courses/{over.version.course_id}"


def test_organisation_refusal_links_to_the_other_classes(db, world, in_request):
    cls = factories.course_class(world["institute"], organisations=[world["dept_b"]])
    refusal = refused(cls, world["learner"])
    assert refusal.message.startswith("This class is for people of")
    assert refusal.fix_url == f"/courses/{cls.version.course_id}"


def test_already_enrolled_links_to_my_classes(db, world, in_request):
    cls = factories.course_class(world["institute"])
    factories.enrol(cls, world["learner"])
    refusal = refused(cls, world["learner"])
    assert refusal.message == "You are already enrolled in this class."
    assert refusal.fix_url == "/classes/mine"


def test_the_class_page_and_the_flash_show_the_reason_with_its_link(client, db, world, login_as):
    cls = factories.course_class(world["institute"], target_groups=[group("academic")])
    world["learner"].hr_target_group = group("service")
    db.session.flush()
    login_as("learner")
    page = client.get(f"/classes/{cls.id}").get_data(as_text=True)
    refusal = page.split('id="enrol-refusal">', 1)[1].split("</p>", 1)[0]
    assert "HR records your target group as Service" in refusal
    assert '<a class="alert-link refusal-fix" href="/plans/">Your development plan</a>' in refusal
    flashed = client.post(f"/classes/{cls.id}/enrol", follow_redirects=True).get_data(as_text=True)
    alert = flashed.split('class="alert alert-danger"', 1)[1].split("</div>", 1)[0]
    assert "HR records your target group as Service" in alert and 'href="/plans/"' in alert
    assert enrolling.enrolment_of(cls, world["learner"]) is None


def test_the_hr_import_records_the_target_group_enrolment_goes_by(db, world, in_request):
    parsed = parse_people_csv("email,name_th,organisation_code,target_group\r\n"
                              f"new.officer@example.go.th,เจ้าหน้าที่ใหม่,{world['division'].code},Service\r\n"
                              f"{world['learner'].email},{world['learner'].name_th},{world['division'].code},nope\r\n")
    assert in_english(import_people(parsed.rows).errors[0].reasons)[0].startswith('unknown target_group "nope"')
    result = import_people(parsed.rows[:1])
    assert result.created == 1
    newcomer = db.session.scalar(db.select(Person).where(Person.email == "new.officer@example.go.th"))
    assert newcomer.hr_target_group == group("service")
    cls = factories.course_class(world["institute"], target_groups=[group("service")])
    assert enrolling.enrol(cls, newcomer).status == "enrolled"
