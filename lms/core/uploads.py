"""Uploaded files (evidence of log entries and of external results): checked completely (name,
extension, size, content) before anything is written, stored under UPLOAD_FOLDER with generated
names, and removed again when the unit of work that wrote them fails.

A file is written to its final place only after its rows are flushed and removed again if the
transaction fails (`files_removed_unless_committed`), so a failed request leaves neither a row
without a file nor a file without a row. A crash between writing and committing can at worst
leave an unreferenced file, never a broken row.
"""

import os
import re
import secrets
import shutil
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

# More than this many files on one entry is a folder dump, not evidence.
MAX_FILES_PER_ENTRY = 10
# The length of the tables' original_name columns (String(255)).
MAX_NAME_LENGTH = 255
STORED_NAME = re.compile(r"^[0-9a-f]{32}$")
SNIFF_BYTES = 8192

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "txt": "text/plain; charset=utf-8",
}
# Shown in the browser; everything else is downloaded.
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"}

_ZIP = (b"PK\x03\x04",)  # OOXML and ODF are zip archives
_OLE2 = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # legacy Office
SIGNATURES = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "docx": _ZIP, "xlsx": _ZIP, "pptx": _ZIP, "odt": _ZIP, "ods": _ZIP, "odp": _ZIP,
    "doc": _OLE2, "xls": _OLE2, "ppt": _OLE2,
}


@dataclass(frozen=True)
class Upload:
    """A checked file, not yet written: what to store and where its bytes are."""

    original_name: str
    content_type: str
    size_bytes: int
    storage: FileStorage


def clean_filename(raw: str | None) -> str:
    """The name to show and offer on download: no folders, control or bidi characters, ≤ 255.

    Thai and other letters are kept; the name is never used on disk.
    """
    name = unicodedata.normalize("NFC", raw or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    # Cc: NUL and other controls; Cf: bidi overrides that make "fdp.exe" look like "exe.pdf".
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
    name = name.strip().lstrip(".").strip()
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) < 16:
            name = stem[:MAX_NAME_LENGTH - len(extension) - 1].rstrip() + "." + extension
        else:
            name = name[:MAX_NAME_LENGTH]
    return name


def extension_of(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot and stem else ""


def _content_matches(extension: str, head: bytes) -> bool:
    if extension == "pdf":
        return b"%PDF-" in head[:1024]  # the spec allows a little junk before the header
    if extension == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if extension == "txt":
        if b"\x00" in head:
            return False
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            return error.start >= len(head) - 3  # a character cut at the end of the sample
        return True
    signatures = SIGNATURES.get(extension)
    return signatures is None or head.startswith(signatures)


def check_upload(storage: FileStorage) -> tuple[Upload | None, str | None]:
    """(upload, None) for an acceptable file, else (None, a message naming the file and why)."""
    name = clean_filename(storage.filename)
    shown = name or _("(no name)")
    allowed = tuple(current_app.config["EVIDENCE_EXTENSIONS"])
    extension = extension_of(name)
    if extension not in allowed:
        return None, _("%(name)s: this kind of file cannot be attached; use %(kinds)s.",
                       name=shown, kinds=", ".join(allowed))
    stream = storage.stream
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    limit = current_app.config["MAX_EVIDENCE_BYTES"]
    if size == 0:
        return None, _("%(name)s is empty.", name=shown)
    if size > limit:
        return None, _("%(name)s is %(size)s; a file may be at most %(limit)s.",
                       name=shown, size=size_text(size), limit=size_text(limit))
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    if not _content_matches(extension, head):
        return None, _("%(name)s does not look like a .%(extension)s file.", name=shown, extension=extension)
    content_type = CONTENT_TYPES.get(extension, "application/octet-stream")
    return Upload(name, content_type, size, storage), None


def check_uploads(storages: Iterable[FileStorage], already_attached: int = 0,
                  max_files: int = MAX_FILES_PER_ENTRY) -> tuple[list[Upload], list[str]]:
    """Check every chosen file (empty file inputs are skipped); all problems at once."""
    uploads, problems = [], []
    for storage in storages:
        if storage is None or not storage.filename:
            continue
        upload, problem = check_upload(storage)
        if problem:
            problems.append(problem)
        else:
            uploads.append(upload)
    if already_attached + len(uploads) > max_files:
        problems.append(_("An entry may have at most %(n)s files.", n=max_files))
    return uploads, problems


def size_text(size: int) -> str:
    """A byte count for people: 512 bytes, 300 KB, 10 MB."""
    if size < 1024:
        return _("%(n)s bytes", n=size)
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def evidence_folder() -> str:
    return os.path.join(current_app.config["UPLOAD_FOLDER"], "evidence")


def stored_path(stored_name: str) -> str | None:
    """Where a stored file lives; None for a name we would never have generated."""
    if not STORED_NAME.match(stored_name or ""):
        return None
    # Two-character folders keep any one directory small with many files.
    return os.path.join(evidence_folder(), stored_name[:2], stored_name)


class FileBatch:
    """Files written in one unit of work, so they can be removed if it fails."""

    def __init__(self):
        self.paths: list[str] = []

    def write(self, upload: Upload) -> str:
        """Write the upload under a new generated name; the name to keep in its row."""
        stored_name = secrets.token_hex(16)
        path = stored_path(stored_name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        # O_EXCL: never overwrite, even in the unthinkable case of a repeated name.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
        self.paths.append(path)
        with os.fdopen(descriptor, "wb") as target:
            upload.storage.stream.seek(0)
            shutil.copyfileobj(upload.storage.stream, target)
        return stored_name


@contextmanager
def files_removed_unless_committed(batch: FileBatch) -> Iterator[FileBatch]:
    """Write files inside; if anything inside raises (the commit included), remove them again."""
    try:
        yield batch
    except BaseException:
        remove_files(batch.paths)
        raise


def remove_files(paths: Iterable[str]) -> None:
    """Delete files, ignoring ones already gone: called after a commit or a failure."""
    for path in paths:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass


def is_inline_type(content_type: str) -> bool:
    """Whether a stored file is shown in the browser rather than downloaded."""
    return content_type in INLINE_TYPES
