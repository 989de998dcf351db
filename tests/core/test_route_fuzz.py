"""Odd input never breaks a page: every route, fed huge, negative or impossible numbers,
impossible dates, control characters and very long text in its URL, its query string and
its forms, answers a page or a 4xx error, never a 500.

The walk reuses the access walk's values (tests/core/walk.py) for valid URLs. It fills each
form it finds on a page with what the page offers and spoils one field at a time, so the
odd value reaches the code behind a form that would otherwise pass. Query strings, and the
POST routes whose form no page shows, get the names the view is seen to read. With TESTING
on, Flask re-raises an exception instead of answering 500: a raised exception counts as one.
"""

import re
from collections import Counter
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

import lms
from lms.core.inputs import CleanParameters, Request
from lms.reference.models import TargetGroup
from tests.core.walk import fill, url_arguments, urls_for

EXEMPT = {"static", "bootstrap.static"}
HUGE = "99999999999999999999"  # beyond 64 bits
LONG = "ก" * 10_000
ODD_IDS = [HUGE, str(2**31), "-1", "0"]
ODD_PATH_TEXT = ["%00", "a%1Bb", "x" * 10_000]
ODD_QUERY = [HUGE, str(10**12), "-5", "2026-02-30", "\x00", LONG, "/\x1b[2J", "/a\r\nSet-Cookie: x=1",
             "/\x00//evil.example"]
ODD_NUMBERS = [HUGE, str(2**31), "-1", "1e400", "NaN"]
ODD_DATES = ["2026-02-30", "99999-12-31", "0000-01-01T00:00", "31/02/2569", "1/1/1 25:61", "๙๙/๙๙/๙๙๙๙"]
ODD_TEXT = [LONG, "a\x00b", "\x1b[2J"]
DATE_TYPES = {"date", "datetime-local", "datetime", "month", "time"}
TEXT_TYPES = {"text", "textarea", "email", "url", "password", "search", "tel"}
DOWNLOAD_TRIES = 2
# Forms that may end the person's own session: after them the walk logs in again.
LOGS_OUT = re.compile(r"/logout|/account/(password|sessions/)")

_read = set()  # the query and form names the current request read


class _Recording(CleanParameters):
    """Query and form data that note which names a view asks for."""

    def __getitem__(self, key):
        _read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        _read.add(key)
        return super().__contains__(key)

    def get(self, key, default=None, type=None):
        _read.add(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):
        _read.add(key)
        return super().getlist(key, type)


class _RecordingRequest(Request):
    parameter_storage_class = _Recording


def _candidate_names():
    """Names views read by hand; the forms' own fields are found on the pages."""
    pattern = re.compile(r"""(?:args|values|form)\.get(?:list)?\(\s*["']([\w-]+)["']""")
    names = {"page", "per_page", "next"}  # the pager (flask_sqlalchemy) and the login redirect
    for path in Path(lms.__file__).parent.rglob("*.py"):
        names.update(pattern.findall(path.read_text(encoding="utf-8")))
    return names


class _Forms(HTMLParser):
    """The forms of a page: action, method, and each field's name, type and offered value."""

    def __init__(self, page_url):
        super().__init__()
        self.page_url = page_url
        self.forms = []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or self.page_url,
                               "method": (a.get("method") or "get").upper(), "fields": [], "submit": None})
        elif tag == "option" and self._select is not None:
            # The chosen option, else the first that is not a "none" placeholder.
            if "selected" in a or (not self._chosen and self._select[2] in (None, "", "0")):
                self._select[2], self._chosen = a.get("value", ""), "selected" in a
        elif self.forms and a.get("name"):
            self._field(tag, a, self.forms[-1])

    def _field(self, tag, a, form):
        kind = a.get("type", "text").lower() if tag == "input" else tag
        if a.get("data-datepicker"):  # a text field that takes a date (lms/core/date_fields.py)
            kind = {"date": "date", "datetime": "datetime-local"}[a["data-datepicker"]]
        if kind in ("submit", "button", "image") or tag == "button":
            if form["submit"] is None:
                form["submit"] = (a["name"], a.get("value", ""))
        elif tag == "input" and kind not in ("file", "reset"):
            offered = kind not in ("checkbox", "radio") or "checked" in a
            form["fields"].append([a["name"], kind, a.get("value", "y" if kind == "checkbox" else ""), offered])
        elif tag == "select":
            self._select, self._chosen = [a["name"], "select", None, True], False
            form["fields"].append(self._select)
        elif tag == "textarea":
            self._textarea = [a["name"], "textarea", "", True]
            form["fields"].append(self._textarea)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[2] += data


def _short(value):
    return repr(value if len(value) < 30 else value[:12] + f"…({len(value)})")


class _Walk:
    def __init__(self, app, client, role, relogin):
        self.app, self.client, self.role, self.relogin = app, client, role, relogin
        self.failures, self.posted, self.forms_seen = [], set(), set()
        self.names = _candidate_names()

    def request(self, method, url, what, **kwargs):
        try:
            response = self.client.open(url, method=method, **kwargs)
            response.close()  # file downloads hold their file open until closed
        except Exception as error:  # TESTING re-raises what would be a 500
            self.failures.append(f"{self.role} {method} {url} {what}: {type(error).__name__}: {str(error)[:160]}")
            return None
        if response.status_code >= 500:
            self.failures.append(f"{self.role} {method} {url} {what}: {response.status_code}")
        if LOGS_OUT.match(url):
            self.relogin()
        return response

    def names_read(self, method, url):
        """The candidate names the view reads, seen on a request that sets them all to 1."""
        _read.clear()
        field = "query_string" if method == "GET" else "data"
        self.request(method, url, "(every name)", **{field: {name: "1" for name in self.names}})
        return sorted(_read & self.names)

    def rules(self, method):
        return [r for r in self.app.url_map.iter_rules() if r.endpoint not in EXEMPT and method in r.methods]


def _walk_url_arguments(walk, arguments):
    """Each URL argument in turn takes odd values; ids beyond the database's range or below 0 are 404."""
    for rule in walk.app.url_map.iter_rules():
        if rule.endpoint in EXEMPT or not rule.arguments:
            continue
        names = sorted(rule.arguments)
        valid = arguments[",".join(names)][0][0]
        valid = dict(zip(names, valid if isinstance(valid, tuple) else (valid,), strict=True))
        for name in names:
            numeric = f"<int:{name}>" in rule.rule
            for odd in ODD_IDS if numeric else ODD_PATH_TEXT:
                url = fill(rule, {**valid, name: odd})
                for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                    response = walk.request(method, url, f"{name}={_short(odd)}")
                    if response is not None and numeric and odd != "0" and response.status_code != 404:
                        walk.failures.append(f"{walk.role} {method} {url}: {response.status_code}, expected 404")


def _odd_values(kind):
    if kind in DATE_TYPES:
        return ODD_DATES + ["a\x00b"]
    if kind in TEXT_TYPES:
        return ODD_TEXT + [HUGE]
    return ODD_NUMBERS + ["a\x00b", LONG]


# Plausible values for fields a page leaves empty, so a new-item form passes its checks and
# the one spoiled field reaches the code that stores it.
_PLAUSIBLE = {"hours": "1", "planned_hours": "2", "minutes": "60", "capacity": "10", "code": "FUZZ-1",
              "email": "fuzz@example.go.th", "online_url": "https://example.go.th/", "organisation_codes": "",
              "course_code": "", "position": ""}
_PLAUSIBLE_BY_KIND = {"date": date.today().isoformat(), "number": "1", "email": "", "url": "",
                      "password": "", "text": "Fuzz", "textarea": "Fuzz"}


def _plausible(name, kind, value):
    if value.strip():
        return value
    short = name.rpartition("-")[2]
    if kind == "datetime-local":
        day = (date.today() + timedelta(days=60)).isoformat()
        return f"{day}T{'12' if 'end' in short else '09'}:00"
    return _PLAUSIBLE.get(short, _PLAUSIBLE_BY_KIND.get(kind, ""))


def _offered(form):
    """What a person would send: the page's values, empty fields filled in, and the first
    box ticked of a checkbox group left all empty."""
    fields = form["fields"]
    groups = {name for name, kind, _v, _on in fields if kind == "checkbox"
              and sum(1 for f in fields if f[0] == name) > 1}
    ticked = {name for name, _kind, _v, on in fields if on and name in groups}
    offered = []
    for name, kind, value, on in fields:
        if on or (name in groups and name not in ticked):
            offered.append((name, _plausible(name, kind, value or "")))
            ticked.add(name)
    return offered + ([form["submit"]] if form["submit"] else [])


def _shape(name: str, kind: str) -> tuple[str, str]:
    """A field with the numbers of its name taken out: a grid's cells (level-3-1-7) or a
    list's rows (answers-2-text) go through the same code, so one of each shape is spoiled."""
    return re.sub(r"\d+", "#", name), kind


def _fuzz_form(walk, form):
    """The form as a person would send it, with one field of each shape at a time spoiled."""
    offered = _offered(form)
    kinds = {name: kind for name, kind, _value, _on in form["fields"]}
    shapes = set()
    for name, kind in kinds.items():
        if _shape(name, kind) in shapes:
            continue
        shapes.add(_shape(name, kind))
        for odd in _odd_values(kind):
            data = MultiDict([(n, v) for n, v in offered if n != name] + [(name, odd)])
            walk.request(form["method"], form["action"], f"{name}={_short(odd)}", data=data)


def _walk_forms(walk, arguments):
    """Every form on every page the role reaches; each form once."""
    adapter = walk.app.url_map.bind("localhost")
    for rule in walk.rules("GET"):
        for url, _obj in urls_for(rule, arguments):
            response = walk.request("GET", url, "(the page)")
            if response is None or response.status_code != 200 or response.mimetype != "text/html":
                continue
            parser = _Forms(url)
            parser.feed(response.get_data(as_text=True))
            for form in parser.forms:
                names = tuple(sorted(f[0] for f in form["fields"]))
                if form["method"] == "GET":
                    walk.names.update(names)
                    continue
                endpoint = adapter.match(urlsplit(form["action"]).path, "POST")[0]
                if (endpoint, names) not in walk.forms_seen:
                    walk.forms_seen.add((endpoint, names))
                    walk.posted.add(endpoint)
                    _fuzz_form(walk, form)


def _is_download(response):
    return response.status_code == 200 and "attachment" in response.headers.get("Content-Disposition", "")


def _walk_read_names(walk, arguments):
    """GET routes' query strings, and POST routes whose form no page showed: each odd value in
    every name the view reads at once, then, where that was refused, in each name alone (one
    refused name must not hide another that breaks). A file download (a PDF, a zip: a second or
    so to make each) that ignores a name's odd values alone (a sort order it does not know)
    is not made again for that name after DOWNLOAD_TRIES: its page reads the same names."""
    for method, values in (("GET", ODD_QUERY), ("POST", ODD_NUMBERS + ODD_DATES + ODD_TEXT)):
        field = "query_string" if method == "GET" else "data"
        for rule in walk.rules(method):
            if method == "POST" and rule.endpoint in walk.posted:
                continue
            url, _obj = next(urls_for(rule, arguments))
            names = walk.names_read(method, url)
            ignored = Counter()  # a download's names seen to ignore an odd value alone
            for odd in values if names else ():
                response = walk.request(method, url, f"{','.join(names)}={_short(odd)}",
                                        **{field: {n: odd for n in names}})
                if response is not None and response.status_code >= 400 and len(names) > 1:
                    for name in names:
                        if ignored[name] >= DOWNLOAD_TRIES:
                            continue
                        alone = walk.request(method, url, f"{name}={_short(odd)}", **{field: {name: odd}})
                        ignored[name] += alone is not None and _is_download(alone)


@pytest.mark.parametrize("role", ["anonymous", "learner", "supervisor", "author", "site_admin"])
def test_odd_input_never_gives_a_server_error(app, client, world, login, db, uploads, monkeypatch, role):
    person = None if role == "anonymous" else world[role]

    def relogin():
        if person is not None:
            login(person)

    relogin()
    monkeypatch.setattr(app, "request_class", _RecordingRequest)
    group_id = db.session.scalar(select(TargetGroup.id).where(TargetGroup.slug == "service"))
    arguments = url_arguments(world, group_id)
    walk = _Walk(app, client, role, relogin)
    _walk_url_arguments(walk, arguments)
    _walk_forms(walk, arguments)
    _walk_read_names(walk, arguments)
    assert walk.failures == [], "\n".join(walk.failures)
