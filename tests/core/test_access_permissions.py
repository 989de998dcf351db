"""What each permission answers, stated as a person would state it, one table per kind of
object. The route walk judges every page by access.can itself, so it cannot notice a wrong
answer; these tables can. (A hand mutation of each permission in core/access.py showed
which ones no test pinned: mutmut leaves the permission tables alone, as they are module-level
lambdas, not functions.)"""

from types import SimpleNamespace

import pytest
from flask_login import login_user
from sqlalchemy import event
from sqlalchemy.orm import selectinload

from lms.accounts.models import Person
from lms.core import access
from lms.development.models import DevelopmentPlan
from tests import factories
from tests.development.plan_factories import draft_plan

ROLES = ["learner", "peer", "supervisor", "director", "other_supervisor", "author", "agency_admin", "site_admin"]


@pytest.mark.parametrize("role", ROLES)
def test_everyone_signed_in_is_signed_in(world, role):
    assert access.can(world[role], "signed_in") is True


@pytest.mark.parametrize(("role", "may"), [
    ("learner", False), ("supervisor", False), ("author", False), ("agency_admin", True), ("site_admin", True)])
def test_the_audit_trail_is_for_administrators(world, role, may):
    assert access.can(world[role], "view_audit") is may


@pytest.fixture
def other_author(world):
    return factories.person(world["dept_b"], email="b.author@example.go.th", institute=world["other_institute"])


def _course(institute, published=True):
    return SimpleNamespace(institute_id=institute.id, published=object() if published else None)


def test_an_author_edits_and_runs_only_their_institutes_courses_and_classes(world, other_author):
    ours, theirs = world["institute"], world["other_institute"]
    for permission in ("edit_course", "manage_class"):
        assert access.can(world["author"], permission, _course(ours)) is True
        assert access.can(world["author"], permission, _course(theirs)) is False
        assert access.can(other_author, permission, _course(ours)) is False
        assert access.can(world["learner"], permission, _course(ours)) is False


@pytest.mark.parametrize(("role", "published", "draft_of_another_institute"), [
    ("learner", True, False), ("author", True, False), ("other_author", True, True), ("site_admin", True, True)])
def test_a_draft_course_is_seen_only_by_its_institute_and_site_admins(world, other_author, role,
                                                                      published, draft_of_another_institute):
    person = other_author if role == "other_author" else world[role]
    assert access.can(person, "view_course", _course(world["other_institute"])) is published
    draft = _course(world["other_institute"], published=False)
    assert access.can(person, "view_course", draft) is draft_of_another_institute


@pytest.mark.parametrize(("role", "open_class", "cancelled_class"), [
    ("learner", True, False), ("author", True, True), ("other_author", True, False), ("site_admin", True, True)])
def test_a_cancelled_class_is_seen_only_by_its_institute_and_site_admins(world, other_author, role,
                                                                         open_class, cancelled_class):
    person = other_author if role == "other_author" else world[role]
    def course_class(cancelled):
        return SimpleNamespace(institute_id=world["institute"].id, is_cancelled=cancelled)

    assert access.can(person, "view_class", course_class(cancelled=False)) is open_class
    assert access.can(person, "view_class", course_class(cancelled=True)) is cancelled_class


@pytest.mark.parametrize(("role", "may"), [
    ("learner", False),  # nobody reviews their own development
    ("supervisor", True), ("director", True), ("peer", False), ("other_supervisor", False)])
def test_development_is_reviewed_from_above_never_by_oneself(world, role, may):
    assert access.can(world[role], "review_development", world["learner"]) is may


def test_a_coach_still_sees_a_session_after_the_coached_person_moved_elsewhere(world, db):
    learner, coach = world["learner"], world["supervisor"]
    session = SimpleNamespace(coach_id=coach.id, attendees=[
        SimpleNamespace(person=learner, person_id=learner.id, acknowledged_at=None)])
    learner.supervisor = world["other_supervisor"]  # a reorganisation
    db.session.flush()
    assert access.can(coach, "view_coaching_session", session) is True
    assert access.can(world["director"], "view_coaching_session", session) is False  # no longer above


def test_one_acknowledgement_among_several_keeps_a_session(world):
    coach = world["supervisor"]
    session = SimpleNamespace(coach_id=coach.id, attendees=[
        SimpleNamespace(person=world["learner"], person_id=world["learner"].id, acknowledged_at="yesterday"),
        SimpleNamespace(person=world["peer"], person_id=world["peer"].id, acknowledged_at=None)])
    assert access.can(coach, "delete_coaching_session", session) is False


def test_only_its_own_person_ends_a_signed_in_browser(world):
    browser = SimpleNamespace(person_id=world["learner"].id)
    assert access.can(world["learner"], "end_session", browser) is True
    for role in ("supervisor", "site_admin"):
        assert access.can(world[role], "end_session", browser) is False


def test_an_object_is_loaded_with_the_eager_loading_its_view_asks_for(app, world, db):
    """The plan page passes its eager loads through visible_or_404, so its revisions arrive
    with the plan instead of one query each (no N+1)."""
    plan_id = draft_plan(world["learner"]).id
    learner_id = world["learner"].id
    statements = []

    def note(_conn, _cursor, statement, *_args):
        statements.append(statement)

    def revisions_read(options):
        db.session.expunge_all()  # the page's request starts with nothing loaded
        with app.test_request_context("/plans"):
            login_user(db.session.get(Person, learner_id))
            event.listen(db.engine, "before_cursor_execute", note)
            try:
                plan = access.visible_or_404(DevelopmentPlan, plan_id, "view_plan", options=options)
                statements.clear()
                assert [revision.number for revision in plan.revisions] == [1]
            finally:
                event.remove(db.engine, "before_cursor_execute", note)
        return len(statements)

    assert revisions_read([selectinload(DevelopmentPlan.revisions)]) == 0
    assert revisions_read([]) == 1  # without them, a lazy load (the difference the options make)
