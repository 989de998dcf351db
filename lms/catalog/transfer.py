"""Course files in and out of the database: import, export, upload and download.

A course file holds one version's content (docs/course-format.md). Importing a file
publishes it: a new code becomes a course published as v1, a changed file becomes the
next published version (the previous one superseded), an unchanged file changes
nothing. Export writes each course's published version, so import → export → import
changes nothing. Services flush, never commit.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..core.i18n import current_language
from ..extensions import db
from ..rules import Policy, check_lecture_cap
from ..rules.verdict import Bilingual
from . import authoring
from .authoring import CourseContent
from .checker import FileReport, check_paths, course_files
from .coursefile import (
    COURSE_FILE_MAX_BYTES,
    CourseFile,
    CourseFileError,
    Vocabulary,
    course_code_of,
    dump_course_file,
    parse_course_text,
    read_course_file,
)
from .models import Course, CourseSession, CourseVersion

MAX_UPLOAD_BYTES = COURSE_FILE_MAX_BYTES  # the same cap as on disk (see coursefile_safe)

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"


# Converting ------------------------------------------------------------------------------


def course_file_of(version: CourseVersion) -> CourseFile:
    """A version as a course file (an empty summary or credit reason is left out, as a hand-written
    file would)."""
    content = authoring.version_content(version)
    return CourseFile(
        code=version.course.code, title_th=content.title_th, title_en=content.title_en,
        format=content.format, skill_sets=content.skill_sets, target_groups=content.target_groups,
        phases=content.phases, credit_hours=content.credit_hours, credit_method=content.credit_method,
        credit_reason=content.credit_reason or None, summary_th=content.summary_th or None,
        summary_en=content.summary_en or None,
        sessions=content.sessions, body=content.description_md, content=content.content_md,
    )


def content_of(course_file: CourseFile) -> CourseContent:
    """The authoring content a parsed course file describes."""
    return CourseContent(
        title_th=course_file.title_th, title_en=course_file.title_en, format=course_file.format,
        credit_hours=course_file.credit_hours, credit_method=course_file.credit_method,
        credit_reason=course_file.credit_reason or "", skill_sets=course_file.skill_sets,
        target_groups=course_file.target_groups,
        phases=course_file.phases, summary_th=course_file.summary_th or "",
        summary_en=course_file.summary_en or "", description_md=course_file.body,
        content_md=course_file.content, sessions=course_file.sessions,
    )


def _comparable(content: CourseContent) -> CourseContent:
    # Slug lists are sets to a learner; the database returns them in reference order.
    return replace(content, skill_sets=tuple(sorted(content.skill_sets)),
                   target_groups=tuple(sorted(content.target_groups)), phases=tuple(sorted(content.phases)))


def same_content(version: CourseVersion | None, course_file: CourseFile) -> bool:
    """True when importing the file into this version would change nothing."""
    return version is not None and _comparable(authoring.version_content(version)) == _comparable(
        content_of(course_file))


def check_course_text(text: str, source_name: str, vocabulary: Vocabulary, policy: Policy) -> FileReport:
    """The checker's verdict on one file's text (format problems, then R1), as for a file on disk."""
    try:
        course_file = parse_course_text(text, source_name, vocabulary)
    except CourseFileError as error:
        return FileReport(source_name, None, tuple(error.problems))
    lecture = None
    if course_file.sessions:
        kinds = vocabulary.session_method_kinds
        lecture = check_lecture_cap([(kinds[s.method], s.minutes) for s in course_file.sessions], policy)
    return FileReport(source_name, course_file, (), lecture)


# Import (the CLI) ------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult(Bilingual):
    """What importing one file did. `report` is the checker's; `message(language)`
    explains a file that was checked fine but still not imported."""

    path: str
    action: str
    report: FileReport
    version_number: int | None = None
    message_th: str = ""
    message_en: str = ""


def import_course_file(course_file: CourseFile, institute, policy: Policy) -> tuple[str, Course | None, str, str]:
    """Publish one checked course file; a new code becomes a course of `institute`.

    Returns (action, course, message_th, message_en). An existing course keeps its
    institute. A course with an unpublished draft is left alone (FAILED), so an
    author's work in the browser is never overwritten by a file.
    """
    course = authoring.find_course(course_file.code)
    if course is None:
        course = authoring.create_course(institute, None, course_file.code, content_of(course_file))
        authoring.publish(course.draft, None, policy)
        return CREATED, course, "", ""
    if same_content(course.published, course_file):
        return UNCHANGED, course, "", ""
    if course.draft is not None:
        number = course.draft.number
        return (FAILED, course,
                f"หลักสูตร {course.code} มีฉบับร่าง v{number} ที่ยังไม่เผยแพร่ ให้เผยแพร่หรือยกเลิกฉบับร่างก่อน"
                " แล้วนำเข้าอีกครั้ง",
                f"{course.code} has an unpublished draft v{number}; publish or discard it in the browser,"
                " then import again")
    draft = authoring.editable_version(course, None)
    authoring.save_draft(draft, None, content_of(course_file))
    authoring.publish(draft, None, policy)
    return UPDATED, course, "", ""


def import_paths(paths, institute, vocabulary: Vocabulary, policy: Policy) -> list[ImportResult]:
    """Check every course file under `paths` (as `courses check` does) and import those that
    pass; a file that fails is reported and skipped, the others are imported."""
    results = []
    for report in check_paths(paths, vocabulary, policy):
        if not report.ok:
            results.append(ImportResult(report.path, FAILED, report))
            continue
        action, course, message_th, message_en = import_course_file(report.course, institute, policy)
        number = course.published.number if action != FAILED else None
        results.append(ImportResult(report.path, action, report, number, message_th, message_en))
    return results


# Export (the CLI) ------------------------------------------------------------------------


def published_versions(institute_id: int | None = None) -> list[CourseVersion]:
    """Every course's published version by code (optionally one institute's), loaded for writing."""
    query = (select(CourseVersion).join(CourseVersion.course).where(CourseVersion.status == "published")
             .options(joinedload(CourseVersion.course), joinedload(CourseVersion.credit_method),
                      selectinload(CourseVersion.skill_sets), selectinload(CourseVersion.target_groups),
                      selectinload(CourseVersion.phases),
                      selectinload(CourseVersion.sessions).joinedload(CourseSession.method))
             .order_by(Course.code))
    if institute_id is not None:
        query = query.where(Course.institute_id == institute_id)
    return list(db.session.scalars(query))


def never_published_codes(institute_id: int | None = None) -> list[str]:
    """Codes of courses that only have a draft: export leaves them out."""
    published = select(CourseVersion.course_id).where(CourseVersion.status != "draft")
    query = select(Course.code).where(Course.id.not_in(published)).order_by(Course.code)
    if institute_id is not None:
        query = query.where(Course.institute_id == institute_id)
    return list(db.session.scalars(query))


def file_name_for(course_file: CourseFile) -> str:
    """`dg-lit-101-digital-literacy-basics.md`: the code in lower case, then the English title."""
    words = re.findall(r"[a-z0-9]+", course_file.title_en.lower())[:6]
    return "-".join([course_file.code.lower(), *words]) + ".md"


def _files_by_code(folder: Path) -> dict[str, Path]:
    """Course files already in `folder`, by the code in their front matter (unreadable ones skipped),
    so that exporting into a catalogue rewrites its files instead of adding copies."""
    found = {}
    for path in course_files([folder]) if folder.is_dir() else []:
        try:
            code = course_code_of(read_course_file(path))  # the same safe reading as `courses check`
        except CourseFileError:
            continue
        if code is not None:
            found.setdefault(code, path)
    return found


def export_versions(versions, folder: str | os.PathLike) -> list[Path]:
    """Write each version as a course file into `folder` (created if missing); the paths written.

    A file there that already holds the same code is overwritten in place; others are
    named by file_name_for.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    existing = _files_by_code(folder)
    written = []
    for version in versions:
        course_file = course_file_of(version)
        path = existing.get(course_file.code) or folder / file_name_for(course_file)
        path.write_text(dump_course_file(course_file), encoding="utf-8")
        written.append(path)
    return written


# Upload and download (the browser) ----------------------------------------------------------


class UploadRefused(ValueError):
    """An uploaded file that was not saved; `messages` say why, in the person's language."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def report_messages(report: FileReport) -> list[str]:
    """The checker's findings for one file as separate messages in the person's language,
    each naming the file (and the line and field where known)."""
    lang = current_language()
    messages = []
    for problem in report.problems:
        text = problem.message(lang)
        where = [report.path, _("line %(n)s", n=problem.line)] if problem.line else [report.path]
        if problem.field:
            where.append(problem.field)
        messages.append(f"{', '.join(where)}: {text}")
    if report.lecture is not None and not report.lecture.ok:
        messages.append(f"{report.path}: {report.lecture.message(lang)}")
    return messages


def _shown_name(filename: str) -> str:
    """The uploaded file's own name, without any folder the browser sent, kept short."""
    return filename.replace("\\", "/").rsplit("/", 1)[-1][:120] or "upload.md"


def upload_course_file(data: bytes, filename: str, institute, actor, vocabulary: Vocabulary,
                       policy: Policy, publish_now: bool = False) -> tuple[str, Course]:
    """Save an uploaded course file as the draft of its course (by code) or of a new course.

    Returns (CREATED, UPDATED or UNCHANGED, course). The file must pass the checker and
    its code must be new or belong to `institute`; otherwise UploadRefused says why,
    naming the file, and nothing is saved. The file is read as `courses check` reads one
    (size cap, no YAML anchors or aliases: coursefile_safe). With `publish_now` the draft
    is published at once.
    """
    name = _shown_name(filename)
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRefused([_("%(file)s is larger than %(n)s kB; a course file is much smaller.",
                               file=name, n=MAX_UPLOAD_BYTES // 1024)])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UploadRefused([_("%(file)s is not UTF-8 text; save it as UTF-8 and upload it again.",
                               file=name)]) from None
    report = check_course_text(text, name, vocabulary, policy)
    if not report.ok:
        raise UploadRefused(report_messages(report))
    course_file = report.course
    course = authoring.find_course(course_file.code)
    if course is not None and course.institute_id != institute.id:
        raise UploadRefused([_("The code %(code)s belongs to another institute's course.",
                               code=course_file.code)])
    if course is None:
        course = authoring.create_course(institute, actor, course_file.code, content_of(course_file))
        action = CREATED
    elif same_content(course.latest, course_file):
        action = UNCHANGED
    else:
        authoring.save_draft(authoring.editable_version(course, actor), actor, content_of(course_file))
        action = UPDATED
    if publish_now and course.draft is not None:
        authoring.publish(course.draft, actor, policy)
    return action, course
