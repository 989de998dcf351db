"""iCalendar (RFC 5545) feeds of class sessions, written by hand: the format is small.

Times are written in UTC (`Z`), so no VTIMEZONE is needed; calendar apps show them in
the reader's zone. Lines end in CRLF and are folded at 75 octets without splitting a
UTF-8 character (a Thai character is 3 octets).
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

MAX_LINE_OCTETS = 75
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Event:
    uid: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    location: str = ""
    url: str = ""
    description: str = ""


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and newlines escaped; control characters dropped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    return _CONTROL.sub("", value)


def fold(line: str) -> str:
    """One content line folded into pieces of at most 75 octets, joined by CRLF and a space."""
    pieces, current, size = [], [], 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > MAX_LINE_OCTETS:
            pieces.append("".join(current))
            current, size = [" "], 1  # the continuation's leading space counts
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return "\r\n".join(pieces)


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(event: Event, stamp: str) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{escape_text(event.uid)}", f"DTSTAMP:{stamp}",
             f"DTSTART:{_utc(event.starts_at)}", f"DTEND:{_utc(event.ends_at)}",
             f"SUMMARY:{escape_text(event.summary)}"]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.url:
        lines.append(f"URL:{_CONTROL.sub('', event.url)}")  # a URI: not TEXT, so not escaped
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    lines.append("END:VEVENT")
    return lines


def calendar_text(name: str, events: Iterable[Event], now: datetime | None = None) -> str:
    """A whole VCALENDAR with one VEVENT per event, CRLF line endings throughout."""
    stamp = _utc(now or datetime.now(UTC))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Thaksa//Classes//TH", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{escape_text(name)}"]
    for event in events:
        lines.extend(_event_lines(event, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def meeting_events(meetings, uid_domain: str, page_url: Callable) -> list[Event]:
    """Events for class sessions; `page_url(course_class)` gives the link to the class page."""
    events = []
    for meeting in meetings:
        course_class = meeting.course_class
        title = course_class.version.title
        description = "\n".join(filter(None, [f"{title} · {course_class.name}", course_class.online_url,
                                              page_url(course_class)]))
        events.append(Event(
            uid=f"class-meeting-{meeting.id}@{uid_domain}", starts_at=meeting.starts_at,
            ends_at=meeting.ends_at, summary=f"{meeting.title} · {title} ({course_class.name})",
            location=course_class.place or course_class.online_url, url=course_class.online_url,
            description=description))
    return events
