"""The access layer's own answers, beside the route walk (which judges pages by these very
answers, so it cannot notice when an answer itself goes wrong): who holds which role, what
an anonymous visitor may do, how @require guards a view, and the edges of an
administrator's reach."""

from types import SimpleNamespace

import pytest
from flask import Flask
from flask_login import AnonymousUserMixin, login_user
from sqlalchemy import update
from werkzeug.exceptions import Forbidden

from lms.accounts.models import Person
from lms.core import access
from tests import factories


@pytest.mark.parametrize(("role", "roles"), [
    ("learner", ["learner"]),
    ("supervisor", ["learner", "supervisor"]),
    ("director", ["learner", "supervisor"]),  # supervises the supervisor
    ("author", ["learner", "author"]),
    ("agency_admin", ["learner", "agency_admin"]),
    ("site_admin", ["learner", "site_admin"]),
])
def test_the_roles_each_person_holds(world, role, roles):
    assert access.roles_of(world[role]) == roles


def test_a_person_with_every_role_holds_them_all_in_order(world, db):
    everything = factories.person(world["dept_a"], email="all@example.go.th", institute=world["institute"],
                                  admin_of=world["dept_a"], is_site_admin=True)
    factories.person(world["dept_a"], everything, email="report@example.go.th")
    assert access.roles_of(everything) == ["learner", "supervisor", "author", "agency_admin", "site_admin"]


@pytest.mark.parametrize("permission", ["signed_in", "administer_site", "view_person", "view_course"])
def test_an_anonymous_visitor_may_do_nothing_and_holds_no_role(world, permission):
    for visitor in (None, AnonymousUserMixin()):
        assert access.can(visitor, permission, world["learner"]) is False
        assert access.roles_of(visitor) == []


def test_an_object_permission_without_its_object_is_refused(world):
    assert access.can(world["site_admin"], "view_person") is False
    assert access.can(world["learner"], "view_person", world["learner"]) is True


def test_an_unknown_permission_is_named_in_the_error(world):
    with pytest.raises(KeyError, match="unknown permission 'edit_evrything'"):
        access.can(world["site_admin"], "edit_evrything")


def _call_as(app: Flask, person, view):
    """Call a guarded view in a request, as `person` (None: an anonymous visitor)."""
    with app.test_request_context("/somewhere"):
        if person is not None:
            login_user(person)
        return view()


def test_require_sends_visitors_to_log_in_refuses_a_missing_role_and_lets_the_holder_in(app, world):
    @access.require("administer_site")
    def settings_page():
        return "the settings"

    assert settings_page.permission == "administer_site"
    anonymous = _call_as(app, None, settings_page)
    assert anonymous.status_code == 302 and anonymous.location.startswith("/login")
    with pytest.raises(Forbidden):
        _call_as(app, world["learner"], settings_page)
    assert _call_as(app, world["site_admin"], settings_page) == "the settings"


def test_require_of_an_object_permission_leaves_the_object_to_the_view(app, world):
    @access.require("view_person")
    def profile_page():
        return "a profile"

    assert profile_page.permission == "view_person"
    assert _call_as(app, None, profile_page).status_code == 302
    assert _call_as(app, world["learner"], profile_page) == "a profile"  # the view calls visible_or_404


def test_a_public_view_is_left_as_it_is(app):
    def login_page():
        return "the login form"

    guarded = access.require(access.PUBLIC)(login_page)
    assert guarded is login_page and guarded.permission == access.PUBLIC
    assert _call_as(app, None, guarded) == "the login form"


def test_an_agency_admin_manages_an_author_of_their_own_institute_but_no_site_admin(client, world, login, db):
    own_author = world["author"]  # of the institute of department A
    site_admin_inside = factories.person(world["division"], email="inside.admin@example.go.th",
                                         is_site_admin=True)
    login(world["agency_admin"])

    assert access.can(world["agency_admin"], "manage_person", own_author) is True
    assert client.get(f"/admin/people/{own_author.id}").status_code == 200
    assert access.can(world["agency_admin"], "manage_person", site_admin_inside) is False
    assert client.get(f"/admin/people/{site_admin_inside.id}").status_code == 404


def test_a_supervisor_cycle_in_the_data_answers_no_instead_of_hanging(world, db):
    """The admin form refuses cycles, but an HR import of older data may hold one."""
    first = factories.person(world["division"], email="first@example.go.th")
    second = factories.person(world["division"], first, email="second@example.go.th")
    db.session.execute(update(Person).where(Person.id == first.id).values(supervisor_id=second.id))
    db.session.expire(first)

    assert access.can(world["learner"], "view_development", first) is False
    assert access.can(second, "view_development", first) is True


# The development permissions, on stand-ins shaped like the records, sessions and plans.
def _entry(person, status="pending", source="log"):
    return SimpleNamespace(source=source, person=person, person_id=person.id, status=status)


@pytest.mark.parametrize(("role", "view", "edit", "review"), [
    ("learner", True, True, False),
    ("supervisor", True, False, True),  # the immediate supervisor decides
    ("director", True, False, False),  # further up the chain: only looks
    ("peer", False, False, False),
    ("other_supervisor", False, False, False),
    ("site_admin", False, False, False),
])
def test_who_sees_edits_and_reviews_a_log_entry(world, role, view, edit, review):
    entry, person = _entry(world["learner"]), world[role]
    assert access.can(person, "view_log_entry", entry) is view
    assert access.can(person, "view_evidence", SimpleNamespace(record=entry)) is view
    assert access.can(person, "edit_log_entry", entry) is edit
    assert access.can(person, "review_log_entry", entry) is review


def test_a_log_entry_is_edited_only_until_verified_and_only_in_the_log(world):
    learner, supervisor = world["learner"], world["supervisor"]
    assert access.can(learner, "edit_log_entry", _entry(learner, status="returned")) is True
    assert access.can(learner, "edit_log_entry", _entry(learner, status="verified")) is False
    other_source = _entry(learner, source="class")
    assert [access.can(learner, p, other_source) for p in ("view_log_entry", "edit_log_entry")] == [False, False]
    assert access.can(supervisor, "review_log_entry", other_source) is False


def _session(coach, *people, acknowledged=False):
    return SimpleNamespace(coach_id=coach.id, attendees=[
        SimpleNamespace(person=p, person_id=p.id, acknowledged_at="then" if acknowledged else None) for p in people])


@pytest.mark.parametrize(("role", "view", "acknowledge", "delete"), [
    ("supervisor", True, False, True),  # the coach
    ("learner", True, True, False),  # the coached
    ("peer", False, False, False),
    ("director", True, False, False),  # above the coached
    ("other_supervisor", False, False, False),
])
def test_who_sees_acknowledges_and_deletes_a_coaching_session(world, role, view, acknowledge, delete):
    session, person = _session(world["supervisor"], world["learner"]), world[role]
    assert access.can(person, "view_coaching_session", session) is view
    assert access.can(person, "acknowledge_coaching_session", session) is acknowledge
    assert access.can(person, "delete_coaching_session", session) is delete


def test_an_acknowledged_session_is_no_longer_deleted(world):
    assert access.can(world["supervisor"], "delete_coaching_session",
                      _session(world["supervisor"], world["learner"], world["peer"])) is True
    session = _session(world["supervisor"], world["learner"], acknowledged=True)
    assert access.can(world["supervisor"], "delete_coaching_session", session) is False
    assert access.can(world["supervisor"], "view_coaching_session", session) is True


def _plan(person, *groups):
    return SimpleNamespace(person=person, person_id=person.id,
                           current=SimpleNamespace(target_groups=[SimpleNamespace(slug=g) for g in groups]))


@pytest.mark.parametrize(("role", "view", "edit", "decide_one", "decide_two"), [
    ("learner", True, True, False, False),
    ("supervisor", True, False, True, True),
    ("director", True, False, False, True),  # the second level only for more than one group (R5)
    ("peer", False, False, False, False),
    ("other_supervisor", False, False, False, False),
])
def test_who_sees_changes_and_decides_a_plan(world, role, view, edit, decide_one, decide_two):
    person, one, two = world[role], _plan(world["learner"], "service"), _plan(world["learner"], "service", "expert")
    assert access.can(person, "view_plan", one) is view
    assert access.can(person, "edit_plan", one) is edit
    assert access.can(person, "decide_plan", one) is decide_one
    assert access.can(person, "decide_plan", two) is decide_two


def test_a_plan_without_a_supervisor_has_nobody_to_decide(world):
    nobody_above = SimpleNamespace(id=-1, supervisor=None)
    assert access.can(world["supervisor"], "decide_plan", _plan(nobody_above, "service", "expert")) is False


def test_allowed_or_403_answers_forbidden_for_an_object_one_may_see_but_not_act_on(app, world):
    entry = _entry(world["learner"])
    with app.test_request_context("/somewhere"):
        login_user(world["director"])
        assert access.allowed_or_403("view_log_entry", entry) is entry
        with pytest.raises(Forbidden):
            access.allowed_or_403("review_log_entry", entry)


def test_only_its_person_opens_a_notification_and_only_one_the_centre_shows(world):
    from lms.notifications.models import Notification

    mine = Notification(person_id=world["learner"].id, kind="mix_check")
    assert access.can(world["learner"], "open_notification", mine) is True
    assert access.can(world["supervisor"], "open_notification", mine) is False
    assert mine.in_centre
    mine.kind = "no_such_kind"
    assert access.can(world["learner"], "open_notification", mine) is False
