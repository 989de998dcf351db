"""Evidence files: checked before anything is written, stored under generated names, served to
those who may see the entry, and never left behind without a row (or a row without a file)."""

import io
import os
from datetime import timedelta

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from lms.core.dates import today_in_bangkok
from lms.development import evidence, log
from lms.development.models import EvidenceFile
from lms.extensions import db as database
from lms.records.models import LearningRecord
from lms.reference.models import SkillSet

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
DOCX = b"PK\x03\x04" + b"\x00" * 64


@pytest.fixture
def config(app):
    """Change app.config for one test; restored afterwards."""
    saved = dict(app.config)
    yield app.config
    app.config.clear()
    app.config.update(saved)


def stored_files(folder):
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def entry_form(*files, **overrides):
    skill_set_id = database.session.scalar(select(SkillSet.id).where(SkillSet.slug == "digital-literacy"))
    data = {"occurred_on": (today_in_bangkok() - timedelta(days=1)).isoformat(), "hours": "2",
            "method": "on-the-job", "skill_sets": [str(skill_set_id)], "title": "งานพร้อมหลักฐาน",
            "notes_md": "ได้เรียนรู้", "evidence": [(io.BytesIO(content), name) for content, name in files]}
    data.update(overrides)
    return data


def fetch(client, url):
    """GET a file and close the response (the file handle with it); (status, headers, body)."""
    with client.get(url) as response:
        return response.status_code, response.headers, response.get_data()


def records_of(person):
    return list(database.session.scalars(select(LearningRecord).where(LearningRecord.person_id == person.id)))


def test_files_are_stored_under_generated_names_and_served_to_the_owner(client, login_as, uploads):
    learner = login_as("learner")
    response = client.post("/log/new", data=entry_form((PDF, "ใบประกาศนียบัตร.pdf"), (DOCX, "รายงาน.docx")))
    assert response.status_code == 302
    [record] = records_of(learner)
    pdf, docx = sorted(record.evidence, key=lambda f: f.original_name)[::-1]
    assert (pdf.original_name, pdf.content_type, pdf.size_bytes) == ("ใบประกาศนียบัตร.pdf", "application/pdf", len(PDF))
    on_disk = stored_files(uploads)
    assert len(on_disk) == 2 and all(p.name in (pdf.stored_name, docx.stored_name) for p in on_disk)
    assert all(len(p.name) == 32 and "." not in p.name for p in on_disk)

    status, headers, body = fetch(client, f"/log/evidence/{pdf.id}")
    assert status == 200 and body == PDF
    assert headers["Content-Type"] == "application/pdf"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Disposition"].startswith("inline")
    assert "filename*=UTF-8''" in headers["Content-Disposition"]  # the Thai name, encoded
    assert "private" in headers["Cache-Control"]
    _status, headers, body = fetch(client, f"/log/evidence/{docx.id}")
    assert headers["Content-Disposition"].startswith("attachment") and body == DOCX


@pytest.mark.parametrize(("given", "kept"), [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\windows\\win.pdf", "win.pdf"),
    ("report\x00.pdf", "report.pdf"),
    ("\u202efdp.exe.pdf", "fdp.exe.pdf"),
    (".hidden.pdf", "hidden.pdf"),
    ("รายงาน ผลการเรียนรู้ ปี ๒๕๖๙.pdf", "รายงาน ผลการเรียนรู้ ปี ๒๕๖๙.pdf"),
    ("ก" * 400 + ".pdf", "ก" * 251 + ".pdf"),
])
def test_names_with_path_tricks_are_cleaned(given, kept):
    assert evidence.clean_filename(given) == kept


def test_a_tricky_name_never_reaches_the_disk(client, login_as, uploads, tmp_path):
    learner = login_as("learner")
    client.post("/log/new", data=entry_form((PDF, "../../../escape.pdf")))
    [record] = records_of(learner)
    assert record.evidence[0].original_name == "escape.pdf"
    assert not any(p.name == "escape.pdf" for p in tmp_path.rglob("*"))
    assert all(uploads in p.parents for p in stored_files(tmp_path) if p.name == record.evidence[0].stored_name)


@pytest.mark.parametrize(("content", "name"), [
    (b"MZ\x90\x00 executable", "tool.exe"),
    (PNG, "picture.pdf"),  # the content is not what the name says
    (b"<html><script>alert(1)</script></html>", "page.png"),
    (b"", "empty.pdf"),
    (PDF, "noextension"),
    (b"text\x00with NUL", "notes.txt"),
])
def test_a_refused_file_leaves_no_record_and_no_file(client, login_as, uploads, content, name):
    learner = login_as("learner")
    response = client.post("/log/new", data=entry_form((content, name)))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "invalid-feedback" in page
    assert "ได้เรียนรู้" in page  # the typed notes are kept
    assert records_of(learner) == [] and stored_files(uploads) == []


def test_too_large_a_file_is_refused_with_the_limit_named(client, login_as, uploads, config):
    config["MAX_EVIDENCE_BYTES"] = 1024
    learner = login_as("learner")
    learner.language = "en"
    database.session.flush()
    page = client.post("/log/new", data=entry_form((PDF + b"0" * 2000, "big.pdf"))).get_data(as_text=True)
    assert "big.pdf is 2 KB; a file may be at most 1 KB." in page
    assert "choose the file again" in page
    assert records_of(learner) == [] and stored_files(uploads) == []


def test_a_good_file_must_be_chosen_again_when_the_form_is_shown_again(client, login_as, uploads):
    learner = login_as("learner")
    learner.language = "en"
    database.session.flush()
    page = client.post("/log/new", data=entry_form((PDF, "ok.pdf"), title="")).get_data(as_text=True)
    assert "choose the file again" in page
    assert records_of(learner) == [] and stored_files(uploads) == []


def test_a_request_over_the_size_limit_saves_nothing(client, login_as, uploads, config):
    config["MAX_CONTENT_LENGTH"] = 2000
    learner = login_as("learner")
    response = client.post("/log/new", data=entry_form((PDF + b"0" * 4000, "huge.pdf")))
    assert response.status_code == 302 and response.headers["Location"].endswith("/log/new")
    assert records_of(learner) == [] and stored_files(uploads) == []


def test_at_most_ten_files_per_entry(client, login_as, uploads):
    learner = login_as("learner")
    files = [(PNG, f"รูป{n}.png") for n in range(evidence.MAX_FILES_PER_ENTRY + 1)]
    assert client.post("/log/new", data=entry_form(*files)).status_code == 200
    assert records_of(learner) == [] and stored_files(uploads) == []


def test_a_failed_transaction_removes_the_files_it_wrote(app, world, db, uploads):
    record = log.create_entry(world["learner"], log.EntryData(
        occurred_on=today_in_bangkok(), hours_text="1", method_slug="on-the-job",
        skill_set_ids=[], title="x", notes_md=""))
    upload, problem = evidence.check_upload(FileStorage(io.BytesIO(PDF), "a.pdf"))
    assert problem is None
    savepoint = db.session.begin_nested()
    with pytest.raises(Exception), evidence.removed_unless_committed() as files:  # noqa: B017
        files.attach(record, [upload])
        assert len(stored_files(uploads)) == 1
        record.hours = 30  # the database's own check refuses this at flush
        db.session.flush()
    savepoint.rollback()
    assert stored_files(uploads) == []


def test_deleting_an_entry_or_a_file_removes_it_from_disk(client, login_as, uploads):
    learner = login_as("learner")
    client.post("/log/new", data=entry_form((PDF, "a.pdf"), (PNG, "b.png")))
    [record] = records_of(learner)
    first_id = record.evidence[0].id
    assert client.post(f"/log/evidence/{first_id}/delete").status_code == 302
    assert len(stored_files(uploads)) == 1
    assert database.session.scalars(select(EvidenceFile.id).where(EvidenceFile.id == first_id)).all() == []
    assert client.post(f"/log/{record.id}/delete").status_code == 302
    assert stored_files(uploads) == [] and records_of(learner) == []


def test_files_can_be_added_while_editing(client, login_as, uploads):
    learner = login_as("learner")
    client.post("/log/new", data=entry_form((PDF, "a.pdf")))
    [record] = records_of(learner)
    assert client.post(f"/log/{record.id}", data=entry_form((PNG, "b.png"))).status_code == 302
    assert sorted(f.original_name for f in record.evidence) == ["a.pdf", "b.png"]


@pytest.mark.parametrize(("role", "status"), [
    ("learner", 200), ("supervisor", 200), ("director", 200),
    ("peer", 404), ("other_supervisor", 404), ("other_learner", 404), ("site_admin", 404),
])
def test_evidence_is_served_only_to_the_owner_and_up_the_chain(client, login, world, uploads, role, status):
    login(world["learner"])
    client.post("/log/new", data=entry_form((PDF, "a.pdf")))
    [record] = records_of(world["learner"])
    evidence_id = record.evidence[0].id
    client.post("/logout")
    login(world[role])
    assert fetch(client, f"/log/evidence/{evidence_id}")[0] == status
    if status == 404:
        assert client.post(f"/log/evidence/{evidence_id}/delete").status_code == 404
    elif role != "learner":
        assert client.post(f"/log/evidence/{evidence_id}/delete").status_code == 403
    assert len(record.evidence) == 1


def test_a_missing_file_on_disk_answers_404(client, login_as, uploads):
    learner = login_as("learner")
    client.post("/log/new", data=entry_form((PDF, "a.pdf")))
    [record] = records_of(learner)
    for path in stored_files(uploads):
        os.remove(path)
    assert fetch(client, f"/log/evidence/{record.evidence[0].id}")[0] == 404
