"""Check course files on disk: format problems, duplicate codes and the R1 lecture cap.

Pure apart from reading the files: the CLI (`flask lms courses check`) builds the
Vocabulary and Policy from the database, calls check_paths, prints format_reports
or report_to_dict as JSON, and exits with exit_code.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lms.rules import LectureVerdict, Policy, check_lecture_cap
from lms.rules.verdict import as_number

from .coursefile import CourseFile, CourseFileError, Problem, Vocabulary, parse_course_text, read_course_file

FORMAT_RULE = "format"  # the rule name under which file problems are reported

EXIT_OK = 0
EXIT_RULE_FAILED = 1
EXIT_BAD_FILE = 2


@dataclass(frozen=True)
class FileReport:
    """The outcome for one file.

    `problems` are format problems (unreadable, unparseable or invalid file, or a
    course code used by another checked file); `course` is None when the file could
    not be parsed; `lecture` is the R1 verdict for a course with a session plan.
    """

    path: str
    course: CourseFile | None
    problems: tuple[Problem, ...] = ()
    lecture: LectureVerdict | None = None

    @property
    def ok(self) -> bool:
        """No format problem and no failed rule."""
        return not self.problems and (self.lecture is None or self.lecture.ok)


def course_files(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Expand paths into files: folders give their *.md files recursively, sorted.

    A file named explicitly is kept whatever its extension; a path that does not
    exist is kept too, so that the checker reports it. Repeats are dropped.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        candidates = sorted(p for p in path.rglob("*.md") if p.is_file()) if path.is_dir() else [
            path
        ]
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found


def check_paths(
    paths: Iterable[str | os.PathLike], vocabulary: Vocabulary, policy: Policy
) -> list[FileReport]:
    """Check every course file under `paths` (see course_files), in order.

    Each file is read (at most COURSE_FILE_MAX_BYTES: see coursefile_safe), parsed and
    validated; a course with sessions is judged by R1 under `policy`; a course code used
    by more than one checked file is a format problem in each of them.
    """
    parsed: list[tuple[str, CourseFile | None, list[Problem]]] = []
    for path in course_files(paths):
        name = str(path)
        try:
            parsed.append((name, parse_course_text(read_course_file(path), name, vocabulary), []))
        except CourseFileError as error:
            parsed.append((name, None, list(error.problems)))

    files_by_code: dict[str, list[str]] = defaultdict(list)
    for name, course, _problems in parsed:
        if course is not None:
            files_by_code[course.code].append(name)

    reports = []
    kinds = vocabulary.session_method_kinds
    for name, course, problems in parsed:
        lecture = None
        if course is not None:
            others = [other for other in files_by_code[course.code] if other != name]
            if others:
                problems.append(Problem(
                    name, "code", course.field_lines.get("code"),
                    f"รหัสหลักสูตร {course.code} ซ้ำกับไฟล์ {', '.join(others)}",
                    f"Course code {course.code} is also used by {', '.join(others)}",
                ))
            if course.sessions:
                lecture = check_lecture_cap(
                    [(kinds[s.method], s.minutes) for s in course.sessions], policy
                )
        reports.append(FileReport(name, course, tuple(problems), lecture))
    return reports


def exit_code(reports: Sequence[FileReport]) -> int:
    """0 when every file passes, 1 when a rule fails, 2 when any file has a format
    problem (unreadable, unparseable, invalid or duplicate code); 2 wins over 1."""
    if any(report.problems for report in reports):
        return EXIT_BAD_FILE
    if any(not report.ok for report in reports):
        return EXIT_RULE_FAILED
    return EXIT_OK


def report_to_dict(report: FileReport) -> dict:
    """A JSON-ready dict: path, ok, lecture_share, active_share (null without sessions,
    percent rounded to 2 decimals) and violations (format problems, then failed rules)."""
    violations: list[dict] = [
        {
            "rule": FORMAT_RULE,
            "field": problem.field,
            "line": problem.line,
            "message_th": problem.message_th,
            "message_en": problem.message_en,
        }
        for problem in report.problems
    ]
    lecture = report.lecture
    if lecture is not None and not lecture.ok:
        violations.append({
            "rule": lecture.rule,
            "message_th": lecture.message_th,
            "message_en": lecture.message_en,
            "policy_version": lecture.policy_version,
            "lecture_minutes": lecture.lecture_minutes,
            "active_minutes": lecture.active_minutes,
            "lecture_max_percent": lecture.lecture_max_percent,
            "add_active_minutes": lecture.add_active_minutes,
            "cut_lecture_minutes": lecture.cut_lecture_minutes,
        })
    return {
        "path": report.path,
        "ok": report.ok,
        "lecture_share": as_number(lecture.lecture_share) if lecture else None,
        "active_share": as_number(lecture.active_share) if lecture else None,
        "violations": violations,
    }


_WORDS = {
    "en": {"ok": "OK  ", "fail": "FAIL", "lecture": "lecture", "active": "active",
           "no_sessions": "no session plan", "line": "line", "format": "format"},
    "th": {"ok": "ผ่าน", "fail": "ไม่ผ่าน", "lecture": "บรรยาย", "active": "การพัฒนารูปแบบอื่น",
           "no_sessions": "ไม่มีแผนการสอนรายช่วง", "line": "บรรทัด", "format": "รูปแบบไฟล์"},
}


def _words(lang: str) -> dict[str, str]:
    if lang not in _WORDS:
        raise ValueError(f"unknown language {lang!r}; expected 'th' or 'en'")
    return _WORDS[lang]


def _problem_text(problem: Problem, lang: str) -> str:
    words = _words(lang)
    where = [f"{words['line']} {problem.line}"] if problem.line else []
    if problem.field:
        where.append(problem.field)
    location = f" ({', '.join(where)})" if where else ""
    message = problem.message(lang)
    return f"{words['format']}{location}: {message}"


def format_report(report: FileReport, lang: str = "en") -> str:
    """One line for one file: its shares when it passes, every violation when it fails."""
    words = _words(lang)
    if report.ok:
        lecture = report.lecture
        if lecture is None:
            fmt = report.course.format if report.course else ""
            return f"{words['ok']} {report.path}  {words['no_sessions']} ({fmt})"
        return (f"{words['ok']} {report.path}  {words['lecture']} {lecture.shown_lecture_percent}% /"
                f" {words['active']} {lecture.shown_active_percent}%")
    texts = [_problem_text(problem, lang) for problem in report.problems]
    if report.lecture is not None and not report.lecture.ok:
        texts.append(f"{report.lecture.rule} {report.lecture.message(lang)}")
    return f"{words['fail']} {report.path}: " + "; ".join(texts)


def format_reports(reports: Sequence[FileReport], lang: str = "en") -> str:
    """The human-readable result: one line per file (see format_report), no trailing newline."""
    return "\n".join(format_report(report, lang) for report in reports)


def format_summary(reports: Sequence[FileReport], lang: str = "en") -> str:
    """A closing line: how many files were checked, passed and failed."""
    passed = sum(1 for report in reports if report.ok)
    failed = len(reports) - passed
    if lang == "th":
        return f"ตรวจ {len(reports)} ไฟล์: ผ่าน {passed} ไม่ผ่าน {failed}"
    _words(lang)
    noun = "file" if len(reports) == 1 else "files"
    return f"{len(reports)} {noun} checked: {passed} passed, {failed} failed"
