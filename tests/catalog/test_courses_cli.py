"""`flask lms courses check` against the database's vocabulary and policy."""

import json
from pathlib import Path

import pytest

GOOD = """---
code: T-GOOD-1
title_th: การใช้ข้อมูลเพื่อการตัดสินใจ
title_en: Using data for decisions
format: classroom
skill_sets: [digital-literacy, digital-technology]
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

TOO_MUCH_LECTURE = GOOD.replace("T-GOOD-1", "T-LECT-1").replace(
    "minutes: 90}\n  - {title: ฝึกปฏิบัติ, method: learning-by-doing, minutes: 90}",
    "minutes: 140}\n  - {title: ฝึกปฏิบัติ, method: learning-by-doing, minutes: 60}").replace(
    "credit_hours: 3\n", "credit_hours: 3\ncredit_reason: อ่านเอกสารก่อนเข้าเรียน\n")

UNKNOWN_SLUG = GOOD.replace("T-GOOD-1", "T-BAD-1").replace("[academic]", "[astronauts]")


@pytest.fixture
def run(app, db):
    runner = app.test_cli_runner()

    def invoke(*args):
        return runner.invoke(args=["lms", "courses", "check", *args])

    return invoke


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_shipped_catalogue_passes(run):
    result = run("courses")
    assert result.exit_code == 0, result.output
    checked = int(result.output.split(" files checked")[0].split()[-1])
    assert checked >= 14 and f"{checked} passed, 0 failed" in result.output


def test_a_lecture_heavy_plan_fails_with_the_fix(run, tmp_path):
    result = run(_write(tmp_path, "a.md", GOOD), _write(tmp_path, "b.md", TOO_MUCH_LECTURE))
    assert result.exit_code == 1
    assert "34" in result.output and "50" in result.output


def test_the_thai_message_names_both_fixes(run, tmp_path):
    result = run("--lang", "th", _write(tmp_path, "b.md", TOO_MUCH_LECTURE))
    assert "เพิ่มการพัฒนารูปแบบอื่นอย่างน้อย 34 นาที หรือลดการบรรยายอย่างน้อย 50 นาที" in result.output


def test_an_unknown_slug_is_a_bad_file(run, tmp_path):
    result = run(_write(tmp_path, "c.md", UNKNOWN_SLUG), _write(tmp_path, "b.md", TOO_MUCH_LECTURE))
    assert result.exit_code == 2
    assert "astronauts" in result.output and "target_groups" in result.output


def test_json_output(run, tmp_path):
    result = run("--json", _write(tmp_path, "a.md", GOOD), _write(tmp_path, "b.md", TOO_MUCH_LECTURE))
    reports = json.loads(result.output)
    assert [r["ok"] for r in reports] == [True, False]
    assert reports[1]["lecture_share"] == 70 and reports[1]["active_share"] == 30
    assert reports[1]["violations"][0]["rule"] == "R1"
    assert {"path", "ok", "lecture_share", "active_share", "violations"} <= set(reports[0])


def test_a_renamed_session_method_slug_in_the_database_is_what_counts(run, tmp_path, db):
    """The vocabulary comes from the reference tables, not from a list in the code."""
    from sqlalchemy import select

    from lms.reference.models import SessionMethod

    method = db.session.scalar(select(SessionMethod).where(SessionMethod.slug == "learning-by-doing"))
    method.slug = "workshop"
    db.session.flush()
    result = run(_write(tmp_path, "a.md", GOOD))
    assert result.exit_code == 2 and "learning-by-doing" in result.output
