"""Course files: Markdown with YAML front matter (docs/course-format.md).

Pure parsing and validation; no app, no database. The parsed values are the types in
coursefile_types and the writer is coursefile_dump, both re-exported here. The slugs a
file may use come in a Vocabulary built by the caller from reference data. Every problem
in a file is collected (with the file, field and line) before CourseFileError is
raised, so an author can fix them all in one go. The YAML itself is loaded by
coursefile_safe, which refuses oversized files, anchors, aliases and deep nesting.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

import yaml

from lms.rules import InvalidDuration, validate_session_minutes

from .coursefile_dump import CONTENT_MARKER, FENCE, dump_course_file
from .coursefile_safe import (
    COURSE_FILE_MAX_BYTES,
    RefusedYaml,
    is_too_large,
    load_front_matter_yaml,
    read_course_file,
    too_large_problem,
)
from .coursefile_types import (
    COURSE_FORMATS,
    FORMATS_WITH_SESSIONS,
    CourseFile,
    CourseFileError,
    Problem,
    Session,
    Vocabulary,
)
from .credit import CREDIT_REASON_MAX_LENGTH, credit_differs_from_plan, credit_mismatch

__all__ = ["CONTENT_MARKER", "COURSE_FILE_MAX_BYTES", "COURSE_FORMATS", "FORMATS_WITH_SESSIONS", "CourseFile",
           "CourseFileError", "Problem", "Session", "Vocabulary", "course_code_of", "dump_course_file",
           "parse_course_text", "read_course_file", "tidy_markdown"]

CODE_PATTERN = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*")
CODE_MAX_LENGTH = 40
REQUIRED_FIELDS = ("code", "title_th", "title_en", "format", "skill_sets", "target_groups",
                   "phases", "credit_hours", "credit_method")
OPTIONAL_FIELDS = ("credit_reason", "summary_th", "summary_en", "sessions")
SESSION_FIELDS = ("title", "method", "minutes")
TEXT_MAX_LENGTH = 300  # titles: the database keeps this many characters
CREDIT_HOURS_LIMIT = Decimal(10_000)  # credited hours are stored with 4 digits and 2 decimals
_PARENT = re.compile(r"(\.[^.\[]*|\[\d+\])$")  # the last ".key" or "[n]" of a field path


_SLUG_LISTS = {
    # field: (vocabulary attribute, Thai kind, English kind)
    "skill_sets": ("skill_sets", "กลุ่มทักษะ", "skill set"),
    "target_groups": ("target_groups", "กลุ่มเป้าหมาย", "target group"),
    "phases": ("phases", "ระยะ", "phase"),
}


class _Collector:
    """Gathers problems for one file, finding line numbers from the YAML node tree."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.lines: dict[str, int] = {}
        self.yaml_failed = False

    def _line_of(self, field_path: str) -> int | None:
        """Line of the field, else of the nearest enclosing item (a missing session title
        points at its session)."""
        while field_path not in self.lines:
            parent = _PARENT.sub("", field_path)
            if parent == field_path:
                return None
            field_path = parent
        return self.lines[field_path]

    def add(self, field_path: str | None, message_th: str, message_en: str,
            line: int | None = None) -> None:
        if line is None and field_path is not None:
            line = self._line_of(field_path)
        self.problems.append(Problem(self.source, field_path, line, message_th, message_en))


def _split_front_matter(text: str, report: _Collector) -> tuple[str, str, int] | None:
    """(front matter, body, line number of the body's first line), or None on a problem."""
    lines = text.split("\n")
    if lines[0].rstrip() != FENCE:
        report.add(
            None,
            "ไฟล์ต้องขึ้นต้นด้วยส่วนข้อมูลหลักสูตร (front matter) ซึ่งอยู่ระหว่างบรรทัด ---",
            "The file must start with a front matter block between --- lines",
            line=1,
        )
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    report.add(None, "ส่วนข้อมูลหลักสูตรไม่มีบรรทัด --- ปิดท้าย",
               "The front matter has no closing --- line", line=1)
    return None


def _index_lines(node: yaml.Node, path: str, lines: dict[str, int], report: _Collector) -> None:
    """Record the file line of every key and list item under `node`; flag repeated keys.

    Paths read like `sessions[2].minutes` (list items counted from 1). Front matter
    starts on line 2 of the file, and YAML marks count from 0, hence the + 2. The tree
    is shallow and has no shared nodes: coursefile_safe refused deep nesting and aliases.
    """
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = f"{path}.{key}" if path else key
            if child in lines:
                report.add(child, f"ฟิลด์ {child} ซ้ำกัน", f"Field {child} appears more than once",
                           line=key_node.start_mark.line + 2)
                continue
            lines[child] = key_node.start_mark.line + 2
            _index_lines(value_node, child, lines, report)
    elif isinstance(node, yaml.SequenceNode):
        for number, item in enumerate(node.value, start=1):
            child = f"{path}[{number}]"
            lines[child] = item.start_mark.line + 2
            _index_lines(item, child, lines, report)


def _load_front_matter(front: str, report: _Collector) -> object:
    try:
        return load_front_matter_yaml(front, lambda node: _index_lines(node, "", report.lines, report))
    except RefusedYaml as refused:
        report.yaml_failed = True
        report.add(None, refused.message_th, refused.message_en,
                   line=refused.line + 2 if refused.line is not None else None)
        return None
    except yaml.YAMLError as error:
        report.yaml_failed = True
        mark = getattr(error, "problem_mark", None)
        detail = getattr(error, "problem", None) or str(error)
        report.add(None, f"ส่วนข้อมูลหลักสูตรไม่เป็น YAML ที่ถูกต้อง: {detail}",
                   f"The front matter is not valid YAML: {detail}",
                   line=mark.line + 2 if mark is not None else None)
        return None


def _text(data: Mapping, name: str, report: _Collector, required: bool = True,
          max_length: int | None = None) -> str | None:
    value = data.get(name)
    if value is None:
        if required:
            report.add(name, f"ต้องระบุ {name}", f"{name} is required")
        return None
    if not isinstance(value, str):
        report.add(name, f"{name} ต้องเป็นข้อความ (ใส่เครื่องหมายคำพูดครอบไว้)",
                   f"{name} must be text (put it in quotes)")
        return None
    if not value.strip():
        report.add(name, f"{name} ต้องไม่ว่าง", f"{name} must not be empty")
        return None
    if max_length is not None and len(value.strip()) > max_length:
        report.add(name, f"{name} ยาวได้ไม่เกิน {max_length} ตัวอักษร (ได้รับ {len(value.strip())})",
                   f"{name} must be at most {max_length} characters (got {len(value.strip())})")
        return None
    return value.strip()


def _slug_list(data: Mapping, name: str, allowed: frozenset[str], kind_th: str, kind_en: str,
               report: _Collector) -> tuple[str, ...]:
    value = data.get(name)
    if value is None:
        report.add(name, f"ต้องระบุ {name}", f"{name} is required")
        return ()
    if not isinstance(value, list) or not value:
        report.add(name, f"{name} ต้องเป็นรายการที่มีอย่างน้อยหนึ่งค่า เช่น [a, b]",
                   f"{name} must be a list with at least one slug, e.g. [a, b]")
        return ()
    slugs: list[str] = []
    for number, slug in enumerate(value, start=1):
        item = f"{name}[{number}]"
        if not isinstance(slug, str) or slug not in allowed:
            report.add(item, f"ไม่รู้จัก{kind_th} {slug!r} (ที่ใช้ได้: {', '.join(sorted(allowed))})",
                       f"Unknown {kind_en} {slug!r} (known: {', '.join(sorted(allowed))})")
        elif slug in slugs:
            report.add(item, f"{slug} ระบุซ้ำใน {name}", f"{slug!r} is listed twice in {name}")
        else:
            slugs.append(slug)
    return tuple(slugs)


def _credit_hours(data: Mapping, report: _Collector) -> Decimal | None:
    value = data.get("credit_hours")
    if value is None:
        report.add("credit_hours", "ต้องระบุ credit_hours", "credit_hours is required")
        return None
    hours = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        hours = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if hours is None or not hours.is_finite() or hours <= 0:
        report.add("credit_hours", f"credit_hours ต้องเป็นตัวเลขที่มากกว่า 0 (ได้รับ {value!r})",
                   f"credit_hours must be a number greater than 0 (got {value!r})")
        return None
    if hours >= CREDIT_HOURS_LIMIT or hours != hours.quantize(Decimal("0.01")):
        report.add("credit_hours",
                   f"credit_hours ต้องน้อยกว่า {CREDIT_HOURS_LIMIT} และมีทศนิยมไม่เกิน 2 ตำแหน่ง"
                   f" (ได้รับ {value!r})",
                   f"credit_hours must be below {CREDIT_HOURS_LIMIT} with at most two decimal places"
                   f" (got {value!r})")
        return None
    return hours


def _sessions(data: Mapping, course_format: str | None, vocabulary: Vocabulary,
              report: _Collector) -> tuple[Session, ...]:
    value = data.get("sessions")
    if course_format is not None and course_format not in FORMATS_WITH_SESSIONS:
        if "sessions" in data:
            report.add("sessions",
                       f"หลักสูตรรูปแบบ {course_format} ไม่มีแผนการสอนรายช่วง ให้ลบ sessions ออก",
                       f"A {course_format} course has no session plan; remove sessions")
        return ()
    if value is None or value == []:
        if course_format is not None:
            report.add("sessions",
                       f"หลักสูตรรูปแบบ {course_format} ต้องมีแผนการสอน (sessions) อย่างน้อยหนึ่งช่วง",
                       f"A {course_format} course needs a session plan (sessions) with at least"
                       " one session")
        return ()
    if not isinstance(value, list):
        report.add("sessions", "sessions ต้องเป็นรายการของช่วงการสอน",
                   "sessions must be a list of sessions")
        return ()
    methods = vocabulary.session_method_kinds
    sessions = []
    for number, item in enumerate(value, start=1):
        path = f"sessions[{number}]"
        if not isinstance(item, dict):
            report.add(path, f"ช่วงการสอนที่ {number} ต้องมี title, method และ minutes",
                       f"Session {number} must have title, method and minutes")
            continue
        problems_before = len(report.problems)
        for key in item:
            if key not in SESSION_FIELDS:
                report.add(f"{path}.{key}", f"ช่วงการสอนที่ {number}: ไม่รู้จักฟิลด์ {key}",
                           f"Session {number}: unknown field {key} (expected title, method,"
                           " minutes)")
        title = _text(item, "title", _Prefixed(report, path, number), max_length=TEXT_MAX_LENGTH)
        method = item.get("method")
        if not isinstance(method, str) or method not in methods:
            report.add(f"{path}.method",
                       f"ช่วงการสอนที่ {number}: ไม่รู้จักวิธีการสอน {method!r}"
                       f" (ที่ใช้ได้: {', '.join(sorted(methods))})",
                       f"Session {number}: unknown session method {method!r}"
                       f" (known: {', '.join(sorted(methods))})")
        minutes = item.get("minutes")
        try:
            if isinstance(minutes, str):  # a quoted number is a typing slip in a typed file
                raise InvalidDuration(minutes, f"ระยะเวลาต้องเป็นตัวเลข (ได้รับ {minutes!r})",
                                      f"Session length must be a number (got {minutes!r})")
            minutes = validate_session_minutes(minutes)
        except InvalidDuration as error:
            report.add(f"{path}.minutes", f"ช่วงการสอนที่ {number}: {error.message_th}",
                       f"Session {number}: {error.message_en}")
        if len(report.problems) == problems_before:
            sessions.append(Session(title, method, minutes))
    return tuple(sessions)


class _Prefixed:
    """A view of a collector for one session, so field helpers name `sessions[n].title`."""

    def __init__(self, report: _Collector, path: str, number: int) -> None:
        self.report, self.path, self.number = report, path, number

    def add(self, name: str, message_th: str, message_en: str) -> None:
        self.report.add(f"{self.path}.{name}", f"ช่วงการสอนที่ {self.number}: {message_th}",
                        f"Session {self.number}: {message_en}")


def parse_course_text(text: str, source_name: str, vocabulary: Vocabulary) -> CourseFile:
    """Parse and validate the text of a course file.

    `source_name` names the file in problems. Raises CourseFileError listing every
    problem found: a file over COURSE_FILE_MAX_BYTES, front matter and YAML errors
    (YAML anchors and aliases included), missing, unknown, repeated or mistyped
    fields, unknown slugs, sessions where the format has none (or none where it
    needs them), bad session lengths, credited hours that differ from the session
    plan's total without a `credit_reason`, and an empty description. The R1 lecture
    cap is not checked here (see lms.catalog.checker).
    """
    if is_too_large(text):
        raise CourseFileError([too_large_problem(source_name)])
    report = _Collector(source_name)
    split = _split_front_matter(text.lstrip("\ufeff").replace("\r\n", "\n"), report)
    if split is None:
        raise CourseFileError(report.problems)
    front, body_text, body_line = split
    data = _load_front_matter(front, report)
    if report.yaml_failed:  # nothing further can be trusted
        raise CourseFileError(report.problems)
    if not isinstance(data, dict):
        report.add(None, "ส่วนข้อมูลหลักสูตรต้องเป็นบรรทัดแบบ ชื่อฟิลด์: ค่า",
                   "The front matter must be `field: value` lines", line=2)
        raise CourseFileError(report.problems)

    known = REQUIRED_FIELDS + OPTIONAL_FIELDS
    for key in data:
        if key not in known:
            report.add(str(key), f"ไม่รู้จักฟิลด์ {key}",
                       f"Unknown field {key} (known fields: {', '.join(known)})")

    code = _text(data, "code", report)
    if code is not None and (len(code) > CODE_MAX_LENGTH or not CODE_PATTERN.fullmatch(code)):
        report.add("code",
                   f"รหัสหลักสูตร {code!r} ต้องเป็นอักษรอังกฤษตัวใหญ่ ตัวเลข และขีด เช่น DG-LIT-101",
                   f"Course code {code!r} must be capital letters, digits and hyphens,"
                   f" at most {CODE_MAX_LENGTH} characters, e.g. DG-LIT-101")
    title_th = _text(data, "title_th", report, max_length=TEXT_MAX_LENGTH)
    title_en = _text(data, "title_en", report, max_length=TEXT_MAX_LENGTH)
    course_format = _text(data, "format", report)
    if course_format is not None and course_format not in COURSE_FORMATS:
        report.add("format",
                   f"รูปแบบหลักสูตร {course_format!r} ต้องเป็นหนึ่งใน {', '.join(COURSE_FORMATS)}",
                   f"Format {course_format!r} is not one of {', '.join(COURSE_FORMATS)}")
        course_format = None
    lists = {
        name: _slug_list(data, name, getattr(vocabulary, attribute), kind_th, kind_en, report)
        for name, (attribute, kind_th, kind_en) in _SLUG_LISTS.items()
    }
    credit_hours = _credit_hours(data, report)
    credit_method = _text(data, "credit_method", report)
    if credit_method is not None and credit_method not in vocabulary.learning_methods:
        known_methods = ", ".join(sorted(vocabulary.learning_methods))
        report.add("credit_method",
                   f"ไม่รู้จักวิธีการเรียนรู้ {credit_method!r} (ที่ใช้ได้: {known_methods})",
                   f"Unknown learning method {credit_method!r} (known: {known_methods})")
    credit_reason = _text(data, "credit_reason", report, required=False, max_length=CREDIT_REASON_MAX_LENGTH)
    summary_th = _text(data, "summary_th", report, required=False)
    summary_en = _text(data, "summary_en", report, required=False)
    problems_before = len(report.problems)
    sessions = _sessions(data, course_format, vocabulary, report)
    plan_complete = len(report.problems) == problems_before  # a partial plan's total means nothing
    if plan_complete and "credit_reason" not in data and credit_differs_from_plan(
            course_format, credit_hours, sessions):
        mismatch = credit_mismatch(credit_hours, sessions, reason_field="credit_reason")
        report.add("credit_hours", mismatch.message_th, mismatch.message_en)
    body, content = _description_and_content(body_text)
    if not body:
        report.add("body", "ไม่มีคำอธิบายหลักสูตร (ส่วนที่อยู่หลังบรรทัด --- ปิดท้าย)",
                   "The course description (after the closing --- line) is empty",
                   line=body_line)

    if report.problems:
        raise CourseFileError(sorted(report.problems, key=lambda problem: problem.line or 0))
    return CourseFile(
        code=code,
        title_th=title_th,
        title_en=title_en,
        format=course_format,
        skill_sets=lists["skill_sets"],
        target_groups=lists["target_groups"],
        phases=lists["phases"],
        credit_hours=credit_hours,
        credit_method=credit_method,
        credit_reason=credit_reason,
        summary_th=summary_th,
        summary_en=summary_en,
        sessions=sessions,
        body=body,
        content=content,
        source_name=source_name,
        field_lines=dict(report.lines),
    )


def course_code_of(text: str) -> str | None:
    """The code in a course file's front matter, or None when it cannot be read safely
    (too large, no front matter, bad or refused YAML); the rest of the file is not checked."""
    report = _Collector("")
    split = None if is_too_large(text) else _split_front_matter(
        text.lstrip("\ufeff").replace("\r\n", "\n"), report)
    if split is None:
        return None
    data = _load_front_matter(split[0], report)
    code = data.get("code") if isinstance(data, dict) else None
    return code if isinstance(code, str) and not report.yaml_failed else None


def _description_and_content(body_text: str) -> tuple[str, str]:
    """Split the text after the front matter at the first CONTENT_MARKER line, if any."""
    lines = body_text.split("\n")
    for index, line in enumerate(lines):
        if line.strip() == CONTENT_MARKER:
            return tidy_markdown("\n".join(lines[:index])), tidy_markdown("\n".join(lines[index + 1:]))
    return tidy_markdown(body_text), ""


def tidy_markdown(text: str) -> str:
    """Markdown as a course file keeps it: Unix line ends, no trailing spaces, no blank lines
    at either end. The app stores what authors type in this form too, so files round-trip."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)
