"""Reading course files without letting one file exhaust the machine.

A course file is a few kilobytes of plain `field: value` YAML. A 400-byte front matter of
nested anchors and aliases (a "billion laughs" file) once took a gigabyte and a minute to
check, so every course file's YAML is loaded here, and only here: files over
COURSE_FILE_MAX_BYTES are refused before they are read, and YAML anchors (&name), aliases
(*name) and nesting deeper than MAX_NESTING are refused before anything is built.
libyaml still does the parsing, so a normal file costs what it did (bench/bench_courses_check.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable

import yaml

from ..rules.verdict import Bilingual
from .coursefile_types import CourseFileError, Problem

COURSE_FILE_MAX_BYTES = 1024 * 1024  # a course file is a few kilobytes; 1 MiB is a mistake or an attack
MAX_NESTING = 10  # a course file needs three levels (sessions → a session → its fields)

# libyaml when available: ten thousand files are checked in seconds, not minutes.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RefusedYaml(Bilingual, ValueError):
    """YAML that is valid but that a course file may not use; `line` counts from 0 in the YAML."""

    def __init__(self, line: int | None, message_th: str, message_en: str) -> None:
        super().__init__(message_en)
        self.line, self.message_th, self.message_en = line, message_th, message_en


def too_large_problem(source_name: str) -> Problem:
    """The problem reported for a file over COURSE_FILE_MAX_BYTES."""
    kilobytes = COURSE_FILE_MAX_BYTES // 1024
    return Problem(source_name, None, None,
                   f"ไฟล์ใหญ่เกิน {kilobytes:,} กิโลไบต์ ไฟล์หลักสูตรมีขนาดเพียงไม่กี่กิโลไบต์ จึงไม่อ่านไฟล์นี้",
                   f"The file is larger than {kilobytes:,} kB; a course file is a few kilobytes,"
                   " so it was not read")


def read_course_file(path: str | os.PathLike) -> str:
    """The text of a course file on disk, reading at most COURSE_FILE_MAX_BYTES + 1 bytes.

    Raises CourseFileError naming the file when it is missing, unreadable, too large or
    not UTF-8 (a device or a huge file is never read into memory).
    """
    name = str(path)
    try:
        with open(path, "rb") as file:
            data = file.read(COURSE_FILE_MAX_BYTES + 1)
    except FileNotFoundError:
        raise CourseFileError([Problem(name, None, None, "ไม่พบไฟล์หรือโฟลเดอร์นี้",
                                       "No such file or folder")]) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise CourseFileError([Problem(name, None, None, f"อ่านไฟล์ไม่ได้: {reason}",
                                       f"Cannot read the file: {reason}")]) from None
    if len(data) > COURSE_FILE_MAX_BYTES:
        raise CourseFileError([too_large_problem(name)])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise CourseFileError([Problem(name, None, None, "อ่านไฟล์ไม่ได้: ไฟล์ต้องเข้ารหัสแบบ UTF-8",
                                       "Cannot read the file: it must be UTF-8 text")]) from None


def is_too_large(text: str) -> bool:
    """True when the text would take more than COURSE_FILE_MAX_BYTES as UTF-8."""
    return len(text) > COURSE_FILE_MAX_BYTES or (
        len(text) * 4 > COURSE_FILE_MAX_BYTES
        and len(text.encode("utf-8", "surrogatepass")) > COURSE_FILE_MAX_BYTES)


def _refuse_anchors(front: str) -> None:
    """Refuse the first anchor or alias, reading libyaml's events (nothing is built)."""
    loader = _Loader(front)
    try:
        while not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                raise RefusedYaml(
                    event.start_mark.line,
                    "ส่วนข้อมูลหลักสูตรใช้ anchor หรือ alias ของ YAML (&ชื่อ หรือ *ชื่อ) ซึ่งไฟล์หลักสูตรใช้ไม่ได้"
                    " ให้เขียนค่าแต่ละค่าให้ครบตรงที่ใช้",
                    "The front matter uses a YAML anchor or alias (&name or *name); course files may"
                    " not use them: write each value out where it is used")
    finally:
        loader.dispose()


def _refuse_deep_nesting(root: yaml.Node) -> None:
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            raise RefusedYaml(
                node.start_mark.line,
                f"ส่วนข้อมูลหลักสูตรซ้อนกันเกิน {MAX_NESTING} ชั้น ไฟล์หลักสูตรซ้อนกันเพียงสามชั้น",
                f"The front matter is nested more than {MAX_NESTING} levels deep;"
                " a course file needs three")
        if isinstance(node, yaml.MappingNode):
            stack.extend((child, depth + 1) for pair in node.value for child in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)


def load_front_matter_yaml(front: str, inspect: Callable[[yaml.Node], None] | None = None) -> object:
    """The value of a front matter's YAML, with libyaml's safe loader.

    Anchors, aliases and deep nesting raise RefusedYaml before anything is built; bad
    YAML raises yaml.YAMLError. `inspect` sees the node tree before it is built (the
    parser takes line numbers from it).
    """
    if "&" in front or "*" in front:  # no anchor or alias without one of these: skip the extra pass
        _refuse_anchors(front)
    loader = _Loader(front)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _refuse_deep_nesting(node)
        if inspect is not None:
            inspect(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()
