"""The Publish button says no before the server does, and R1's own fix is one click away."""

from dataclasses import replace
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from lms.catalog import authoring
from lms.catalog.coursefile import Session
from lms.core.dates import today_in_bangkok
from lms.reference.models import SessionMethod
from lms.reference.services import policy_for
from tests.catalog.authoring_helpers import course_by_code
from tests.catalog.factories import draft_course, published_course

LECTURE_HEAVY = [("lecture", 140), ("learning-by-doing", 60)]  # 70 %: R1's fix is 34 minutes
R1_REASON = "Lecture is 70% of the plan, above the 60% limit — add at least 34 minutes of active learning"
FIX_LABEL = "Add an active-learning session of 34 minutes"


@pytest.fixture
def author(world, login_as, db):
    world["author"].language = "en"
    db.session.flush()
    return login_as("author")


class Buttons(HTMLParser):
    """Every <button>: the action of its form, its attributes and its text, as a browser sees them."""

    def __init__(self):
        super().__init__()
        self.found, self._action, self._open = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self._action = dict(attrs).get("action")
        elif tag == "button":
            self._open = {"action": self._action, "attrs": dict(attrs), "text": ""}

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag):
        if tag == "button" and self._open is not None:
            self._open["text"] = self._open["text"].strip()
            self.found.append(self._open)
            self._open = None


def buttons(html: str, action: str) -> list[dict]:
    parser = Buttons()
    parser.feed(html)
    return [button for button in parser.found if button["action"] == action]


def page_of(client, course) -> str:
    response = client.get(f"/author/courses/{course.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_publish_is_disabled_with_the_reason_beside_it_while_r1_fails(client, world, author, db):
    course = draft_course(world["institute"], code="T-OFF-1", sessions=LECTURE_HEAVY)
    html = page_of(client, course)
    [publish] = buttons(html, f"/author/courses/{course.id}/publish")
    assert publish["text"] == "Publish" and "disabled" in publish["attrs"]
    assert publish["attrs"]["aria-describedby"] == "publish-problems"
    reasons = html.split('id="publish-problems"', 1)[1].split("</div>", 1)[0]
    assert R1_REASON in reasons


def test_publish_is_enabled_when_the_rules_pass(client, world, author, db):
    course = draft_course(world["institute"], code="T-ON-1", sessions=[("lecture", 60), ("discussion", 60)])
    html = page_of(client, course)
    [publish] = buttons(html, f"/author/courses/{course.id}/publish")
    assert "disabled" not in publish["attrs"]
    assert 'id="publish-problems"' not in html
    assert buttons(html, f"/author/courses/{course.id}/add-active-session") == []  # nothing to fix


def test_a_forged_publish_is_refused_with_the_same_reason(client, world, author, db):
    course = draft_course(world["institute"], code="T-FORGE-1", sessions=LECTURE_HEAVY)
    response = client.post(f"/author/courses/{course.id}/publish", follow_redirects=True)
    assert "Not published: " + R1_REASON in response.get_data(as_text=True)
    assert course_by_code(db, "T-FORGE-1").published is None


def test_the_fix_adds_r1s_session_and_the_draft_then_passes(client, world, author, db):
    course = draft_course(world["institute"], code="T-FIX-1", sessions=LECTURE_HEAVY, credit_hours="3.33")
    [fix] = buttons(page_of(client, course), f"/author/courses/{course.id}/add-active-session")
    assert fix["text"] == FIX_LABEL

    response = client.post(f"/author/courses/{course.id}/add-active-session")
    assert response.status_code == 302 and response.location.endswith(f"/author/courses/{course.id}/edit")

    course = course_by_code(db, "T-FIX-1")
    first_active = db.session.scalar(select(SessionMethod).where(SessionMethod.kind == "active")
                                     .order_by(SessionMethod.position))
    added = course.draft.sessions[-1]
    assert (added.position, added.method.slug, added.minutes) == (3, first_active.slug, 34)
    assert [v.number for v in course.versions] == [1]  # the same draft, not a new version
    assert course.draft.credit_hours == Decimal("3.9")  # 234 minutes: the credit followed the plan
    assert authoring.publish_problems(course.draft, policy_for(today_in_bangkok())) == []

    editor = client.get(response.location).get_data(as_text=True)
    assert 'data-verdict="ok"' in editor and "within the 60% limit" in editor
    assert "34 minutes of active learning" in editor  # the flash says what was added
    [publish] = buttons(page_of(client, course), f"/author/courses/{course.id}/publish")
    assert "disabled" not in publish["attrs"]


def test_a_credit_that_differed_keeps_its_hours_and_reason(client, world, author, db):
    course = draft_course(world["institute"], code="T-FIX-2", sessions=LECTURE_HEAVY, credit_hours=12)
    authoring.save_draft(course.draft, None, replace(authoring.version_content(course.draft),
                                                     credit_reason="Online study"))
    client.post(f"/author/courses/{course.id}/add-active-session")
    draft = course_by_code(db, "T-FIX-2").draft
    assert draft.credit_hours == 12 and draft.credit_reason == "Online study"


def test_fixing_a_published_course_edits_its_next_draft(client, world, author, db):
    course = published_course(world["institute"], code="T-FIX-3", sessions=[("lecture", 60), ("discussion", 60)])
    # The author's draft fails R1 (as a later policy might judge the published plan).
    heavy = (Session("Talk", "lecture", 140), Session("Do", "discussion", 60))
    authoring.save_draft(authoring.editable_version(course, None), None,
                         replace(authoring.version_content(course.published), sessions=heavy))
    client.post(f"/author/courses/{course.id}/add-active-session")
    course = course_by_code(db, "T-FIX-3")
    assert [(v.number, v.status) for v in course.versions] == [(1, "published"), (2, "draft")]
    assert [s.minutes for s in course.draft.sessions] == [140, 60, 34]
    assert [s.minutes for s in course.published.sessions] == [60, 60]  # what learners see is untouched


def test_a_passing_plan_has_nothing_to_fix(client, world, author, db):
    course = draft_course(world["institute"], code="T-FIX-4", sessions=[("lecture", 60), ("discussion", 60)])
    response = client.post(f"/author/courses/{course.id}/add-active-session", follow_redirects=True)
    assert "needs no active-learning session" in response.get_data(as_text=True)
    assert len(course_by_code(db, "T-FIX-4").draft.sessions) == 2


@pytest.mark.parametrize("role", ["learner", "other_supervisor", "site_admin"])
def test_only_the_courses_authors_may_fix_it(client, world, login_as, db, role):
    course = draft_course(world["institute"], code="T-FIX-5", sessions=LECTURE_HEAVY)
    login_as(role)
    assert client.post(f"/author/courses/{course.id}/add-active-session").status_code == 404
    assert len(course_by_code(db, "T-FIX-5").draft.sessions) == 2


def test_another_institutes_author_may_not_fix_it(client, world, author, db):
    course = draft_course(world["other_institute"], code="T-FIX-6", sessions=LECTURE_HEAVY)
    assert client.post(f"/author/courses/{course.id}/add-active-session").status_code == 404
    assert len(course_by_code(db, "T-FIX-6").draft.sessions) == 2


def test_the_fix_needs_a_csrf_token(client, world, author, db, csrf):
    course = draft_course(world["institute"], code="T-FIX-7", sessions=LECTURE_HEAVY)
    assert client.post(f"/author/courses/{course.id}/add-active-session").status_code == 400
    assert len(course_by_code(db, "T-FIX-7").draft.sessions) == 2
    assert client.get(f"/author/courses/{course.id}/add-active-session").status_code == 405
