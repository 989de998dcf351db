"""Course files in and out: `courses import`/`export` and the browser's upload and download."""

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lms.catalog.coursefile import CONTENT_MARKER, parse_course_text
from lms.catalog.models import Course, CourseVersion
from lms.catalog.services import course_vocabulary
from lms.catalog.transfer import _comparable, content_of
from tests import factories
from tests.catalog.factories import draft_course, published_course

COURSES_DIR = Path(__file__).resolve().parents[2] / "courses"
SAMPLE_COUNT = len(list(COURSES_DIR.glob("*.md")))

GOOD = """---
code: T-IMP-1
title_th: การใช้ข้อมูลเพื่อการตัดสินใจ
title_en: Using data for decisions
format: classroom
skill_sets: [digital-technology, digital-literacy]
target_groups: [academic]
phases: [early]
credit_hours: 3
credit_method: training
sessions:
  - {title: แนวคิด, method: lecture, minutes: 90}
  - {title: ฝึกปฏิบัติ, method: learning-by-doing, minutes: 90}
---
เนื้อหา
"""
LECTURE_HEAVY = GOOD.replace("T-IMP-1", "T-IMP-2").replace(
    "minutes: 90}\n  - {title: ฝึกปฏิบัติ, method: learning-by-doing, minutes: 90}",
    "minutes: 140}\n  - {title: ฝึกปฏิบัติ, method: learning-by-doing, minutes: 60}").replace(
    "credit_hours: 3\n", "credit_hours: 3\ncredit_reason: อ่านเอกสารก่อนเข้าเรียน\n")
UNKNOWN_GROUP = GOOD.replace("T-IMP-1", "T-IMP-3").replace("[academic]", "[astronauts]")


@pytest.fixture
def courses_cli(app, db):
    runner = app.test_cli_runner()

    def invoke(*args):
        return runner.invoke(args=["lms", "courses", *args])

    return invoke


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def versions_count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(CourseVersion))


def course(db, code) -> Course:
    db.session.expire_all()
    return db.session.scalar(select(Course).where(Course.code == code))


# Import ----------------------------------------------------------------------------------


def test_importing_the_sample_catalogue_publishes_every_course_once(courses_cli, world, db):
    result = courses_cli("import", "courses", "--institute", "INST-A")
    assert result.exit_code == 0, result.output
    assert f"{SAMPLE_COUNT} files: {SAMPLE_COUNT} created, 0 updated, 0 unchanged, 0 failed" in result.output
    lit = course(db, "DG-LIT-101")
    assert lit.institute_id == world["institute"].id
    assert [(v.number, v.status) for v in lit.versions] == [(1, "published")]
    assert lit.published.published_at is not None
    assert [s.minutes for s in lit.published.sessions] == [60, 90, 45, 60, 45, 60]

    before = versions_count(db)
    again = courses_cli("import", "--institute", "INST-A")  # default folder: courses/
    assert again.exit_code == 0, again.output
    assert f"0 created, 0 updated, {SAMPLE_COUNT} unchanged" in again.output
    assert versions_count(db) == before


def test_import_export_import_changes_nothing(courses_cli, world, db, tmp_path):
    assert courses_cli("import", "courses", "--institute", "INST-A").exit_code == 0
    exported = tmp_path / "out"
    result = courses_cli("export", str(exported))
    assert result.exit_code == 0, result.output
    assert f"{SAMPLE_COUNT} courses exported" in result.output
    vocabulary = course_vocabulary()
    originals = {}
    for path in COURSES_DIR.glob("*.md"):
        parsed = parse_course_text(path.read_text(encoding="utf-8"), str(path), vocabulary)
        originals[parsed.code] = parsed
    for path in exported.glob("*.md"):
        parsed = parse_course_text(path.read_text(encoding="utf-8"), str(path), vocabulary)
        assert path.name.startswith(parsed.code.lower() + "-")
        assert _comparable(content_of(parsed)) == _comparable(content_of(originals.pop(parsed.code)))
    assert originals == {}

    before = versions_count(db)
    again = courses_cli("import", str(exported), "--institute", "INST-A")
    assert f"{SAMPLE_COUNT} unchanged" in again.output and again.exit_code == 0
    assert versions_count(db) == before


def test_a_changed_file_becomes_a_new_published_version(courses_cli, world, db, tmp_path):
    path = write(tmp_path, "a.md", GOOD)
    assert courses_cli("import", str(path), "--institute", "INST-A").exit_code == 0
    first = course(db, "T-IMP-1").published
    first_id, first_title = first.id, first.title_en

    path.write_text(GOOD.replace("Using data for decisions", "Deciding with data"), encoding="utf-8")
    result = courses_cli("import", str(path), "--institute", "INST-B")
    assert result.exit_code == 0 and "NEW VERSION" in result.output and "T-IMP-1 v2" in result.output
    imported = course(db, "T-IMP-1")
    assert [(v.number, v.status) for v in imported.versions] == [(1, "superseded"), (2, "published")]
    assert imported.published.title_en == "Deciding with data"
    assert imported.institute_id == world["institute"].id  # an existing course keeps its owner
    old = db.session.get(CourseVersion, first_id)
    assert old.title_en == first_title and len(old.sessions) == 2  # history is never rewritten


def test_a_failing_file_is_reported_and_skipped_the_others_imported(courses_cli, world, db, tmp_path):
    write(tmp_path, "good.md", GOOD)
    write(tmp_path, "heavy.md", LECTURE_HEAVY)
    result = courses_cli("import", str(tmp_path), "--institute", "INST-A")
    assert result.exit_code == 1
    assert "FAIL" in result.output and "add at least 34 minutes" in result.output
    assert course(db, "T-IMP-1").published is not None
    assert course(db, "T-IMP-2") is None

    write(tmp_path, "bad.md", UNKNOWN_GROUP)
    result = courses_cli("import", str(tmp_path), "--institute", "INST-A", "--lang", "th")
    assert result.exit_code == 2 and "astronauts" in result.output
    assert "ไม่ผ่าน 2" in result.output
    assert course(db, "T-IMP-3") is None


def test_the_institute_must_be_named_when_there_are_several(courses_cli, world, tmp_path):
    path = write(tmp_path, "a.md", GOOD)
    result = courses_cli("import", str(path))
    assert result.exit_code == 2 and "--institute" in result.output
    result = courses_cli("import", str(path), "--institute", "NOPE")
    assert result.exit_code == 2 and "NOPE" in result.output


def test_the_only_institute_owns_imported_courses(courses_cli, db, tmp_path):
    only = factories.institute(code="ONLY")
    result = courses_cli("import", str(write(tmp_path, "a.md", GOOD)))
    assert result.exit_code == 0, result.output
    assert course(db, "T-IMP-1").institute_id == only.id


def test_a_course_with_a_draft_in_the_browser_is_not_overwritten(courses_cli, world, db, tmp_path):
    existing = published_course(world["institute"], code="T-IMP-1")
    from lms.catalog.authoring import editable_version

    editable_version(existing, world["author"])
    result = courses_cli("import", str(write(tmp_path, "a.md", GOOD)), "--institute", "INST-A")
    assert result.exit_code == 1 and "unpublished draft v2" in result.output
    assert [v.status for v in course(db, "T-IMP-1").versions] == ["published", "draft"]


def test_export_leaves_out_drafts_and_rewrites_files_in_place(courses_cli, world, db, tmp_path):
    published_course(world["institute"], code="T-EXP-1", title_en="Exported course",
                     content="## อ่านก่อนเรียน\n\nเนื้อหา", format="self-paced",
                     credit_method="self-learning")
    draft_course(world["institute"], code="T-EXP-2")
    folder = tmp_path / "catalogue"
    kept = write(folder, "my-own-name.md", GOOD.replace("T-IMP-1", "T-EXP-1"))
    result = courses_cli("export", str(folder), "--institute", "INST-A")
    assert result.exit_code == 0, result.output
    assert "left out, never published: T-EXP-2" in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["my-own-name.md"]
    text = kept.read_text(encoding="utf-8")
    assert f"\n{CONTENT_MARKER}\n\n## อ่านก่อนเรียน\n\nเนื้อหา\n" in text
    assert "title_en: Exported course" in text

    before = versions_count(db)
    result = courses_cli("import", str(folder), "--institute", "INST-A")
    assert result.exit_code == 0, result.output
    assert versions_count(db) == before


# Browser: download and upload -------------------------------------------------------------


def upload(client, text, filename="course.md", **extra):
    data = {"course_file": (io.BytesIO(text.encode("utf-8")), filename), **extra}
    return client.post("/author/upload", data=data, content_type="multipart/form-data")


def test_an_author_downloads_a_course_file_that_reads_back(client, world, login_as, db):
    mine = published_course(world["institute"], code="T-DL-1", title_en="Download me", credit_hours=2)  # the plan
    login_as("author")
    response = client.get(f"/author/courses/{mine.id}/course-file")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert "t-dl-1-download-me.md" in response.headers["Content-Disposition"]
    parsed = parse_course_text(response.get_data(as_text=True), "x.md", course_vocabulary())
    assert parsed.code == "T-DL-1" and parsed.title_en == "Download me"


def test_an_uploaded_file_creates_a_draft_course(client, world, login_as, db):
    login_as("author")
    response = upload(client, GOOD)
    assert response.status_code == 302
    created = course(db, "T-IMP-1")
    assert created.institute_id == world["institute"].id
    assert [(v.number, v.status) for v in created.versions] == [(1, "draft")]
    assert [s.title for s in created.draft.sessions] == ["แนวคิด", "ฝึกปฏิบัติ"]


def test_an_uploaded_file_updates_my_course_and_may_publish_it(client, world, login_as, db):
    published_course(world["institute"], code="T-IMP-1")
    login_as("author")
    assert upload(client, GOOD, publish="y").status_code == 302
    updated = course(db, "T-IMP-1")
    assert [(v.number, v.status) for v in updated.versions] == [(1, "superseded"), (2, "published")]
    assert updated.published.title_en == "Using data for decisions"

    assert upload(client, GOOD).status_code == 302  # the same file again: nothing to do
    assert len(course(db, "T-IMP-1").versions) == 2


def test_a_failing_upload_is_refused_with_the_checkers_messages(client, world, login_as, db):
    login_as("author")
    response = upload(client, UNKNOWN_GROUP + "\n", filename="bad.md")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "astronauts" in page and "target_groups[1]" in page
    response = upload(client, LECTURE_HEAVY)  # the author reads Thai: the rule's Thai message
    assert "เพิ่มการพัฒนารูปแบบอื่นอย่างน้อย 34 นาที" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Course)) == 0


def test_an_upload_for_another_institutes_course_is_refused(client, world, login_as, db):
    theirs = published_course(world["other_institute"], code="T-IMP-1")
    world["author"].language = "en"  # the UI's own wording is asserted in English only
    db.session.flush()
    login_as("author")
    response = upload(client, GOOD)
    assert response.status_code == 200 and "another institute" in response.get_data(as_text=True)
    assert len(course(db, "T-IMP-1").versions) == 1 and theirs.institute_id == world["other_institute"].id


def test_a_broken_upload_is_refused(client, world, login_as, db):
    world["author"].language = "en"
    db.session.flush()
    login_as("author")
    response = client.post("/author/upload", data={"course_file": (io.BytesIO(b"\xff\xfe\x00"), "x.md")},
                           content_type="multipart/form-data")
    assert "UTF-8" in response.get_data(as_text=True)
    response = client.post("/author/upload", data={}, content_type="multipart/form-data")
    assert response.status_code == 200 and "is-invalid" in response.get_data(as_text=True)
