"""Issue 14's whole path in Chromium: the site administrator loads the Commission's 2566–2570
framework from its CASE file; an institute author imports a GIFT question bank and makes a
quiz a self-paced course requires; the learner rates their skills, the supervisor confirms,
and the learner sees the gap on "My skills" and on the dashboard; the learner passes the quiz,
completes the course and downloads a certificate whose QR code leads to a public page that
says it is valid, and whose Open Badges credential verifies with an independent library
(jwcrypto, against the published key set) and through the API, while a tampered copy fails.

The import renames and retires skill sets that other browser tests find by name, so this
module runs on a server of its own (the module-scoped `live_server` below, a fresh SQLite
file), not on the package's shared one. Each person has their own browser and uses the pages
as a person would; button and label words come from the app's Thai catalogue (th).
"""

import base64
import io
import json
import re
import secrets
import subprocess
import urllib.request
from datetime import date
from pathlib import Path

import pytest
import zxingcpp
from jwcrypto import jwk
from jwcrypto import jws as cjws
from jwcrypto.common import JWException
from PIL import Image
from playwright.sync_api import expect

from lms.core.dates import format_date
from tests.e2e.conftest import serving
from tests.e2e.steps import click_and_wait, expect_flash, open_menu_item
from tests.reports.factories_documents import pdf_text

SCREENSHOT = "/tmp/e2e-skills.png"
SAMPLE = Path(__file__).parents[2] / "lms" / "assessment" / "frameworks" / "samples" / "commission-2566-2570.json"
VERSION = "2566–2570"
FRAMEWORK_NAME = "กรอบทักษะดิจิทัล พ.ศ. 2566–2570"

# The sample's skill sets (Thai names a person reads) and the ones it leaves out.
LITERACY = "ทักษะการรู้ดิจิทัล"
GOVERNANCE = "ทักษะด้านกฎหมายและธรรมาภิบาลดิจิทัล"  # renamed from "… ธรรมาภิบาล และมาตรฐานดิจิทัล"
DATA = "ทักษะการใช้ประโยชน์จากข้อมูล"  # new in 2566
CYBER = "ทักษะความมั่นคงปลอดภัยไซเบอร์"  # new in 2566
RETIRED = ("ทักษะด้านภาวะผู้นำดิจิทัล", "ทักษะด้านเทคโนโลยีดิจิทัล", "ทักษะด้านกฎหมาย ธรรมาภิบาล และมาตรฐานดิจิทัล")
TARGET_GROUP = "technology"  # ผู้ปฏิบัติงานเฉพาะด้านเทคโนโลยีดิจิทัล; dept A is in the develop phase
# (skill set, CASE code, level the learner chooses, level the sample requires of technology/develop)
RATINGS = ((LITERACY, "DIGITAL-LITERACY", 2, 4), (GOVERNANCE, "DIGITAL-GOVERNANCE", 1, 0),
           (DATA, "DATA-UTILISATION", 1, 3), (CYBER, "CYBER-SECURITY", 2, 3))

GIFT = """// Thaksa e2e: a small bank for the cyber-hygiene course
::ฟิชชิง:: อีเมลที่อ้างว่ามาจากฝ่ายไอทีและขอรหัสผ่านของท่าน ควรทำอย่างไร {
=แจ้งฝ่ายไอทีและไม่ตอบกลับ#ถูกต้อง
~ส่งรหัสผ่านให้ตามที่ขอ#ไม่ควรส่งรหัสผ่านให้ใคร
~ส่งต่อให้เพื่อนร่วมงานตอบแทน
}

::รหัสผ่านซ้ำ:: ควรใช้รหัสผ่านเดียวกันกับทุกระบบเพื่อให้จำได้ง่าย {F}
"""
PHISHING = "อีเมลที่อ้างว่ามาจากฝ่ายไอที"
PHISHING_RIGHT = "แจ้งฝ่ายไอทีและไม่ตอบกลับ"
PASSWORD = "ควรใช้รหัสผ่านเดียวกันกับทุกระบบ"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """A Thaksa of this module's own (the framework import would rename the shared server's
    skill sets), whose BASE_URL is its own address: the QR code and the credential's issuer
    point at the pages this test opens."""
    with serving(tmp_path_factory.mktemp("e2e-skills")) as server:
        server.app.config["BASE_URL"] = server.url
        yield server





def _download(page, locator) -> bytes:
    with page.expect_download() as info:
        locator.click()
    return Path(info.value.path()).read_bytes()


def _descriptors() -> dict[str, str]:
    """{"DATA-UTILISATION-L2": behaviours in Thai}: the levels' descriptors of the CASE file."""
    items = json.loads(SAMPLE.read_text(encoding="utf-8"))["CFItems"]
    return {item["humanCodingScheme"]: item["fullStatement"] for item in items
            if item["CFItemType"] == "Proficiency Level"}


def _seed_course_and_group(live_server, code: str, title_th: str) -> int:
    """What the walk presumes: a published self-paced course of the author's institute, and the
    learner's HR target group (technology) so the framework requires levels of them."""
    from sqlalchemy import select

    from lms.accounts.models import Institute, Person
    from lms.extensions import db
    from lms.reference.models import TargetGroup
    from tests.catalog.factories import published_course

    with live_server.app.app_context():
        institute = db.session.scalar(select(Institute).where(Institute.code == "INST-A"))
        course = published_course(institute, code=code, format="self-paced", credit_method="self-learning",
                                  credit_hours=3, skill_sets=["cyber-security"], title_th=title_th,
                                  title_en=f"Cyber hygiene {code}", summary="ป้องกันภัยไซเบอร์ในงานประจำวัน",
                                  content="## บทที่ 1 ภัยฟิชชิง\n\nอย่าส่งรหัสผ่านให้ผู้ใดทางอีเมล")
        learner = db.session.scalar(select(Person).where(Person.email == live_server.world["learner"]["email"]))
        learner.hr_target_group = db.session.scalar(select(TargetGroup).where(TargetGroup.slug == TARGET_GROUP))
        course_id = course.id
        db.session.commit()
        db.session.remove()
    return course_id


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _tampered(token: str, name: str) -> str:
    """The token with the holder's name changed in the payload, the signature left as it was."""
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["credentialSubject"]["identifier"][0]["identityHash"] = name
    return ".".join([header, _b64(json.dumps(claims, ensure_ascii=False).encode()), signature])


def _verified_payload(token: str, keys: jwk.JWKSet) -> dict:
    """jwcrypto, not the app's joserfc: the signature checked against the published keys."""
    signed = cjws.JWS()
    signed.deserialize(token)
    signed.verify(keys)
    return json.loads(signed.payload)


def _api_verify(live_server, body: bytes, content_type: str) -> dict:
    request = urllib.request.Request(live_server("/certificates/api/verify"), data=body, method="POST",
                                     headers={"Content-Type": content_type})
    with urllib.request.urlopen(request, timeout=15) as response:
        assert response.status == 200
        return json.loads(response.read())


def _qr_codes(image: Image.Image) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(image)]


def test_framework_self_assessment_quiz_course_and_a_certificate_anyone_can_verify(
        page, open_page, live_server, log_in, th, tmp_path, console_errors):
    suffix = secrets.token_hex(3).upper()
    code = f"E2E-CYBER-{suffix}"
    title_th = f"สุขอนามัยไซเบอร์สำหรับข้าราชการ ชุด {suffix}"
    bank_name = f"คลังข้อสอบไซเบอร์ {suffix}"
    quiz_title = f"แบบทดสอบท้ายหลักสูตรไซเบอร์ {suffix}"
    learner = live_server.world["learner"]
    descriptors = _descriptors()

    # --- 1. the site admin loads the Commission's 2566–2570 framework from its CASE file -------
    admin = page
    log_in(admin, "site_admin")
    open_menu_item(admin, "nav-admin", "/admin/frameworks/")
    expect(admin.locator("main h1")).to_have_text(th("Skill frameworks"))
    click_and_wait(admin, "link", th("Import a CASE file"))
    admin.get_by_label(th("CASE 1.0 JSON file"), exact=True).set_input_files(str(SAMPLE))
    click_and_wait(admin, "button", th("Import"))
    # effective 1 Oct 2023 (B.E. 2566), so in force at once: the skill sets follow it now
    assert re.search(r"/admin/frameworks/\d+$", admin.url), admin.url
    expect_flash(admin, th("Version %(label)s imported; it is in force and the skill sets now follow it.",
                     label=VERSION))
    expect(admin.locator("main h1")).to_contain_text(FRAMEWORK_NAME)
    expect(admin.locator("main h1 .badge")).to_have_text(th("In force"))
    expect(admin.locator("main")).to_contain_text(f"{th('Takes effect on')} {format_date(date(2023, 10, 1), 'th')}")
    for name in (LITERACY, GOVERNANCE, DATA, CYBER):
        expect(admin.locator("main section.card h3", has_text=name)).to_have_count(1)
    click_and_wait(admin, "link", th("Skill frameworks"), scope=admin.locator("main .breadcrumb"))
    rows = admin.locator("main table tbody tr")
    expect(rows.filter(has_text=VERSION).locator(".badge")).to_have_text(th("In force"))
    expect(rows.filter(has_text="2561").locator(".badge")).to_have_text(th("Past"))

    # --- 2. a published self-paced course (seeded); the author builds its required quiz --------
    course_id = _seed_course_and_group(live_server, code, title_th)
    author = open_page()
    log_in(author, "author")
    open_menu_item(author, "nav-learning", "/quizzes/")
    click_and_wait(author, "link", th("Question banks and quizzes of my institute"))
    click_and_wait(author, "link", th("New question bank"))
    author.get_by_label(th("Name"), exact=True).fill(bank_name)
    author.get_by_label(th("Description"), exact=True).fill("ข้อสอบจากคลังของสถาบัน (GIFT)")
    click_and_wait(author, "button", th("Create"))
    expect_flash(author, th("Question bank created."))
    expect(author.locator("main h1")).to_have_text(bank_name)
    gift = tmp_path / "cyber-hygiene.gift.txt"
    gift.write_text(GIFT, encoding="utf-8")
    author.get_by_label(th("Moodle XML or GIFT file"), exact=True).set_input_files(str(gift))
    click_and_wait(author, "button", th("Import"))
    expect_flash(author, th("%(n)s questions imported.", n=2))
    questions = author.locator("#bank-questions tbody tr")
    expect(questions).to_have_count(2)
    expect(questions.filter(has_text="ฟิชชิง")).to_contain_text(th("Multiple choice (one answer)"))
    expect(questions.filter(has_text="รหัสผ่านซ้ำ")).to_contain_text(th("True or false"))

    click_and_wait(author, "link", th("Question banks and quizzes"), scope=author.locator("main nav"))
    click_and_wait(author, "link", th("New quiz"))
    author.get_by_label(th("Title"), exact=True).fill(quiz_title)
    author.get_by_label(th("Instructions (Markdown)"), exact=True).fill("ตอบให้ถูกอย่างน้อยร้อยละ 80")
    author.get_by_label(th("Attached to"), exact=True).select_option(label=f"{code} · {title_th}")
    author.get_by_label(th("Question bank"), exact=True).select_option(label=bank_name)
    author.get_by_label(th("Attempts allowed"), exact=True).fill("3")
    author.get_by_label(th("Pass mark (%)"), exact=True).fill("80")
    author.get_by_label(th("A pass is required to complete the self-paced course"), exact=True).check()
    click_and_wait(author, "button", th("Save"))
    assert re.search(r"/quizzes/\d+$", author.url), author.url
    expect_flash(author, th("Quiz saved."))
    authoring = author.locator("#quiz-authoring")
    expect(authoring.locator(".badge")).to_have_text(th("Not published"))
    click_and_wait(author, "button", th("Publish"), scope=authoring)
    expect_flash(author, th("The quiz is open to learners."))
    expect(authoring.locator(".badge")).to_have_text(th("Published"))
    expect(author.locator("#quiz-rules")).to_contain_text(th("Pass mark: %(p)s%%", p="80"))

    # --- 3. the learner rates each skill set of 2566–2570 against its descriptors --------------
    me = open_page()
    log_in(me, "learner")
    open_menu_item(me, "nav-learning", "/skills/")
    expect(me.locator("main h1")).to_have_text(th("My skills"))
    form = me.locator("#self-assessment")
    sets = form.locator("fieldset.skill-set-rating")
    expect(sets).to_have_count(len(RATINGS))  # the version in force: the retired sets are gone
    for name in RETIRED:
        expect(form.get_by_role("group", name=name, exact=True)).to_have_count(0)
    for name, case_code, level, _required in RATINGS:
        group = form.get_by_role("group", name=name, exact=True)
        choice = group.get_by_label(re.compile(rf"^{level} — "))
        expect(choice).to_have_count(1)
        # the level is chosen against its behaviours, shown beside it
        expect(group.locator(f"label[for='{choice.get_attribute('id')}']")).to_contain_text(
            descriptors[f"{case_code}-L{level}"])
        choice.check()
    form.get_by_label(th("Comment (optional)")).first.fill("ใช้งานเครื่องมือสำนักงานดิจิทัลได้เองทุกวัน")
    click_and_wait(me, "button", th("Submit to my supervisor"), scope=form)
    expect_flash(me, th("Your assessment was submitted to your supervisor."))
    expect(form.locator("h2 .badge")).to_have_text(th("Waiting for the supervisor"))

    # --- the supervisor confirms the levels as the learner chose them ---------------------------
    boss = open_page()
    log_in(boss, "supervisor")
    open_menu_item(boss, "nav-learning", "/skills/")
    click_and_wait(boss, "link", th("Assessments and results waiting for you"))
    click_and_wait(boss, "link", learner["name_th"], scope=boss.locator("#waiting-assessments"))
    for name, _code, level, _required in RATINGS:
        expect(boss.get_by_role("group", name=re.compile(f"^{name}")).get_by_label(
            re.compile(rf"^{level} — "))).to_be_checked()
    click_and_wait(boss, "button", th("Confirm the assessment"))
    expect_flash(boss, th("The assessment of %(name)s is confirmed.", name=learner["name_th"]))

    # --- the learner sees the gap (required − assessed) on My skills and on the dashboard ------
    def expect_gaps(table):
        expect(table.locator("tbody tr")).to_have_count(len(RATINGS))
        for name, _code, level, required in RATINGS:
            cells = table.locator("tbody tr", has_text=name).locator("td")
            expect(cells.nth(1)).to_have_text(str(required) if required else "—")
            expect(cells.nth(2)).to_have_text(str(level))
            expect(cells.nth(3)).to_have_text(str(max(required - level, 0)))
            expect(cells.nth(4)).to_have_text(th("Confirmed by the supervisor"))
        # the largest gap first: literacy 4 − 2 and data 3 − 1, then cyber security 3 − 2
        expect(table.locator("tbody tr").first).to_contain_text(LITERACY)

    me.reload()
    expect(me.locator("#self-assessment h2 .badge")).to_have_text(th("Confirmed"))
    expect_gaps(me.locator("#gaps table.skill-gaps"))
    open_menu_item(me, "nav-learning", "/dashboard/")
    card = me.locator("#skills-and-gaps")
    expect(card.locator("h2")).to_have_text(th("Skills and gaps"))
    expect_gaps(card.locator("table.skill-gaps"))

    # --- 4. the learner finds the course; the required quiz holds back "Mark as complete" ------
    with me.expect_navigation():
        me.locator("nav.navbar").get_by_role("link", name=th("Courses"), exact=True).click()
    me.get_by_label(th("Search titles and descriptions")).fill(title_th)
    click_and_wait(me, "button", th("Find courses"))
    click_and_wait(me, "link", title_th, scope=me.locator("#results"))
    click_and_wait(me, "link", th("Read the course"))
    assert me.url.endswith(f"/courses/{course_id}/learn"), me.url
    quizzes = me.locator("#course-quizzes")
    expect(quizzes).to_contain_text(quiz_title)
    expect(quizzes.locator(".badge")).to_have_text(th("A pass is required to complete the course"))
    expect(me.locator("#quiz-pass-missing")).to_have_text(
        th("Pass the required quiz before you mark this course complete."))
    expect(me.get_by_role("button", name=th("Mark as complete"), exact=True)).to_be_disabled()

    # --- the learner takes the quiz and answers right -------------------------------------------
    click_and_wait(me, "link", th("Take the quiz"), scope=quizzes)
    expect(me.locator("main h1")).to_have_text(quiz_title)
    click_and_wait(me, "button", th("Take the quiz"))
    assert re.search(r"/quizzes/attempts/\d+$", me.url), me.url
    expect(me.locator("#attempt-form fieldset")).to_have_count(2)
    me.locator("#attempt-form fieldset", has_text=PHISHING).get_by_label(PHISHING_RIGHT, exact=True).check()
    me.locator("#attempt-form fieldset", has_text=PASSWORD).get_by_label(th("False"), exact=True).check()
    click_and_wait(me, "button", th("Submit my answers"))
    expect_flash(me, th("Submitted: you passed with %(percent)s%%.", percent="100"))
    expect(me.locator("#attempt-result")).to_contain_text(th("Passed"))
    expect(me.locator("#attempt-result")).to_contain_text(
        th("Score: %(score)s of %(max)s (%(percent)s%%)", score="2", max="2", percent="100"))

    # --- back to the course: now it can be marked complete, and there is a certificate ---------
    click_and_wait(me, "link", quiz_title, scope=me.locator("main .breadcrumb"))
    click_and_wait(me, "link", code, scope=me.locator("main"))
    click_and_wait(me, "link", th("Read the course"))
    expect(me.locator("#course-quizzes")).to_contain_text(th("Passed"))
    expect(me.locator("#quiz-pass-missing")).to_have_count(0)
    complete = me.get_by_role("button", name=th("Mark as complete"), exact=True)
    expect(complete).to_be_enabled()
    with me.expect_navigation():
        complete.click()
    expect_flash(me, th("Completed: %(hours)s hours of self-learning recorded.", hours="3"))
    expect(me.locator("#completed-notice")).to_be_visible()
    download = me.locator("#course-certificate").get_by_role("link", name=th("Download certificate"), exact=True)
    expect(download).to_be_visible()
    pdf = _download(me, download)
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf, tmp_path, "certificate.pdf")
    assert learner["name_th"] in text and title_th in text, text

    click_and_wait(me, "link", th("Certificate details and verification"), scope=me.locator("#course-certificate"))
    facts = me.locator("#certificate-facts")
    expect(facts).to_contain_text(learner["name_th"])
    expect(facts).to_contain_text(title_th)
    verify_url = me.locator("#verify-link").get_attribute("href")
    assert verify_url.startswith(live_server("/certificates/verify/")), verify_url
    assert _download(me, me.locator("#download-pdf")).startswith(b"%PDF-")
    token = _download(me, me.locator("#download-jwt")).decode().strip()
    envelope = json.loads(_download(me, me.locator("#download-json")))
    assert envelope["type"] == "EnvelopedVerifiableCredential"
    assert envelope["id"] == f"data:application/vc+jwt,{token}"
    # the QR code the page shows is the verification page's address
    assert _qr_codes(Image.open(io.BytesIO(me.locator(".qr svg").screenshot()))) == [verify_url]
    me.screenshot(path=SCREENSHOT, full_page=True)

    # --- 5. anyone scans the printed QR code and opens the public verification page -----------
    (tmp_path / "print.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(tmp_path / "print.pdf"),
                    str(tmp_path / "print")], check=True)
    scanned = _qr_codes(Image.open(tmp_path / "print.png"))
    assert scanned == [verify_url], scanned
    stranger = open_page()  # a fresh context: nobody logged in
    stranger.goto(scanned[0])
    result = stranger.locator("#verification-result")
    expect(result).to_have_attribute("data-status", "valid")
    expect(result).to_have_text(th("This certificate is valid: it was issued by %(issuer)s and its signature "
                                   "checks out.", issuer="Thaksa"))
    expect(stranger.locator("#certificate-facts")).to_contain_text(learner["name_th"])
    expect(stranger.locator("#verification-checks li[data-ok=yes]")).to_have_count(4)
    expect(stranger.get_by_role("button", name=th("Log out"))).to_have_count(0)

    # --- the credential verifies with jwcrypto against the site's published key set -------------
    with urllib.request.urlopen(live_server("/.well-known/jwks.json"), timeout=15) as response:
        keys = jwk.JWKSet.from_json(response.read().decode())
    payload = _verified_payload(token, keys)
    assert payload["id"] == payload["jti"] == verify_url
    assert payload["iss"] == live_server("/certificates/issuer")
    assert payload["credentialSubject"]["identifier"][0]["identityHash"] == learner["name_th"]
    assert payload["credentialSubject"]["achievement"]["name"] == title_th
    # … and through the API: the raw VC-JWT and the downloaded credential.json
    for body, kind in ((token.encode(), "application/vc+jwt"), (json.dumps(envelope).encode(), "application/json")):
        answer = _api_verify(live_server, body, kind)
        assert answer["valid"] is True and answer["errors"] == [], answer

    # --- a copy with another name, not signed again, fails both ----------------------------------
    forged = _tampered(token, "สมหมาย ผู้ปลอมแปลง")
    with pytest.raises(JWException):
        _verified_payload(forged, keys)
    answer = _api_verify(live_server, forged.encode(), "application/vc+jwt")
    assert answer["valid"] is False and answer["checks"]["signature"] is False, answer
    assert answer["errors"] == ["signature"] and answer["messages"], answer

    assert console_errors == []
