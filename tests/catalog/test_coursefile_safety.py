"""Course files that would explode: YAML anchors and aliases ("billion laughs"), deep
nesting and oversized files are refused by `courses check`, `courses import`, export and
the browser's upload, naming the file, before anything is built."""

import io

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from lms.catalog.coursefile import COURSE_FILE_MAX_BYTES, CourseFileError, parse_course_text
from lms.catalog.models import Course
from lms.catalog.services import course_vocabulary
from lms.core.models import AuditEvent
from tests.catalog.test_transfer import GOOD, LECTURE_HEAVY, UNKNOWN_GROUP, course, write

ANCHOR_MESSAGE = ("The front matter uses a YAML anchor or alias (&name or *name); course files may not use them:"
                  " write each value out where it is used")


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    """Under a kilobyte that would expand to width ** levels (387 million) strings."""
    lines = ["---", "code: T-BOMB-1", 'lol0: &lol0 "lol"']
    for level in range(1, levels):
        lines.append(f"lol{level}: &lol{level} [{', '.join([f'*lol{level - 1}'] * width)}]")
    lines.append(f"skill_sets: [{', '.join([f'*lol{levels - 1}'] * width)}]")
    return "\n".join([*lines, "---", "เนื้อหา", ""])


ANCHOR_ONLY = GOOD.replace("title_en: Using data", "title_en: &title Using data")
DEEP = GOOD.replace("phases: [early]", "phases: " + "[" * 50 + "early" + "]" * 50)
OVERSIZED = GOOD + "ข้อความยาว\n" * (COURSE_FILE_MAX_BYTES // 30 + 1)


@pytest.fixture
def courses_cli(app, db):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=["lms", "courses", *args])


def courses_count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Course))


def import_events(db) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.kind == "courses.imported")))


def test_the_bomb_is_small_and_pathological():
    text = billion_laughs()
    assert len(text.encode()) < 1000 and text.count("*lol") == 81


@pytest.mark.parametrize("text, line, message", [
    (billion_laughs(), 3, ANCHOR_MESSAGE),
    (ANCHOR_ONLY, 4, ANCHOR_MESSAGE),
    (GOOD.replace("phases: [early]", "phases: *nothing"), 8, ANCHOR_MESSAGE),
    (DEEP, 8, "The front matter is nested more than 10 levels deep; a course file needs three"),
])
def test_check_refuses_anchors_aliases_and_deep_nesting_naming_the_file(courses_cli, tmp_path, text, line,
                                                                       message):
    path = write(tmp_path, "refused.md", text)
    good = write(tmp_path, "good.md", GOOD)

    result = courses_cli("check", str(path), str(good))

    assert result.exit_code == 2
    assert f"FAIL {path}: format (line {line}): {message}" in result.output.splitlines()
    assert f"OK   {good}" in result.output


def test_check_refuses_an_oversized_file_unread(courses_cli, tmp_path):
    path = write(tmp_path, "huge.md", OVERSIZED)

    result = courses_cli("check", "--lang", "th", str(path))

    assert result.exit_code == 2
    assert f"ไม่ผ่าน {path}: รูปแบบไฟล์: ไฟล์ใหญ่เกิน 1,024 กิโลไบต์" in result.output


def test_the_limits_hold_for_text_given_directly_too(db):
    with pytest.raises(CourseFileError) as error:
        parse_course_text(OVERSIZED, "huge.md", course_vocabulary())
    assert str(error.value) == ("huge.md: The file is larger than 1,024 kB; a course file is a few kilobytes,"
                                " so it was not read")
    with pytest.raises(CourseFileError) as error:
        parse_course_text(billion_laughs(), "bomb.md", course_vocabulary())
    assert str(error.value) == f"bomb.md:3: {ANCHOR_MESSAGE}"


def test_ampersands_and_asterisks_in_values_are_not_anchors(courses_cli, tmp_path):
    text = GOOD.replace("title_en: Using data for decisions", 'title_en: "R&D: *data* & decisions"').replace(
        "  - {title: แนวคิด,", "  - {title: 'แนวคิด & *หลักการ*',")
    result = courses_cli("check", str(write(tmp_path, "ok.md", text)))
    assert result.exit_code == 0, result.output


def test_import_refuses_the_bomb_and_imports_the_rest_with_one_audit_event(courses_cli, world, db, tmp_path):
    bomb = write(tmp_path, "bomb.md", billion_laughs())
    write(tmp_path, "good.md", GOOD)

    result = courses_cli("import", str(tmp_path), "--institute", "INST-A")

    assert result.exit_code == 2
    assert f"FAIL {bomb}: format (line 3): {ANCHOR_MESSAGE}" in result.output.splitlines()
    assert course(db, "T-BOMB-1") is None and course(db, "T-IMP-1").published is not None
    [event] = import_events(db)
    assert (event.actor_label, event.object_label) == ("cli", "INST-A")
    assert event.changes == {"paths": [str(tmp_path)], "created": 1, "updated": 0, "unchanged": 0, "failed": 1}


def test_an_import_where_every_file_fails_leaves_no_audit_event(courses_cli, world, db, tmp_path):
    write(tmp_path, "bomb.md", billion_laughs())
    write(tmp_path, "heavy.md", LECTURE_HEAVY)
    write(tmp_path, "huge.md", OVERSIZED)

    result = courses_cli("import", str(tmp_path), "--institute", "INST-A")

    assert result.exit_code == 2
    assert "0 created, 0 updated, 0 unchanged, 3 failed" in result.output
    assert courses_count(db) == 0 and import_events(db) == []


def test_export_skips_a_bomb_already_in_the_folder(courses_cli, world, db, tmp_path):
    from tests.catalog.factories import published_course

    published_course(world["institute"], code="T-BOMB-1", title_en="Not a bomb")
    bomb = write(tmp_path, "bomb.md", billion_laughs())

    result = courses_cli("export", str(tmp_path), "--institute", "INST-A")

    assert result.exit_code == 0, result.output
    assert bomb.read_text(encoding="utf-8") == billion_laughs()  # not taken for T-BOMB-1's file
    assert (tmp_path / "t-bomb-1-not-a-bomb.md").exists()


# Browser upload ---------------------------------------------------------------------------


def upload(client, data: bytes, filename: str):
    # Encoded here, in memory: the test client would spool a body this large to a temporary
    # file that it never closes (a ResourceWarning, and warnings fail the tests).
    boundary, body = encode_multipart({"course_file": FileStorage(io.BytesIO(data), filename)})
    return client.post("/author/upload", data=body, content_type=f"multipart/form-data; boundary={boundary}")


@pytest.mark.parametrize("data, filename, message", [
    (billion_laughs().encode(), "bomb.md", f"bomb.md, line 3: {ANCHOR_MESSAGE}"),
    (ANCHOR_ONLY.encode(), "anchor.md", f"anchor.md, line 4: {ANCHOR_MESSAGE}"),
    (OVERSIZED.encode(), "huge.md", "huge.md is larger than 1024 kB; a course file is much smaller."),
    ("\ufeff".encode() + UNKNOWN_GROUP.encode(), "C:\\Users\\somchai\\bad.md", "bad.md, line 7, target_groups[1]: "),
])
def test_an_upload_that_would_explode_is_refused_naming_the_file(client, world, login_as, db, data,
                                                                  filename, message):
    world["author"].language = "en"
    db.session.flush()
    login_as("author")

    response = upload(client, data, filename)
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert message in page.replace("&#39;", "'").replace("&amp;", "&")
    assert courses_count(db) == 0
