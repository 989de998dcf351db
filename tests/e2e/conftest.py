"""Browser tests: a real server on loopback and Debian's Chromium driven by Playwright.

The server runs in a thread of this process on a database of its own (a SQLite file, or a
PostgreSQL schema of its own in the PostgreSQL run; migrated and seeded with
factories.build_world, then committed), not on the per-test rolled-back database:
requests arrive on other threads and must see committed rows. CSRF protection stays on,
since the browser submits the real forms. Server and browser live for the whole of
tests/e2e; each test gets a fresh browser context (its own cookies and storage). A module
whose walk would change what the others assert runs a server of its own (`serving`, as
test_skills_path does).
"""

import os
import re
import secrets
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from tests import factories
from tests.postgres import database_of_its_own

CHROMIUM = "/usr/bin/chromium"
HERE = Path(__file__).parent
TIMEOUT_MS = 15_000
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
ROLES = ("learner", "supervisor", "author", "agency_admin", "site_admin")
NO_CHROMIUM = f"{CHROMIUM} is missing: install Debian's chromium (make test does, as root)"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)
            if not os.path.exists(CHROMIUM):
                item.add_marker(pytest.mark.skip(reason=NO_CHROMIUM))


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


def _seed_world(app) -> dict:
    """build_world() committed; returns plain data (the ORM rows die with the session)."""
    from flask_migrate import upgrade

    from lms.extensions import db

    with app.app_context():
        upgrade()
        world = factories.build_world()
        people = {key: {"email": row.email, "name_th": row.name_th, "name_en": row.name_en}
                  for key, row in world.items() if hasattr(row, "email")}
        places = {key: {"name_th": row.name_th, "name_en": row.name_en}
                  for key, row in world.items() if not hasattr(row, "email")}
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return {**people, **places}


@contextmanager
def serving(folder: Path, config: dict | None = None):
    """A Thaksa serving on loopback from a new database (a SQLite file in `folder`, or a schema
    named after it on LMS_TEST_DATABASE_URL; migrated, seeded with build_world, committed),
    with `config` over the defaults: yields a LiveServer, stops the server when the block ends."""
    base = os.environ.get("LMS_TEST_DATABASE_URL", "")
    schema = "thaksa_" + re.sub(r"\W", "_", folder.name).lower()
    with database_of_its_own(base, schema, folder / "e2e.sqlite3") as url:
        with _serving_on(url, folder, config) as server:
            yield server


@contextmanager
def _serving_on(url: str, folder: Path, config: dict | None):
    from lms import create_app

    app = create_app({
        "UPLOAD_FOLDER": str(folder / "uploads"),  # never the checkout's instance/uploads
        "TESTING": False,
        "SECRET_KEY": secrets.token_hex(32),
        "SQLALCHEMY_DATABASE_URI": url,
        "SESSION_COOKIE_SECURE": False,  # plain http on loopback
        "REMEMBER_COOKIE_SECURE": False,
        "WTF_CSRF_ENABLED": True,
        **(config or {}),
    })
    world = _seed_world(app)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", world=world, app=app)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        from lms.extensions import db

        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="package")
def live_server(tmp_path_factory):
    """A running Thaksa: `live_server.url` and `live_server.world` (build_world as dicts).
    Shared by every browser test; a module whose walk changes what others assert (a new
    skill framework) overrides it with a module-scoped `serving()` of its own."""
    with serving(tmp_path_factory.mktemp("e2e")) as server:
        yield server


class LiveServer:
    def __init__(self, url: str, world: dict, app):
        self.url = url
        self.world = world
        self.app = app

    def __call__(self, path: str = "/") -> str:
        return self.url + path


@pytest.fixture(scope="package")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(NO_CHROMIUM)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def console_errors():
    """Errors the page logged (a CSP violation, a failed script): filled by `page`."""
    return []


@pytest.fixture
def page(browser, live_server, console_errors):
    """A fresh context (no cookies, no storage) and a page in it, in Thai like a new visitor."""
    context = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()

    def on_console(message):
        url = message.location.get("url", "")
        # Chromium asks for /favicon.ico by itself; the app has none (yet), and that is
        # not a page's error.
        if message.type == "error" and not url.endswith("/favicon.ico"):
            console_errors.append(f"{message.text} ({url})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def log_in(live_server):
    """log_in(page, "supervisor"): log in through the login form as that world person."""

    def submit(page, who: str, password: str = factories.TEST_PASSWORD):
        email = live_server.world[who]["email"] if who in live_server.world else who
        page.goto(live_server("/login"))
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", password)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        return page

    return submit


# --- Fixtures for the whole-path tests (test_institute_path, test_development_path) ----------


def _watch_console(page, errors: list) -> None:
    """Collect the page's console errors into `errors`, as the `page` fixture does."""

    def on_console(message):
        url = message.location.get("url", "")
        if message.type == "error" and not url.endswith("/favicon.ico"):
            errors.append(f"{message.text} ({url})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))


@pytest.fixture
def open_page(browser, live_server, console_errors):
    """open_page() → a page in another fresh context: a second person at another computer,
    Thai like a new visitor; its console errors go to `console_errors` too."""
    contexts = []

    def open_one():
        context = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        _watch_console(page, console_errors)
        return page

    try:
        yield open_one
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def th(live_server):
    """th("Save draft") → the words the Thai UI shows for that message id, from the app's own
    catalogue (so a test finds a button by what a Thai reader sees, whatever the wording)."""
    from flask_babel import force_locale, gettext

    def translate(message: str, **values) -> str:
        with live_server.app.test_request_context(), force_locale("th"):
            return gettext(message, **values)

    return translate


@pytest.fixture
def e2e_uploads(live_server, tmp_path):
    """Evidence files the live server receives go to a temporary folder for the test
    (otherwise they would land in the checkout's instance/uploads)."""
    previous = live_server.app.config["UPLOAD_FOLDER"]
    live_server.app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    try:
        yield tmp_path / "uploads"
    finally:
        live_server.app.config["UPLOAD_FOLDER"] = previous
