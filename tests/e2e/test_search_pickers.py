"""The searchable pickers in Chromium: an author opens a class to units by typing part of a
Thai name and choosing from what the server offers; the field still holds the codes."""

from playwright.sync_api import expect


def test_an_author_picks_units_by_thai_name(page, live_server, log_in, th, console_errors):
    log_in(page, "author")
    page.goto(live_server("/classes/manage/new"))
    original = page.locator("input[name=organisation_codes]")
    expect(original).to_have_class("form-control tomselected ts-hidden-accessible")  # it still posts
    search = page.get_by_role("combobox", name=th("Organisations whose people may enrol (codes)"), exact=True)
    search.fill("กรมทดสอบ")
    options = page.locator(".ts-dropdown .option")
    expect(options).to_have_count(2)
    expect(options.first).to_contain_text("กรมทดสอบ ก")
    page.locator(".ts-dropdown .option", has_text="DEP-B").click()
    search.fill("ก1")
    page.locator(".ts-dropdown .option", has_text="DIV-A1").click()
    expect(original).to_have_value("DEP-B,DIV-A1")
    expect(page.locator(".ts-control .item")).to_have_count(2)
    page.screenshot(path="/tmp/e2e-search-pickers.png")
    assert console_errors == []


def test_an_admin_sees_the_supervisor_by_name_and_searches_only_their_people(page, live_server, log_in, th,
                                                                           console_errors):
    world = live_server.world
    log_in(page, "agency_admin")
    page.goto(live_server("/admin/people"))
    page.locator("input[name=q]").fill(world["learner"]["email"])
    with page.expect_navigation():
        page.locator("input[name=q]").press("Enter")
    with page.expect_navigation():
        page.locator("tbody tr", has_text=world["learner"]["email"]).locator("a[href*='/admin/people/']").click()
    field = page.locator("input[name=supervisor_email]")
    expect(field).to_have_value(world["supervisor"]["email"])
    chosen = page.locator(".picker-people .ts-control .item")
    expect(chosen).to_contain_text(world["supervisor"]["name_th"])  # the name, with the email beside it
    expect(page.get_by_role("combobox", name=th("Immediate supervisor (email)"), exact=True)).to_be_attached()
    page.locator(".picker-people .ts-control").click()
    page.keyboard.press("Backspace")  # the current choice goes; type to search another
    page.keyboard.type("หัวหน้า")
    options = page.locator(".picker-people .ts-dropdown .option")
    expect(options).to_have_count(1)  # not the head of department B, beyond this admin's reach
    expect(options.first).to_contain_text(world["supervisor"]["email"])
    assert console_errors == []
