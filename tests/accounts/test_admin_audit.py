"""Every change made through the admin pages leaves an audit event: who, what, before -> after.

The event is written in the change's own transaction: a refused change leaves none.
"""

import json
from datetime import timedelta

from sqlalchemy import func, select

from lms.accounts.models import AccountSession, Institute, Organisation, Person
from lms.core.models import AuditEvent, utcnow
from lms.reference.models import SkillSet, TargetGroup
from tests.conftest import TEST_PASSWORD
from tests.factories import phase


def events(db, kind, obj):
    return db.session.scalars(select(AuditEvent).where(
        AuditEvent.kind == kind, AuditEvent.object_type == obj.__tablename__,
        AuditEvent.object_id == obj.id).order_by(AuditEvent.id)).all()


def only_event(db, kind, obj):
    [event] = events(db, kind, obj)
    return event


def audit_count(db):
    return db.session.scalar(select(func.count()).select_from(AuditEvent))


def person_data(person, **overrides):
    data = {"email": person.email, "name_th": person.name_th, "name_en": person.name_en,
            "position": person.position, "organisation_id": person.organisation_id,
            "supervisor_email": person.supervisor.email if person.supervisor else "",
            "language": person.language, "institute_id": person.institute_id or 0,
            "admin_of_id": person.admin_of_id or 0, "is_active": "y" if person.is_active else ""}
    if person.is_site_admin:
        data["is_site_admin"] = "y"
    data.update(overrides)
    return {key: value for key, value in data.items() if value != ""}


def logged_in_client(app, person):
    """A second browser, logged in as `person` through the real login form."""
    other = app.test_client()
    response = other.post("/login", data={"email": person.email, "password": TEST_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert other.get("/").status_code == 200
    return other


# --- people ------------------------------------------------------------------------------

def test_creating_a_person_is_audited(client, world, login_as, db):
    admin = login_as("agency_admin")
    response = client.post("/admin/people/new", data={
        "email": "New.Person@example.go.th", "name_th": "ใหม่ สดใส", "name_en": "Mai",
        "position": "นักทรัพยากรบุคคล", "organisation_id": world["division"].id,
        "supervisor_email": "supervisor@example.go.th", "language": "th", "is_active": "y",
        "institute_id": world["institute"].id, "admin_of_id": 0})
    assert response.status_code == 302
    person = db.session.scalar(select(Person).where(Person.email == "new.person@example.go.th"))
    event = only_event(db, "person.created", person)
    assert (event.actor_id, event.object_label, event.organisation_id) == (
        admin.id, "new.person@example.go.th", world["division"].id)
    assert event.changes == {
        "email": [None, "new.person@example.go.th"], "name_th": [None, "ใหม่ สดใส"],
        "name_en": [None, "Mai"], "position": [None, "นักทรัพยากรบุคคล"],
        "organisation": [None, "DIV-A1"], "supervisor": [None, "supervisor@example.go.th"],
        "institute": [None, "INST-A"], "is_site_admin": [None, False], "is_active": [None, True],
        "language": [None, "th"]}


def test_changing_a_person_records_before_and_after(client, world, login_as, db):
    admin = login_as("agency_admin")
    learner = world["learner"]
    response = client.post(f"/admin/people/{learner.id}", data=person_data(
        learner, position="หัวหน้างาน", organisation_id=world["dept_a"].id,
        supervisor_email="director@example.go.th", institute_id=world["institute"].id,
        admin_of_id=world["division"].id, language="en"))
    assert response.status_code == 302
    event = only_event(db, "person.updated", learner)
    assert event.actor_id == admin.id
    assert event.changes == {
        "position": ["นักวิเคราะห์นโยบายและแผน", "หัวหน้างาน"],
        "organisation": ["DIV-A1", "DEP-A"],
        "supervisor": ["supervisor@example.go.th", "director@example.go.th"],
        "institute": [None, "INST-A"], "admin_of": [None, "DIV-A1"], "language": ["th", "en"]}


def test_a_site_admin_grant_is_audited(client, world, login_as, db):
    admin = login_as("site_admin")
    learner = world["learner"]
    assert client.post(f"/admin/people/{learner.id}",
                       data=person_data(learner, is_site_admin="y")).status_code == 302
    event = only_event(db, "person.updated", learner)
    assert (event.actor_id, event.changes) == (admin.id, {"is_site_admin": [False, True]})


def test_a_password_set_by_an_admin_is_audited_without_its_value(app, client, world, login_as, db):
    login_as("agency_admin")
    learner = world["learner"]
    browser = logged_in_client(app, learner)
    new_password = "a completely new passphrase 7"
    assert client.post(f"/admin/people/{learner.id}",
                       data=person_data(learner, new_password=new_password)).status_code == 302
    event = only_event(db, "person.updated", learner)
    assert event.changes == {"password": "set"}
    assert new_password not in json.dumps(event.changes, ensure_ascii=False)
    assert learner.check_password(new_password)
    # The form promises it: the person is logged out everywhere.
    assert browser.get("/").headers.get("Location", "").startswith("/login")


def test_an_unchanged_save_writes_no_event(client, world, login_as, db):
    login_as("agency_admin")
    learner = world["learner"]
    before = audit_count(db)
    assert client.post(f"/admin/people/{learner.id}", data=person_data(learner)).status_code == 302
    assert audit_count(db) == before


def test_a_refused_change_writes_no_event(client, world, login_as, db):
    login_as("agency_admin")
    learner = world["learner"]
    before = audit_count(db)
    response = client.post(f"/admin/people/{learner.id}", data=person_data(
        learner, position="เปลี่ยน", institute_id=world["other_institute"].id))
    assert response.status_code == 200
    assert audit_count(db) == before and learner.position != "เปลี่ยน"


def test_deactivating_logs_the_person_out_and_notes_when(app, client, world, login_as, db):
    login_as("agency_admin")
    peer = world["peer"]
    browser = logged_in_client(app, peer)
    response = client.post(f"/admin/people/{peer.id}", data=person_data(peer, is_active=""))
    assert response.status_code == 302
    assert not peer.is_active
    assert abs(peer.deactivated_at - utcnow()) < timedelta(minutes=1)
    live = db.session.scalar(select(func.count()).select_from(AccountSession).where(
        AccountSession.person_id == peer.id, AccountSession.revoked_at.is_(None)))
    assert live == 0
    assert only_event(db, "person.updated", peer).changes == {"is_active": [True, False]}

    after = browser.get("/")
    assert after.status_code == 302 and after.headers["Location"].startswith("/login")


def test_reactivating_clears_the_deactivation_time(client, world, login_as, db):
    login_as("agency_admin")
    peer = world["peer"]
    client.post(f"/admin/people/{peer.id}", data=person_data(peer, is_active=""))
    assert peer.deactivated_at is not None
    assert client.post(f"/admin/people/{peer.id}", data=person_data(peer, is_active="y")).status_code == 302
    assert peer.is_active and peer.deactivated_at is None
    changes = [e.changes for e in events(db, "person.updated", peer)]
    assert changes == [{"is_active": [True, False]}, {"is_active": [False, True]}]


# --- organisations and institutes --------------------------------------------------------

def test_creating_an_organisation_is_audited(client, world, login_as, db):
    admin = login_as("agency_admin")
    response = client.post("/admin/organisations/new", data={
        "code": "DIV-A2", "name_th": "กองทดสอบ ก2", "name_en": "", "kind": "division",
        "parent_id": world["dept_a"].id, "phase_id": 0})
    assert response.status_code == 302
    org = db.session.scalar(select(Organisation).where(Organisation.code == "DIV-A2"))
    event = only_event(db, "organisation.created", org)
    assert (event.actor_id, event.organisation_id) == (admin.id, org.id)
    assert event.changes == {"code": [None, "DIV-A2"], "name_th": [None, "กองทดสอบ ก2"],
                             "name_en": [None, ""], "kind": [None, "division"],
                             "parent": [None, "DEP-A"], "is_agency": [None, False]}


def test_an_agency_phase_cio_and_parent_change_is_audited(client, world, login_as, db):
    admin = login_as("site_admin")
    dept = world["dept_b"]
    new_home = world["dept_a"]
    response = client.post(f"/admin/organisations/{dept.id}", data={
        "code": dept.code, "name_th": dept.name_th, "name_en": dept.name_en, "kind": "department",
        "parent_id": new_home.id, "is_agency": "y", "phase_id": phase("maturity").id,
        "cio_email": "other.sup@example.go.th"})
    assert response.status_code == 302
    event = only_event(db, "organisation.updated", dept)
    assert event.actor_id == admin.id
    assert event.changes == {"parent": ["MIN", "DEP-A"], "phase": ["early", "maturity"],
                             "cio": [None, "other.sup@example.go.th"]}
    response = client.post(f"/admin/organisations/{dept.id}", data={
        "code": dept.code, "name_th": dept.name_th, "name_en": dept.name_en, "kind": "department",
        "parent_id": new_home.id, "phase_id": phase("maturity").id, "cio_email": ""})
    assert response.status_code == 302
    assert events(db, "organisation.updated", dept)[-1].changes == {
        "is_agency": [True, False], "phase": ["maturity", None], "cio": ["other.sup@example.go.th", None]}


def test_institute_changes_are_audited(client, world, login_as, db):
    admin = login_as("site_admin")
    data = {"code": "NEW-INST", "name_th": "สถาบันใหม่", "name_en": "New institute",
            "organisation_id": world["dept_a"].id}
    assert client.post("/admin/institutes/new", data=data).status_code == 302
    inst = db.session.scalar(select(Institute).where(Institute.code == "NEW-INST"))
    created = only_event(db, "institute.created", inst)
    assert (created.actor_id, created.organisation_id) == (admin.id, world["dept_a"].id)
    assert created.changes == {"code": [None, "NEW-INST"], "name_th": [None, "สถาบันใหม่"],
                               "name_en": [None, "New institute"], "organisation": [None, "DEP-A"]}
    assert client.post(f"/admin/institutes/{inst.id}/edit", data={
        **data, "name_th": "สถาบันใหม่กว่า", "organisation_id": world["dept_b"].id}).status_code == 302
    assert only_event(db, "institute.updated", inst).changes == {
        "name_th": ["สถาบันใหม่", "สถาบันใหม่กว่า"], "organisation": ["DEP-A", "DEP-B"]}


# --- reference data ----------------------------------------------------------------------

def test_renaming_reference_data_is_audited(client, login_as, db):
    admin = login_as("site_admin")
    group = db.session.scalar(select(TargetGroup).where(TargetGroup.slug == "service"))
    old_name, old_description = group.name_th, group.description_th
    response = client.post(f"/admin/reference/target-groups/{group.id}", data={
        "name_th": "ผู้ให้บริการประชาชน", "name_en": group.name_en,
        "description_th": "ใหม่", "description_en": group.description_en})
    assert response.status_code == 302
    event = only_event(db, "reference.updated", group)
    assert (event.actor_id, event.object_label) == (admin.id, "service")
    assert event.changes == {"name_th": [old_name, "ผู้ให้บริการประชาชน"],
                             "description_th": [old_description, "ใหม่"]}


def test_changing_a_groups_skill_sets_is_audited(client, login_as, db):
    admin = login_as("site_admin")
    group = db.session.scalar(select(TargetGroup).where(TargetGroup.slug == "others"))
    before = [s.slug for s in group.recommended_skill_sets]
    wanted = db.session.scalars(select(SkillSet).where(
        SkillSet.slug.in_(["process-service-design", "digital-transformation"]))).all()
    response = client.post(f"/admin/reference/target-groups/{group.id}/skill-sets",
                           data={"skill_sets": [s.id for s in wanted]})
    assert response.status_code == 302
    event = only_event(db, "reference.skill_sets_updated", group)
    assert event.actor_id == admin.id
    assert event.changes == {"recommended_skill_sets": [
        before, [s.slug for s in sorted(wanted, key=lambda s: s.position)]]}
