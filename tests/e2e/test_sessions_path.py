"""Sessions in the browser: a person signed in on two computers sees both on the account page,
ends the other one from here, and that computer is signed out at its next click; a cookie
copied before logout opens nothing afterwards."""

from playwright.sync_api import expect


def test_ending_another_computers_session_from_the_account_page(live_server, log_in, page, open_page,
                                                                console_errors):
    office = page
    log_in(office, "peer")
    office.goto(live_server("/account"))
    leftover = office.locator("form[action='/account/sessions/end-others'] button")
    if leftover.count():  # sessions left by earlier tests on the shared server
        with office.expect_navigation():
            leftover.click()
    home = open_page()
    log_in(home, "peer")
    expect(home.locator("h1")).to_contain_text(live_server.world["peer"]["name_th"])

    office.goto(live_server("/account"))
    rows = office.locator("#sessions + .table-responsive tbody tr")
    expect(rows).to_have_count(2)
    current = rows.filter(has=office.locator(".badge"))
    expect(current).to_have_count(1)

    other = rows.filter(has=office.locator("button"))
    with office.expect_navigation():
        other.locator("button").click()
    expect(office.locator(".alert-success")).to_be_visible()
    expect(office.locator("#sessions + .table-responsive tbody tr")).to_have_count(1)

    home.goto(live_server("/account"))
    assert "/login" in home.url
    assert console_errors == []


def test_a_cookie_copied_before_logout_opens_nothing_after(live_server, log_in, browser, page):
    log_in(page, "other_learner")
    cookies = page.context.cookies()
    user_agent = page.evaluate("navigator.userAgent")

    thief = browser.new_context(locale="th-TH", user_agent=user_agent)
    try:
        thief.add_cookies(cookies)
        stolen = thief.new_page()
        stolen.goto(live_server("/account"))
        assert stolen.url == live_server("/account")  # the copy works while the session lives

        with page.expect_navigation():
            page.locator("form[action='/logout'] button").first.click()

        stolen.goto(live_server("/account"))
        assert "/login" in stolen.url
    finally:
        thief.close()
