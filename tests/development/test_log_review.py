"""Verification of log entries: the immediate supervisor decides, every decision is recorded."""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from lms.core.dates import today_in_bangkok
from lms.development import log
from lms.development.models import RecordReview
from lms.extensions import db as database
from lms.records.services import record_learning
from lms.reference.models import LearningMethod, SkillSet
from tests import factories


def skill_set_id():
    return database.session.scalar(select(SkillSet.id).where(SkillSet.slug == "digital-literacy"))


def make_entry(person, title="งานประจำ", days_ago=1, hours="2"):
    record = log.create_entry(person, log.EntryData(
        occurred_on=today_in_bangkok() - timedelta(days=days_ago), hours_text=hours, method_slug="on-the-job",
        skill_set_ids=[skill_set_id()], title=title, notes_md="บันทึก"))
    database.session.flush()
    return record


def reviews_of(record):
    return [(r.decision, r.comment, r.actor_id) for r in database.session.scalars(
        select(RecordReview).where(RecordReview.record_id == record.id).order_by(RecordReview.id))]


def decide(client, record, button, comment="", version=None):
    return client.post(f"/log/{record.id}/review", data={
        "version": version or log.entry_version(record), "comment": comment, button: "y"})


@pytest.fixture
def switch_to(client, login):
    """Log out whoever is logged in, then log in `person`."""

    def switch(person):
        client.post("/logout")
        return login(person)

    return switch


def test_supervisor_verifies_an_entry(client, login_as, world, db):
    record = make_entry(world["learner"])
    supervisor = login_as("supervisor")
    assert decide(client, record, "verify").status_code == 302
    assert record.status == "verified"
    assert record.reviewed_by_id == supervisor.id and record.reviewed_at is not None
    assert reviews_of(record) == [("verified", "", supervisor.id)]


def test_returning_needs_a_comment_and_keeps_the_typed_text(client, login_as, world, db):
    record = make_entry(world["learner"])
    login_as("supervisor")
    response = decide(client, record, "send_back", comment="   ")
    assert response.status_code == 200 and "invalid-feedback" in response.get_data(as_text=True)
    assert record.status == "pending" and reviews_of(record) == []


def test_return_edit_resubmit_verify(client, switch_to, world, db):
    learner, supervisor = world["learner"], world["supervisor"]
    record = make_entry(learner)
    switch_to(supervisor)
    decide(client, record, "send_back", comment="โปรดแนบใบประกาศ")
    assert record.status == "returned"

    switch_to(learner)
    page = client.get(f"/log/{record.id}").get_data(as_text=True)
    assert "โปรดแนบใบประกาศ" in page and 'name="title"' in page
    form = {"occurred_on": record.occurred_on.isoformat(), "hours": "3", "method": "self-learning",
            "skill_sets": [str(skill_set_id())], "title": "แก้ตามคำแนะนำ", "notes_md": "เพิ่มรายละเอียด"}
    assert client.post(f"/log/{record.id}", data=form).status_code == 302
    assert (record.status, record.hours, record.method.slug) == ("pending", Decimal("3"), "self-learning")

    switch_to(supervisor)
    assert decide(client, record, "verify").status_code == 302
    assert [d for d, _c, _a in reviews_of(record)] == ["returned", "resubmitted", "verified"]
    assert reviews_of(record)[1][2] == learner.id


def test_a_decision_on_a_changed_entry_is_refused(client, login_as, world, db):
    record = make_entry(world["learner"])
    seen = log.entry_version(record)
    log.update_entry(world["learner"], record, log.EntryData(
        occurred_on=record.occurred_on, hours_text="20", method_slug="on-the-job",
        skill_set_ids=[skill_set_id()], title="แก้ทีหลัง", notes_md="x"))
    login_as("supervisor")
    response = decide(client, record, "verify", version=seen)
    assert response.status_code == 200 and "invalid-feedback" in response.get_data(as_text=True)
    assert record.status == "pending"


@pytest.mark.parametrize("role", ["director", "learner", "peer"])
def test_only_the_immediate_supervisor_decides(client, login_as, world, db, role):
    record = make_entry(world["learner"])
    login_as(role)
    assert decide(client, record, "verify").status_code in (403, 404)
    assert record.status == "pending" and reviews_of(record) == []


def test_director_up_the_chain_sees_the_entry_without_deciding(client, login_as, world):
    record = make_entry(world["learner"], title="งานที่ผู้อำนวยการเห็น")
    login_as("director")
    page = client.get(f"/log/{record.id}").get_data(as_text=True)
    assert "งานที่ผู้อำนวยการเห็น" in page and 'name="comment"' not in page
    assert "งานที่ผู้อำนวยการเห็น" not in client.get("/log/reviews").get_data(as_text=True)


def test_the_queue_lists_direct_reports_pending_entries_oldest_first(client, login_as, world, app, db):
    newer = make_entry(world["learner"], title="ใหม่กว่า")
    older = make_entry(world["peer"], title="เก่ากว่า")
    older.created_at = newer.created_at - timedelta(days=3)
    done = make_entry(world["learner"], title="ตรวจแล้ว")
    log.review_entry(world["supervisor"], done, "verified", "", log.entry_version(done))
    make_entry(world["other_learner"], title="คนละหน่วย")
    training = database.session.scalar(select(LearningMethod).where(LearningMethod.slug == "training"))
    record_learning(world["learner"], method=training, hours=Decimal("6"), title="จากสถาบัน",
                    occurred_on=today_in_bangkok(), source="class", source_key="enrolment:3", status="verified")
    record_learning(world["learner"], method=training, hours=Decimal("1"), title="ค้างจากที่อื่น",
                    occurred_on=today_in_bangkok(), source="self-paced", source_key="v:3", status="pending")
    db.session.flush()

    login_as("supervisor")
    page = client.get("/log/reviews").get_data(as_text=True)
    assert page.index("เก่ากว่า") < page.index("ใหม่กว่า")
    for absent in ("ตรวจแล้ว", "คนละหน่วย", "จากสถาบัน", "ค้างจากที่อื่น"):
        assert absent not in page

    app.config["PER_PAGE"], previous = 1, app.config["PER_PAGE"]
    try:
        first = client.get("/log/reviews").get_data(as_text=True)
        second = client.get("/log/reviews?page=2").get_data(as_text=True)
    finally:
        app.config["PER_PAGE"] = previous
    assert "เก่ากว่า" in first and "ใหม่กว่า" not in first and "ใหม่กว่า" in second


def test_bulk_verify_in_one_go_skips_what_is_not_mine_or_changed(client, login_as, world, db):
    first, second = make_entry(world["learner"], "หนึ่ง"), make_entry(world["peer"], "สอง")
    changed = make_entry(world["learner"], "เปลี่ยน", days_ago=2)
    stranger = make_entry(world["other_learner"], "คนอื่น")
    versions = {r.id: log.entry_version(r) for r in (first, second, changed, stranger)}
    changed.updated_at = changed.created_at + timedelta(minutes=5)
    db.session.flush()

    login_as("supervisor")
    data = {"entry": [str(i) for i in versions]}
    data.update({f"version-{i}": v for i, v in versions.items()})
    assert client.post("/log/reviews/verify", data=data).status_code == 302
    assert (first.status, second.status) == ("verified", "verified")
    assert (changed.status, stranger.status) == ("pending", "pending")
    assert len(reviews_of(first)) == 1 and reviews_of(stranger) == []


def test_a_supervisor_of_another_unit_has_no_queue_entries_of_ours(client, login_as, world):
    make_entry(world["learner"], title="ของหน่วยเรา")
    login_as("other_supervisor")
    assert "ของหน่วยเรา" not in client.get("/log/reviews").get_data(as_text=True)


def test_a_learner_without_reports_has_no_queue(client, login_as):
    login_as("learner")
    assert client.get("/log/reviews").status_code == 403


def test_a_new_supervisor_reviews_after_a_move(client, switch_to, world, db):
    record = make_entry(world["learner"])
    new_boss = factories.person(world["division"], world["director"], name_th="หัวหน้าใหม่")
    world["learner"].supervisor = new_boss
    db.session.flush()
    switch_to(world["supervisor"])
    assert decide(client, record, "verify").status_code == 404  # no longer up the chain
    switch_to(new_boss)
    assert decide(client, record, "verify").status_code == 302
