"""Evidence files of log entries: checked, stored and served with lms.core.uploads; this module
adds the EvidenceFile rows. See lms.core.uploads for how a failed request leaves nothing behind.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from ..core.uploads import (  # noqa: F401 (the evidence API its callers and tests use)
    CONTENT_TYPES,
    INLINE_TYPES,
    MAX_FILES_PER_ENTRY,
    MAX_NAME_LENGTH,
    FileBatch,
    Upload,
    check_upload,
    check_uploads,
    clean_filename,
    evidence_folder,
    extension_of,
    files_removed_unless_committed,
    is_inline_type,
    remove_files,
    size_text,
    stored_path,
)
from ..extensions import db
from .models import EvidenceFile


class _Batch(FileBatch):
    """Files written in one unit of work, so they can be removed if it fails."""

    def attach(self, record, uploads: Iterable[Upload]) -> list[EvidenceFile]:
        """Write each upload under a new generated name and add its row to `record` (flushed)."""
        rows = []
        for upload in uploads:
            row = EvidenceFile(record_id=record.id, original_name=upload.original_name,
                               stored_name=self.write(upload), content_type=upload.content_type,
                               size_bytes=upload.size_bytes)
            db.session.add(row)
            rows.append(row)
        db.session.flush()
        return rows


@contextmanager
def removed_unless_committed() -> Iterator[_Batch]:
    """Write files inside; if anything inside raises (the commit included), remove them again."""
    with files_removed_unless_committed(_Batch()) as batch:
        yield batch


def paths_of(files: Iterable[EvidenceFile]) -> list[str]:
    return [path for path in (stored_path(f.stored_name) for f in files) if path]


def is_inline(evidence_file: EvidenceFile) -> bool:
    return is_inline_type(evidence_file.content_type)
