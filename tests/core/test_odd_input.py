"""What a person sees when a request carries a value the site cannot use: the error page in
their language (400 or 404) or an error beside the field, never a server error.
(test_route_fuzz.py walks every route with such values.)"""

from decimal import Decimal

import pytest
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound, UnprocessableEntity
from wtforms import Form

from lms import create_app
from lms.core.forms import DbIntegerField, PlainDecimalField, db_int
from lms.core.urls import safe_next
from lms.extensions import db as _db

HUGE = "99999999999999999999"


@pytest.mark.parametrize("record_id", [HUGE, str(2**31), "-1", "1" + "0" * 5000])
def test_an_id_the_database_cannot_hold_is_not_found(client, login_as, record_id):
    login_as("learner")
    response = client.get(f"/log/{record_id}")
    assert response.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in response.get_data(as_text=True)


def test_the_largest_id_the_database_holds_is_looked_up(app):
    adapter = app.url_map.bind("localhost")
    assert adapter.match(f"/log/{2**31 - 1}") == ("log.entry", {"record_id": 2**31 - 1})
    with pytest.raises(NotFound):
        adapter.match(f"/log/{2**31}")


def test_the_not_found_page_for_a_huge_id_speaks_english_when_asked(client, world, login, db):
    world["learner"].language = "en"
    db.session.flush()
    login(world["learner"])
    page = client.get(f"/log/{HUGE}").get_data(as_text=True)
    assert "Page not found" in page


def test_a_page_number_past_any_list_is_not_found_and_odd_ones_show_the_first(client, login_as):
    login_as("learner")
    for page in (HUGE, str(10**12), str(2**31)):
        assert client.get(f"/log/?page={page}").status_code == 404, page
    for page in (str(2**31 - 1), "-5", "abc", "2026-02-30"):
        assert client.get(f"/log/?page={page}").status_code == 200, page


def test_control_characters_are_taken_out_of_what_is_stored(client, world, login_as):
    person = login_as("learner")
    response = client.post("/account", data={"name_th": "สม\x00ชาย\x1b ใจดี\x0b", "name_en": "", "language": "th"})
    assert response.status_code == 302
    assert _db.session.get(type(person), person.id).name_th == "สมชาย ใจดี"


def test_tabs_and_line_breaks_are_ordinary_text(client, world, login_as):
    person = login_as("learner")
    response = client.post("/account", data={"name_th": "สมชาย\tใจดี", "name_en": "", "language": "th"})
    assert response.status_code == 302
    assert _db.session.get(type(person), person.id).name_th == "สมชาย\tใจดี"


def test_control_characters_in_the_query_string_are_taken_out(client, login_as):
    login_as("learner")
    response = client.get("/courses/?q=data%00base%1B")
    assert response.status_code == 200
    assert 'value="database"' in response.get_data(as_text=True)


def test_a_control_character_in_the_path_names_no_page(client, login_as):
    login_as("learner")
    assert client.get("/notifications/unsubscribe/a%00b").status_code == 404
    assert client.get("/calendar/a%01b.ics").status_code == 404


def test_an_out_of_range_choice_is_a_field_error(client, world, login_as, db):
    login_as("site_admin")
    division = world["division"]
    response = client.post(f"/admin/organisations/{division.id}", data={
        "code": division.code, "name_th": division.name_th, "name_en": division.name_en,
        "kind": division.kind, "parent_id": HUGE, "phase_id": "0", "cio_email": ""})
    assert response.status_code == 200
    assert 'id="parent_id"' in response.get_data(as_text=True)
    assert _db.session.get(type(division), division.id).parent_id == world["dept_a"].id


@pytest.mark.parametrize("target", [
    "/\t/evil.example", "/\r\n/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/",
    "/a\x00b", "/a\x85b", "/a b", "log",
])
def test_next_must_be_a_plain_path_on_this_site(target):
    assert safe_next(target, "/") == "/"


@pytest.mark.parametrize("target", ["/log/", "/courses/?q=ข้อมูล&page=2", "/คอร์ส#top"])
def test_next_keeps_a_plain_path(target):
    assert safe_next(target, "/") == target


def test_language_switch_with_a_tab_in_next_goes_home(client):
    response = client.post("/language", data={"language": "en", "next": "/\t/evil.example"})
    assert response.headers["Location"] == "/"


def test_odd_numbers_in_number_fields_are_field_errors(app):
    class Numbers(Form):
        seats = DbIntegerField()
        hours = PlainDecimalField(places=2)

    with app.test_request_context():
        for seats, hours in ((HUGE, "1e400"), (str(-(2**31) - 1), "NaN"), ("12", "Infinity")):
            form = Numbers(MultiDict({"seats": seats, "hours": hours}))
            assert not form.validate()
            assert form.seats.data != int(seats) or seats == "12"
            assert form.hours.errors and form.hours.data is None
        form = Numbers(MultiDict({"seats": str(2**31 - 1), "hours": "7.5"}))
        assert form.validate() and form.seats.data == 2**31 - 1 and form.hours.data == Decimal("7.5")


def test_db_int_refuses_what_the_database_cannot_hold():
    assert db_int("42") == 42 and db_int(7) == 7 and db_int("-3") == -3
    for odd in (HUGE, str(2**31), "1e3", "๑๒", "", None):
        with pytest.raises(ValueError):
            db_int(odd)


def test_other_http_errors_show_the_error_page(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "PROPAGATE_EXCEPTIONS": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/e.sqlite3"})

    @app.get("/unprocessable")
    def unprocessable():
        raise UnprocessableEntity("werkzeug's own English")

    @app.get("/missing-field")
    def missing_field():
        from flask import request

        return request.form["nothing"]  # werkzeug's BadRequestKeyError

    client = app.test_client()
    for url, status in (("/unprocessable", 422), ("/missing-field", 400)):
        response = client.get(url)
        page = response.get_data(as_text=True)
        assert response.status_code == status
        assert "คำขอไม่ถูกต้อง" in page and "werkzeug" not in page
