"""Learning done elsewhere counts: statements in a real LRS (Ralph) become learning-log entries
waiting for the supervisor; unknown people and unmapped verbs are kept and shown, never dropped;
fetching again changes nothing."""

import uuid
from datetime import timedelta
from decimal import Decimal

from click.testing import CliRunner
from sqlalchemy import func, select

from lms.cli import lms_cli
from lms.core.models import utcnow
from lms.development import log
from lms.extensions import db
from lms.integrations.xapi import fetch, sender
from lms.integrations.xapi.models import XapiReceivedStatement
from lms.integrations.xapi.statements import statement_id
from lms.records.models import LearningRecord
from tests import factories
from tests.integrations.xapi_helpers import in_settings, out_settings, post_statements

ADL = "http://adlnet.gov/expapi/verbs/"


def statement(email: str, verb: str = "completed", title: str = "หลักสูตรออนไลน์ภายนอก", **extra) -> dict:
    return {"id": str(uuid.uuid4()),
            "actor": {"objectType": "Agent", "name": "x", "mbox": f"mailto:{email}"},
            "verb": {"id": ADL + verb, "display": {"en-US": verb}},
            "object": {"objectType": "Activity", "id": "https://mooc.example.org/courses/data-101",
                       "definition": {"name": {"en-US": "Data 101", "th-TH": title}}},
            "timestamp": (utcnow() - timedelta(minutes=5)).isoformat(), **extra}


def newcomer(world):
    """A report of the world's supervisor with an address no other test's statements use."""
    return factories.person(world["division"], world["supervisor"], name_th="ใหม่ ภายนอก",
                            email=f"xapi.{uuid.uuid4().hex[:10]}@example.go.th")


def received(statement_id: str) -> XapiReceivedStatement | None:
    return db.session.scalar(select(XapiReceivedStatement).where(XapiReceivedStatement.statement_id == statement_id))


def counts():
    return (db.session.scalar(select(func.count()).select_from(XapiReceivedStatement)),
            db.session.scalar(select(func.count()).select_from(LearningRecord)))


def test_fetched_statements_wait_for_the_supervisor_and_refusals_are_kept(
        client, login, world, configure, lrs_server):
    configure(**in_settings(lrs_server))
    person = newcomer(world)
    db.session.commit()
    done = statement(person.email, result={"duration": "PT2H30M", "completion": True})
    attended = statement(person.email, verb="attended", title="สัมมนาข้อมูลเปิด")
    stranger = statement(f"nobody.{uuid.uuid4().hex[:8]}@thaksa.example.org")
    unmapped = statement(person.email, verb="answered")
    too_long = statement(person.email, result={"duration": "PT30H"})
    post_statements(lrs_server, [done, attended, stranger, unmapped, too_long])

    report = fetch.fetch()
    assert report.stopped == "" and report.read >= 5

    record = db.session.get(LearningRecord, received(done["id"]).record_id)
    assert (record.person_id, record.status, record.source) == (person.id, "pending", "log")
    assert (record.method.slug, record.hours, record.title) == ("self-learning", Decimal("2.50"), "หลักสูตรออนไลน์ภายนอก")
    second = db.session.get(LearningRecord, received(attended["id"]).record_id)
    assert (second.method.slug, second.hours) == ("learning-from-others", Decimal("1.00"))  # XAPI_DEFAULT_HOURS
    assert (received(stranger["id"]).outcome, received(stranger["id"]).reason) == ("refused", "unknown_person")
    assert (received(unmapped["id"]).reason, received(unmapped["id"]).verb_id) == ("unmapped_verb", ADL + "answered")
    assert received(too_long["id"]).reason == "entry_refused"
    refused_ids = {row.statement_id for row in report.refused}
    assert {stranger["id"], unmapped["id"], too_long["id"]} <= refused_ids

    before = counts()
    again = fetch.fetch()
    assert counts() == before and again.recorded == 0 and again.refused == []

    login(world["supervisor"])
    queue = client.get("/log/reviews").get_data(as_text=True)
    assert "หลักสูตรออนไลน์ภายนอก" in queue and "สัมมนาข้อมูลเปิด" in queue

    login(world["site_admin"])
    page = client.get("/admin/xapi").get_data(as_text=True)
    assert stranger["actor"]["mbox"] in page and unmapped["id"] in page
    assert "ไม่มีผู้ใช้ในระบบที่มีอีเมลหรือบัญชีนี้" in page or "Nobody in Thaksa has this e-mail" in page


def test_the_supervisor_verifies_a_fetched_entry_and_thaksa_skips_its_own_statements(
        world, configure, lrs_server):
    configure(**in_settings(lrs_server), **out_settings(lrs_server))
    person = newcomer(world)
    ours = log.create_entry(person, log.EntryData(
        occurred_on=utcnow().date() - timedelta(days=1), hours_text="1", method_slug="on-the-job", title="งานเอง"))
    log.review_entry(world["supervisor"], ours, "verified", "", log.entry_version(ours))
    db.session.commit()
    assert sender.send().sent == 1
    elsewhere = statement(person.email)
    post_statements(lrs_server, [elsewhere])

    report = fetch.fetch()
    assert report.own >= 1
    assert received(elsewhere["id"]).outcome == "recorded"
    own_ids = {row.statement_id for row in db.session.scalars(select(XapiReceivedStatement))}
    assert statement_id(f"record:{ours.id}") not in own_ids

    # Verified, the fetched entry is not sent back to the LRS it came from.
    record = db.session.get(LearningRecord, received(elsewhere["id"]).record_id)
    log.review_entry(world["supervisor"], record, "verified", "", log.entry_version(record))
    db.session.commit()
    assert sender.send().sent == 0


def test_the_commands_print_what_they_did(app, world, configure, lrs_server):
    configure(**in_settings(lrs_server))
    stranger = statement(f"cli.{uuid.uuid4().hex[:8]}@thaksa.example.org")
    post_statements(lrs_server, [stranger])
    runner = CliRunner()

    fetched = runner.invoke(lms_cli, ["xapi", "fetch"], obj=app_script(app))
    assert fetched.exit_code == 0, fetched.output
    assert f"refused {stranger['id']}: unknown_person mailto:{stranger['actor']['mbox'][7:]}" in fetched.output
    sent = runner.invoke(lms_cli, ["xapi", "send"], obj=app_script(app))
    assert "stopped: XAPI_LRS_URL is not set" in sent.output


def app_script(app):
    from flask.cli import ScriptInfo

    return ScriptInfo(create_app=lambda: app)
