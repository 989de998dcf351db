"""PDPA rights in Chromium: a learner downloads their data from the account page; an agency
administrator anonymises a person who left more than the retention period ago.

The person who left is made for this test (committed to the live server's database) and
deleted again at its end, so the people counted on the site administrator's home
(test_login_roles) are the world's whatever order the tests run in.
"""

import io
import json
import zipfile
from datetime import date, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, func, select

SCREENSHOT = "/tmp/e2e-privacy.png"


@pytest.fixture
def person_who_left(live_server):
    """An inactive person in division A1, deactivated 800 days ago, with 3 verified hours."""
    from lms.accounts.models import Organisation, Person
    from lms.core.models import utcnow
    from lms.extensions import db
    from lms.records.models import LearningRecord
    from lms.reference.models import LearningMethod

    app = live_server.app
    with app.app_context():
        division = db.session.scalar(select(Organisation).where(Organisation.code == "DIV-A1"))
        person = Person(email="left.long.ago@example.go.th", name_th="มานะ ลาออกแล้ว", name_en="Mana Left",
                        position="นักวิชาการคอมพิวเตอร์", organisation=division, is_active=False,
                        deactivated_at=utcnow() - timedelta(days=800))
        db.session.add(person)
        db.session.flush()
        method = db.session.scalar(select(LearningMethod).where(LearningMethod.slug == "on-the-job"))
        db.session.add(LearningRecord(person_id=person.id, learning_method_id=method.id,
                                      occurred_on=date.today() - timedelta(days=900), hours=Decimal("3.00"),
                                      title="งานส่วนตัวของมานะ", notes_md="บันทึกของมานะ", source="log",
                                      source_key="e2e-privacy", status="verified"))
        db.session.commit()
        person_id = person.id
        db.session.remove()
    try:
        yield person_id
    finally:
        with app.app_context():
            db.session.execute(delete(Person).where(Person.id == person_id))  # records go with it
            db.session.commit()
            db.session.remove()


def test_a_learner_downloads_their_data(page, live_server, log_in, th, tmp_path, console_errors):
    learner = live_server.world["learner"]
    log_in(page, "learner")
    page.goto(live_server("/account"))
    card = page.locator("#my-data")
    expect(card.get_by_role("heading")).to_have_text(th("Your data"))
    with page.expect_download() as info:
        card.get_by_role("button", name=th("Download my data"), exact=True).click()
    download = info.value
    assert download.suggested_filename.startswith("thaksa-") and download.suggested_filename.endswith(".zip")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    archive = zipfile.ZipFile(io.BytesIO(saved.read_bytes()))
    assert {"README.txt", "thaksa-data.json"} <= set(archive.namelist())
    data = json.loads(archive.read("thaksa-data.json").decode("utf-8"))
    assert data["person"]["email"] == learner["email"]
    assert data["person"]["name_th"] == learner["name_th"]
    assert data["account_sessions"][-1]["browser"]  # this very Chromium, signed in just now
    assert live_server.world["peer"]["email"] not in json.dumps(data, ensure_ascii=False)
    assert console_errors == []


def test_an_administrator_anonymises_a_person_who_left(page, live_server, log_in, th, person_who_left,
                                                       console_errors):
    from lms.accounts.models import Person
    from lms.extensions import db
    from lms.records.models import LearningRecord

    log_in(page, "agency_admin")
    page.goto(live_server(f"/people/{person_who_left}"))
    expect(page.locator("main h1")).to_contain_text("มานะ ลาออกแล้ว")
    with page.expect_navigation():
        page.get_by_role("link", name=th("Erase personal data…"), exact=True).click()

    # The confirmation page says what goes and what stays before anything happens.
    main = page.locator("main")
    expect(main.locator("h1")).to_have_text(th("Erase the personal data of %(name)s", name="มานะ ลาออกแล้ว"))
    expect(main).to_contain_text(th("Erased, for good"))
    expect(main).to_contain_text(th("Kept, without their identity"))
    expect(main.locator("#refusal")).to_have_count(0)
    page.screenshot(path=SCREENSHOT, full_page=True)
    with page.expect_navigation():
        main.get_by_role("button", name=th("Erase personal data"), exact=True).click()

    expect(main.locator(".alert-success")).to_contain_text(
        th("The personal data has been erased. Their hours still count in the totals."))
    expect(main.locator("h1")).to_contain_text(f"ผู้ใช้ที่ถูกลบข้อมูล #{person_who_left}")
    expect(main).not_to_contain_text("มานะ")
    expect(main).not_to_contain_text("left.long.ago@example.go.th")
    expect(main.get_by_role("link", name=th("Erase personal data…"), exact=True)).to_have_count(0)

    with live_server.app.app_context():
        person = db.session.get(Person, person_who_left)
        assert person.email == f"anonymised-{person_who_left}@invalid" and person.anonymised_at is not None
        hours = db.session.scalar(select(func.sum(LearningRecord.hours))
                                  .where(LearningRecord.person_id == person_who_left))
        assert hours == Decimal("3.00")  # still counted in the division's totals
        db.session.remove()
    assert console_errors == []
