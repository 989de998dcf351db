"""Reading the fields of a CASE file: JSON loaded within limits, each field checked for its
type, and every problem kept with the object, field and line it is about."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from .case_model import MAX_FILE_BYTES, MAX_PROBLEMS, TEXT_MAX_CHARS, CaseProblem

_IDENTIFIER_FIELD = re.compile(r'"identifier"\s*:\s*"([^"\\]{1,64})"')
_UUID = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")


class TooManyProblems(Exception):
    """Raised past MAX_PROBLEMS to stop reading: the list already ends with a note."""


def load_json(data: bytes | str) -> tuple[object, str] | CaseProblem:
    """The parsed JSON and its text, or the one problem that stops reading the file."""
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
    if size > MAX_FILE_BYTES:
        return CaseProblem(_l("The file is larger than %(megabytes)s MB; split it into smaller files.",
                              megabytes=MAX_FILE_BYTES // (1024 * 1024)))
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return CaseProblem(_l("The file is not UTF-8 text."))
    try:
        return json.loads(data, object_pairs_hook=_no_repeated_keys, parse_constant=_no_constant), data
    except json.JSONDecodeError as error:
        return CaseProblem(_l("The file is not valid JSON (column %(column)s).", column=error.colno),
                           line=error.lineno)
    except _RepeatedKey as error:
        return CaseProblem(_l("The file gives the field %(field)s twice in one object.", field=error.args[0]),
                           field=error.args[0])
    except (RecursionError, ValueError):  # nesting past the parser's depth; NaN or Infinity
        return CaseProblem(_l("The file is not a CASE package that Thaksa can read."))


class _RepeatedKey(Exception):
    pass


def _no_repeated_keys(pairs: list[tuple[str, object]]) -> dict:
    # A key given twice means one value is silently dropped: refuse instead.
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        raise _RepeatedKey(next(key for key, _ in pairs if key in seen or seen.add(key)))
    return result


def _no_constant(name: str):
    raise ValueError(name)


class FieldReader:
    """Typed reads of one file's fields; `problems` holds what was found, as found."""

    def __init__(self, text: str | None):
        self.text = text
        self.problems: list[CaseProblem] = []
        self._lines: dict[str, int] | None = None  # identifier → line where it is given

    # -- problems --

    def add(self, message, item: str | None = None, field: str | None = None,
            identifier: str | None = None) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.problems.append(CaseProblem(_l("More problems were found; fix these first and try again.")))
            raise TooManyProblems
        self.problems.append(CaseProblem(message, item, field, self._line_of(identifier)))

    def _line_of(self, identifier: str | None) -> int | None:
        if not (self.text and identifier):
            return None
        if self._lines is None:  # one pass over the text, on the first problem only
            self._lines, line, at = {}, 1, 0
            for found in _IDENTIFIER_FIELD.finditer(self.text):
                line += self.text.count("\n", at, found.start())
                at = found.start()
                self._lines.setdefault(found.group(1).lower(), line)
        return self._lines.get(identifier.lower())

    def missing(self, place: str, name: str, identifier: str | None = None) -> None:
        self.add(_l("%(place)s: %(field)s is missing.", place=place, field=name), place, name, identifier)

    # -- typed fields: each returns the value, or None after saying what is wrong --

    def string(self, obj: Mapping, name: str, place: str, identifier=None, *, required=False,
               limit: int = TEXT_MAX_CHARS) -> str | None:
        value = obj.get(name)
        if value is None:
            if required:
                self.missing(place, name, identifier)
            return None
        if not isinstance(value, str):
            self.add(_l("%(place)s: %(field)s must be text.", place=place, field=name), place, name, identifier)
            return None
        if required and not value.strip():
            self.add(_l("%(place)s: %(field)s must not be empty.", place=place, field=name),
                     place, name, identifier)
            return None
        if len(value) > limit:
            self.add(_l("%(place)s: %(field)s is longer than %(limit)s characters.",
                        place=place, field=name, limit=limit), place, name, identifier)
            return None
        return value

    def uuid(self, obj: Mapping, name: str, place: str, identifier=None) -> str | None:
        value = self.string(obj, name, place, identifier, required=True, limit=36)
        if value is not None and not _UUID.fullmatch(value):
            self.add(_l("%(place)s: %(field)s must be a UUID.", place=place, field=name), place, name, identifier)
            return None
        return value.lower() if value else None

    def moment(self, obj: Mapping, name: str, place: str, identifier=None) -> datetime | None:
        value = self.string(obj, name, place, identifier, required=True, limit=40)
        if value is None:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None or "T" not in value.upper():
            self.add(_l("%(place)s: %(field)s must be a date and time with a time zone, "
                        "such as 2026-12-02T09:00:00+07:00.", place=place, field=name), place, name, identifier)
            return None
        return moment

    def day(self, obj: Mapping, name: str, place: str, identifier=None) -> date | None:
        value = self.string(obj, name, place, identifier, limit=40)
        if not value:
            return None
        try:
            return date.fromisoformat(value[:10]) if len(value) == 10 else datetime.fromisoformat(value).date()
        except ValueError:
            self.add(_l("%(place)s: %(field)s must be a date such as 2026-12-02.", place=place, field=name),
                     place, name, identifier)
            return None

    def array(self, obj: Mapping, name: str, place: str, identifier=None) -> list | None:
        value = obj.get(name)
        if value is not None and not isinstance(value, list):
            self.add(_l("%(place)s: %(field)s must be a list.", place=place, field=name), place, name, identifier)
            return None
        return value

    def mapping(self, value, name: str, place: str, identifier=None) -> Mapping | None:
        if not isinstance(value, Mapping):
            self.add(_l("%(place)s: %(field)s must be an object.", place=place, field=name),
                     place, name, identifier)
            return None
        return value
