"""Issue 5's whole path in Chromium: a learner's plan, learning log with evidence, the
supervisor's agreement, verification and coaching, and the learner's 70:20:10 dashboard.

The learner is the world's "peer": a learner in division A1 reporting to the supervisor,
whose supervisor is the director. No other browser test records learning for them (the
institute path credits the world's "learner"), so the dashboard's figures are this test's
own whatever ran before; creating a new person instead would change the people counted on
the site administrator's home (test_login_roles). Each person has their own browser and uses the
pages as a person would; button and label words come from the app's Thai catalogue (th),
the rule messages, which are the rules' own Thai, are asserted word for word.
"""

import re
import secrets

from playwright.sync_api import expect

from lms.core.dates import fiscal_year_of, today_in_bangkok
from lms.rules.names import rule_named
from tests.e2e.steps import click_and_wait, expect_flash, open_menu_item

SCREENSHOT = "/tmp/e2e-development.png"

# Reference data (seeded by the migrations, DOMAIN.md): Thai names a person picks from.
LITERACY = "ทักษะการรู้ดิจิทัล"
GOVERNANCE = "ทักษะด้านกฎหมาย ธรรมาภิบาล และมาตรฐานดิจิทัล"
TECHNOLOGY = "ทักษะด้านเทคโนโลยีดิจิทัล"
ON_THE_JOB = "การเรียนรู้จากการปฏิบัติงาน (On the Job Training)"
COACHING = "การสอนงาน (Coaching and Developing Others)"
TARGET_GROUP = "ผู้ทำงานด้านนโยบายและงานวิชาการ"

R4_MISSING = "แผนยังขาดกลุ่มทักษะพื้นฐานที่ทุกคนต้องได้รับการพัฒนา ได้แก่"
R4_OK = "แผนมีกลุ่มทักษะพื้นฐานครบแล้ว"
# R2 on 7 h on the job (verified) + 90 min of coaching: the rule's own Thai, with its fix.
R2_AFTER = ("สัดส่วนการเรียนรู้และพัฒนาเป็น 82.4:17.6:0 ไม่อยู่ในเกณฑ์ 70:20:10 (คลาดเคลื่อนได้ไม่เกิน 10 จุด)"
            " — เพื่อให้ได้สัดส่วน 70:20:10 ควรเพิ่มการเรียนรู้จากผู้อื่น หรือ การสอนงาน"
            " (Coaching and Developing Others) อย่างน้อย 0.5 ชั่วโมง และ การเรียนรู้ด้วยการฝึกอบรม"
            " (In-class Training) อย่างน้อย 1 ชั่วโมง")
PDF = b"%PDF-1.4\n%%EOF\n"





def _add_item(page, th, skill_set: str, method: str, hours: str):
    page.get_by_label(th("Skill set"), exact=True).select_option(label=skill_set)
    page.get_by_label(th("Learning method"), exact=True).select_option(label=method)
    page.get_by_label(th("Planned hours"), exact=True).fill(hours)
    click_and_wait(page, "button", th("Add item"))
    expect_flash(page, th("Item saved."))


def test_plan_log_verification_coaching_and_dashboard(
        page, open_page, live_server, log_in, th, e2e_uploads, tmp_path, console_errors):
    learner = live_server.world["peer"]
    supervisor = live_server.world["supervisor"]
    title = f"จัดทำชุดข้อมูลเปิดของกอง {secrets.token_hex(2)}"
    evidence = tmp_path / "open-data-report.pdf"
    evidence.write_bytes(PDF)

    # --- the learner drafts a plan with only a digital-technology item: R4 fails -------------
    me = page
    log_in(me, "peer")
    open_menu_item(me, "nav-learning", "/plans/")
    this_year = fiscal_year_of(today_in_bangkok())
    me.get_by_label(th("Fiscal year"), exact=True).select_option(label=th("Fiscal year %(year)s", year=this_year))
    click_and_wait(me, "button", th("Start a plan"))
    assert re.search(r"/plans/\d+$", me.url), me.url
    expect(me.locator("main h1")).to_contain_text(str(this_year))
    me.get_by_role("group", name=th("Target groups I propose")).get_by_label(TARGET_GROUP).check()
    click_and_wait(me, "button", th("Save target groups"))
    expect_flash(me, th("Target groups saved."))
    _add_item(me, th, TECHNOLOGY, ON_THE_JOB, "10")

    verdicts = me.locator("section", has=me.get_by_role("heading", name=th("How the plan meets the guideline")))
    expect(verdicts).to_contain_text(R4_MISSING)
    r4_line = verdicts.locator("p", has=me.locator(".badge", has_text=rule_named("R4").name_th))
    expect(r4_line).to_contain_text(LITERACY)
    expect(r4_line).to_contain_text(GOVERNANCE)
    submit = me.get_by_role("button", name=th("Submit the plan"), exact=True)
    refusal = me.locator("section", has=submit).locator(".alert-danger")
    expect(refusal).to_contain_text(th("The plan cannot be submitted until it includes every foundation skill set."))
    expect(refusal).to_contain_text(R4_MISSING)
    expect(submit).to_be_disabled()

    # --- fixes it with the two foundation skill sets and submits -------------------------------
    _add_item(me, th, LITERACY, ON_THE_JOB, "7")
    _add_item(me, th, GOVERNANCE, COACHING, "2")
    expect(r4_line).to_contain_text(R4_OK)
    expect(me.locator("section", has=submit).locator(".alert-danger")).to_have_count(0)
    expect(submit).to_be_enabled()
    with me.expect_navigation():
        submit.click()
    expect_flash(me, th("The plan was sent to your supervisor."))
    expect(me.locator("main .badge").first).to_have_text(th("Waiting for approval"))  # the revision's state
    plan_url = me.url

    # --- the supervisor agrees it from the plans waiting for them ---------------------------------
    boss = open_page()
    log_in(boss, "supervisor")
    open_menu_item(boss, "nav-team", "/plans/waiting")
    waiting = boss.locator("main table tbody tr", has_text=learner["name_th"])
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text(TARGET_GROUP)
    click_and_wait(boss, "link", learner["name_th"], scope=waiting)
    assert boss.url == plan_url
    click_and_wait(boss, "button", th("Agree"))
    expect_flash(boss, th("Your agreement was recorded."))
    expect(boss.locator("main .badge").first).to_have_text(th("Agreed"))

    # --- the learner logs on-the-job work with an evidence file ----------------------------------
    open_menu_item(me, "nav-learning", "/log/")
    click_and_wait(me, "link", th("New entry"))
    me.get_by_label(th("Hours"), exact=True).fill("7")
    me.get_by_label(th("How you learned"), exact=True).select_option(label=ON_THE_JOB)
    me.get_by_role("group", name=th("Skill sets developed")).get_by_label(LITERACY).check()
    me.get_by_label(th("What you did"), exact=True).fill(title)
    me.get_by_label(th("What you learned"), exact=True).fill(
        "ได้ฝึก**จัดเตรียมชุดข้อมูล**ตามมาตรฐานข้อมูลเปิด\n\n- ตรวจคุณภาพข้อมูล\n- เขียนคำอธิบายชุดข้อมูล")
    me.get_by_label(th("Evidence files (optional)"), exact=True).set_input_files(str(evidence))
    click_and_wait(me, "button", th("Save"))
    expect_flash(me, th("Your entry was saved and waits for your supervisor's verification."))
    expect(me.locator("main h1")).to_contain_text(title)
    expect(me.get_by_role("link", name=evidence.name, exact=True)).to_be_visible()

    # --- the supervisor opens the evidence, verifies the entry from their queue -------------------
    open_menu_item(boss, "nav-team", "/log/reviews")
    queued = boss.locator("main table tbody tr", has_text=title)
    expect(queued).to_have_count(1)
    expect(queued).to_contain_text(learner["name_th"])
    file_link = queued.get_by_role("link", name=evidence.name, exact=True)
    response = boss.request.get(live_server(file_link.get_attribute("href")))
    assert response.status == 200 and response.body() == PDF
    click_and_wait(boss, "link", title, scope=queued)
    expect(boss.locator("main h1")).to_contain_text(title)
    click_and_wait(boss, "button", th("Verify"))
    expect_flash(boss, th("Entry verified."))
    expect(boss.locator("main table tbody tr", has_text=title)).to_have_count(0)

    # --- and records a coaching session for the learner ------------------------------------------
    open_menu_item(boss, "nav-team", "/coaching/new")
    boss.get_by_label(th("Minutes"), exact=True).fill("90")
    boss.get_by_label(th("Topic"), exact=True).fill("การกำกับดูแลข้อมูลตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล")
    boss.get_by_role("group", name=th("Coached")).get_by_label(learner["name_th"], exact=True).check()
    boss.get_by_role("group", name=th("Skill sets developed")).get_by_label(GOVERNANCE).check()
    click_and_wait(boss, "button", th("Save"))
    expect_flash(boss, th("Coaching recorded. It counts for each person coached."))

    # --- the learner acknowledges the coaching with one click -----------------------------------
    open_menu_item(me, "nav-learning", "/coaching/")
    received = me.locator("main table tbody tr", has_text="พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล")
    expect(received).to_contain_text(supervisor["name_th"])
    click_and_wait(me, "button", th("Acknowledge"), scope=received)
    expect_flash(me, th("Thank you: the coaching is acknowledged."))

    # --- the learner's dashboard shows the new mix and the hours still needed (R2's fix) ---------
    open_menu_item(me, "nav-learning", "/dashboard/")
    expect(me.locator("#mix-verdict")).to_have_text(R2_AFTER)
    mix = me.locator("#mix-table")
    # hours, share, hours to add per bucket: only a bucket that fails shows a fix (the message has it all)
    for bucket, hours, share, add in [("experiential", "7", "82.4%", th("above its share: add to the others")),
                                      ("social", "1.5", "17.6%", "—"), ("formal", "0", None, "—")]:
        cells = mix.locator(f"tr[data-bucket={bucket}] td")
        expect(cells.nth(1)).to_have_text(hours)
        if share:
            expect(cells.nth(2)).to_have_text(share)
        expect(cells.nth(5)).to_have_text(add)
    expect(mix.locator("tfoot")).to_contain_text("8.5")
    expect(me.locator("#pending-count-none")).to_be_visible()
    skill_sets = me.locator("#skill-sets")
    expect(skill_sets.locator("tr[data-skill-set=digital-literacy] td").nth(1)).to_have_text("7")
    expect(skill_sets.locator("tr[data-skill-set=digital-governance] td").nth(1)).to_have_text("1.5")
    expect(skill_sets.locator("[data-foundation=missing]")).to_have_count(0)
    plan = me.locator("#plan")
    expect(plan.locator("[data-plan-state]")).to_have_attribute("data-plan-state", "agreed")
    literacy_item = plan.locator("tbody tr", has_text=LITERACY)
    expect(literacy_item.locator("td").nth(3)).to_contain_text("7")
    expect(literacy_item.locator(".badge")).to_have_text(th("Reached"))
    me.screenshot(path=SCREENSHOT, full_page=True)

    assert console_errors == []
