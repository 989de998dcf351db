"""Course files: parsing, every kind of problem, round trips, the checker and the catalogue."""

import json
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lms.catalog.checker import (
    check_paths,
    course_files,
    exit_code,
    format_reports,
    format_summary,
    report_to_dict,
)
from lms.catalog.coursefile import (
    CourseFile,
    CourseFileError,
    Session,
    Vocabulary,
    dump_course_file,
    parse_course_text,
)
from lms.catalog.credit import credit_differs_from_plan, plan_hours
from tests.rules.seed import SEEDED as POLICY

COURSES_DIR = Path(__file__).resolve().parents[2] / "courses"


def domain_vocabulary() -> Vocabulary:
    """The DOMAIN.md slugs, for tests and benchmarks only: the app reads them from the
    reference tables, where an administrator may change them."""
    return Vocabulary(
        skill_sets=frozenset({
            "digital-literacy", "digital-governance", "digital-technology",
            "process-service-design", "project-strategic-management", "digital-leadership",
            "digital-transformation",
        }),
        target_groups=frozenset({
            "executive", "management", "academic", "service", "technology", "others",
        }),
        phases=frozenset({"early", "develop", "maturity"}),
        learning_methods=frozenset({
            "self-learning", "on-the-job", "learning-from-others", "coaching", "training",
        }),
        session_method_kinds={
            "lecture": "lecture",
            "discussion": "active",
            "learning-by-doing": "active",
            "case-study": "active",
            "assignment": "active",
        },
    )


VOCABULARY = domain_vocabulary()

VALID = """\
---
code: DG-TST-101
title_th: การทดสอบระบบ
title_en: "Testing: the basics"
format: classroom
skill_sets: [digital-literacy, digital-technology]
target_groups: [others]
phases: [early, develop]
credit_hours: 3.5
credit_method: training
summary_th: สรุปสั้น ๆ
sessions:
  - title: บรรยายนำ
    method: lecture
    minutes: 90
  - title: ฝึกปฏิบัติ
    method: learning-by-doing
    minutes: 120
---

# หัวข้อ

เนื้อหาภาษาไทย

Some English.
"""

SELF_PACED = """\
---
code: DG-TST-102
title_th: เรียนเอง
title_en: Self study
format: self-paced
skill_sets: [digital-governance]
target_groups: [service, technology]
phases: [maturity]
credit_hours: 2
credit_method: self-learning
---
Body.
"""


def problems_of(text: str, name: str = "c.md") -> list:
    with pytest.raises(CourseFileError) as caught:
        parse_course_text(text, name, VOCABULARY)
    return caught.value.problems


def where(problems) -> set[tuple]:
    return {(p.field, p.line) for p in problems}


# Parsing ------------------------------------------------------------------------------


def test_a_valid_classroom_course_is_parsed_into_typed_fields():
    course = parse_course_text(VALID, "courses/x.md", VOCABULARY)
    assert course.code == "DG-TST-101"
    assert course.title_en == "Testing: the basics"
    assert course.skill_sets == ("digital-literacy", "digital-technology")
    assert course.phases == ("early", "develop")
    assert course.credit_hours == Decimal("3.5")
    assert course.summary_th == "สรุปสั้น ๆ" and course.summary_en is None
    assert course.sessions == (Session("บรรยายนำ", "lecture", 90),
                               Session("ฝึกปฏิบัติ", "learning-by-doing", 120))
    assert course.body == "# หัวข้อ\n\nเนื้อหาภาษาไทย\n\nSome English."
    assert course.source_name == "courses/x.md"
    assert course.field_lines["credit_hours"] == 9
    assert course.field_lines["sessions[2].minutes"] == 18


def test_a_self_paced_course_has_no_sessions():
    course = parse_course_text(SELF_PACED, "s.md", VOCABULARY)
    assert course.sessions == () and course.format == "self-paced"
    assert course.credit_hours == 2 and course.body == "Body."


def test_windows_line_endings_and_a_byte_order_mark_are_accepted():
    text = "\ufeff" + VALID.replace("\n", "\r\n")
    assert parse_course_text(text, "x.md", VOCABULARY) == parse_course_text(VALID, "x.md",
                                                                             VOCABULARY)


# Problems -----------------------------------------------------------------------------


def test_a_file_without_front_matter():
    [problem] = problems_of("# Just markdown\n")
    assert (problem.field, problem.line) == (None, 1)
    assert "must start with a front matter block" in problem.message_en
    assert problem.message_th.startswith("ไฟล์ต้องขึ้นต้นด้วย")


def test_front_matter_that_is_never_closed():
    [problem] = problems_of("---\ncode: X-1\n")
    assert "no closing --- line" in problem.message_en


def test_a_yaml_error_names_its_line_in_the_file():
    text = VALID.replace("phases: [early, develop]", "phases: [early, develop")
    [problem] = problems_of(text)
    assert problem.field is None
    assert problem.line == 9  # where libyaml notices the list was never closed
    assert problem.message_en.startswith("The front matter is not valid YAML")


def test_front_matter_must_be_a_mapping():
    [problem] = problems_of("---\n- a\n- b\n---\nbody\n")
    assert "`field: value` lines" in problem.message_en


def test_every_missing_required_field_is_reported():
    problems = problems_of("---\ntitle_th: ชื่อ\nformat: self-paced\n---\nbody\n")
    missing = {p.field for p in problems if p.message_en.endswith("is required")}
    assert missing == {"code", "title_en", "skill_sets", "target_groups", "phases",
                       "credit_hours", "credit_method"}
    assert all(p.line is None for p in problems)


def test_unknown_and_repeated_fields_point_at_their_lines():
    text = VALID.replace("credit_method: training\n",
                         "credit_method: training\nskillsets: [x]\ncode: DG-TST-999\n")
    problems = problems_of(text)
    assert where(problems) == {("skillsets", 11), ("code", 12)}
    assert "Unknown field skillsets" in problems[0].message_en
    assert problems[1].message_en == "Field code appears more than once"


@pytest.mark.parametrize("line, replacement, field, fragment", [
    ("title_en: \"Testing: the basics\"", "title_en: 123", "title_en", "must be text"),
    ("title_en: \"Testing: the basics\"", "title_en: \"  \"", "title_en", "must not be empty"),
    ("code: DG-TST-101", "code: dg tst 101", "code", "capital letters, digits and hyphens"),
    ("code: DG-TST-101", "code: 101", "code", "must be text"),
    ("format: classroom", "format: online", "format", "'online' is not one of"),
    ("credit_hours: 3.5", "credit_hours: 0", "credit_hours", "greater than 0 (got 0)"),
    ("credit_hours: 3.5", "credit_hours: \"3.5\"", "credit_hours", "greater than 0 (got '3.5')"),
    ("credit_hours: 3.5", "credit_hours: .nan", "credit_hours", "greater than 0"),
    ("credit_method: training", "credit_method: reading", "credit_method",
     "Unknown learning method 'reading'"),
    ("target_groups: [others]", "target_groups: others", "target_groups", "must be a list"),
    ("target_groups: [others]", "target_groups: []", "target_groups", "must be a list"),
])
def test_each_mistyped_or_unknown_value_is_reported_on_its_line(line, replacement, field,
                                                                fragment):
    assert line in VALID
    text = VALID.replace(line, replacement)
    [problem] = problems_of(text)
    assert problem.field == field
    assert problem.line == VALID.splitlines().index(line) + 1
    assert fragment in problem.message_en
    assert problem.message_th


def test_unknown_and_repeated_slugs_are_reported_per_item():
    text = (VALID.replace("skill_sets: [digital-literacy, digital-technology]",
                          "skill_sets: [digital-literacy, ai, digital-literacy]")
            .replace("target_groups: [others]", "target_groups:\n  - others\n  - citizens")
            .replace("phases: [early, develop]", "phases: [later]"))
    problems = problems_of(text)
    assert where(problems) == {("skill_sets[2]", 6), ("skill_sets[3]", 6),
                               ("target_groups[2]", 9), ("phases[1]", 10)}
    messages = [p.message_en for p in problems]
    assert messages[0].startswith("Unknown skill set 'ai'")
    assert messages[1] == "'digital-literacy' is listed twice in skill_sets"
    assert messages[2].startswith("Unknown target group 'citizens'")
    assert messages[3].startswith("Unknown phase 'later'")


def test_sessions_are_refused_on_self_paced_and_coaching_courses():
    for course_format in ("self-paced", "coaching"):
        text = VALID.replace("format: classroom", f"format: {course_format}")
        [problem] = problems_of(text)
        assert (problem.field, problem.line) == ("sessions", 12)
        assert problem.message_en == (
            f"A {course_format} course has no session plan; remove sessions")


@pytest.mark.parametrize("course_format", ["classroom", "blended"])
def test_classroom_and_blended_courses_need_sessions(course_format):
    text = SELF_PACED.replace("format: self-paced", f"format: {course_format}")
    [problem] = problems_of(text)
    assert problem.field == "sessions"
    assert "needs a session plan" in problem.message_en
    text = text.replace("credit_method: self-learning\n",
                        "credit_method: self-learning\nsessions: []\n")
    [problem] = problems_of(text)
    assert (problem.field, problem.line) == ("sessions", 11)


@pytest.mark.parametrize("minutes, fragment", [
    ("0", "more than 0 minutes"),
    ("721", "longer than 720 minutes"),
    ("30.5", "whole number of minutes"),
    ("-30", "cannot be negative"),
    ('"90"', "must be a number"),
    ("", "must be a number"),
])
def test_bad_session_lengths_are_reported_with_their_line(minutes, fragment):
    text = VALID.replace("minutes: 120", f"minutes: {minutes}")
    [problem] = problems_of(text)
    assert (problem.field, problem.line) == ("sessions[2].minutes", 18)
    assert problem.message_en.startswith("Session 2: ")
    assert fragment in problem.message_en
    assert problem.message_th.startswith("ช่วงการสอนที่ 2: ")


def test_session_problems_name_the_session():
    text = VALID.replace("  - title: ฝึกปฏิบัติ\n    method: learning-by-doing\n",
                         "  - method: lecturing\n    room: 4\n")
    problems = problems_of(text)
    assert where(problems) == {("sessions[2].title", 16), ("sessions[2].method", 16),
                               ("sessions[2].room", 17)}
    text = VALID.replace("  - title: บรรยายนำ\n    method: lecture\n    minutes: 90\n",
                         "  - just a line\n")
    [problem] = problems_of(text)
    assert (problem.field, problem.line) == ("sessions[1]", 13)


def test_odd_yaml_values_are_reported_not_crashed_on():
    text = (VALID.replace("phases: [early, develop]", "phases: [[early], develop]")
            .replace("method: learning-by-doing", "method: [learning-by-doing]"))
    problems = problems_of(text)
    assert where(problems) == {("phases[1]", 8), ("sessions[2].method", 17)}


def test_a_looping_alias_is_refused_as_any_alias_is():
    [problem] = problems_of(VALID.replace("phases: [early, develop]", "phases: &loop [*loop]"))
    assert (problem.field, problem.line) == (None, 8)
    assert "YAML anchor or alias" in problem.message_en


def test_an_empty_description_is_a_problem():
    text = VALID.split("---\n\n")[0] + "---\n\n   \n"
    [problem] = problems_of(text)
    assert (problem.field, problem.line) == ("body", 20)


def test_all_problems_are_collected_in_line_order():
    text = """\
---
code: bad code
title_th: 5
format: online
skill_sets: [nope]
target_groups: [others]
phases: [early]
credit_hours: -2
credit_method: training
sessions:
  - title: x
    method: lecture
    minutes: 0
---
"""
    problems = problems_of(text, "courses/bad.md")
    assert [(p.field, p.line) for p in problems] == [
        ("title_en", None), ("code", 2), ("title_th", 3), ("format", 4), ("skill_sets[1]", 5),
        ("credit_hours", 8), ("sessions[1].minutes", 13), ("body", 15),
    ]
    assert str(problems[2]) == (
        "courses/bad.md:3: title_th: title_th must be text (put it in quotes)")
    assert all(p.source == "courses/bad.md" for p in problems)


# Round trip ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", [VALID, SELF_PACED])
def test_dump_then_parse_gives_the_same_course(text):
    course = parse_course_text(text, "x.md", VOCABULARY)
    dumped = dump_course_file(course)
    assert parse_course_text(dumped, "x.md", VOCABULARY) == course
    assert dump_course_file(parse_course_text(dumped, "x.md", VOCABULARY)) == dumped


def test_dump_writes_slug_lists_on_one_line_and_keeps_thai_readable():
    dumped = dump_course_file(parse_course_text(VALID, "x.md", VOCABULARY))
    assert "skill_sets: [digital-literacy, digital-technology]\n" in dumped
    assert "title_th: การทดสอบระบบ\n" in dumped
    assert "  - title: บรรยายนำ\n    method: lecture\n    minutes: 90\n" in dumped


def test_every_shipped_course_survives_a_round_trip():
    for path in sorted(COURSES_DIR.glob("*.md")):
        course = parse_course_text(path.read_text(encoding="utf-8"), str(path), VOCABULARY)
        assert parse_course_text(dump_course_file(course), str(path), VOCABULARY) == course


# Thai, Latin, digits and YAML's special characters, plus words YAML would read as
# something other than text if they were written unquoted.
WORDS = st.text(alphabet="กขคงจฉชซดตนบปผพมยรลวสหอะาิีึืุูเแโใไ่้็์ำ abcXYZ019:#'\"-&*!?%@,[]{}|>",
                min_size=1, max_size=40).map(str.strip).filter(bool) | st.sampled_from(
    ["yes", "No", "null", "~", "1.5", "2024-01-01", "- x", "a: b", "#c", "'q'", '"d"', "---"])
SESSIONS = st.lists(
    st.builds(Session, WORDS, st.sampled_from(sorted(VOCABULARY.session_method_kinds)),
              st.integers(min_value=1, max_value=720)),
    min_size=1, max_size=6,
).map(tuple)
BODY = st.lists(WORDS | st.just(""), min_size=1, max_size=8).map("\n".join).map(str.strip).filter(
    bool)


def slugs(vocabulary_set):
    return st.lists(st.sampled_from(sorted(vocabulary_set)), min_size=1, unique=True).map(tuple)


@st.composite
def courses(draw):
    course_format = draw(st.sampled_from(["classroom", "self-paced", "blended", "coaching"]))
    sessions = draw(SESSIONS) if course_format in ("classroom", "blended") else ()
    credit_hours = draw(st.decimals(min_value=Decimal("0.25"), max_value=500, places=2))
    credit_reason = draw(st.none() | WORDS)
    if credit_reason is None and credit_differs_from_plan(course_format, credit_hours, sessions):
        credit_hours = plan_hours(sessions)  # without a reason, the credit is the plan's total
    return CourseFile(
        code=draw(st.from_regex(r"[A-Z]{2,3}(-[A-Z0-9]{1,4}){1,2}", fullmatch=True)),
        title_th=draw(WORDS),
        title_en=draw(WORDS),
        format=course_format,
        skill_sets=draw(slugs(VOCABULARY.skill_sets)),
        target_groups=draw(slugs(VOCABULARY.target_groups)),
        phases=draw(slugs(VOCABULARY.phases)),
        credit_hours=credit_hours,
        credit_method=draw(st.sampled_from(sorted(VOCABULARY.learning_methods))),
        credit_reason=credit_reason,
        summary_th=draw(st.none() | WORDS),
        summary_en=draw(st.none() | WORDS),
        sessions=sessions,
        body=draw(BODY),
    )


@settings(max_examples=60)
@given(courses())
def test_property_any_valid_course_survives_dump_and_parse(course):
    assert parse_course_text(dump_course_file(course), "gen.md", VOCABULARY) == course


# Checker ------------------------------------------------------------------------------


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


FAILING_R1 = VALID.replace("minutes: 120", "minutes: 30").replace("DG-TST-101", "DG-TST-103").replace(
    "credit_method: training\n", "credit_method: training\ncredit_reason: Reading set before class\n")


def test_folders_expand_recursively_to_sorted_markdown_files(tmp_path):
    write(tmp_path, "b.md", VALID)
    write(tmp_path, "a/z.md", SELF_PACED)
    write(tmp_path, "notes.txt", "not a course")
    explicit = write(tmp_path, "other.markdown", VALID)
    files = course_files([tmp_path, tmp_path / "b.md", explicit])
    assert [p.relative_to(tmp_path).as_posix() for p in files] == [
        "a/z.md", "b.md", "other.markdown"]


def test_passing_files_give_exit_code_0_and_ok_lines(tmp_path):
    write(tmp_path, "a.md", VALID)
    write(tmp_path, "b.md", SELF_PACED)
    reports = check_paths([tmp_path], VOCABULARY, POLICY)
    assert exit_code(reports) == 0
    assert [report_to_dict(r) for r in reports] == [
        {"path": str(tmp_path / "a.md"), "ok": True, "lecture_share": 42.86,
         "active_share": 57.14, "violations": []},
        {"path": str(tmp_path / "b.md"), "ok": True, "lecture_share": None,
         "active_share": None, "violations": []},
    ]
    assert format_reports(reports).splitlines() == [
        f"OK   {tmp_path / 'a.md'}  lecture 42.9% / active 57.1%",
        f"OK   {tmp_path / 'b.md'}  no session plan (self-paced)",
    ]
    assert format_reports(reports, lang="th").splitlines()[0] == (
        f"ผ่าน {tmp_path / 'a.md'}  บรรยาย 42.9% / การพัฒนารูปแบบอื่น 57.1%")
    assert format_summary(reports) == "2 files checked: 2 passed, 0 failed"


def test_a_rule_failure_gives_exit_code_1_and_an_r1_violation(tmp_path):
    write(tmp_path, "a.md", VALID)
    path = write(tmp_path, "r1.md", FAILING_R1)
    reports = check_paths([tmp_path], VOCABULARY, POLICY)
    assert exit_code(reports) == 1
    data = report_to_dict(reports[1])
    assert data["path"] == str(path) and data["ok"] is False
    assert (data["lecture_share"], data["active_share"]) == (75, 25)
    [violation] = data["violations"]
    assert violation["rule"] == "R1" and violation["policy_version"] == "ocsc-2561"
    assert violation["add_active_minutes"] == 30 and violation["cut_lecture_minutes"] == 45
    assert violation["message_en"] == (
        "Lecture is 75% of the plan, above the 60% limit — add at least 30 minutes of active"
        " learning or cut at least 45 minutes of lecture")
    assert violation["message_th"].startswith("สัดส่วนการบรรยาย 75% เกินเกณฑ์ 60%")
    assert format_reports(reports).splitlines()[1] == f"FAIL {path}: R1 " + violation["message_en"]
    json.dumps(data)  # JSON-ready


def test_a_format_problem_gives_exit_code_2_even_with_a_rule_failure(tmp_path):
    write(tmp_path, "r1.md", FAILING_R1)
    bad = write(tmp_path, "bad.md", VALID.replace("format: classroom", "format: online"))
    reports = check_paths([tmp_path], VOCABULARY, POLICY)
    assert [r.path for r in reports] == [str(bad), str(tmp_path / "r1.md")]
    assert exit_code(reports) == 2
    data = report_to_dict(reports[0])
    assert data["lecture_share"] is None
    assert data["violations"] == [{
        "rule": "format", "field": "format", "line": 5,
        "message_th": "รูปแบบหลักสูตร 'online' ต้องเป็นหนึ่งใน classroom, self-paced, blended, coaching",
        "message_en": "Format 'online' is not one of classroom, self-paced, blended, coaching",
    }]
    assert format_reports(reports).splitlines()[0] == (
        f"FAIL {bad}: format (line 5, format): Format 'online' is not one of classroom,"
        " self-paced, blended, coaching")


def test_a_duplicate_code_is_a_format_problem_in_both_files(tmp_path):
    first = write(tmp_path, "a.md", VALID)
    second = write(tmp_path, "b.md", SELF_PACED.replace("DG-TST-102", "DG-TST-101"))
    reports = check_paths([tmp_path], VOCABULARY, POLICY)
    assert exit_code(reports) == 2
    assert [(p.field, p.line) for r in reports for p in r.problems] == [("code", 2), ("code", 2)]
    assert reports[0].problems[0].message_en == f"Course code DG-TST-101 is also used by {second}"
    assert reports[1].problems[0].message_en == f"Course code DG-TST-101 is also used by {first}"


def test_unreadable_and_missing_files_are_format_problems(tmp_path):
    binary = tmp_path / "latin1.md"
    binary.write_bytes("---\ntitle_th: caf\xe9\n".encode("latin-1"))
    reports = check_paths([binary, tmp_path / "missing.md"], VOCABULARY, POLICY)
    assert exit_code(reports) == 2
    assert [r.problems[0].message_en for r in reports] == [
        "Cannot read the file: it must be UTF-8 text", "No such file or folder"]
    assert report_to_dict(reports[1])["violations"][0]["line"] is None


def test_the_same_file_given_twice_is_checked_once(tmp_path):
    path = write(tmp_path, "a.md", VALID)
    reports = check_paths([path, tmp_path], VOCABULARY, POLICY)
    assert len(reports) == 1 and exit_code(reports) == 0


# The shipped catalogue ----------------------------------------------------------------


def test_the_shipped_catalogue_passes_the_checker():
    reports = check_paths([COURSES_DIR], VOCABULARY, POLICY)
    failures = [line for line in format_reports(reports).splitlines() if not line.startswith("OK")]
    assert failures == []
    assert exit_code(reports) == 0 and len(reports) >= 14


def test_the_shipped_catalogue_covers_the_guideline():
    courses = [r.course for r in check_paths([COURSES_DIR], VOCABULARY, POLICY)]
    skill_counts = Counter(s for c in courses for s in c.skill_sets)
    assert {s: skill_counts[s] for s in VOCABULARY.skill_sets if skill_counts[s] < 2} == {}
    assert {g for c in courses for g in c.target_groups} == VOCABULARY.target_groups
    assert {p for c in courses for p in c.phases} == VOCABULARY.phases
    formats = Counter(c.format for c in courses)
    assert formats["coaching"] >= 1 and formats["self-paced"] >= 1
    assert formats["classroom"] + formats["blended"] > len(courses) / 2
    assert len({c.code for c in courses}) == len(courses)


def test_shipped_courses_are_bilingual_and_named_after_their_code():
    thai = re.compile(r"[\u0e00-\u0e7f]")
    for path in sorted(COURSES_DIR.glob("*.md")):
        course = parse_course_text(path.read_text(encoding="utf-8"), path.name, VOCABULARY)
        assert path.name.startswith(course.code.lower() + "-"), path.name
        assert thai.search(course.title_th) and not thai.search(course.title_en), path.name
        assert thai.search(course.body) and "## In English" in course.body, path.name
        assert course.summary_th and course.summary_en, path.name
