"""Administrators act only within their reach: every choice that points at another object
(institute, organisation, supervisor, CIO, parent unit, role) is offered from, and checked
against, the same scoped list. An out-of-reach value posted by hand is refused beside its
field and nothing changes.

Reach: a site admin, everything; an agency admin, the units of their subtree, the
institutes of those units, and the people in those units.
"""

from html.parser import HTMLParser

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, inspect, select

from lms.accounts.models import Institute, Organisation, Person
from lms.core.dates import today_in_bangkok
from lms.development.models import CoachingSession
from tests import factories

MISSING = 999_999
ADMINS = ["agency_admin", "division_admin", "site_admin"]


class Form(HTMLParser):
    """A rendered form as a browser sees it: each select's option values and each field's errors."""

    def __init__(self, html):
        super().__init__()
        self.options, self.errors, self.invalid = {}, {}, set()
        self._select = self._field = None
        self._in_error = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("name"):
            self._field = attrs["name"]
            if "is-invalid" in (attrs.get("class") or ""):
                self.invalid.add(self._field)
        if tag == "select":
            self._select = attrs.get("name")
            self.options[self._select] = []
        elif tag == "option" and self._select:
            self.options[self._select].append(attrs.get("value"))
        elif tag == "div" and "invalid-feedback" in (attrs.get("class") or ""):
            self._in_error = True

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "div":
            self._in_error = False

    def handle_data(self, data):
        if self._in_error and data.strip():
            self.errors.setdefault(self._field, []).append(data.strip())


def thai(message):
    """The message as a Thai-speaking user reads it (the default language)."""
    with force_locale("th"):
        return gettext(message)


@pytest.fixture
def admins(world):
    """The world's admins, and an administrator of one division only (a narrower subtree)."""
    world["division_admin"] = factories.person(
        world["division"], name_th="ดารา ผู้ดูแลกอง", email="division.admin@example.go.th",
        admin_of=world["division"])
    return world


def reach(world, role):
    """What `role` may choose, worked out from the world by hand (not by the code under test)."""
    if role == "site_admin":
        return {"organisations": None, "institutes": None, "people": None}
    if role == "agency_admin":
        units = [world["dept_a"], world["division"]]
        return {"organisations": {o.id for o in units}, "institutes": {world["institute"].id},
                "people": {p.email for p in world.values() if isinstance(p, Person)
                           and p.organisation in units}}
    return {"organisations": {world["division"].id}, "institutes": set(),
            "people": {p.email for p in world.values()
                       if isinstance(p, Person) and p.organisation is world["division"]}}


def out_of_reach(world, role):
    """Values `role` may not choose: another agency's, units above their own, or nothing at all."""
    if role == "site_admin":
        return {"organisations": [MISSING], "institutes": [MISSING], "people": ["ghost@example.go.th"]}
    if role == "agency_admin":
        return {"organisations": [world["dept_b"].id, world["ministry"].id],
                "institutes": [world["other_institute"].id, MISSING],
                "people": ["other.sup@example.go.th", "ghost@example.go.th"]}
    return {"organisations": [world["dept_a"].id, world["dept_b"].id, world["ministry"].id],
            "institutes": [world["institute"].id, world["other_institute"].id],
            "people": ["director@example.go.th", "other.sup@example.go.th"]}


def columns(obj):
    return {attr.key: getattr(obj, attr.key) for attr in inspect(obj).mapper.column_attrs}


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


# --- people ------------------------------------------------------------------------------

def person_data(person):
    """The person's current values, as the form posts them."""
    data = {"email": person.email, "name_th": person.name_th, "name_en": person.name_en,
            "position": person.position, "organisation_id": person.organisation_id,
            "supervisor_email": person.supervisor.email if person.supervisor else "",
            "language": person.language, "institute_id": person.institute_id or 0,
            "admin_of_id": person.admin_of_id or 0}
    if person.is_active:
        data["is_active"] = "y"
    if person.is_site_admin:
        data["is_site_admin"] = "y"
    return data


def new_person_data(world, role):
    unit = world["site_admin" if role == "site_admin" else role].admin_of or world["division"]
    return {"email": "new.person@example.go.th", "name_th": "ใหม่ สดใส", "name_en": "",
            "position": "", "organisation_id": unit.id, "supervisor_email": "", "language": "th",
            "is_active": "y", "institute_id": 0, "admin_of_id": 0}


PERSON_FIELDS = [("organisation_id", "organisations", "Choose an organisation you manage."),
                 ("admin_of_id", "organisations", "Choose an organisation you manage."),
                 ("institute_id", "institutes", "Choose an institute of an organisation you manage."),
                 ("supervisor_email", "people", None)]


def person_message(role, field_message):
    if field_message:
        return field_message
    if role == "site_admin":
        return "Nobody has this email."
    return "Choose someone in an organisation you manage; nobody there has this email."


@pytest.mark.parametrize("role", ADMINS)
@pytest.mark.parametrize("target", ["self", "learner"])
@pytest.mark.parametrize("field,kind,message", PERSON_FIELDS)
def test_editing_a_person_refuses_what_is_out_of_reach(client, admins, login, db, role, target,
                                                       field, kind, message):
    actor = admins[role]
    person = actor if target == "self" else admins["learner"]
    login(actor)
    before = columns(person)
    for value in out_of_reach(admins, role)[kind]:
        data = {**person_data(person), field: value}
        response = client.post(f"/admin/people/{person.id}", data=data)
        assert response.status_code == 200, (field, value)
        form = Form(response.get_data(as_text=True))
        assert form.errors.get(field) == [thai(person_message(role, message))], (field, value)
        assert columns(person) == before


@pytest.mark.parametrize("role", ADMINS)
@pytest.mark.parametrize("field,kind,message", PERSON_FIELDS)
def test_creating_a_person_refuses_what_is_out_of_reach(client, admins, login, db, role, field,
                                                        kind, message):
    login(admins[role])
    people = count(db, Person)
    for value in out_of_reach(admins, role)[kind]:
        response = client.post("/admin/people/new", data={**new_person_data(admins, role), field: value})
        assert response.status_code == 200, (field, value)
        assert Form(response.get_data(as_text=True)).errors.get(field) == [
            thai(person_message(role, message))]
        assert count(db, Person) == people


@pytest.mark.parametrize("role", ADMINS)
def test_the_person_form_offers_only_what_is_in_reach(client, admins, login, db, role):
    login(admins[role])
    allowed = reach(admins, role)
    everything = {"organisations": {o.id for o in db.session.scalars(select(Organisation))},
                  "institutes": {i.id for i in db.session.scalars(select(Institute))}}
    expected = {kind: everything[kind] if allowed[kind] is None else allowed[kind]
                for kind in everything}
    for url in ("/admin/people/new", f"/admin/people/{admins[role].id}",
                f"/admin/people/{admins['learner'].id}"):
        options = Form(client.get(url).get_data(as_text=True)).options
        assert {int(v) for v in options["organisation_id"]} == expected["organisations"], url
        assert {int(v) for v in options["admin_of_id"]} == expected["organisations"] | {0}, url
        assert {int(v) for v in options["institute_id"]} == expected["institutes"] | {0}, url


@pytest.mark.parametrize("role", ["agency_admin", "division_admin"])
def test_an_agency_admin_cannot_make_themselves_an_author_of_another_agency(client, admins, login, role):
    """The reported breach: an agency admin chose another agency's institute on their own record."""
    actor = admins[role]
    login(actor)
    page = client.get(f"/admin/people/{actor.id}").get_data(as_text=True)
    assert str(admins["other_institute"].id) not in Form(page).options["institute_id"]
    response = client.post(f"/admin/people/{actor.id}", data={
        **person_data(actor), "institute_id": admins["other_institute"].id})
    assert response.status_code == 200
    assert actor.institute_id is None


@pytest.mark.parametrize("role", ["agency_admin", "division_admin"])
def test_a_posted_site_admin_flag_is_ignored(client, admins, login, role):
    actor = admins[role]
    login(actor)
    for person in (actor, admins["learner"]):
        response = client.post(f"/admin/people/{person.id}", data={**person_data(person), "is_site_admin": "y"})
        assert response.status_code == 302
        assert not person.is_site_admin


def test_an_agency_admin_may_not_manage_someone_whose_roles_reach_further(client, admins, login, db):
    """Setting their password would hand the agency admin those roles."""
    wider_admin = factories.person(admins["dept_a"], email="wider@example.go.th", admin_of=admins["ministry"])
    other_author = factories.person(admins["dept_a"], email="b.author@example.go.th",
                                    institute=admins["other_institute"])
    login(admins["agency_admin"])
    for person in (wider_admin, other_author, admins["site_admin"]):
        before = columns(person)
        assert client.get(f"/admin/people/{person.id}").status_code == 404
        data = {**person_data(person), "new_password": "a brand new password 9"}
        assert client.post(f"/admin/people/{person.id}", data=data).status_code == 404
        assert columns(person) == before
    people = client.get("/admin/people").get_data(as_text=True)
    assert f"/admin/people/{other_author.id}\"" not in people
    assert f"/admin/people/{admins['learner'].id}\"" in people


def test_keeping_a_supervisor_named_by_a_site_admin_is_allowed(client, admins, login, db):
    """An agency's director may report to someone in the ministry: saving them keeps that."""
    director, chief = admins["director"], factories.person(admins["ministry"], email="chief@example.go.th")
    director.supervisor = chief
    db.session.flush()
    login(admins["agency_admin"])
    response = client.post(f"/admin/people/{director.id}", data={**person_data(director), "position": "ผอ."})
    assert response.status_code == 302
    assert (director.position, director.supervisor) == ("ผอ.", chief)


# --- organisations -----------------------------------------------------------------------

def organisation_data(org):
    data = {"code": org.code, "name_th": org.name_th, "name_en": org.name_en, "kind": org.kind,
            "parent_id": org.parent_id or 0, "phase_id": org.phase_id or 0,
            "cio_email": org.cio.email if org.cio else ""}
    if org.is_agency:
        data["is_agency"] = "y"
    return data


def managed_unit(world, role):
    return {"site_admin": world["dept_b"], "agency_admin": world["division"],
            "division_admin": world["division"]}[role]


@pytest.mark.parametrize("role", ADMINS)
@pytest.mark.parametrize("new", [False, True])
@pytest.mark.parametrize("field,kind", [("parent_id", "organisations"), ("cio_email", "people")])
def test_editing_an_organisation_refuses_what_is_out_of_reach(client, admins, login, db, role, new,
                                                              field, kind):
    login(admins[role])
    unit = managed_unit(admins, role)
    url = "/admin/organisations/new" if new else f"/admin/organisations/{unit.id}"
    base = organisation_data(unit)
    if new:
        base.update(code="NEW-UNIT", parent_id=unit.id)
    if field == "parent_id":
        message = "Choose a unit you manage."
    else:
        message = person_message(role, None)
    before, units = columns(unit), count(db, Organisation)
    for value in out_of_reach(admins, role)[kind]:
        if field == "parent_id" and not new and value == unit.parent_id:
            continue  # staying where it is, is no move
        response = client.post(url, data={**base, field: value})
        assert response.status_code == 200, (field, value)
        assert Form(response.get_data(as_text=True)).errors.get(field) == [thai(message)], (field, value)
        assert columns(unit) == before and count(db, Organisation) == units


@pytest.mark.parametrize("role", ADMINS)
def test_the_organisation_form_offers_only_units_in_reach(client, admins, login, db, role):
    login(admins[role])
    allowed = reach(admins, role)["organisations"]
    if allowed is None:
        allowed = {o.id for o in db.session.scalars(select(Organisation))}
    unit = managed_unit(admins, role)
    new = Form(client.get("/admin/organisations/new").get_data(as_text=True)).options["parent_id"]
    offered = {int(v) for v in new} - {0}
    assert offered == allowed
    assert ("0" in new) == (role == "site_admin")  # only a site admin adds a top-level unit
    edit = Form(client.get(f"/admin/organisations/{unit.id}").get_data(as_text=True)).options["parent_id"]
    # Where the unit is now stays on offer (a division admin's own unit sits below their reach).
    assert {int(v) for v in edit} - {0} == allowed | {unit.parent_id}


def test_a_division_admin_cannot_move_their_own_unit(client, admins, login):
    login(admins["division_admin"])
    division = admins["division"]
    response = client.post(f"/admin/organisations/{division.id}", data={
        **organisation_data(division), "parent_id": admins["dept_b"].id})
    assert response.status_code == 200
    assert division.parent is admins["dept_a"]
    saved = client.post(f"/admin/organisations/{division.id}", data={
        **organisation_data(division), "name_en": "Division A1"})
    assert saved.status_code == 302 and division.name_en == "Division A1"


def test_a_phase_must_be_a_real_one(client, admins, login):
    login(admins["agency_admin"])
    dept = admins["dept_a"]
    response = client.post(f"/admin/organisations/{dept.id}", data={
        **organisation_data(dept), "phase_id": MISSING})
    assert response.status_code == 200 and "phase_id" in Form(response.get_data(as_text=True)).errors
    assert dept.phase.slug == "develop"


# --- institutes (site admins only) -------------------------------------------------------

def test_an_institute_belongs_to_a_real_organisation(client, admins, login, db):
    login(admins["site_admin"])
    inst = admins["institute"]
    before, institutes = columns(inst), count(db, Institute)
    data = {"code": inst.code, "name_th": inst.name_th, "name_en": inst.name_en, "organisation_id": MISSING}
    for url in (f"/admin/institutes/{inst.id}/edit", "/admin/institutes/new"):
        response = client.post(url, data={**data, "code": "NEW-INST"} if url.endswith("new") else data)
        assert response.status_code == 200
        assert Form(response.get_data(as_text=True)).errors.get("organisation_id") == [
            thai("Choose an organisation you manage.")]
    assert columns(inst) == before and count(db, Institute) == institutes
    options = Form(client.get("/admin/institutes/new").get_data(as_text=True)).options["organisation_id"]
    assert {int(v) for v in options} == {o.id for o in db.session.scalars(select(Organisation))} | {0}


@pytest.mark.parametrize("role", ["agency_admin", "division_admin"])
def test_agency_admins_cannot_reach_institutes(client, admins, login, role):
    login(admins[role])
    inst = admins["institute"]
    assert client.get("/admin/institutes/new").status_code == 403
    response = client.post(f"/admin/institutes/{inst.id}/edit", data={
        "code": inst.code, "name_th": "ยึด", "name_en": "", "organisation_id": admins["dept_a"].id})
    assert response.status_code == 403 and inst.name_th != "ยึด"


# --- coaching: the people a supervisor may record a session for --------------------------

def test_coaching_offers_and_accepts_only_direct_reports(client, admins, login, db):
    login(admins["supervisor"])
    page = client.get("/coaching/new").get_data(as_text=True)
    assert sorted(checkbox_values(page, "attendee_ids")) == sorted(
        [str(admins["learner"].id), str(admins["peer"].id)])
    skill = checkbox_values(page, "skill_sets")[0]
    for outsider in ("other_learner", "director", "agency_admin"):
        response = client.post("/coaching/new", data={
            "occurred_on": today_in_bangkok().isoformat(), "minutes": "60", "topic": "แนะนำงาน",
            "attendee_ids": [admins["learner"].id, admins[outsider].id], "skill_sets": [skill]})
        assert response.status_code == 200
        assert Form(response.get_data(as_text=True)).errors.get("attendee_ids") == [
            thai("You can record coaching only for your direct reports.")]
    assert count(db, CoachingSession) == 0


def checkbox_values(html, name):
    found = []

    class Boxes(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "input" and attrs.get("name") == name:
                found.append(attrs.get("value"))

    Boxes().feed(html)
    return found
