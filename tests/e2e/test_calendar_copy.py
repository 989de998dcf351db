"""The calendar page in a real browser: the month grid shows, and the copy button (served
from lms/static/js, allowed by the CSP) copies the feed link; the field is there either way."""

import re


def test_the_feed_link_is_copied_from_the_calendar_page(page, live_server, log_in, console_errors):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    log_in(page, "learner")
    page.goto(live_server("/classes/calendar"))
    assert page.locator("#month-grid").is_visible()
    field = page.locator("#calendar-feed-url")
    assert re.fullmatch(rf"{re.escape(live_server.url)}/calendar/[\w-]+\.ics", field.input_value())
    button = page.locator("button[data-copy-target=calendar-feed-url]")
    button.click()  # hidden without the script: clicking it proves the script ran
    page.wait_for_function("document.getElementById('calendar-feed-status').textContent !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == field.input_value()
    page.locator("#next-month").click()
    assert page.locator("#month-title").inner_text() != ""
    assert console_errors == []
