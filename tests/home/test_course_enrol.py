"""The course page's Enrol button: for the next open class, posting to the enrol route with
its CSRF token; or why the learner cannot enrol, with the link that fixes it."""

import re
from datetime import timedelta

import pytest

from lms.classes import enrolment as enrolling
from lms.core.dates import format_date
from tests.classes.factories import course_class, today
from tests.development.plan_factories import group


@pytest.fixture
def learner(world, db, login):
    world["learner"].language = "en"
    db.session.flush()
    login(world["learner"])
    return world["learner"]


def offer(client, course_id) -> str:
    page = client.get(f"/courses/{course_id}").get_data(as_text=True)
    return page.split('id="enrol-offer"', 1)[1].split("</section>", 1)[0]


def test_the_enrol_button_posts_with_its_token_and_enrols(client, db, world, learner, csrf):
    cls = course_class(world["institute"])
    card = offer(client, cls.version.course_id)
    assert cls.name in card
    form = re.search(r'<form method="post" action="([^"]+)" id="enrol-form">\s*'
                     r'<input type="hidden" name="csrf_token" value="([^"]+)">\s*<button[^>]*>Enrol</button>', card)
    assert form.group(1) == f"/classes/{cls.id}/enrol"
    response = client.post(form.group(1), data={"csrf_token": form.group(2)}, follow_redirects=True)
    assert "You are enrolled." in response.get_data(as_text=True)
    assert enrolling.enrolment_of(cls, learner).status == "enrolled"
    assert "Enrolled" in offer(client, cls.version.course_id)  # the card now says where they are


def test_the_button_is_for_the_first_class_the_learner_may_take(client, db, world, learner):
    theirs = course_class(world["institute"], organisations=[world["dept_b"]], closes_on=today() + timedelta(days=2))
    version = theirs.version
    ours = course_class(world["institute"], version=version, closes_on=today() + timedelta(days=5))
    card = offer(client, version.course_id)
    assert f'action="/classes/{ours.id}/enrol"' in card and f"/classes/{theirs.id}/enrol" not in card


def test_a_full_class_offers_the_waiting_list(client, db, world, learner):
    cls = course_class(world["institute"], capacity=1)
    enrolling.enrol(cls, world["peer"])
    assert "Join the waiting list</button>" in offer(client, cls.version.course_id)


def test_a_refusal_shows_why_and_its_fix_link_instead(client, db, world, learner):
    cls = course_class(world["institute"], target_groups=[group("academic")])
    card = offer(client, cls.version.course_id)
    assert "enrol-form" not in card
    assert "your target group is not set: ask your administrator" in card
    assert '<a class="refusal-fix" href="/plans/">Your development plan</a>' in card


def test_a_class_not_yet_open_says_when_it_opens(client, db, world, learner):
    cls = course_class(world["institute"], opens_on=today() + timedelta(days=4), closes_on=today() + timedelta(days=9))
    card = offer(client, cls.version.course_id)
    assert f"Enrolment opens on {format_date(cls.enrol_opens_on, 'en')}." in card
    assert "enrol-form" not in card and "refusal-fix" not in card  # the fix link would be this very page
