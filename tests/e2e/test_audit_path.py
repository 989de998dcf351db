"""The audit trail in Chromium: an agency administrator changes a person's position, finds the
change in the audit trail by that person (before → after) and downloads it as CSV.

The Thai UI is found through the app's own catalogue (`th`); links by where they go.
"""

import secrets

from playwright.sync_api import expect

from lms.core.dates import format_date_input, today_in_bangkok

SCREENSHOT = "/tmp/e2e-audit.png"


def test_an_admin_changes_a_position_and_finds_it_in_the_trail(page, live_server, log_in, th, console_errors):
    peer = live_server.world["peer"]
    new_position = f"นักวิชาการคอมพิวเตอร์ {secrets.token_hex(2)}"
    log_in(page, "agency_admin")

    # Change the peer's position through the admin pages.
    page.locator("#nav-admin").click()
    with page.expect_navigation():
        page.locator("ul[aria-labelledby=nav-admin] a.dropdown-item[href$='/admin/people']").click()
    page.locator("input[name=q]").fill(peer["email"])
    with page.expect_navigation():
        page.locator("input[name=q]").press("Enter")
    row = page.locator("tbody tr", has_text=peer["email"])
    with page.expect_navigation():
        row.locator("a[href*='/admin/people/']").click()
    field = page.get_by_label(th("Position"), exact=True)
    old_position = field.input_value()
    field.fill(new_position)
    with page.expect_navigation():
        page.get_by_role("button", name=th("Save")).click()

    # The person page leads to their history; the menu to the whole trail, filtered here by email.
    expect(page.locator(f"a[href='/admin/audit/?person={peer['email']}']")).to_be_visible()
    page.locator("#nav-admin").click()
    with page.expect_navigation():
        page.locator("ul[aria-labelledby=nav-admin] a.dropdown-item[href$='/admin/audit/']").click()
    page.locator("#person").fill(peer["email"])
    page.locator("#date_from").fill(format_date_input(today_in_bangkok(), "th"))  # dd/mm/B.E.
    with page.expect_navigation():
        page.locator("#audit-filters").get_by_role("button", name=th("Filter"), exact=True).click()

    rows = page.locator("#audit-events tbody tr")
    change = rows.filter(has_text=new_position)
    expect(change).to_have_count(1)
    expect(change).to_contain_text(f"{th('Position')}: {old_position} → {new_position}")
    expect(change).to_contain_text(peer["name_th"])  # the person concerned, by name
    expect(change).to_contain_text(live_server.world["agency_admin"]["name_th"])  # who
    expect(change).to_contain_text("127.0.0.1")  # from where
    expect(rows.filter(has_text=live_server.world["other_learner"]["email"])).to_have_count(0)
    page.screenshot(path=SCREENSHOT, full_page=True)

    with page.expect_download() as info:
        page.locator("#audit-csv").click()
    download = info.value
    assert download.suggested_filename.startswith("audit-") and download.suggested_filename.endswith(".csv")
    with open(download.path(), "rb") as file:
        data = file.read()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "occurred_at,actor,address,kind,object_type,object_id,object_label,changes"
    line = next(line for line in text.splitlines() if new_position in line)
    assert "person.updated" in line and peer["email"] in line and old_position in line
    assert console_errors == []
