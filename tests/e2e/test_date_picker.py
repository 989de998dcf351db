"""The date picker in Chromium, on a Thai page: the field shows dd/mm/B.E., the button opens a
month grid in Thai months and Buddhist Era years, the keyboard picks a day, and the day saved
is the one picked, shown again in the Buddhist Era. The entry is deleted at the end."""

import secrets
from datetime import timedelta

from playwright.sync_api import expect

from lms.core.dates import THAI_MONTHS_SHORT, format_date, today_in_bangkok

THAI_MONTHS = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
               "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
ON_THE_JOB = "การเรียนรู้จากการปฏิบัติงาน (On the Job Training)"
LITERACY = "ทักษะการรู้ดิจิทัล"
SCREENSHOT = "/tmp/e2e-date-picker.png"


def _be(day) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


def test_a_thai_learner_picks_a_day_from_the_month_grid(page, live_server, log_in, th, console_errors):
    today = today_in_bangkok()
    yesterday, last_week = today - timedelta(days=1), today - timedelta(days=7)
    title = f"ทดสอบปฏิทิน {secrets.token_hex(3)}"
    log_in(page, "learner")
    page.goto(live_server("/log/new"))

    date_field = page.get_by_label(th("Date"), exact=True)
    expect(date_field).to_have_value(_be(today))  # today, in the Buddhist Era
    expect(date_field).to_have_attribute("type", "text")

    # --- open the grid: Thai month and B.E. year; the typed day has the focus --------------------
    toggle = page.get_by_role("button", name=f"{th('Choose a date')}: {th('Date')}")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    dialog = page.get_by_role("dialog", name=f"{THAI_MONTHS[today.month - 1]} {today.year + 543}")
    expect(dialog).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(dialog.get_by_role("grid")).to_be_visible()
    expect(dialog.locator("[role=gridcell][tabindex='0']")).to_be_focused()
    expect(dialog.locator("th").first).to_have_text("อา")
    page.screenshot(path=SCREENSHOT)

    # --- Escape closes and gives the focus back to the button -------------------------------------
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(toggle).to_be_focused()

    # --- arrows move a week and a day back; Enter picks -------------------------------------------
    toggle.click()
    page.keyboard.press("ArrowUp")  # a week back
    for _ in range(6):
        page.keyboard.press("ArrowRight")  # then day by day to yesterday
    focused = page.locator(".datepicker-dialog [role=gridcell][tabindex='0']")
    expect(focused).to_have_attribute("aria-label",
                                      f"{yesterday.day} {THAI_MONTHS[yesterday.month - 1]} {yesterday.year + 543}")
    page.keyboard.press("Enter")
    expect(page.locator(".datepicker-dialog").first).to_be_hidden()
    expect(date_field).to_have_value(_be(yesterday))

    # --- a click on a day picks it too ------------------------------------------------------------
    toggle.click()
    if last_week.month != yesterday.month:
        page.get_by_role("button", name=th("Previous month")).click()
    page.get_by_role("gridcell", name=f"{last_week.day} {THAI_MONTHS[last_week.month - 1]} {last_week.year + 543}",
                     exact=True).click()
    expect(date_field).to_have_value(_be(last_week))
    toggle.click()  # opens on the day in the field
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    expect(date_field).to_have_value(_be(yesterday))

    # --- the rest of the entry; save; the day saved is the one picked -----------------------------
    page.get_by_label(th("Hours"), exact=True).fill("1.5")
    page.get_by_label(th("How you learned"), exact=True).select_option(label=ON_THE_JOB)
    page.get_by_role("group", name=th("Skill sets developed")).get_by_label(LITERACY).check()
    page.get_by_label(th("What you did"), exact=True).fill(title)
    page.get_by_label(th("What you learned"), exact=True).fill("เลือกวันจากปฏิทิน")
    with page.expect_navigation():
        page.get_by_role("button", name=th("Save"), exact=True).click()
    expect(page.locator("main > .alert-success")).to_be_visible()
    expect(page.get_by_label(th("Date"), exact=True)).to_have_value(_be(yesterday))

    page.goto(live_server("/log/"))
    row = page.locator("main table tbody tr", has_text=title)
    expect(row).to_contain_text(format_date(yesterday, "th"))
    assert THAI_MONTHS_SHORT[yesterday.month - 1] in format_date(yesterday, "th")

    # --- leave the world as it was ----------------------------------------------------------------
    with page.expect_navigation():
        row.get_by_role("link", name=title).click()
    with page.expect_navigation():
        page.get_by_role("button", name=th("Delete this entry")).click()
    expect(page.locator("main table tbody tr", has_text=title)).to_have_count(0)
    assert console_errors == []
