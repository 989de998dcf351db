"""Each role's day in Chromium, from the home page's "what waits for you" list, using only
what the pages offer: after the login form (the one typed address) every step is a click on
a link or a button the page shows, or typing into its fields.

The day's work (an entry returned, coaching recorded, plans submitted, classes scheduled) is
written by role_days_seed into the live server's database through the services, for people
of an office of their own, so no world person changes. The pages are Thai, as a new visitor
sees them; button and label words come from the app's Thai catalogue (th), names and titles
are the seeded Thai.
"""

import re
from datetime import timedelta

import pytest
from flask_babel import force_locale, ngettext
from playwright.sync_api import expect

from lms.core.dates import format_date, format_date_input, today_in_bangkok
from tests.e2e import role_days_seed as seed
from tests.e2e.steps import click_and_wait, expect_flash

SCREENSHOT = "/tmp/e2e-role-days-{}.png"
SERVICE = "ผู้ทำงานด้านบริการ"  # a target group (reference data, DOMAIN.md)


@pytest.fixture
def th_n(live_server):
    """th_n(singular, plural, n) → the Thai UI's words for a plural message."""

    def translate(singular: str, plural: str, n: int, **values) -> str:
        with live_server.app.test_request_context(), force_locale("th"):
            return ngettext(singular, plural, n, **values)

    return translate


@pytest.fixture
def people(live_server) -> dict:
    return seed.office(live_server)["people"]


# --- what a person does on any page ------------------------------------------------------------



def _home(page):
    with page.expect_navigation():
        page.locator("nav.navbar a.navbar-brand").click()
    expect(page.locator("#todo")).to_be_visible()


def _menu(page, menu: str, item: str):
    """Open a navigation menu by its name and click one of its items."""
    nav = page.locator("nav.navbar")
    nav.get_by_role("button", name=menu, exact=True).click()
    click_and_wait(page, "link", item, scope=nav)



def _unread(page) -> int:
    """The number on the notification centre's badge (0 when there is no badge)."""
    badge = page.locator("#unread-count")
    return int(re.match(r"\d+", badge.inner_text()).group()) if badge.count() else 0


def _todo_item(page, section: str, key: str):
    return page.locator(f"#todo-{section} [data-todo={key}]")


def _open_notifications(page, th):
    click_and_wait(page, "link", re.compile("^" + re.escape(th("Notifications"))), scope=page.locator("nav.navbar"))
    expect(page.locator("main h1")).to_have_text(th("Notifications"))


# --- the learner ---------------------------------------------------------------------------------


def test_a_learner_works_through_what_waits_and_enrols_in_a_class(page, live_server, log_in, th, people,
                                                                   console_errors):
    day = seed.learner_day(live_server)
    supervisor = people["supervisor"]
    me = page
    log_in(me, people["learner"]["email"])
    expect(me.locator("#todo h2")).to_have_text(th("What waits for you"))

    # --- an entry came back with a comment: fix it and send it again ------------------------------
    returned = _todo_item(me, "learner", "returned-entries")
    expect(returned).to_have_attribute("data-count", "1")
    click_and_wait(me, "link", th("Log entries returned to you with comments: fix and resubmit them"), scope=returned)
    row = me.locator("main table tbody tr", has_text=day["entry"])
    expect(row).to_contain_text("โปรดระบุจำนวนผู้ตอบแบบสำรวจ")  # the supervisor's comment
    click_and_wait(me, "link", day["entry"], scope=row)
    expect(me.locator("main .alert-warning")).to_contain_text(th(
        "Your supervisor returned this entry. Change it as the comment asks and save: it goes back for verification."))
    me.get_by_label(th("What you learned"), exact=True).fill("สำรวจผู้ใช้บริการ 120 คน และสรุปข้อเสนอแนะ")
    click_and_wait(me, "button", th("Save and resubmit"))
    expect_flash(me, th("Your entry was resubmitted."))

    # --- coaching to acknowledge ------------------------------------------------------------------
    _home(me)
    expect(_todo_item(me, "learner", "returned-entries")).to_have_count(0)
    coaching = _todo_item(me, "learner", "coaching")
    expect(coaching).to_have_attribute("data-count", "1")
    click_and_wait(me, "link", th("Coaching sessions to acknowledge"), scope=coaching)
    received = me.locator("main table tbody tr", has_text=supervisor["name_th"])
    click_and_wait(me, "button", th("Acknowledge"), scope=received)
    expect_flash(me, th("Thank you: the coaching is acknowledged."))

    # --- the plan's state, and the plan ---------------------------------------------------------------
    _home(me)
    expect(_todo_item(me, "learner", "coaching")).to_have_count(0)
    plan_note = _todo_item(me, "learner", "plan")
    agreed = th("Your development plan for fiscal year %(year)s is agreed", year=day["fiscal_year"])
    click_and_wait(me, "link", agreed, scope=plan_note)
    expect(me.locator("main h1")).to_contain_text(str(day["fiscal_year"]))
    expect(me.locator("main .badge").first).to_have_text(th("Agreed"))

    # --- the catalogue: a course with a class in two days; enrol from the course page -----------------
    _home(me)
    click_and_wait(me, "link", th("Browse all courses"))
    me.get_by_label(th("Search titles and descriptions")).fill("ออกแบบบริการดิจิทัล")
    click_and_wait(me, "button", th("Find courses"))
    click_and_wait(me, "link", day["course"], scope=me.locator("#results"))
    expect(me.locator("main h1")).to_have_text(day["course"])
    offer = me.locator("#enrol-offer")
    expect(offer).to_contain_text(day["class"])
    unread_before = _unread(me)
    click_and_wait(me, "button", th("Enrol"), scope=offer)
    expect_flash(me, th("You are enrolled."))
    # the receipt is there at once: one more unread on the badge
    expect(me.locator("#unread-count")).to_have_text(re.compile(rf"^{unread_before + 1}(\D|$)"))
    _open_notifications(me, th)
    expect(me.locator("main .list-group-item").first).to_contain_text(
        th("You are enrolled: %(course)s", course=day["course"]))

    # --- home lists the class this week; the calendar shows it --------------------------------------
    _home(me)
    this_week = _todo_item(me, "learner", "meetings")
    expect(this_week).to_contain_text(th("Class sessions in the next 7 days"))
    expect(this_week).to_contain_text(day["course"])
    _menu(me, th("My development"), th("My calendar"))
    if day["first_day"].month != today_in_bangkok().month:
        click_and_wait(me, "link", re.compile(re.escape(th("Next month"))))
    agenda = me.locator("#agenda")
    expect(agenda.locator(f"dt[data-day='{day['first_day'].isoformat()}']")).to_be_visible()
    expect(agenda).to_contain_text(f"{day['course']} ({day['class']})")
    me.screenshot(path=SCREENSHOT.format("learner"), full_page=True)
    assert console_errors == []


# --- the supervisor ------------------------------------------------------------------------------


def test_a_supervisor_verifies_agrees_and_names_an_acting_supervisor(page, open_page, live_server, log_in, th,
                                                                      people, console_errors):
    day = seed.supervisor_day(live_server)
    report, acting = people["report"], people["acting"]
    boss = page
    log_in(boss, people["supervisor"]["email"])

    # --- an entry to verify ---------------------------------------------------------------------------
    to_verify = _todo_item(boss, "supervisor", "entries-to-verify")
    expect(to_verify).to_be_visible()
    click_and_wait(boss, "link", th("Log entries to verify"), scope=to_verify)
    row = boss.locator("main table tbody tr", has_text=day["entry"])
    expect(row).to_contain_text(report["name_th"])
    click_and_wait(boss, "link", day["entry"], scope=row)
    click_and_wait(boss, "button", th("Verify"))
    expect_flash(boss, th("Entry verified."))
    expect(boss.locator("main table tbody tr", has_text=day["entry"])).to_have_count(0)

    # --- a plan to agree ----------------------------------------------------------------------------------
    _home(boss)
    to_agree = _todo_item(boss, "supervisor", "plans-to-agree")
    expect(to_agree).to_be_visible()
    click_and_wait(boss, "link", th("Development plans to agree"), scope=to_agree)
    row = boss.locator("main table tbody tr", has_text=report["name_th"])
    expect(row).to_contain_text(th("immediate supervisor"))
    click_and_wait(boss, "link", report["name_th"], scope=row)
    click_and_wait(boss, "button", th("Agree"))
    expect_flash(boss, th("Your agreement was recorded."))
    expect(boss.locator("main .badge").first).to_have_text(th("Agreed"))

    # --- the report hears of both at once -----------------------------------------------------------------
    them = open_page()
    log_in(them, report["email"])
    expect(them.locator("#unread-count")).to_be_visible()
    _open_notifications(them, th)
    notices = them.locator("main .list-group")
    fiscal_year = day["fiscal_year"]
    expect(notices).to_contain_text(th("Your development plan for fiscal year %(fy)s was agreed", fy=fiscal_year))
    expect(notices).to_contain_text(th("Learning log entry verified: %(title)s", title=day["entry"]))

    # --- away next week: an acting supervisor for those seven days ----------------------------------------
    first = today_in_bangkok() + timedelta(days=7)
    last = first + timedelta(days=6)
    _menu(boss, th("My team"), th("Acting supervisor"))
    boss.get_by_label(th("Acting supervisor's email"), exact=True).fill(acting["email"])
    # Thai dates are typed as the field shows them: dd/mm/B.E.
    boss.get_by_label(th("First day"), exact=True).fill(format_date_input(first, "th"))
    boss.get_by_label(th("Last day"), exact=True).fill(format_date_input(last, "th"))
    click_and_wait(boss, "button", th("Save"))
    expect_flash(boss, th("%(name)s will act for you from %(first)s to %(last)s.", name=acting["name_th"],
                    first=format_date(first, "th"), last=format_date(last, "th")))
    named = boss.locator("#acting-for-me tbody tr", has_text=acting["name_th"]).filter(
        has_text=format_date(first, "th"))
    expect(named).to_contain_text(format_date(last, "th"))
    boss.screenshot(path=SCREENSHOT.format("supervisor"), full_page=True)
    assert console_errors == []


# --- the supervisor one level higher, and the acting supervisor ----------------------------------------


def test_the_supervisor_one_level_higher_approves_a_plan_of_two_groups(page, live_server, log_in, th, people,
                                                                        console_errors):
    seed.second_level_day(live_server)
    person = people["two_groups"]
    director = page
    log_in(director, people["director"]["email"])
    waiting = _todo_item(director, "supervisor", "second-level")
    expect(waiting).to_have_attribute("data-count", "1")
    click_and_wait(director, "link",
                   th("Development plans waiting for your approval as the supervisor one level higher"), scope=waiting)
    row = director.locator("main table tbody tr", has_text=person["name_th"])
    expect(row).to_contain_text(th("supervisor one level higher"))
    click_and_wait(director, "link", person["name_th"], scope=row)
    expect(director.locator("main")).to_contain_text(th(
        "You decide as the supervisor one level higher: the immediate supervisor has agreed, and more than one "
        "target group is proposed."))
    click_and_wait(director, "button", th("Agree"))
    expect_flash(director, th("Your agreement was recorded."))
    expect(director.locator("main .badge").first).to_have_text(th("Agreed"))
    _home(director)
    expect(_todo_item(director, "supervisor", "second-level")).to_have_count(0)
    assert console_errors == []


def test_an_acting_supervisor_verifies_an_entry_on_the_supervisors_behalf(page, open_page, live_server, log_in, th,
                                                                         people, console_errors):
    seed.acting_from_today(live_server)  # named by the supervisor before they left
    day = seed.entry_while_away(live_server)
    supervisor, person = people["supervisor"], people["while_away"]
    acting = page
    log_in(acting, people["acting"]["email"])

    # --- whom they act for ----------------------------------------------------------------------------------
    _menu(acting, th("My team"), th("Acting supervisor"))
    expect(acting.locator("#acting-for")).to_contain_text(supervisor["name_th"])

    # --- the entry waiting for the supervisor waits for them ------------------------------------------------
    _home(acting)
    to_verify = _todo_item(acting, "supervisor", "entries-to-verify")
    expect(to_verify).to_be_visible()  # with the learner's resubmitted entry, when their walk ran first
    click_and_wait(acting, "link", th("Log entries to verify"), scope=to_verify)
    row = acting.locator("main table tbody tr", has_text=day["entry"])
    expect(row).to_contain_text(th("acting for %(name)s", name=supervisor["name_th"]))
    click_and_wait(acting, "link", day["entry"], scope=row)
    click_and_wait(acting, "button", th("Verify"))
    expect_flash(acting, th("Entry verified."))

    # --- the learner reads who verified their entry, and on whose behalf ----------------------------------
    them = open_page()
    log_in(them, person["email"])
    _open_notifications(them, th)
    notice = them.locator("main .list-group-item", has_text=th("Learning log entry verified: %(title)s",
                                                                title=day["entry"]))
    click_and_wait(them, "button", th("Open the entry"), scope=notice)
    expect(them.locator("main h1")).to_contain_text(day["entry"])
    on_behalf = th("(on behalf of %(name)s)", name=supervisor["name_th"])
    expect(them.locator("main")).to_contain_text(f"{people['acting']['name_th']} {on_behalf}")
    assert console_errors == []


def test_an_acting_supervisor_agrees_a_plan_on_the_supervisors_behalf(page, live_server, log_in, th, people,
                                                                      console_errors):
    seed.acting_from_today(live_server)
    seed.plan_while_away(live_server)
    supervisor, person = people["supervisor"], people["two_away"]
    acting = page
    log_in(acting, people["acting"]["email"])
    to_agree = _todo_item(acting, "supervisor", "plans-to-agree")
    expect(to_agree).to_have_attribute("data-count", "1")
    click_and_wait(acting, "link", th("Development plans to agree"), scope=to_agree)
    row = acting.locator("main table tbody tr", has_text=person["name_th"])
    expect(row).to_contain_text(th("acting for %(name)s", name=supervisor["name_th"]))
    expect(row).to_contain_text(th("immediate supervisor"))  # deciding in the supervisor's place
    click_and_wait(acting, "link", person["name_th"], scope=row)
    expect(acting.locator("main")).to_contain_text(th("You decide as the immediate supervisor."))
    click_and_wait(acting, "button", th("Agree"))
    expect_flash(acting, th("Your agreement was recorded."))
    history = acting.locator("section", has=acting.get_by_role("heading", name=th("History")))
    on_behalf = th("(on behalf of %(name)s)", name=supervisor["name_th"])
    expect(history).to_contain_text(f"{people['acting']['name_th']} {on_behalf}")
    assert console_errors == []


# --- the institute's author ------------------------------------------------------------------------------


def test_an_author_records_attendance_and_fixes_a_draft_to_publish_it(page, live_server, log_in, th, th_n, people,
                                                                      console_errors):
    day = seed.author_day(live_server)
    author = page
    log_in(author, people["author"]["email"])

    # --- a class starting soon with its seats free: open it ----------------------------------------------
    unfilled = _todo_item(author, "author", "unfilled-classes")
    expect(unfilled).to_contain_text(th("Classes starting in the next 14 days with seats unfilled"))
    expect(unfilled).to_contain_text(th("%(seated)s of %(capacity)s seats taken", seated=0, capacity=12))
    click_and_wait(author, "link", re.compile("^" + re.escape(day["unfilled"])), scope=unfilled)
    expect(author.locator("main h1")).to_contain_text(day["unfilled"])

    # --- a session began without attendance: record it ----------------------------------------------------
    _home(author)
    attendance = _todo_item(author, "author", "attendance")
    expect(attendance).to_have_attribute("data-count", "1")
    click_and_wait(author, "link", re.compile(re.escape(day["meeting"]) + "$"), scope=attendance)
    expect(author.locator("main h1")).to_have_text(th("Attendance"))
    author.get_by_label(f"{th('Present')}: {day['enrolled']}", exact=True).check()
    click_and_wait(author, "button", th("Save attendance"))
    expect_flash(author, th("Attendance saved."))
    _home(author)
    expect(_todo_item(author, "author", "attendance")).to_have_count(0)

    # --- a draft publishing refuses: the disabled button says why, one click fixes it ------------------------
    drafts = _todo_item(author, "author", "refused-drafts")
    expect(drafts).to_contain_text(day["code"])
    click_and_wait(author, "link", f"{day['code']} · {day['draft']}", scope=drafts)
    publish = author.get_by_role("button", name=th("Publish"), exact=True)
    expect(publish).to_be_disabled()
    expect(author.locator("#publish-problems")).to_contain_text(th("It cannot be published yet:"))
    fix = th_n("Add an active-learning session of %(num)s minute", "Add an active-learning session of %(num)s minutes",
               20)
    click_and_wait(author, "button", fix)
    expect_flash(author, "20")  # the session added, and its minutes, above the editor
    click_and_wait(author, "button", th("Save draft"))
    expect(author.locator("#publish-problems")).to_have_count(0)
    expect(publish).to_be_enabled()
    click_and_wait(author, "button", th("Publish"))
    expect_flash(author, th("Version %(n)s of %(code)s is published.", n=1, code=day["code"]))
    _home(author)
    expect(_todo_item(author, "author", "refused-drafts")).to_have_count(0)
    author.screenshot(path=SCREENSHOT.format("author"), full_page=True)
    assert console_errors == []


# --- the agency administrator ----------------------------------------------------------------------------


def test_an_administrator_gives_a_newcomer_a_supervisor(page, live_server, log_in, th, people, console_errors):
    newcomer, director = people["newcomer"], people["director"]
    admin = page
    log_in(admin, people["admin"]["email"])
    nobody = _todo_item(admin, "admin", "without-supervisor")
    expect(nobody).to_contain_text(th("People without a supervisor"))
    click_and_wait(admin, "link", newcomer["name_th"], scope=nobody)
    expect(admin.locator("main h1")).to_have_text(newcomer["name_th"])

    search = admin.get_by_role("combobox", name=th("Immediate supervisor (email)"), exact=True)
    search.fill("ดวงใจ")
    admin.locator(".picker-people .ts-dropdown .option", has_text=director["email"]).click()
    expect(admin.locator("input[name=supervisor_email]")).to_have_value(director["email"])
    click_and_wait(admin, "button", th("Save"))
    expect_flash(admin, th("%(name)s saved.", name=newcomer["name_th"]))
    assert seed.supervisor_of(live_server, "newcomer") == director["email"]

    _home(admin)
    expect(_todo_item(admin, "admin", "without-supervisor")).not_to_contain_text(newcomer["name_th"])
    assert console_errors == []


def test_an_administrator_gives_a_newcomer_a_target_group(page, live_server, log_in, th, people, console_errors):
    newcomer = people["newcomer"]
    admin = page
    log_in(admin, people["admin"]["email"])
    no_group = _todo_item(admin, "admin", "without-target-group")
    expect(no_group).to_contain_text(th("People without a target group"))
    click_and_wait(admin, "link", newcomer["name_th"], scope=no_group)
    expect(admin.locator("main h1")).to_have_text(newcomer["name_th"])

    admin.get_by_label(th("Target group (HR record)"), exact=True).select_option(label=SERVICE)
    click_and_wait(admin, "button", th("Save"))
    expect_flash(admin, th("%(name)s saved.", name=newcomer["name_th"]))
    assert seed.hr_target_group_of(live_server, "newcomer") == "service"
    _home(admin)
    expect(_todo_item(admin, "admin", "without-target-group")).not_to_contain_text(newcomer["name_th"])
    assert console_errors == []
