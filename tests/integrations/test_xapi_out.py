"""Thaksa's learning reaches the LRS (a real Ralph) as xAPI statements: queued with what they
tell, sent in batches, never lost to an outage and never sent twice."""

import socket
from datetime import timedelta

from sqlalchemy import select

from lms.catalog.self_paced import complete_self_paced
from lms.core.dates import today_in_bangkok
from lms.core.models import utcnow
from lms.development import log
from lms.extensions import db
from lms.integrations.xapi import sender, statements
from lms.integrations.xapi.models import XapiStatement
from tests.assessment.certificate_factories import level_certificate, self_paced_course
from tests.development.log_factories import coaching_session_for
from tests.development.test_log_review import decide, make_entry
from tests.integrations.xapi_helpers import out_settings, statements_of

ADL = "http://adlnet.gov/expapi/verbs/"


def queued() -> list[XapiStatement]:
    return list(db.session.scalars(select(XapiStatement).order_by(XapiStatement.id)))


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_nothing_is_queued_without_an_lrs(world, configure):
    record = make_entry(world["learner"])
    log.review_entry(world["supervisor"], record, "verified", "", log.entry_version(record))
    assert queued() == []


def test_a_verified_log_entry_reaches_the_lrs(client, login_as, world, configure, lrs_server):
    configure(**out_settings(lrs_server))
    record = make_entry(world["learner"], title="ทำแดชบอร์ด", hours="1.5")
    login_as("supervisor")
    assert decide(client, record, "verify").status_code == 302

    [row] = queued()
    assert (row.status, row.source, row.statement_id) == ("pending", f"record:{record.id}",
                                                          statements.statement_id(f"record:{record.id}"))
    report = sender.send()
    assert (report.sent, report.retried, report.failed) == (1, 0, 0)
    db.session.refresh(row)
    assert row.status == "sent" and row.sent_at is not None

    [statement] = [s for s in statements_of(lrs_server, "learner@example.go.th") if s["id"] == row.statement_id]
    assert statement["verb"]["id"] == ADL + "experienced"
    assert statement["actor"]["mbox"] == "mailto:learner@example.go.th"
    assert statement["object"]["definition"]["name"]["th-TH"] == "ทำแดชบอร์ด"
    assert statement["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/performance"
    assert statement["result"]["duration"] == "PT1H30M"
    extensions = statement["context"]["extensions"]
    base = configure_base(statement)
    assert extensions[f"{base}/xapi/extensions/learning-method"] == {"slug": "on-the-job", "bucket": "experiential"}
    assert extensions[f"{base}/xapi/extensions/skill-sets"] == ["digital-literacy"]
    assert extensions[f"{base}/xapi/extensions/source"] == f"record:{record.id}"


def configure_base(statement) -> str:
    return statement["context"]["contextActivities"]["category"][0]["id"].removesuffix("/xapi/profile")


def test_an_lrs_outage_loses_nothing_and_sends_once(world, configure, lrs_server, app):
    configure(**{**out_settings(lrs_server), "XAPI_LRS_URL": f"http://127.0.0.1:{closed_port()}/xAPI/"})
    record = make_entry(world["learner"])
    log.review_entry(world["supervisor"], record, "verified", "", log.entry_version(record))
    db.session.commit()
    [row] = queued()

    report = sender.send()
    assert (report.sent, report.retried) == (0, 1) and "ConnectionError" in report.stopped
    db.session.refresh(row)
    assert row.status == "pending" and row.attempts == 1 and "ConnectionError" in row.last_error
    assert row.next_attempt_at > utcnow() + timedelta(seconds=50)  # backoff: XAPI_RETRY_BASE_SECONDS

    configure(XAPI_LRS_URL=lrs_server["LMS_TEST_LRS_URL"])
    assert sender.send().sent == 0  # it waits for its next try
    assert sender.send(now=row.next_attempt_at).sent == 1
    db.session.refresh(row)
    assert row.status == "sent" and row.attempts == 2

    # Sent again (a sender that died before it could mark the row): the LRS keeps one statement.
    row.status, row.next_attempt_at = "pending", utcnow()
    db.session.commit()
    assert sender.send().sent == 1
    found = [s for s in statements_of(lrs_server, "learner@example.go.th") if s["id"] == row.statement_id]
    assert len(found) == 1


def test_a_statement_the_lrs_refuses_for_good_is_marked_failed_and_the_rest_sent(world, configure, lrs_server):
    configure(**out_settings(lrs_server))
    first, second = make_entry(world["learner"], title="หนึ่ง"), make_entry(world["learner"], title="สอง", days_ago=2)
    log.verify_many(world["supervisor"], {r.id: log.entry_version(r) for r in (first, second)})
    rows = queued()
    assert [row.source for row in rows] == [f"record:{first.id}", f"record:{second.id}"]
    rows[0].statement = {key: value for key, value in rows[0].statement.items() if key != "actor"}
    db.session.commit()

    report = sender.send()
    assert (report.sent, report.failed) == (1, 1)
    assert [row.status for row in queued()] == ["failed", "sent"]
    assert "HTTP 4" in queued()[0].last_error


def test_completion_coaching_and_level_statements(world, configure, lrs_server):
    configure(**out_settings(lrs_server))
    learner = world["learner"]
    course = self_paced_course(world)
    complete_self_paced(learner, course.published, today_in_bangkok())
    session = coaching_session_for(world["supervisor"], learner)
    level_certificate(learner, level=2)
    by_source = {row.source.split(":")[0]: row for row in queued()}
    assert set(by_source) == {"completion", "coaching", "level"}
    assert sender.send().sent == 3

    sent = {s["id"]: s for s in statements_of(lrs_server, "learner@example.go.th")}
    completion = sent[by_source["completion"].statement_id]
    assert completion["verb"]["id"] == ADL + "completed"
    assert completion["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/course"
    assert completion["object"]["definition"]["name"] == {"th-TH": "สุขอนามัยไซเบอร์", "en-US": "Cyber hygiene"}
    assert completion["result"]["duration"] == "PT3H"
    coaching = sent[by_source["coaching"].statement_id]
    assert coaching["verb"]["id"] == ADL + "attended"
    assert coaching["object"]["id"].endswith(f"/xapi/activities/coaching/{session.id}")
    assert coaching["result"]["duration"] == "PT30M"
    level = sent[by_source["level"].statement_id]
    assert level["verb"]["id"] == ADL + "passed"
    assert level["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/assessment"
    assert level["object"]["id"].endswith("/xapi/activities/skill-sets/digital-literacy/levels/2")
