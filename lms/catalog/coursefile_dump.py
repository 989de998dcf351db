"""Writing course files (docs/course-format.md): the inverse of coursefile's parser.

Pure, like the parser. `lms.catalog.coursefile` re-exports dump_course_file, so callers
import both directions from one place.
"""

from __future__ import annotations

from decimal import Decimal

import yaml

from .coursefile_types import CourseFile

FENCE = "---"
# The line that separates the description from what a self-paced learner reads. An HTML
# comment, so the file still reads well where Markdown is shown (a repository viewer).
CONTENT_MARKER = "<!-- content -->"


class _FlowList(list):
    """A list of slugs, written on one line: `[digital-literacy, digital-governance]`."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as people write them by hand.
        return super().increase_indent(flow, False)


_Dumper.add_representer(
    _FlowList, lambda dumper, data: dumper.represent_sequence(
        "tag:yaml.org,2002:seq", data, flow_style=True)
)


def _yaml_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def dump_course_file(course: CourseFile) -> str:
    """Write a course in the course-file format; parsing the result gives an equal course."""
    data: dict[str, object] = {
        "code": course.code,
        "title_th": course.title_th,
        "title_en": course.title_en,
        "format": course.format,
        "skill_sets": _FlowList(course.skill_sets),
        "target_groups": _FlowList(course.target_groups),
        "phases": _FlowList(course.phases),
        "credit_hours": _yaml_number(course.credit_hours),
        "credit_method": course.credit_method,
    }
    if course.credit_reason is not None:
        data["credit_reason"] = course.credit_reason
    if course.summary_th is not None:
        data["summary_th"] = course.summary_th
    if course.summary_en is not None:
        data["summary_en"] = course.summary_en
    if course.sessions:
        data["sessions"] = [
            {"title": s.title, "method": s.method, "minutes": s.minutes} for s in course.sessions
        ]
    front = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000,
                      default_flow_style=False)
    text = f"{FENCE}\n{front}{FENCE}\n\n{course.body}\n"
    if course.content:
        text += f"\n{CONTENT_MARKER}\n\n{course.content}\n"
    return text
