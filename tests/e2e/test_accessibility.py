"""Looks and access in Chromium: axe-core over every main page as each role, the navigation
on one row at 1280 px, and the session-plan table usable on a 390 px phone.

axe-core (MPL-2.0, tests/e2e/vendor/axe-core) is injected into the page by the test only;
the app never serves it. Its script tag is inline, which the app's CSP forbids, so these
pages run in a context that bypasses the CSP (the other browser tests keep it).
"""

import secrets
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import TIMEOUT_MS

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SEVERE = ("serious", "critical")

# Serious and critical violations only, each node with its selector and, for colour
# contrast, the figures axe measured.
RUN_AXE = """async (severe) => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.filter(v => severe.includes(v.impact)).map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => {
      const data = (n.any.concat(n.all, n.none).find(c => c.data && c.data.contrastRatio) || {}).data;
      return {target: n.target.join(' '), contrast: data ? `${data.fgColor} on ${data.bgColor}: `
        + `${data.contrastRatio}:1, needs ${data.expectedContrastRatio}` : ''};
    }),
  }));
}"""

# Each role's main pages: the navigation's GET pages and a few detail pages. {course},
# {class}, {learner}, {institute}, {agency}, {dimension} and {group} come from `sample`.
PAGES = {
    "learner": [
        "/", "/courses/", "/courses/?q=ข้อมูล", "/courses/{course}", "/classes/{class}",
        "/dashboard/", "/plans/", "/log/", "/log/new", "/classes/mine", "/coaching/",
        "/me/learning", "/classes/calendar", "/rules/", "/notifications/",
        "/notifications/preferences", "/account", "/account/password",
    ],
    "supervisor": [
        "/", "/dashboard/team", "/dashboard/team/{learner}", "/plans/waiting", "/log/reviews",
        "/log/people/{learner}", "/coaching/new", "/coaching/given", "/team", "/team/acting",
        "/people/{learner}",
    ],
    "author": [
        "/", "/author/", "/author/courses/new", "/author/courses/{course}",
        "/author/courses/{course}/edit", "/author/upload", "/classes/manage",
        "/classes/manage/new", "/classes/manage/{class}", "/classes/manage/{class}/attendance",
        "/classes/manage/{class}/roster/add", "/institutes/{institute}",
    ],
    "agency_admin": [
        "/", "/admin/organisations", "/admin/organisations/{agency}", "/admin/people",
        "/admin/people/new", "/admin/people/{learner}", "/admin/people/{learner}/anonymise",
        "/admin/audit/",
    ],
    "site_admin": [
        "/", "/admin/institutes", "/admin/institutes/new", "/admin/institutes/{institute}/edit",
        "/admin/reference/", "/admin/reference/dimensions/{dimension}", "/admin/frameworks/",
        "/admin/reference/target-groups/{group}/skill-sets",
        "/admin/organisations", "/admin/organisations/new",
        "/admin/people", "/admin/audit/",
    ],
}
SIGNED_OUT = ["/", "/login", "/forgot"]


@pytest.fixture(scope="module")
def sample(live_server) -> dict:
    """A published classroom course of the world's institute with a class: the detail pages
    need one. Institute data only; no world person is changed."""
    from sqlalchemy import select

    from lms.accounts.models import Institute, Organisation, Person
    from lms.extensions import db
    from lms.reference.models import SkillDimension, TargetGroup
    from tests.catalog.factories import published_course
    from tests.classes.factories import course_class

    world = live_server.world
    with live_server.app.app_context():
        institute = db.session.scalar(select(Institute).where(Institute.code == "INST-A"))
        author = db.session.scalar(select(Person).where(Person.email == world["author"]["email"]))
        course = published_course(
            institute, code=f"E2E-A11Y-{secrets.token_hex(3).upper()}", author=author,
            title_th="การใช้ข้อมูลเพื่อการตัดสินใจ", title_en="Using data for decisions",
            sessions=(("การบรรยาย", "lecture", 60), ("ฝึกปฏิบัติ", "discussion", 60)))
        cls = course_class(institute, version=course.published)
        ids = {
            "course": course.id, "class": cls.id, "institute": institute.id,
            "learner": db.session.scalar(select(Person.id).where(Person.email == world["learner"]["email"])),
            "agency": db.session.scalar(select(Organisation.id).where(Organisation.code == "DEP-A")),
            "dimension": db.session.scalar(select(SkillDimension.id).where(SkillDimension.number == 1)),
            "group": db.session.scalar(select(TargetGroup.id).where(TargetGroup.slug == "others")),
        }
        db.session.commit()
        db.session.remove()
    return ids


@pytest.fixture(autouse=True)
def kept_languages(live_server):
    """Switching to English is saved on the person: put every world person's language back."""
    from sqlalchemy import select

    from lms.accounts.models import Person
    from lms.extensions import db

    emails = [row["email"] for row in live_server.world.values() if "email" in row]
    with live_server.app.app_context():
        before = dict(db.session.execute(select(Person.email, Person.language).where(Person.email.in_(emails))).all())
        db.session.remove()
    yield
    with live_server.app.app_context():
        for person in db.session.scalars(select(Person).where(Person.email.in_(emails))):
            person.language = before[person.email]
        db.session.commit()
        db.session.remove()


@pytest.fixture
def axe_page(browser):
    """A fresh Thai context like `page`, but with the CSP bypassed so axe can be injected."""
    context = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900},
                                  bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def _severe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE, list(SEVERE))


def _report(found: dict[str, list[dict]]) -> str:
    lines = []
    for where, violations in found.items():
        for violation in violations:
            lines.append(f"{where}: {violation['id']} ({violation['impact']}) {violation['help']}")
            lines.extend(f"    {node['target']}  {node['contrast']}".rstrip() for node in violation["nodes"])
    return "\n".join(lines)


def _check(page, live_server, paths, label: str) -> dict[str, list[dict]]:
    found = {}
    for path in paths:
        # networkidle: pickers and other scripts that fetch have finished changing the page.
        response = page.goto(live_server(path), wait_until="networkidle")
        assert response.status == 200, f"{label} {path}: HTTP {response.status}"
        violations = _severe_violations(page)
        if violations:
            found[f"{label} {path}"] = violations
    return found


def _switch_language(page, language: str) -> None:
    with page.expect_navigation():
        page.locator(f"nav form button[name=language][value={language}]").click()
    expect(page.locator("html")).to_have_attribute("lang", language)


@pytest.mark.parametrize("role", list(PAGES))
def test_no_serious_or_critical_axe_violation_on_the_main_pages_of(axe_page, live_server, log_in, sample, role):
    page = axe_page
    log_in(page, role)
    paths = [path.format(**sample) for path in PAGES[role]]
    found = _check(page, live_server, paths, f"{role} (th)")
    if role == "learner":  # a form that says what is wrong (nothing is changed)
        page.goto(live_server("/account/password"))
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        expect(page.locator(".invalid-feedback").first).to_be_visible()
        if violations := _severe_violations(page):
            found[f"{role} (th) /account/password with errors"] = violations
    page.goto(live_server("/"))
    _switch_language(page, "en")
    found |= _check(page, live_server, ["/", paths[1]], f"{role} (en)")
    assert not found, "axe found serious or critical violations:\n" + _report(found)


def test_no_serious_or_critical_axe_violation_signed_out(axe_page, live_server):
    page = axe_page
    found = _check(page, live_server, SIGNED_OUT, "signed out (th)")
    page.goto(live_server("/login"))
    _switch_language(page, "en")
    found |= _check(page, live_server, SIGNED_OUT, "signed out (en)")
    assert not found, "axe found serious or critical violations:\n" + _report(found)


@pytest.fixture
def every_role(live_server):
    """The world's director for one test also authors for the institute and administers
    department A and the site, so the navigation shows every menu; restored afterwards."""
    from sqlalchemy import select

    from lms.accounts.models import Institute, Organisation, Person
    from lms.extensions import db

    def director():
        return db.session.scalar(select(Person).where(Person.email == live_server.world["director"]["email"]))

    with live_server.app.app_context():
        person = director()
        before = (person.institute_id, person.admin_of_id, person.is_site_admin)
        person.institute_id = db.session.scalar(select(Institute.id).where(Institute.code == "INST-A"))
        person.admin_of_id = db.session.scalar(select(Organisation.id).where(Organisation.code == "DEP-A"))
        person.is_site_admin = True
        db.session.commit()
        db.session.remove()
    try:
        yield "director"
    finally:
        with live_server.app.app_context():
            person = director()
            person.institute_id, person.admin_of_id, person.is_site_admin = before
            db.session.commit()
            db.session.remove()


def test_no_serious_or_critical_axe_violation_with_menus_and_pickers_open(axe_page, live_server, log_in,
                                                                           every_role):
    page = axe_page
    log_in(page, every_role)
    found = {}

    def check(where: str) -> None:
        if violations := _severe_violations(page):
            found[where] = violations

    for menu in ("nav-learning", "nav-team", "nav-institute", "nav-admin"):
        page.locator(f"#{menu}").click()
        expect(page.locator(f"ul[aria-labelledby={menu}]")).to_be_visible()
        check(f"/ with the menu #{menu} open")
        page.keyboard.press("Escape")
    page.goto(live_server("/log/new"), wait_until="networkidle")
    page.locator("button[aria-haspopup=dialog]").first.click()
    expect(page.get_by_role("dialog").first).to_be_visible()
    check("/log/new with the date picker open")
    page.goto(live_server("/classes/manage/new"), wait_until="networkidle")
    page.locator(".ts-control input").first.click()
    expect(page.locator(".ts-dropdown .option").first).to_be_visible()
    check("/classes/manage/new with a search picker open")
    assert not found, "axe found serious or critical violations:\n" + _report(found)


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_navigation_fits_one_row_at_1280_px(axe_page, live_server, log_in, every_role, language):
    page = axe_page
    log_in(page, every_role)
    if language == "en":
        _switch_language(page, "en")
    for menu in ("nav-learning", "nav-team", "nav-institute", "nav-admin"):
        expect(page.locator(f"#{menu}")).to_be_visible()
    items = page.locator("nav.navbar .navbar-brand, nav.navbar .navbar-nav > .nav-item, #nav > *")
    boxes = {}
    for i in range(items.count()):
        item = items.nth(i)
        box = item.bounding_box()
        if box and box["width"]:
            boxes[item.evaluate("e => e.textContent.trim().split(/\\s+/).slice(0, 3).join(' ')")] = box
    assert len(boxes) >= 9
    first_row_bottom = min(box["y"] + box["height"] for box in boxes.values())
    below = [name for name, box in boxes.items() if box["y"] >= first_row_bottom]
    assert not below, f"the navigation wraps at 1280 px: {below} start on a second row"
    centres = [box["y"] + box["height"] / 2 for box in boxes.values()]
    assert max(centres) - min(centres) < 8, f"the navigation items are not on one row: {boxes}"
    right = max(box["x"] + box["width"] for box in boxes.values())
    assert right <= 1280, f"the navigation overflows: its last item ends at {right}px"


def test_the_session_plan_is_usable_on_a_390_px_phone(browser, live_server, log_in, sample):
    context = browser.new_context(locale="th-TH", viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        log_in(page, "author")
        page.goto(live_server(f"/author/courses/{sample['course']}/edit"))
        plan = page.locator("fieldset.session-plan")
        expect(plan).to_be_visible()
        # The page itself never scrolls sideways: only the table's own container may.
        page_width = page.evaluate("document.documentElement.scrollWidth")
        assert page_width <= 390, f"the page is {page_width}px wide at 390 px"
        # The table scrolls sideways in its own container, or its rows stack within the width.
        table = plan.locator("table")
        scrolls = table.evaluate("""t => {
          const box = t.parentElement, style = getComputedStyle(box);
          return ['auto', 'scroll'].includes(style.overflowX) && box.scrollWidth > box.clientWidth
            && box.getBoundingClientRect().right <= window.innerWidth;
        }""")
        stacks = table.evaluate("t => getComputedStyle(t.querySelector('tr.session-row')).display !== 'table-row'")
        assert scrolls or stacks, "the session plan neither scrolls in its own container nor stacks"
        controls = plan.locator("table input:not([type=hidden]), table select, table button")
        assert controls.count() >= 12
        for i in range(controls.count()):
            control = controls.nth(i)
            control.scroll_into_view_if_needed()
            box = control.bounding_box()
            assert box and box["width"] >= 16 and box["height"] >= 16, f"control {i} is too small: {box}"
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, f"control {i} is cut off: {box}"
        title = plan.locator("table input[name$='-title']").first
        assert title.bounding_box()["width"] >= 150, "the session title field is too narrow to type in"
    finally:
        context.close()
