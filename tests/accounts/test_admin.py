"""Agency and site administrators manage organisations and people, within their reach."""

from sqlalchemy import func, select

from lms.accounts.models import Organisation, Person


def _person_form(world, **overrides):
    data = {"email": "new.person@example.go.th", "name_th": "ใหม่ สดใส", "name_en": "Mai Sodsai",
            "position": "นักทรัพยากรบุคคล", "organisation_id": world["division"].id,
            "supervisor_email": "supervisor@example.go.th", "language": "th", "is_active": "y",
            "institute_id": 0, "admin_of_id": 0}
    data.update(overrides)
    return data


def test_agency_admin_creates_a_person_in_their_agency(client, world, login_as, db):
    login_as("agency_admin")
    response = client.post("/admin/people/new", data=_person_form(world))
    assert response.status_code == 302
    person = db.session.scalar(select(Person).where(Person.email == "new.person@example.go.th"))
    assert person.supervisor is world["supervisor"] and person.organisation is world["division"]
    assert person.password_hash is None and not person.is_site_admin


def test_person_form_errors_keep_what_was_typed(client, world, login_as, db):
    login_as("agency_admin")
    count = db.session.scalar(select(func.count()).select_from(Person))
    response = client.post("/admin/people/new", data=_person_form(
        world, email="learner@example.go.th", supervisor_email="ghost@example.go.th",
        organisation_id=world["dept_b"].id))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="ใหม่ สดใส"' in page
    assert page.count("invalid-feedback") >= 3  # email taken, no such supervisor, org out of reach
    assert db.session.scalar(select(func.count()).select_from(Person)) == count


def test_a_supervisor_cycle_is_refused(client, world, login_as):
    login_as("site_admin")
    director = world["director"]
    response = client.post(f"/admin/people/{director.id}", data=_person_form(
        world, email=director.email, name_th=director.name_th, organisation_id=world["dept_a"].id,
        supervisor_email="learner@example.go.th"))
    assert response.status_code == 200
    assert director.supervisor is None


def test_agency_admin_cannot_make_a_site_admin(client, world, login_as):
    login_as("agency_admin")
    learner = world["learner"]
    client.post(f"/admin/people/{learner.id}", data=_person_form(
        world, email=learner.email, is_site_admin="y"))
    assert not learner.is_site_admin


def test_deactivating_a_person(client, world, login_as):
    login_as("agency_admin")
    peer = world["peer"]
    data = _person_form(world, email=peer.email, name_th=peer.name_th)
    del data["is_active"]
    assert client.post(f"/admin/people/{peer.id}", data=data).status_code == 302
    assert not peer.is_active


def test_people_list_is_scoped_searchable_and_paginated(app, client, world, login_as):
    login_as("agency_admin")
    page = client.get("/admin/people").get_data(as_text=True)
    assert world["learner"].name_th in page
    assert world["other_learner"].name_th not in page  # another department
    found = client.get("/admin/people?q=ผู้เรียน").get_data(as_text=True)
    assert f'/admin/people/{world["learner"].id}"' in found
    assert f'/admin/people/{world["supervisor"].id}"' not in found
    app.config["PER_PAGE"] = 2
    try:
        first = client.get("/admin/people").get_data(as_text=True)
        assert "page=2" in first
    finally:
        app.config["PER_PAGE"] = 25


def test_site_admin_sets_an_agency_phase_and_cio(client, world, login_as, db):
    login_as("site_admin")
    dept = world["dept_b"]
    from tests.factories import phase

    response = client.post(f"/admin/organisations/{dept.id}", data={
        "code": dept.code, "name_th": dept.name_th, "name_en": "Department B", "kind": "department",
        "parent_id": world["ministry"].id, "is_agency": "y", "phase_id": phase("maturity").id,
        "cio_email": "other.sup@example.go.th"})
    assert response.status_code == 302
    assert dept.phase.slug == "maturity" and dept.cio is world["other_supervisor"]


def test_agency_admin_adds_a_unit_below_their_agency_only(client, world, login_as, db):
    login_as("agency_admin")
    form = {"code": "DIV-A2", "name_th": "กองทดสอบ ก2", "name_en": "", "kind": "division",
            "parent_id": world["dept_a"].id, "phase_id": 0}
    assert client.post("/admin/organisations/new", data=form).status_code == 302
    assert db.session.scalar(select(Organisation).where(Organisation.code == "DIV-A2")).parent is world["dept_a"]
    refused = client.post("/admin/organisations/new", data={**form, "code": "X1",
                                                             "parent_id": world["dept_b"].id})
    assert refused.status_code == 200
    assert db.session.scalar(select(Organisation).where(Organisation.code == "X1")) is None


def test_an_organisation_cannot_move_below_itself(client, world, login_as):
    login_as("site_admin")
    dept = world["dept_a"]
    response = client.post(f"/admin/organisations/{dept.id}", data={
        "code": dept.code, "name_th": dept.name_th, "name_en": "", "kind": "department",
        "parent_id": world["division"].id, "phase_id": 0})
    assert response.status_code == 200
    assert dept.parent is world["ministry"]


def test_organisation_tree_shows_agencies_and_phases(client, world, login_as):
    login_as("site_admin")
    page = client.get("/admin/organisations").get_data(as_text=True)
    assert "กรมทดสอบ ก" in page and "กองทดสอบ ก1" in page and "ระยะพัฒนา" in page


def test_site_admin_creates_and_renames_an_institute(client, world, login_as, db):
    from lms.accounts.models import Institute

    login_as("site_admin")
    data = {"code": "NEW-INST", "name_th": "สถาบันใหม่", "name_en": "New institute",
            "organisation_id": world["dept_a"].id}
    assert client.post("/admin/institutes/new", data=data).status_code == 302
    inst = db.session.scalar(select(Institute).where(Institute.code == "NEW-INST"))
    assert inst.organisation is world["dept_a"]
    clash = client.post(f"/admin/institutes/{inst.id}/edit", data={**data, "code": "INST-A"})
    assert clash.status_code == 200 and "invalid-feedback" in clash.get_data(as_text=True)
    assert inst.code == "NEW-INST"
    assert "สถาบันใหม่" in client.get("/admin/institutes").get_data(as_text=True)


def test_admin_sets_a_password_so_an_imported_person_can_log_in(app, client, world, login_as, db):
    from tests.factories import person as make_person

    imported = make_person(world["division"], password_hash=None, email="imported@example.go.th")
    login_as("agency_admin")
    data = _person_form(world, email=imported.email, name_th=imported.name_th,
                        new_password="a fresh password 1")
    assert client.post(f"/admin/people/{imported.id}", data=data).status_code == 302
    other = app.test_client()
    response = other.post("/login", data={"email": imported.email, "password": "a fresh password 1"})
    assert response.status_code == 302


def test_a_short_admin_set_password_is_refused(client, world, login_as):
    login_as("agency_admin")
    learner = world["learner"]
    response = client.post(f"/admin/people/{learner.id}", data=_person_form(
        world, email=learner.email, name_th=learner.name_th, new_password="short"))
    assert response.status_code == 200 and "invalid-feedback" in response.get_data(as_text=True)
