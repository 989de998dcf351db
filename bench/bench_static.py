"""Benchmark: what a browser downloads to show a page, the first time and again.

Signs in as a learner (and as an agency administrator for a form with pickers) on a fresh
SQLite database and, through the Flask test client, fetches each page as a browser would:
the HTML, every stylesheet, script and icon it links to, the scripts and styles its
on-demand loader would add (only where the page has what they work on), and the fonts the
stylesheets name. Every request says `Accept-Encoding: gzip, br`. Prints, per page:

- first view: requests and bytes on the wire (status line, headers and body as sent,
  compressed where the server compressed), next to the same files uncompressed;
- repeat view: the requests a browser still makes, with everything the first view fetched
  in its cache (an asset cached without `immutable` or a long max-age is revalidated).

    .venv/bin/python bench/bench_static.py [--detail]   (--detail: every file's bytes)
"""

import logging
import platform
import re
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout

from flask_migrate import upgrade  # noqa: E402

from lms import create_app  # noqa: E402
from lms.extensions import db  # noqa: E402
from tests import factories  # noqa: E402

BROWSER = {"Accept-Encoding": "gzip, br"}
TARGET_FIRST_VIEW = 150 * 1024
PAGES = [  # (who, label, path)
    ("learner", "home (learner)", "/"),
    ("learner", "70:20:10 dashboard", "/dashboard/"),
    ("learner", "learning log, new entry (a date field)", "/log/new"),
    ("agency_admin", "new person (a people picker)", "/admin/people/new"),
    ("anonymous", "log in", "/login"),
]
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")


class _Assets(HTMLParser):
    """The URLs a browser fetches for a page: stylesheets, icons, scripts, and what the
    on-demand loader (static/js/on-demand.js) adds when the page holds its selector."""

    def __init__(self):
        super().__init__()
        self.urls, self.on_demand, self.attributes = [], [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.attributes.update(name for name in attrs)
        if tag == "link" and attrs.get("rel") in ("stylesheet", "icon") and attrs.get("href"):
            self.urls.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        elif tag == "script" and attrs.get("data-when"):
            self.on_demand.append(attrs)

    def fetched(self) -> list[str]:
        urls = list(self.urls)
        for script in self.on_demand:  # data-when="[data-datepicker]": an attribute some element has
            if script["data-when"].strip("[]") in self.attributes:
                # its stylesheet and script, and what that script loads (pickers.js: Tom Select)
                names = ("data-style", "data-src", "data-css", "data-js")
                urls += [script[name] for name in names if script.get(name)]
        return urls


def wire_bytes(response) -> int:
    head = f"HTTP/1.1 {response.status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in response.headers.items())
    return len(head.encode("latin-1")) + 2 + len(response.get_data())


def cached_for_good(response) -> bool:
    control = response.headers.get("Cache-Control", "")
    return "immutable" in control or re.search(r"max-age=(\d{7,})", control) is not None


def view(client, path, detail=False):
    """(requests, wire bytes, identity bytes, urls that a repeat view revalidates)."""
    page = client.get(path, headers=BROWSER)
    assert page.status_code == 200, (path, page.status_code)
    parser = _Assets()
    parser.feed(page.get_data(as_text=True))
    if detail:
        print(f"    {path:<58} {wire_bytes(page):>7} B (the page)")
    requests, wire, identity, revalidated = 1, wire_bytes(page), len(page.get_data()), [path]
    queue, seen = [u.replace("&amp;", "&") for u in parser.fetched()], set()
    while queue:
        url = queue.pop(0)
        if url in seen or url.startswith("data:"):
            continue
        seen.add(url)
        response = client.get(url, headers=BROWSER)
        assert response.status_code == 200, (url, response.status_code)
        requests += 1
        wire += wire_bytes(response)
        plain = client.get(url)  # the same file, not compressed
        identity += len(plain.get_data())
        if detail:
            encoding = response.headers.get("Content-Encoding", "identity")
            print(f"    {url.split('?')[0]:<58} {wire_bytes(response):>7} B {encoding:>8}"
                  f" (of {len(plain.get_data())} B)")
        if not cached_for_good(response):
            revalidated.append(url)
        if response.mimetype == "text/css":
            text = plain.get_data(as_text=True)
            queue += [urljoin(url, found) for found in CSS_URL.findall(text) if not found.startswith("data:")]
    return requests, wire, identity, revalidated


def main():
    detail = "--detail" in sys.argv
    logging.getLogger("alembic").setLevel(logging.WARNING)
    folder = tempfile.mkdtemp(prefix="thaksa-bench-static-")
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3"})
    with app.app_context():
        upgrade()
        world = factories.build_world()
        db.session.commit()
        emails = {role: world[role].email for role in ("learner", "agency_admin")}
    print(f"Thaksa static files, {platform.node()}, Python {platform.python_version()}")
    print(f"{'page':<42} {'first view':>22} {'uncompressed':>13} {'repeat view':>12}")
    worst = 0
    for who, label, path in PAGES:
        client = app.test_client()
        if who != "anonymous":
            answer = client.post("/login", data={"email": emails[who], "password": factories.TEST_PASSWORD})
            assert answer.status_code == 302, answer.status_code
        requests, wire, identity, revalidated = view(client, path, detail)
        worst = max(worst, wire)
        print(f"{label:<42} {requests:>3} req {wire / 1024:>9.1f} KB {identity / 1024:>10.1f} KB"
              f" {len(revalidated):>5} req")
        for url in revalidated[1:]:
            print(f"    revalidated on a repeat view: {url}")
    verdict = "met" if worst <= TARGET_FIRST_VIEW else "NOT met"
    print(f"largest first view {worst / 1024:.1f} KB; target ≤ {TARGET_FIRST_VIEW // 1024} KB: {verdict}")


if __name__ == "__main__":
    main()
