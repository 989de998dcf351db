"""Browsing the audit trail: site admins see everything, agency admins their subtree, nobody
else anything; filters, pages and the CSV show exactly the matching events; no route and no
SQL statement changes or deletes one."""

import csv
import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, update
from sqlalchemy.exc import DatabaseError

from lms.accounts.models import Organisation
from lms.core.audit import record_event
from lms.core.models import AuditEvent
from lms.extensions import db as database
from tests import factories


@pytest.fixture
def english(world, db):
    for key in ("site_admin", "agency_admin", "learner", "supervisor"):
        world[key].language = "en"
    db.session.flush()
    return world


def unit_of(obj):
    return obj.id if isinstance(obj, Organisation) else obj.organisation_id


def make_event(kind, obj, actor, when=None, changes=None, **fields):
    """An event row; `when` (UTC) backdates it (inserting is allowed, rewriting occurred_at is not)."""
    event = AuditEvent(kind=kind, occurred_at=when or datetime.now(UTC), actor_id=actor.id if actor else None,
                       object_type=obj.__tablename__, object_id=obj.id, object_label=fields.pop("label", ""),
                       organisation_id=fields.pop("organisation_id", unit_of(obj)),
                       changes=changes or {}, **fields)
    database.session.add(event)
    database.session.flush()
    return event


def page_of(client, **args):
    response = client.get("/admin/audit/", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def rows(page):
    """The text of each table row of events."""
    body = page.split('id="audit-events"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [chunk for chunk in body.split("<tr>")[1:]]


def csv_rows(client, **args):
    response = client.get("/admin/audit/export.csv", query_string=args)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture
def trail(english, db):
    """One event about a person in each agency, made by a site admin; one by the learner."""
    w = english
    return {
        "a": make_event("person.updated", w["peer"], w["site_admin"], label=w["peer"].email,
                        changes={"position": ["นักวิเคราะห์", "นักวิชาการคอมพิวเตอร์"]}),
        "b": make_event("person.updated", w["other_learner"], w["site_admin"], label=w["other_learner"].email,
                        changes={"position": ["เดิม", "ใหม่"]}),
        "own": make_event("learning_record.deleted", w["learner"], w["learner"], label=w["learner"].email,
                          changes={"record": 7, "status": "pending"}),
    }


def test_a_site_admin_sees_every_event(client, login, english, trail):
    login(english["site_admin"])
    page = page_of(client)
    assert english["other_learner"].email in page and english["peer"].email in page
    assert "Person changed" in page and "Learning record deleted" in page
    assert "Position:</span> นักวิเคราะห์ → นักวิชาการคอมพิวเตอร์" in page


def test_an_agency_admin_sees_only_their_subtree(client, login, english, trail, db):
    w = english
    # About nobody's unit, but done by one of theirs / about one of theirs: both in scope.
    by_theirs = make_event("session.ended", w["ministry"], w["supervisor"], organisation_id=None,
                           label="by-their-supervisor")
    elsewhere = make_event("organisation.updated", w["dept_b"], w["site_admin"], label="DEP-B-change")
    login(w["agency_admin"])
    page = page_of(client)
    assert w["peer"].email in page and w["learner"].email in page and "by-their-supervisor" in page
    assert w["other_learner"].email not in page and "DEP-B-change" not in page
    exported = csv_rows(client)
    labels = {row[6] for row in exported[1:]}
    assert {w["peer"].email, w["learner"].email, "by-their-supervisor"} <= labels
    assert w["other_learner"].email not in labels and "DEP-B-change" not in labels
    assert by_theirs.id and elsewhere.id


@pytest.mark.parametrize("role", ["learner", "supervisor", "author"])
def test_others_are_refused(client, login, world, role):
    login(world[role])
    assert client.get("/admin/audit/").status_code == 403
    assert client.get("/admin/audit/export.csv").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get("/admin/audit/")
    assert response.status_code == 302 and "/login" in response.location


def test_filter_by_person_matches_actor_or_the_person_concerned(client, login, english, trail):
    w = english
    login(w["site_admin"])
    # By email: the events about the peer only.
    found = rows(page_of(client, person=w["peer"].email))
    assert len(found) == 1 and "นักวิชาการคอมพิวเตอร์" in found[0]
    # The learner acted (and is concerned) once; the site admin acted twice, and logged in once.
    assert len(rows(page_of(client, person=w["learner"].email))) == 1
    admin_rows = rows(page_of(client, person=w["site_admin"].email, kind="person.updated"))
    assert len(admin_rows) == 2
    # Part of a name matches too.
    found = rows(page_of(client, person="วิไล"))
    assert len(found) == 1 and w["other_learner"].email in found[0]


def test_filter_by_kind_object_and_dates(client, login, english, trail, db):
    w = english
    old = make_event("person.updated", w["peer"], w["site_admin"], when=datetime(2025, 12, 31, 18, 0, tzinfo=UTC),
                     changes={"note": "new-year-in-bangkok"})  # 1 January 2026, 01:00 in Bangkok
    login(w["site_admin"])
    found = rows(page_of(client, kind="learning_record.deleted"))
    assert len(found) == 1 and w["learner"].email in found[0]
    found = rows(page_of(client, object_type="people", object_id=w["other_learner"].id))
    assert len(found) == 1 and "ใหม่" in found[0]
    found = rows(page_of(client, date_from="2026-01-01", date_to="2026-01-01"))
    assert len(found) == 1 and "new-year-in-bangkok" in found[0]
    assert "new-year-in-bangkok" in page_of(client, date_from="2569-01-01", date_to="2569-01-01")  # B.E. years
    assert "new-year-in-bangkok" in page_of(client, date_from="01/01/2569", date_to="1/1/2026")  # as the picker writes
    assert "new-year-in-bangkok" not in page_of(client, date_from="2026-01-02")
    assert "new-year-in-bangkok" not in page_of(client, date_to="2025-12-31")
    assert old.id


@pytest.mark.parametrize(("args", "field", "message"), [
    ({"date_from": "2026-02-30"}, "date_from", "There is no such day as 2026-02-30"),
    ({"date_from": "31/02/2569"}, "date_from", "There is no such day as 31/02/2569"),
    ({"date_to": "yesterday"}, "date_to", "Enter the date as day/month/year"),
    ({"date_to": "1/2/26"}, "date_to", "Enter the date as day/month/year"),
    ({"date_from": "2026-02-02", "date_to": "2026-02-01"}, "date_to", "must not be before the start date"),
    ({"object_type": "people", "object_id": "abc"}, "object_id", "Enter the object"),
    ({"object_type": "people", "object_id": str(2**31)}, "object_id", "Enter the object"),
    ({"object_type": "people", "object_id": "²"}, "object_id", "Enter the object"),
    ({"object_id": "12"}, "object_type", "Choose the object type"),
    ({"kind": "<script>"}, "kind", "There is no such kind of event."),
    ({"date_from": "0001-01-01"}, "date_from", "Write the year with four digits"),
    ({"date_to": "9999-12-31"}, "date_to", "Write the year with four digits"),
])
def test_a_bad_filter_is_said_beside_its_field(client, login, english, trail, args, field, message):
    login(english["site_admin"])
    page = page_of(client, **args)
    assert f'id="{field}-error"' in page and message in page
    assert 'id="audit-events"' not in page and "Correct the filters above" in page
    # The CSV of a bad filter goes back to the page that says what is wrong.
    response = client.get("/admin/audit/export.csv", query_string=args)
    assert response.status_code == 302 and "/admin/audit/" in response.location


def test_odd_text_is_searched_as_text(client, login, english, trail):
    login(english["site_admin"])
    for text in ("%", "_", "a" * 10_000, "' OR 1=1 --"):
        assert "No events match." in page_of(client, person=text)


def test_csv_has_the_header_and_the_filtered_rows(client, login, english, trail):
    w = english
    login(w["site_admin"])
    header, *body = csv_rows(client, person=w["peer"].email)
    assert header == ["occurred_at", "actor", "address", "kind", "object_type", "object_id", "object_label",
                      "changes"]
    assert len(body) == 1
    occurred_at, actor, _address, kind, object_type, object_id, label, changes = body[0]
    assert datetime.fromisoformat(occurred_at).tzinfo is not None
    assert (actor, kind, object_type, object_id, label) == (
        w["site_admin"].email, "person.updated", "people", str(w["peer"].id), w["peer"].email)
    assert changes == '{"position": ["นักวิเคราะห์", "นักวิชาการคอมพิวเตอร์"]}'


def test_csv_cells_never_run_as_formulas(client, login, english, db):
    make_event("login.failed", english["learner"], None, label="=HYPERLINK(\"http://x\")")
    login(english["site_admin"])
    (row,) = [r for r in csv_rows(client, kind="login.failed")[1:]]
    assert row[6] == "'=HYPERLINK(\"http://x\")"


def test_newest_first_in_pages(app, client, login, english, db):
    w = english
    for day in range(1, 5):
        make_event("person.updated", w["peer"], w["site_admin"], when=datetime(2026, 1, day, 5, tzinfo=UTC),
                   changes={"note": f"day-{day}"})
    app.config["PER_PAGE"], per_page = 3, app.config["PER_PAGE"]
    try:
        login(w["site_admin"])
        first = page_of(client, kind="person.updated")
        assert [f"day-{d}" in first for d in (4, 3, 2, 1)] == [True, True, True, False]
        assert first.index("day-4") < first.index("day-3")
        assert "Older" in first and "page=2" in first
        assert "No events match." in page_of(client, page=2**31 - 1)
        second = page_of(client, kind="person.updated", page=2)
        assert "day-1" in second and "day-2" not in second and "Newer" in second
    finally:
        app.config["PER_PAGE"] = per_page


def test_failed_logins_with_an_unknown_email_are_found_by_that_email(client, login, english, db):
    record_event("login.failed", None, object_type="people", object_label="nobody@example.go.th")
    login(english["site_admin"])
    assert len(rows(page_of(client, person="nobody@example.go.th"))) == 1


def test_people_the_admin_may_open_are_linked(client, login, english, trail):
    w = english
    login(w["agency_admin"])
    page = page_of(client, person=w["peer"].email)
    assert f'href="/people/{w["peer"].id}"' in page
    assert f'href="/people/{w["site_admin"].id}"' not in page  # the actor is outside their subtree


def test_the_menu_and_the_person_page_lead_to_the_trail(client, login, english):
    w = english
    login(w["agency_admin"])
    assert 'href="/admin/audit/"' in client.get("/").get_data(as_text=True)
    person_page = client.get(f"/people/{w['peer'].id}").get_data(as_text=True)
    assert "History of this person" in person_page
    assert f'href="/admin/audit/?person={w["peer"].email}"' in person_page
    login(w["learner"])
    assert "/admin/audit/" not in client.get("/").get_data(as_text=True)


def test_no_route_changes_the_trail(app, client, login, english, trail):
    rules = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/admin/audit")]
    assert rules and all(rule.methods <= {"GET", "HEAD", "OPTIONS"} for rule in rules)
    login(english["site_admin"])
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)("/admin/audit/").status_code == 405
        assert getattr(client, method)("/admin/audit/export.csv").status_code == 405


@pytest.mark.parametrize("statement", [
    lambda event: update(AuditEvent).where(AuditEvent.id == event.id).values(kind="person.viewed"),
    lambda event: update(AuditEvent).where(AuditEvent.id == event.id).values(
        occurred_at=datetime(2000, 1, 1, tzinfo=UTC)),
    lambda event: update(AuditEvent).where(AuditEvent.id == event.id).values(object_id=0),
    lambda event: delete(AuditEvent).where(AuditEvent.id == event.id),
])
def test_the_database_refuses_to_rewrite_or_delete_an_event(db, world, statement):
    event = make_event("person.updated", world["peer"], world["site_admin"])
    with pytest.raises(DatabaseError, match="append-only"):
        with db.session.begin_nested():
            db.session.execute(statement(event))
    db.session.expire_all()
    assert db.session.get(AuditEvent, event.id).kind == "person.updated"


def test_deleting_through_the_orm_is_refused_too(db, world):
    event = make_event("person.updated", world["peer"], world["site_admin"])
    with pytest.raises(DatabaseError, match="append-only"):
        with db.session.begin_nested():
            db.session.delete(event)
            db.session.flush()


def test_an_event_of_an_organisation_outside_is_not_linked(client, login, english, db):
    unit = factories.organisation("หน่วยอื่น", parent=english["dept_b"], code="DEP-B-X")
    make_event("organisation.updated", unit, english["site_admin"], label="DEP-B-X")
    inside = factories.organisation("หน่วยใน", parent=english["dept_a"], code="DEP-A-X")
    make_event("organisation.updated", inside, english["site_admin"], label="DEP-A-X")
    login(english["agency_admin"])
    page = page_of(client, kind="organisation.updated")
    assert f'href="/admin/organisations/{inside.id}"' in page and "DEP-B-X" not in page
