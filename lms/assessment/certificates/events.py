"""Certificates issued when a course is completed or a level certified (lms.core.events).

The handlers run in the caller's transaction: the certificate is committed or rolled back
with the completion itself."""

from ...core import events as signals
from .services import issue_course_certificate, issue_level_certificate


def on_course_completed(record, actor=None, **_extra) -> None:
    """A course certificate for the person the completed record credits."""
    if record.course_version_id is None and record.course_version is None:
        return
    issue_course_certificate(record, actor=actor)


def on_level_certified(_source, person=None, skill_set=None, level=None, certified_on=None,
                       expires_on=None, actor=None, **_extra) -> None:
    """A level certificate for a passed level quiz or a verified external result."""
    issue_level_certificate(person, skill_set, level, certified_on, expires_on, actor=actor)


HANDLERS = ((signals.course_completed, on_course_completed),
            (signals.level_certified, on_level_certified))


def connect_handlers() -> None:
    """Listen to the completion and certification signals (connecting again changes nothing)."""
    for signal, handler in HANDLERS:
        signal.connect(handler)
