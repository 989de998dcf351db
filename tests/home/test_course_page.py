"""A course page: the published version, sanitised description, session plan with R1, open classes."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest

from tests.catalog.factories import draft_course, published_course, republish
from tests.classes.factories import course_class, today

PLAN = [("เปิดหลักสูตร", "lecture", 90), ("ฝึกปฏิบัติ", "learning-by-doing", 60), ("กรณีศึกษา", "case-study", 30)]


def page(client, course, expect=200):
    response = client.get(f"/courses/{course.id}")
    assert response.status_code == expect, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def test_shows_the_published_version(client, login_as, world):
    course = published_course(world["institute"], title_th="การวิเคราะห์ข้อมูล", title_en="Data analysis",
                              summary_th="สรุปสั้น ๆ", skill_sets=["digital-literacy", "digital-technology"],
                              target_groups=["academic", "service"], phases=["develop"], credit_hours=6.5,
                              credit_method="training", sessions=PLAN)
    login_as("learner")
    html = page(client, course)
    for text in ("การวิเคราะห์ข้อมูล", "Data analysis", "สรุปสั้น ๆ", course.code, world["institute"].name_th,
                 "6.5", "เปิดหลักสูตร", "ฝึกปฏิบัติ", "กรณีศึกษา", ">90<", ">60<", ">30<"):
        assert text in html
    assert "Digital Literacy" in html or "ดิจิทัล" in html


def test_session_plan_shows_lecture_and_active_shares_from_r1(client, login, world, db):
    course = published_course(world["institute"], sessions=PLAN)
    world["learner"].language = "en"
    db.session.flush()
    login(world["learner"])
    html = page(client, course)
    assert "Lecture 90 min, active learning 90 min, 180 min in all." in html
    # the verdict's own message (check_lecture_cap with the policy in force today)
    assert "Lecture is 50% of the plan, within the 60% limit (active learning 50%)" in html


def test_description_is_rendered_and_sanitised(client, login_as, world):
    course = published_course(world["institute"], description=(
        "## หัวข้อ\n\n**สำคัญ** <script>alert('x')</script>\n\n"
        "[click](javascript:alert(1)) <img src=x onerror=alert(2)>\n\n<iframe src='https://evil'></iframe>"))
    login_as("learner")
    html = page(client, course)
    assert "<h2>หัวข้อ</h2>" in html and "<strong>สำคัญ</strong>" in html
    body = html.split('course-description">', 1)[1].split("</section>", 1)[0]
    tags = Tags()
    tags.feed(body)
    assert not {"script", "iframe"} & {tag for tag, _attrs in tags.found}
    for _tag, attrs in tags.found:
        assert not [name for name, value in attrs if name.startswith("on") or "javascript:" in (value or "")]


class Tags(HTMLParser):
    """Every start tag with its attributes, as a browser would see them."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def test_lists_open_classes_with_links(client, login_as, world):
    course = published_course(world["institute"], sessions=PLAN)
    open_class = course_class(world["institute"], version=course.published, name="รุ่นที่ 1/2570")
    course_class(world["institute"], version=course.published, name="รุ่นยกเลิก", is_cancelled=True)
    course_class(world["institute"], version=course.published, name="รุ่นปิดแล้ว",
                 opens_on=today() - timedelta(days=9), closes_on=today() - timedelta(days=1))
    login_as("learner")
    html = page(client, course)
    assert f'href="/classes/{open_class.id}"' in html
    assert "รุ่นที่ 1/2570" in html
    assert "รุ่นยกเลิก" not in html and "รุ่นปิดแล้ว" not in html


def test_after_a_new_version_learners_see_the_new_one(client, login_as, world):
    course = published_course(world["institute"], title_th="ฉบับแรก")
    republish(course, title_th="ฉบับที่สอง")
    login_as("learner")
    html = page(client, course)
    assert "ฉบับที่สอง" in html and "ฉบับแรก" not in html


def test_a_course_without_a_published_version_is_not_found_for_learners(client, login_as, world):
    course = draft_course(world["institute"], title_th="ร่างลับ")
    login_as("learner")
    html = page(client, course, expect=404)
    assert "ร่างลับ" not in html
    assert client.get(f"/courses/{course.id}/learn").status_code == 404


@pytest.mark.parametrize("role", ["author", "site_admin"])
def test_its_institute_and_site_admins_preview_a_draft_only_course(client, login_as, world, role):
    course = draft_course(world["institute"], title_th="ร่างของสถาบัน")
    login_as(role)
    html = page(client, course)
    assert "ร่างของสถาบัน" in html and 'id="preview-notice"' in html


def test_another_institutes_author_cannot_preview_a_draft(client, login, world, db):
    from tests.factories import person

    course = draft_course(world["institute"], title_th="ร่างของสถาบัน")
    login(person(world["dept_b"], institute=world["other_institute"]))
    page(client, course, expect=404)


def test_unknown_course_is_not_found(client, login_as):
    login_as("learner")
    assert client.get("/courses/999999").status_code == 404
    assert client.get("/courses/abc").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    course = published_course(world["institute"])
    for url in ("/courses/", f"/courses/{course.id}", f"/courses/{course.id}/learn", "/me/learning"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
