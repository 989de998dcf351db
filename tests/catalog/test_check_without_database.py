"""`flask lms courses check` lints course files with no database (a course repository's CI)
against the guideline shipped with the code, and with one against the database's data."""

import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from lms.reference.guideline import shipped_slugs
from lms.reference.models import PolicyVersion, SkillSet
from tests.catalog.test_courses_cli import GOOD, TOO_MUCH_LECTURE, UNKNOWN_SLUG

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_NOTE = "shipped with Thaksa"


def _lms_in_a_process(folder: Path, database_url: str, *args: str) -> subprocess.CompletedProcess:
    """A clean checkout's shell: no secret key, no debug mode."""
    env = {**os.environ, "LMS_DATABASE_URL": database_url, "PYTHONPATH": str(ROOT), "FLASK_APP": "wsgi"}
    for name in ("FLASK_DEBUG", "LMS_SECRET_KEY"):
        env.pop(name, None)
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "lms", *args],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=120)


def _check_in_a_process(folder: Path, database_url: str, *paths: str) -> subprocess.CompletedProcess:
    return _lms_in_a_process(folder, database_url, "courses", "check", *paths)


def test_only_the_checker_runs_without_a_secret_key(tmp_path):
    """Commands that sign links or tokens still refuse the published default key."""
    result = _lms_in_a_process(tmp_path, f"sqlite:///{tmp_path / 'lms.sqlite3'}", "reminders", "run", "--dry-run")
    assert result.returncode != 0
    assert "Refusing to start with the default secret key" in result.stderr


@pytest.mark.parametrize("database", ["missing", "empty"])
def test_the_catalogue_checks_with_no_database(tmp_path, database):
    shutil.copytree(ROOT / "courses", tmp_path / "courses")
    database_file = tmp_path / "lms.sqlite3"
    if database == "empty":
        database_file.touch()

    result = _check_in_a_process(tmp_path, f"sqlite:///{database_file}", "courses/")

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Traceback" not in output
    checked = re.search(r"(\d+) files checked: (\d+) passed, 0 failed", result.stdout)
    assert checked and checked[1] == checked[2] and int(checked[1]) >= 14, output
    assert SHIPPED_NOTE in result.stderr
    assert database_file.exists() == (database == "empty")  # asking never creates a database


def test_with_no_database_the_shipped_vocabulary_and_policy_judge(tmp_path):
    for name, text in (("lecture.md", TOO_MUCH_LECTURE), ("unknown.md", UNKNOWN_SLUG)):
        (tmp_path / name).write_text(text, encoding="utf-8")

    result = _check_in_a_process(tmp_path, f"sqlite:///{tmp_path / 'nowhere' / 'lms.sqlite3'}",
                                 "lecture.md", "unknown.md")

    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "Unknown target group 'astronauts'" in result.stdout
    assert "above the 60% limit" in result.stdout


@pytest.fixture
def check(app, db, tmp_path):
    runner = app.test_cli_runner()

    def invoke(text):
        path = tmp_path / "course.md"
        path.write_text(text, encoding="utf-8")
        return runner.invoke(args=["lms", "courses", "check", str(path)])

    return invoke


def test_a_skill_set_added_to_the_database_is_accepted(db, check):
    assert "ai-literacy" not in shipped_slugs("skill_sets")
    db.session.add(SkillSet(slug="ai-literacy", position=8, dimension_id=1, name_th="การรู้เท่าทันปัญญาประดิษฐ์",
                            name_en="AI literacy"))
    db.session.flush()

    result = check(GOOD.replace("[digital-literacy, digital-technology]", "[digital-literacy, ai-literacy]"))

    assert result.exit_code == 0, result.output
    assert SHIPPED_NOTE not in result.output


def test_a_policy_version_in_the_database_judges(db, check):
    db.session.add(PolicyVersion(version="test-lower-cap", effective_on=date(2020, 10, 1),
                                 lecture_max_percent=40, experiential_percent=70, social_percent=20,
                                 formal_percent=10, mix_tolerance_points=10, current_percent=70,
                                 future_percent=30))
    db.session.flush()

    result = check(GOOD)  # half lecture: passes the shipped 60 % cap, not this 40 %

    assert result.exit_code == 1, result.output
    assert "above the 40% limit" in result.output
