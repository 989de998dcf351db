"""A person downloads everything Thaksa holds about them: one zip, JSON and evidence."""

import io
import json
import os
import re
import zipfile

import pytest
from sqlalchemy import select

from lms.core.dates import today_in_bangkok
from lms.core.models import AuditEvent, utcnow
from lms.development.evidence import stored_path
from lms.privacy.export import archive_names, personal_data
from tests.privacy.builders import PDF, PNG, attach, life


def _download(client, **kwargs):
    response = client.post("/account/data-export", **kwargs)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    response.get_data()
    response.close()  # the archive's temporary file is closed with the response
    return response


def _open(data: bytes) -> tuple[zipfile.ZipFile, dict]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return archive, json.loads(archive.read("thaksa-data.json").decode("utf-8"))


def test_the_zip_holds_the_persons_records_notes_plans_and_files(client, world, login, uploads):
    mine = life(world, "learner")
    theirs = life(world, "peer")
    login(world["learner"])

    response = _download(client)

    assert response.mimetype == "application/zip"
    today = today_in_bangkok().isoformat()
    assert response.headers["Content-Disposition"] == f"attachment; filename=thaksa-{today}.zip"
    assert response.headers["Cache-Control"] == "no-store"
    archive, data = _open(response.data)
    assert sorted(archive.namelist()) == ["README.txt", "evidence/รายงาน.pdf", "evidence/รายงาน.png",
                                          "thaksa-data.json"]
    assert archive.read("evidence/รายงาน.pdf") == PDF + mine["tag"].encode()
    assert archive.read("evidence/รายงาน.png") == PNG + mine["tag"].encode()
    readme = archive.read("README.txt").decode("utf-8")
    assert "ข้อมูลส่วนบุคคลของคุณ" in readme and "Your personal data" in readme
    raw = archive.read("thaksa-data.json").decode("utf-8")
    assert "สมชาย ผู้เรียน" in raw  # UTF-8 as is, not \u escapes
    assert raw.startswith("{\n  ")  # indented for people to read

    learner = world["learner"]
    assert data["person"]["email"] == learner.email
    assert data["person"]["name_th"] == learner.name_th
    assert data["person"]["citizen_id_hash"] == f"citizen-hash-{mine['tag']}"
    assert data["person"]["organisation"]["name_th"] == world["division"].name_th
    assert data["person"]["agency"]["name_th"] == world["dept_a"].name_th
    assert data["person"]["supervisor"] == {"name_th": "สมหญิง หัวหน้า", "name_en": world["supervisor"].name_en}
    entries = {r["source"]: r for r in data["learning_records"]}
    assert entries["log"]["title"] == f"งานของ {mine['tag']}"
    assert entries["log"]["notes"] == f"บันทึกส่วนตัว {mine['tag']}"
    assert entries["log"]["hours"] == "2.50"
    assert entries["log"]["reviews"][0]["comment"] == f"ความเห็นหัวหน้า {mine['tag']}"
    assert [e["file_in_archive"] for e in entries["log"]["evidence"]] == ["evidence/รายงาน.pdf",
                                                                         "evidence/รายงาน.png"]
    assert entries["coaching"]["hours"] == "1.50"
    [plan] = data["development_plans"]
    [revision] = plan["revisions"]
    assert f"หมายเหตุแผน {mine['tag']}" in [item["note"] for item in revision["items"]]
    assert [d["kind"] for d in revision["decisions"]] == ["submitted", "returned"]
    assert revision["decisions"][1]["comment"] == f"แก้แผน {mine['tag']}"
    assert data["coaching_received"][0]["notes"] == f"บันทึกการสอน {mine['tag']}"
    assert data["enrolments"][0]["attendance"][0]["note"] == f"มาสาย {mine['tag']}"
    # The notice written by hand, and those told at once of what was done to the person's rows.
    assert [n["kind"] for n in data["notifications"]] == [
        "record_returned", "plan_returned", "coaching_recorded", "enrolment_confirmed", "mix_check"]
    assert data["notification_preferences"] == [
        {"kind": "no_learning", "channel": "off", "updated_at": data["notification_preferences"][0]["updated_at"]}]
    assert [a["address"] for a in data["failed_logins"]] == ["203.0.113.9"]
    assert len(data["account_sessions"]) == 1  # this browser
    kinds = [e["kind"] for e in data["audit_events"]]
    assert "login.succeeded" in kinds and "learning_record.returned" in kinds
    # Skills: the self-assessment, the external result and the certificate with its credential.
    assert data["skill_assessments"][0]["ratings"][0]["own_comment"] == f"ประเมินตนเอง {mine['tag']}"
    assert data["external_results"][0]["title"] == f"ผลสอบ {mine['tag']}"
    [certificate] = data["certificates"]
    assert certificate["id"] == mine["certificate"].public_id and certificate["credential"].count(".") == 2
    assert data["quiz_attempts"] == []
    # Connections: the token (its name, no secret) with its call; the xAPI statements about them.
    [token] = data["api_access"]["tokens"]
    assert token["name"] == f"script {mine['tag']}" and token["prefix"].startswith("thk_")
    assert [c["path"] for c in token["calls"]] == [f"/api/v1/records?{mine['tag']}"]
    assert data["api_access"]["clients"][0]["name"] == f"system {mine['tag']}"
    assert data["xapi_statements"]["sent"][0]["statement"]["actor"]["mbox"] == f"mailto:{world['learner'].email}"
    assert data["xapi_statements"]["received"][0]["statement"]["result"]["response"] == mine["tag"]

    # Nothing of the other person: not their words, files, name or email.
    assert theirs["tag"] not in raw
    assert world["peer"].email not in raw and world["peer"].name_th not in raw
    for name in archive.namelist():
        assert theirs["tag"].encode() not in archive.read(name)
    # Secrets stay out.
    assert learner.calendar_token not in raw and "password" not in json.dumps(data["person"])


def test_the_export_is_audited(client, world, login, db):
    login(world["learner"])
    _download(client)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.kind == "person.data_exported"))
    assert event.actor_id == world["learner"].id
    assert (event.object_type, event.object_id) == ("people", world["learner"].id)


def test_only_ones_own_data_can_be_exported(client, world, login, uploads):
    theirs = life(world, "peer")
    login(world["learner"])
    # The route takes no id: whatever is sent, it is the signed-in person's archive.
    response = _download(client, data={"person_id": world["peer"].id},
                         query_string={"person_id": world["peer"].id})
    _archive, data = _open(response.data)
    assert data["person"]["email"] == world["learner"].email
    assert theirs["tag"] not in json.dumps(data, ensure_ascii=False)
    assert client.get("/account/data-export").status_code == 405


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.post("/account/data-export")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.fixture
def learner_logged_in(login, world):
    return login(world["learner"])


def test_the_button_is_on_the_account_page_and_needs_the_csrf_token(client, learner_logged_in, csrf):
    assert client.post("/account/data-export").status_code == 400  # no token: refused
    page = client.get("/account").get_data(as_text=True)
    token = re.search(r'action="/account/data-export">\s*<input type="hidden" name="csrf_token" value="([^"]+)"',
                      page).group(1)
    _archive, data = _open(_download(client, data={"csrf_token": token}).data)
    assert data["person"]["email"] == "learner@example.go.th"


def test_repeated_file_names_and_missing_files(world, db, uploads):
    records = life(world, "learner")
    again = attach(records["entry"], "รายงาน.pdf", PDF)
    files = sorted([records["pdf"], records["png"], again], key=lambda f: f.id)
    assert sorted(archive_names(files).values()) == ["evidence/รายงาน (2).pdf", "evidence/รายงาน.pdf",
                                                     "evidence/รายงาน.png"]
    os.remove(stored_path(records["png"].stored_name))
    data = personal_data(world["learner"])
    [entry] = [r for r in data["learning_records"] if r["id"] == records["entry"].id]
    png = next(e for e in entry["evidence"] if e["name"] == "รายงาน.png")
    assert png["file_in_archive"] is None and png["missing"] is True


def test_the_cli_writes_the_archive_for_an_administrator(app, world, db, uploads, tmp_path):
    life(world, "learner")
    output = tmp_path / "request.zip"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["lms", "people", "export-data", "LEARNER@example.go.th", "--output", str(output)])
    assert result.exit_code == 0, result.output
    _archive, data = _open(output.read_bytes())
    assert data["person"]["email"] == "learner@example.go.th"
    assert data["exported_at"][:10] == utcnow().date().isoformat()
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.kind == "person.data_exported"))
    assert event.actor_label == "cli"
    missing = runner.invoke(args=["lms", "people", "export-data", "nobody@example.go.th",
                                  "--output", str(tmp_path / "x.zip")])
    assert missing.exit_code == 1 and "no person" in missing.output
