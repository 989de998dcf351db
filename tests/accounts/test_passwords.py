"""Guessable passwords are refused wherever a password is set (issue 9, breach 7).

One rule (lms.accounts.passwords): at least 10 characters, not guessable by zxcvbn, and
without the person's name or email; the reasons in the person's language.
"""

import pytest

from lms.accounts.models import Person
from lms.extensions import db
from tests import factories
from tests.factories import TEST_PASSWORD

TOO_EASY_TH = "รหัสผ่านนี้คาดเดาได้ง่ายเกินไป"
TOO_EASY_EN = "This password is too easy to guess: add more words or characters."
PERSONAL_TH = "รหัสผ่านต้องไม่มีชื่อหรืออีเมลของเจ้าของบัญชี"
PERSONAL_EN = "The password must not contain the account holder&#39;s name or email."
STRONG = "ต้นมะม่วง ริมคลอง 47 ใบ"


def _change(client, new_password):
    return client.post("/account/password", data={
        "current_password": TEST_PASSWORD, "new_password": new_password, "confirm": new_password})


@pytest.fixture
def somchai(world):
    person = world["learner"]
    person.name_th, person.name_en, person.email = "สมชาย ใจดี", "Somchai Jaidee", "somchai.j@example.go.th"
    db.session.flush()
    return person


@pytest.mark.parametrize("password", ["aaaaaaaaaa", "password123", "qwertyuiop", "1234567890"])
def test_a_guessable_password_is_refused_in_thai(client, login, somchai, password):
    login(somchai)

    response = _change(client, password)

    page = response.get_data(as_text=True)
    assert response.status_code == 200 and TOO_EASY_TH in page
    assert somchai.check_password(TEST_PASSWORD)


@pytest.mark.parametrize("password", ["somchai-rocks-2024!", "Jaidee is my surname", "สมชายเดินทางไกล 2569",
                                      "my friend ใจดี says hi", "SOMCHAI.J loves mangoes"])
def test_a_password_with_the_persons_name_or_email_is_refused(client, login, somchai, password):
    login(somchai)

    response = _change(client, password)

    assert response.status_code == 200 and PERSONAL_TH in response.get_data(as_text=True)
    assert somchai.check_password(TEST_PASSWORD)


def test_the_reasons_are_in_english_for_an_english_speaker(client, login, somchai):
    somchai.language = "en"
    db.session.flush()
    login(somchai)

    page = _change(client, "aaaaaaaaaa").get_data(as_text=True)
    assert TOO_EASY_EN in page
    assert "Repeats like" in page  # zxcvbn's own warning, which speaks English only
    assert PERSONAL_EN in _change(client, "Somchai Jaidee 2569 x").get_data(as_text=True)


def test_a_short_password_is_refused_for_its_length(client, login, somchai):
    login(somchai)

    page = _change(client, "Xq7#p").get_data(as_text=True)

    assert "กรุณาใช้อย่างน้อย 10 ตัวอักษร" in page


def test_a_strong_passphrase_is_accepted(client, login, somchai):
    login(somchai)

    assert _change(client, STRONG).status_code == 302
    assert somchai.check_password(STRONG)


def _person_form(world, person, new_password):
    return {"email": person.email, "name_th": person.name_th, "name_en": person.name_en, "position": "",
            "organisation_id": world["division"].id, "supervisor_email": "supervisor@example.go.th",
            "language": "th", "is_active": "y", "institute_id": 0, "admin_of_id": 0,
            "new_password": new_password}


def test_an_administrator_cannot_set_a_guessable_password(client, world, login_as):
    login_as("agency_admin")
    learner = world["learner"]
    for password, reason in [("aaaaaaaaaa", TOO_EASY_TH), ("learner-on-duty-77", PERSONAL_TH),
                             ("ผู้เรียนดีเด่นประจำปี", PERSONAL_TH)]:
        response = client.post(f"/admin/people/{learner.id}", data=_person_form(world, learner, password))
        assert response.status_code == 200 and reason in response.get_data(as_text=True), password
    assert learner.check_password(TEST_PASSWORD)

    response = client.post(f"/admin/people/{learner.id}", data=_person_form(world, learner, STRONG))
    assert response.status_code == 302
    assert learner.check_password(STRONG)


def test_create_admin_refuses_a_guessable_password(app, db):
    runner = app.test_cli_runner()

    weak = runner.invoke(args=["lms", "create-admin", "--email", "root@example.go.th", "--name", "ผู้ดูแล ระบบ",
                               "--password", "password123"])
    personal = runner.invoke(args=["lms", "create-admin", "--email", "root@example.go.th", "--name",
                                   "ผู้ดูแล ระบบ", "--password", "root of all trees 77"])

    assert weak.exit_code == 2 and "too easy to guess" in weak.output
    assert personal.exit_code == 2 and "name or email" in personal.output
    assert db.session.query(Person).filter_by(email="root@example.go.th").one_or_none() is None

    made = runner.invoke(args=["lms", "create-admin", "--email", "root@example.go.th", "--name", "ผู้ดูแล ระบบ",
                               "--password", STRONG])
    assert made.exit_code == 0, made.output
    assert db.session.query(Person).filter_by(email="root@example.go.th").one().is_site_admin


def test_the_test_and_demo_passwords_pass_the_rule(app, db):
    from lms.accounts.demo import DEMO_PASSWORD, PEOPLE
    from lms.accounts.passwords import password_problems

    with app.test_request_context():
        assert password_problems(TEST_PASSWORD, factories.person()) == []
        assert [p.email for p in PEOPLE if password_problems(DEMO_PASSWORD, p)] == []


def test_a_very_long_password_is_judged_not_crashed_on(client, login, somchai):
    login(somchai)

    assert TOO_EASY_TH in _change(client, "ก" * 10_000).get_data(as_text=True)
    long_and_strong = STRONG + " และทุ่งนาเขียวขจีสุดสายตาในฤดูฝนปีนี้ " * 4
    assert _change(client, long_and_strong).status_code == 302


def test_a_thai_title_joined_to_the_name_does_not_hide_the_name(app):
    from lms.accounts.passwords import password_problems

    who = {"name_th": "นายสมชาย ใจเย็น", "name_en": "", "email": "s.j@example.go.th"}
    with app.test_request_context():
        assert len(password_problems("สมชายชอบกินมะม่วงริมคลอง", who)) == 1
        assert password_problems("นายท่านชอบกินมะม่วงริมคลอง", who) == []  # the title alone is no name
