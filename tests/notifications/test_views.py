"""The notification centre, its header badge, preferences and the unsubscribe link."""

from sqlalchemy import event, select

from lms.extensions import db as _db
from lms.notifications import services
from lms.notifications.models import Notification

PAYLOAD = {"since": None, "days": 40, "never": True}


def _notify(person, period):
    return services.notify(person, "no_learning", period=period, payload=PAYLOAD)


def test_centre_lists_only_my_notifications_and_the_badge_counts_unread(client, world, login, db):
    mine = [_notify(world["learner"], f"p{n}") for n in range(3)]
    theirs = _notify(world["peer"], "p0")
    login(world["learner"])
    page = client.get("/notifications/").get_data(as_text=True)
    assert all(f'id="notification-{n.id}"' in page for n in mine)
    assert f'id="notification-{theirs.id}"' not in page
    assert '<span class="badge rounded-pill bg-danger" id="unread-count">3' in page


def test_the_badge_costs_one_count_query(client, world, login, db):
    _notify(world["learner"], "p")
    login(world["learner"])
    statements = []

    def count(conn, cursor, statement, *args):
        if "FROM notifications" in statement:
            statements.append(statement)

    event.listen(_db.engine, "before_cursor_execute", count)
    try:
        assert client.get("/account").status_code == 200
    finally:
        event.remove(_db.engine, "before_cursor_execute", count)
    assert len(statements) == 1 and "count(" in statements[0].lower()


def test_mark_one_and_all_read(client, world, login, db):
    first, second, third = (_notify(world["learner"], f"p{n}") for n in range(3))
    login(world["learner"])
    assert client.post(f"/notifications/{first.id}/read").status_code == 302
    assert first.read_at is not None and second.read_at is None
    response = client.post(f"/notifications/{second.id}/open")
    assert response.status_code == 302 and second.read_at is not None  # open: read, then to the page to act
    client.post("/notifications/read-all")
    assert third.read_at is not None
    assert services.unread_count(world["learner"].id) == 0
    assert 'id="unread-count"' not in client.get("/notifications/").get_data(as_text=True)


def test_someone_elses_notification_is_not_found(client, world, login, db):
    theirs = _notify(world["peer"], "p")
    login(world["learner"])
    for action in ("read", "open"):
        assert client.post(f"/notifications/{theirs.id}/{action}").status_code == 404
    assert theirs.read_at is None


def test_preferences_per_kind(client, world, login, db):
    login(world["learner"])
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert 'name="no_learning"' in page and 'name="supervisor_digest"' not in page  # a learner's kinds only
    choice = {"no_learning": "off", "mix_check": "in_app"}
    assert client.post("/notifications/preferences", data=choice).status_code == 302
    chosen = services.preferences_of(world["learner"])
    assert (chosen["no_learning"], chosen["mix_check"], chosen["class_tomorrow"]) == ("off", "in_app", "email")
    assert _notify(world["learner"], "after") is None  # off: nothing written

    login(world["supervisor"])
    assert 'name="supervisor_digest"' in client.get("/notifications/preferences").get_data(as_text=True)


def test_preferences_refuse_an_unknown_channel(client, world, login, db):
    login(world["learner"])
    response = client.post("/notifications/preferences", data={"no_learning": "carrier-pigeon"})
    assert response.status_code == 200 and "invalid-feedback" in response.get_data(as_text=True)
    assert services.preferences_of(world["learner"])["no_learning"] == "email"


def test_unsubscribe_asks_first_then_switches_that_kind_off(client, world, db, csrf):
    world["learner"].language = "en"
    db.session.flush()
    token = services.unsubscribe_token(world["learner"].id, "mix_check")
    page = client.get(f"/notifications/unsubscribe/{token}")
    assert page.status_code == 200 and '<html lang="en">' in page.get_data(as_text=True)  # their language
    assert services.preferences_of(world["learner"])["mix_check"] == "email"  # a GET changes nothing
    # A mail client's RFC 8058 one-click POST: no session, no CSRF token.
    assert client.post(f"/notifications/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"}).status_code == 200
    assert services.preferences_of(world["learner"]) == {**services.preferences_of(world["peer"]), "mix_check": "off"}


def test_a_forged_or_damaged_token_is_not_found(client, world, db):
    token = services.unsubscribe_token(world["learner"].id, "mix_check")
    assert client.get(f"/notifications/unsubscribe/{token[:-2]}xx").status_code == 404
    assert client.post(f"/notifications/unsubscribe/{token}x").status_code == 404
    assert services.read_unsubscribe_token(services.unsubscribe_token(world["learner"].id, "no-such-kind")) is None


def test_centre_needs_login(client, db):
    assert client.get("/notifications/").status_code == 302
    assert client.get("/notifications/preferences").status_code == 302


def test_every_kind_renders_in_the_centre(client, world, login, db):
    """One notification of each kind, as the jobs write them, shows without error."""
    payloads = {
        "class_tomorrow": {"class_id": 1, "class_name": "รุ่น 1", "course_th": "ก", "course_en": "A",
                           "meeting_title": "ครั้งที่ 1", "starts_at": "2026-11-25T02:00:00+00:00",
                           "ends_at": "2026-11-25T05:00:00+00:00", "place": "ห้อง 1", "online_url": "https://x"},
        "enrolment_closing": {"class_id": 1, "class_name": "รุ่น 1", "course_th": "ก", "course_en": "A",
                              "closes_on": "2026-11-26"},
        "no_learning": PAYLOAD,
        "mix_check": {"fy": 2570, "message_th": "ไม่อยู่ในเกณฑ์", "message_en": "outside"},
        "plan_returned": {"plan_id": 1, "fy": 2570, "comment": "แก้", "returned_at": "2026-11-20T01:00:00+00:00"},
        "record_returned": {"record_id": 1, "title": "t", "occurred_on": "2026-11-01", "hours": "2",
                            "comment": "c", "returned_at": "2026-11-20T01:00:00+00:00"},
        "no_agreed_plan": {"fy": 2571, "deadline": "2027-09-01", "starts_on": "2027-10-01"},
        "fiscal_year_end": {"fy": 2570, "ends_on": "2027-09-30", "days_left": 59,
                            "items": [["digital-literacy", "self-learning", "10", "4", "6"]]},
        "supervisor_digest": {"week": "2026-W48", "fy": 2570, "plans": 1, "entries": 2, "no_plan": 1,
                              "outside_mix": 0, "more": 0, "oldest": "2026-11-01T01:00:00+00:00",
                              "people": [{"name_th": "ก", "name_en": "A", "plans": 1, "entries": 2,
                                          "since": "2026-11-01T01:00:00+00:00", "no_plan": True,
                                          "outside_mix": False}]},
        "second_level_approvals": {"week": "2026-W48", "plans": [{"name_th": "ก", "name_en": "A", "plan_id": 1,
                                                                   "fy": 2570, "since": "2026-11-01T01:00:00+00:00",
                                                                   "overdue": True}]},
        "seats_unfilled": {"class_id": 1, "class_name": "รุ่น 1", "institute_id": world["institute"].id,
                           "course_th": "ก", "course_en": "A", "capacity": 10, "seated": 2,
                           "starts_at": "2026-11-29T02:00:00+00:00"},
        "attendance_missing": {"class_id": 1, "class_name": "รุ่น 1", "institute_id": world["institute"].id,
                               "meeting_title": "ครั้งที่ 1", "starts_at": "2026-11-23T02:00:00+00:00", "seated": 3,
                               "course_th": "ก", "course_en": "A"},
    }
    for kind, payload in payloads.items():
        services.notify(world["author"], kind, payload=payload)
    login(world["author"])
    for language in ("th", "en"):
        world["author"].language = language
        db.session.flush()
        response = client.get("/notifications/")
        assert response.status_code == 200
        assert response.get_data(as_text=True).count('id="notification-') == len(payloads)
    assert db.session.scalar(select(Notification.id).where(Notification.kind == "fiscal_year_end"))
