"""Learning log: a learner's entries, checks that keep what was typed, edit/delete rules."""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from lms.core.dates import today_in_bangkok
from lms.development import log
from lms.development.models import RecordReview
from lms.extensions import db as database
from lms.records.models import LearningRecord
from lms.records.services import record_learning
from lms.reference.models import LearningMethod, SkillSet


def skill_set_id(slug="digital-literacy"):
    return database.session.scalar(select(SkillSet.id).where(SkillSet.slug == slug))


def method(slug):
    return database.session.scalar(select(LearningMethod).where(LearningMethod.slug == slug))


def yesterday():
    return today_in_bangkok() - timedelta(days=1)


def entry_form(**overrides):
    data = {"occurred_on": yesterday().isoformat(), "hours": "2", "method": "on-the-job",
            "skill_sets": [str(skill_set_id())], "title": "ทำแดชบอร์ดข้อมูลเปิด",
            "notes_md": "เรียนรู้การใช้ **Power BI**"}
    data.update(overrides)
    return data


def log_records(person):
    return list(database.session.scalars(select(LearningRecord).where(
        LearningRecord.person_id == person.id, LearningRecord.source == "log").order_by(LearningRecord.id)))


def make_entry(person, day=None, hours="2", title="งานประจำ"):
    record = log.create_entry(person, log.EntryData(
        occurred_on=day or yesterday(), hours_text=hours, method_slug="on-the-job",
        skill_set_ids=[skill_set_id()], title=title, notes_md="บันทึก"))
    database.session.flush()
    return record


def test_learner_logs_an_entry_that_waits_for_verification(client, login_as, uploads):
    learner = login_as("learner")
    response = client.post("/log/new", data=entry_form())
    assert response.status_code == 302

    [record] = log_records(learner)
    assert (record.status, record.source, record.method.slug) == ("pending", "log", "on-the-job")
    assert record.hours == Decimal("2") and record.occurred_on == yesterday()
    assert [s.slug for s in record.skill_sets] == ["digital-literacy"]
    assert record.notes_md == "เรียนรู้การใช้ **Power BI**" and len(record.source_key) == 32
    listing = client.get("/log/").get_data(as_text=True)
    assert "ทำแดชบอร์ดข้อมูลเปิด" in listing and 'badge bg-secondary' in listing


def test_every_problem_is_shown_at_once_and_what_was_typed_is_kept(client, login_as, uploads):
    learner = login_as("learner")
    future = (today_in_bangkok() + timedelta(days=1)).isoformat()
    response = client.post("/log/new", data=entry_form(occurred_on=future, hours="25", skill_sets=[],
                                                       title="", notes_md="ข้อความที่พิมพ์ไว้"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count("invalid-feedback") >= 4  # date, hours, skill sets, title
    assert "ข้อความที่พิมพ์ไว้" in page and 'value="25"' in page
    assert "(got &#39;25&#39;)" in page or "(ได้รับ &#39;25&#39;)" in page  # the rule names the value
    assert log_records(learner) == []


@pytest.mark.parametrize("hours", ["0", "-1", "abc", "1.255"])
def test_hours_must_be_a_positive_number_with_two_places(client, login_as, uploads, hours):
    learner = login_as("learner")
    response = client.post("/log/new", data=entry_form(hours=hours))
    assert response.status_code == 200 and "invalid-feedback" in response.get_data(as_text=True)
    assert log_records(learner) == []


def test_a_day_cannot_pass_24_hours_and_the_message_names_the_figures(client, login_as, world, db, uploads):
    learner = world["learner"]
    record_learning(learner, method=method("training"), hours=Decimal("20"), occurred_on=yesterday(),
                    title="อบรม", source="class", source_key="enrolment:1", status="verified")
    learner.language = "en"
    db.session.flush()
    login_as("learner")
    page = client.post("/log/new", data=entry_form(hours="6")).get_data(as_text=True)
    assert "You already have 20 hours recorded on" in page
    assert "6 more would make 26, more than 24 hours in one day" in page
    assert log_records(learner) == []
    assert client.post("/log/new", data=entry_form(hours="4")).status_code == 302


def test_a_date_before_the_previous_fiscal_year_is_refused(client, login_as, uploads):
    learner = login_as("learner")
    old = (today_in_bangkok() - timedelta(days=800)).isoformat()
    response = client.post("/log/new", data=entry_form(occurred_on=old))
    assert response.status_code == 200 and log_records(learner) == []


@pytest.mark.parametrize("slug", ["coaching", "training", "nonsense"])
def test_only_the_three_log_methods_are_accepted(client, login_as, uploads, slug):
    learner = login_as("learner")
    assert client.post("/log/new", data=entry_form(method=slug)).status_code == 200
    assert log_records(learner) == []


def test_notes_are_rendered_as_sanitised_markdown(client, login_as, world, db, uploads):
    record = make_entry(world["learner"])
    record.notes_md = "**ได้เรียนรู้** <script>alert(1)</script> [x](javascript:alert(1))"
    db.session.flush()
    login_as("supervisor")
    page = client.get(f"/log/{record.id}").get_data(as_text=True)
    assert "<strong>ได้เรียนรู้</strong>" in page
    assert "<script>alert" not in page and "javascript:alert" not in page


def test_learner_edits_and_deletes_a_pending_entry(client, login_as, world, db, uploads):
    record = make_entry(world["learner"])
    login_as("learner")
    page = client.get(f"/log/{record.id}").get_data(as_text=True)
    assert 'name="title"' in page  # the owner gets the form
    assert client.post(f"/log/{record.id}", data=entry_form(hours="3", title="แก้แล้ว")).status_code == 302
    assert (record.hours, record.title, record.status) == (Decimal("3"), "แก้แล้ว", "pending")
    assert record.updated_at is not None
    assert client.post(f"/log/{record.id}/delete").status_code == 302
    assert log_records(world["learner"]) == []


def test_editing_excludes_the_entry_itself_from_the_day_total(client, login_as, world, uploads):
    record = make_entry(world["learner"], hours="20")
    login_as("learner")
    assert client.post(f"/log/{record.id}", data=entry_form(hours="24")).status_code == 302
    assert record.hours == Decimal("24")


def test_a_verified_entry_can_no_longer_be_changed_or_deleted(client, login_as, world, db, uploads):
    record = make_entry(world["learner"])
    log.review_entry(world["supervisor"], record, "verified", "", log.entry_version(record))
    login_as("learner")
    page = client.get(f"/log/{record.id}").get_data(as_text=True)
    assert 'name="title"' not in page
    assert client.post(f"/log/{record.id}", data=entry_form(title="แอบแก้")).status_code == 403
    assert client.post(f"/log/{record.id}/delete").status_code == 403
    db.session.refresh(record)
    assert record.title == "งานประจำ" and record.status == "verified"


def test_supervisor_may_look_but_not_edit_a_reports_entry(client, login_as, world, uploads):
    record = make_entry(world["learner"])
    login_as("supervisor")
    page = client.get(f"/log/{record.id}").get_data(as_text=True)
    assert 'name="title"' not in page and 'name="comment"' in page
    assert client.post(f"/log/{record.id}", data=entry_form(title="ไม่ใช่ของฉัน")).status_code == 403
    assert client.post(f"/log/{record.id}/delete").status_code == 403


def test_the_list_shows_only_my_log_entries_with_their_status(client, login_as, world, uploads):
    mine = make_entry(world["learner"], title="ของฉัน")
    make_entry(world["peer"], title="ของเพื่อน")
    record_learning(world["learner"], method=method("training"), hours=Decimal("6"), occurred_on=yesterday(),
                    title="หลักสูตรจากสถาบัน", source="class", source_key="enrolment:9", status="verified")
    log.review_entry(world["supervisor"], mine, "returned", "แนบหลักฐานด้วย", log.entry_version(mine))
    login_as("learner")
    page = client.get("/log/").get_data(as_text=True)
    assert "ของฉัน" in page and "แนบหลักฐานด้วย" in page
    assert "ของเพื่อน" not in page and "หลักสูตรจากสถาบัน" not in page


def test_pages_run_a_bounded_number_of_queries(client, login_as, world, app, uploads):
    for n in range(30):
        make_entry(world["learner"], hours="0.5", title=f"รายการ {n}")
    login_as("learner")
    statements = []
    from sqlalchemy import event

    def count(*_args):
        statements.append(1)

    engine = database.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get("/log/").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) < 20


def test_entries_counted_in_sql(world, db):
    make_entry(world["learner"], hours="1.5")
    make_entry(world["learner"], hours="2.25")
    assert log.hours_on_day(world["learner"].id, yesterday()) == Decimal("3.75")
    assert database.session.scalar(select(func.count()).select_from(RecordReview)) == 0
