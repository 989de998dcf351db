"""A course credits the time its session plan takes, or says why not; classroom and blended
courses are credited as classroom training unless the author chooses otherwise."""

import io
import json
import re
from html import unescape

import pytest

from lms.catalog import authoring
from lms.catalog.coursefile import parse_course_text
from lms.catalog.services import course_vocabulary
from lms.reference.models import LearningMethod
from tests.catalog.authoring_helpers import count, course_by_code, course_form

FOUR_HOURS = [("Talk", "lecture", "120"), ("Practice", "learning-by-doing", "120")]  # 240 minutes
COURSE_FILE = """---
code: T-CREDIT-1
title_th: การใช้ข้อมูลเพื่อการตัดสินใจ
title_en: Using data for decisions
format: classroom
skill_sets: [digital-literacy]
target_groups: [academic]
phases: [early]
credit_hours: 3
credit_method: training
sessions:
  - {title: แนวคิด, method: lecture, minutes: 120}
  - {title: ฝึกปฏิบัติ, method: learning-by-doing, minutes: 120}
---
เนื้อหา
"""
WITH_REASON = COURSE_FILE.replace("credit_method: training\n",
                                  "credit_method: training\ncredit_reason: ลดชั่วโมงเพราะพักกลางวันอยู่ในแผน\n")
MISMATCH_EN = "The credit of 3 hours differs from the session plan's total of 4 hours (240 minutes)"


@pytest.fixture
def author(world, login_as, db):
    world["author"].language = "en"
    db.session.flush()
    return login_as("author")


# Defaults ----------------------------------------------------------------------------------------


def test_classroom_and_blended_courses_default_to_classroom_training(db, world):
    assert authoring.default_credit_method("classroom") == "training"
    assert authoring.default_credit_method("blended") == "training"
    assert authoring.default_credit_method("self-paced") is None
    assert authoring.default_credit_method("coaching") is None


def test_the_default_follows_the_reference_data(db, world):
    """The first method of classroom training's bucket, by position: reference data, not code."""
    db.session.add(LearningMethod(slug="workshop", position=0, bucket="formal", name_th="อบรมเชิงปฏิบัติการ",
                                  name_en="Workshop"))
    db.session.flush()
    assert authoring.default_credit_method("classroom") == "workshop"


def test_a_new_course_form_starts_as_classroom_training(client, world, author):
    html = client.get("/author/courses/new").get_data(as_text=True)
    assert re.search(r'<option selected value="classroom">|<option value="classroom" selected>', html)
    assert re.search(r'<option selected value="training">|<option value="training" selected>', html)
    defaults = json.loads(re.search(r"data-credit-defaults='([^']*)'", html)[1])
    assert defaults == {"classroom": "training", "blended": "training", "self-paced": "", "coaching": ""}


def test_the_editor_shows_the_plans_total_next_to_the_meter(client, world, author):
    html = client.post("/author/lecture-meter", data=course_form(sessions=FOUR_HOURS)).get_data(as_text=True)
    assert "Session plan total: 4 h (240 min)" in html


# The course form ------------------------------------------------------------------------------------


def test_a_credit_that_differs_from_the_plan_needs_a_reason(client, world, author, db):
    response = client.post("/author/courses/new", data=course_form(
        sessions=FOUR_HOURS, credit_hours="3", title_en="Kept as typed"))
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and count(db) == 0
    assert MISMATCH_EN + ": give the reason, or credit 4 hours" in html
    assert re.search(r'<input[^>]*name="title_en"[^>]*value="Kept as typed"', html)
    assert re.search(r'<input[^>]*name="credit_hours"[^>]*value="3"', html)


def test_the_refusal_is_in_the_authors_language(client, world, author, db):
    world["author"].language = "th"
    db.session.flush()
    html = client.post("/author/courses/new", data=course_form(sessions=FOUR_HOURS, credit_hours="3")).get_data(
        as_text=True)
    assert "ชั่วโมงที่ได้รับ 3 ชั่วโมง ไม่ตรงกับเวลารวมของแผนการสอน 4 ชั่วโมง (240 นาที)" in html


@pytest.mark.parametrize(("fields", "sessions"), [
    ({"credit_hours": "4"}, FOUR_HOURS),  # the plan's total
    ({"credit_hours": "4.17"}, [("Talk", "lecture", "125"), ("Practice", "discussion", "125")]),  # 250 min
    ({"credit_hours": "12", "format": "self-paced", "credit_method": "self-learning"}, []),  # no plan
])
def test_a_credit_that_matches_needs_no_reason(client, world, author, db, fields, sessions):
    response = client.post("/author/courses/new", data=course_form(sessions=sessions, **fields))
    assert response.status_code == 302, response.get_data(as_text=True)


def test_with_a_reason_the_credit_is_saved_and_shown(client, world, author, db):
    reason = "  Two hours of online reading before the first day  "
    response = client.post("/author/courses/new", data=course_form(
        sessions=FOUR_HOURS, credit_hours="6", credit_reason=reason))
    assert response.status_code == 302
    course = course_by_code(db, "T-NEW-1")
    assert course.draft.credit_hours == 6 and course.draft.credit_reason == reason.strip()
    assert reason.strip() in client.get(f"/author/courses/{course.id}").get_data(as_text=True)
    editor = client.get(f"/author/courses/{course.id}/edit").get_data(as_text=True)
    assert re.search(rf'name="credit_reason"[^>]*>\s*{reason.strip()}</textarea>', editor)


# Course files -----------------------------------------------------------------------------------------


@pytest.fixture
def check(app, db, tmp_path):
    runner = app.test_cli_runner()

    def invoke(text, *options):
        path = tmp_path / "course.md"
        path.write_text(text, encoding="utf-8")
        return runner.invoke(args=["lms", "courses", "check", str(path), *options])

    return invoke


def test_courses_check_refuses_a_differing_credit_without_a_reason(check):
    result = check(COURSE_FILE)
    assert result.exit_code == 2
    assert "credit_hours" in result.output and MISMATCH_EN in result.output and "credit_reason" in result.output
    output = check(COURSE_FILE, "--json").output
    [report] = json.loads(output[output.index("["):])
    [violation] = report["violations"]
    assert (violation["rule"], violation["field"], violation["line"]) == ("format", "credit_hours", 9)


def test_courses_check_accepts_it_with_a_reason(check):
    result = check(WITH_REASON)
    assert result.exit_code == 0, result.output


def test_an_empty_reason_is_refused(check):
    result = check(COURSE_FILE.replace("credit_method: training\n", "credit_method: training\ncredit_reason: ''\n"))
    assert result.exit_code == 2 and "credit_reason must not be empty" in result.output


def test_the_reason_goes_round_trip_through_import_and_export(app, db, world, tmp_path):
    runner = app.test_cli_runner()
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "course.md").write_text(WITH_REASON, encoding="utf-8")
    imported = runner.invoke(args=["lms", "courses", "import", str(tmp_path / "in"), "--institute", "INST-A"])
    assert imported.exit_code == 0, imported.output
    course = course_by_code(db, "T-CREDIT-1")
    assert course.published.credit_reason == "ลดชั่วโมงเพราะพักกลางวันอยู่ในแผน"

    result = runner.invoke(args=["lms", "courses", "export", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    [exported] = (tmp_path / "out").glob("t-credit-1-*.md")
    text = exported.read_text(encoding="utf-8")
    assert "credit_method: training\ncredit_reason: ลดชั่วโมงเพราะพักกลางวันอยู่ในแผน\n" in text
    assert parse_course_text(text, "x.md", course_vocabulary()) == parse_course_text(WITH_REASON, "y.md",
                                                                                      course_vocabulary())
    again = runner.invoke(args=["lms", "courses", "import", str(exported), "--institute", "INST-A"])
    assert again.exit_code == 0 and "1 unchanged" in again.output
    assert [v.number for v in course_by_code(db, "T-CREDIT-1").versions] == [1]


def test_an_uploaded_file_without_a_reason_is_refused(client, world, author, db):
    response = client.post("/author/upload", data={"course_file": (io.BytesIO(COURSE_FILE.encode()), "c.md")},
                           content_type="multipart/form-data")
    assert MISMATCH_EN in unescape(response.get_data(as_text=True))
    assert count(db) == 0
