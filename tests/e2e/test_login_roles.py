"""A person of each role logs in through the real form in Chromium and finds their home.

Thai UI wording is not asserted (translations arrive separately): structure, the
language attribute and the data, whose names are Thai, are.
"""

import re

import pytest
from playwright.sync_api import expect

from tests import factories

# role → the id of its home-page section
SECTIONS = {
    "learner": "learner",
    "supervisor": "supervisor",
    "author": "author",
    "agency_admin": "agency-admin",
    "site_admin": "site-admin",
}
ORGANISATIONS = ("ministry", "dept_a", "division", "dept_b")
SCREENSHOT = "/tmp/thaksa-home.png"


def _expect_sections(page, shown: set[str]):
    for section in SECTIONS.values():
        locator = page.locator(f"section#{section}")
        if section in shown:
            expect(locator).to_be_visible()
        else:
            expect(locator).to_have_count(0)


@pytest.mark.parametrize("role", list(SECTIONS))
def test_each_role_logs_in_and_sees_its_home(page, live_server, log_in, console_errors, role):
    world = live_server.world
    log_in(page, role)

    assert page.url == live_server("/")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.locator("h1")).to_contain_text(world[role]["name_th"])
    # every signed-in person is a learner; other sections belong to roles they hold
    _expect_sections(page, {"learner", SECTIONS[role]})

    section = page.locator(f"section#{SECTIONS[role]}")
    if role == "learner":
        expect(section).to_contain_text(world["division"]["name_th"])
        expect(section).to_contain_text(world["supervisor"]["name_th"])
    elif role == "supervisor":
        expect(section).to_contain_text(world["learner"]["name_th"])
        expect(section).to_contain_text(world["peer"]["name_th"])
        expect(section).not_to_contain_text(world["other_learner"]["name_th"])
    elif role == "author":
        expect(section).to_contain_text(world["institute"]["name_th"])
    elif role == "agency_admin":
        expect(section).to_contain_text(world["dept_a"]["name_th"])
    elif role == "site_admin":
        people = sum(1 for row in world.values() if "email" in row)
        expect(section.locator(".stat")).to_have_text([str(len(ORGANISATIONS)), str(people)])

    # Bootstrap's stylesheet arrived from the app and applies (the CSP allows only 'self')
    display = page.evaluate("getComputedStyle(document.querySelector('nav.navbar')).display")
    assert display == "flex"
    assert console_errors == []


def test_site_admin_home_screenshot(page, live_server, log_in):
    log_in(page, "site_admin")
    expect(page.locator("section#site-admin")).to_be_visible()
    page.screenshot(path=SCREENSHOT, full_page=True)


def test_wrong_password_shows_an_error_and_keeps_the_email(page, live_server, log_in):
    email = live_server.world["peer"]["email"]
    log_in(page, "peer", password="not the password")

    assert page.url == live_server("/login")
    expect(page.locator("input[name=email]")).to_have_value(email)
    expect(page.locator("input[name=password]")).to_have_value("")
    expect(page.locator("input[name=password]")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("main .invalid-feedback")).to_have_count(1)
    expect(page.locator("main .invalid-feedback")).to_be_visible()
    expect(page.locator("section#learner")).to_have_count(0)

    log_in(page, "peer", password=factories.TEST_PASSWORD)  # the right one still works
    assert page.url == live_server("/")
    expect(page.locator("h1")).to_contain_text(live_server.world["peer"]["name_th"])


def test_language_switch_goes_to_english_and_back(page, live_server, log_in):
    director = live_server.world["director"]
    log_in(page, "director")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "th")
    expect(page.locator("h1")).to_contain_text(director["name_th"])

    with page.expect_navigation():
        page.locator("button[name=language][value=en]").click()
    assert page.url == live_server("/")
    expect(html).to_have_attribute("lang", "en")
    expect(page.locator("section#learner h2")).to_have_text("My development")
    expect(page.locator("h1")).to_contain_text(director["name_en"])
    back = page.locator("button[name=language][value=th]")
    expect(back).to_have_text("ภาษาไทย")

    page.reload()  # the choice is kept: it is stored on the person and in the session
    expect(html).to_have_attribute("lang", "en")

    with page.expect_navigation():
        back.click()
    expect(html).to_have_attribute("lang", "th")
    expect(page.locator("h1")).to_contain_text(director["name_th"])
    expect(page.locator("button[name=language][value=en]")).to_have_text("English")


def test_language_switch_before_logging_in(page, live_server):
    page.goto(live_server("/login"))
    expect(page.locator("html")).to_have_attribute("lang", "th")
    with page.expect_navigation():
        page.locator("button[name=language][value=en]").click()
    assert page.url == live_server("/login")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main h1")).to_have_text("Log in to Thaksa")


def test_log_out(page, live_server, log_in):
    log_in(page, "other_supervisor")
    expect(page.locator("section#supervisor")).to_be_visible()

    with page.expect_navigation():
        page.locator("form[action$='/logout'] button").click()
    assert page.url == live_server("/login")
    expect(page.locator("main .alert")).to_be_visible()
    expect(page.locator("form[action$='/logout']")).to_have_count(0)

    page.goto(live_server("/"))  # home now asks to log in again
    assert page.url.startswith(live_server("/login"))
    expect(page.locator("input[name=email]")).to_be_visible()
