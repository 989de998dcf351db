"""Authors write courses in the browser: the form, its session plan and meter, bad input, access."""

import pytest

from lms.catalog.checker import check_paths
from lms.catalog.models import Course
from lms.catalog.services import course_vocabulary
from lms.core.dates import today_in_bangkok
from lms.reference.services import policy_for
from tests.catalog.authoring_helpers import count, course_by_code, course_form
from tests.catalog.factories import draft_course, published_course


@pytest.fixture
def author(world, login_as, db):
    """The institute's author, reading English (UI wording is asserted in English only)."""
    world["author"].language = "en"
    db.session.flush()
    return login_as("author")


# Access ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/author/", "/author/courses/new", "/author/upload"])
def test_only_authors_reach_the_authoring_pages(client, world, login, path):
    assert client.get(path).status_code == 302  # anonymous: to the login page
    login(world["learner"])
    assert client.get(path).status_code == 403
    login(world["site_admin"])  # a site admin is not an author of any institute
    assert client.get(path).status_code == 403


def test_another_institutes_course_is_not_found(client, world, author, db):
    theirs = published_course(world["other_institute"], code="T-THEIRS-1")
    draft_course(world["other_institute"], code="T-THEIRS-2")
    base = f"/author/courses/{theirs.id}"
    for path in (base, base + "/edit", base + "/course-file"):
        assert client.get(path).status_code == 404, path
    for path in (base + "/edit", base + "/publish", base + "/discard-draft"):
        assert client.post(path, data=course_form(code="T-THEIRS-1")).status_code == 404, path
    assert "T-THEIRS" not in client.get("/author/").get_data(as_text=True)
    assert len(course_by_code(db, "T-THEIRS-1").versions) == 1


def test_the_course_list_shows_each_state(client, world, author, db):
    published_course(world["institute"], code="T-LIST-1")
    draft_course(world["institute"], code="T-LIST-2")
    both = published_course(world["institute"], code="T-LIST-3")
    from lms.catalog.authoring import editable_version

    editable_version(both, world["author"])
    page = client.get("/author/").get_data(as_text=True)
    rows = {code: page[page.index(code):].split("</tr>")[0] for code in ("T-LIST-1", "T-LIST-2", "T-LIST-3")}
    assert "published v1" in rows["T-LIST-1"] and "draft" not in rows["T-LIST-1"]
    assert "draft v1" in rows["T-LIST-2"] and "published" not in rows["T-LIST-2"]
    assert "published v1" in rows["T-LIST-3"] and "draft v2" in rows["T-LIST-3"]


def test_forms_need_the_csrf_token(client, world, author, db, csrf):
    assert client.post("/author/courses/new", data=course_form()).status_code == 400
    assert count(db, Course) == 0


# Creating and editing --------------------------------------------------------------------------


def test_an_author_creates_a_draft_course(client, world, author, db):
    response = client.post("/author/courses/new", data=course_form(
        code="t-new-1", summary_en="  Data for decisions  ", phases=["early", "develop"],
        skill_sets=["digital-literacy", "digital-technology"], content_md="Read this first."))
    course = course_by_code(db, "T-NEW-1")  # codes are kept in capitals
    assert response.status_code == 302 and response.location.endswith(f"/author/courses/{course.id}")
    assert course.institute_id == world["institute"].id and course.created_by_id == world["author"].id
    [draft] = course.versions
    assert (draft.number, draft.status, draft.created_by_id) == (1, "draft", world["author"].id)
    assert [s.slug for s in draft.skill_sets] == ["digital-literacy", "digital-technology"]
    assert [p.slug for p in draft.phases] == ["early", "develop"]
    assert draft.summary_en == "Data for decisions" and draft.content_md == "Read this first."
    assert [(s.position, s.title, s.method.slug, s.minutes) for s in draft.sessions] == [
        (1, "Why digital government", "lecture", 60), (2, "Hands-on practice", "learning-by-doing", 60)]


def test_the_form_shows_the_latest_version_with_blank_rows(client, world, author, db):
    course = published_course(world["institute"], code="T-EDIT-1", title_en="Shown in the form")
    page = client.get(f"/author/courses/{course.id}/edit").get_data(as_text=True)
    assert 'value="Shown in the form"' in page and 'value="T-EDIT-1"' in page and "readonly" in page
    assert 'name="sessions-1-title"' in page and 'name="sessions-4-title"' in page  # 2 sessions + 3 blank
    assert len(course_by_code(db, "T-EDIT-1").versions) == 1  # looking changes nothing


def test_session_numbers_decide_the_order_and_empty_or_removed_rows_are_dropped(client, world, author, db):
    rows = [("Third", "case-study", "30", "3"), ("First", "lecture", "45", "1"), ("", "lecture", "", ""),
            ("Gone", "lecture", "500", "2", True), ("Second", "discussion", "60", "2")]
    assert client.post("/author/courses/new", data=course_form(sessions=rows)).status_code == 302
    sessions = course_by_code(db, "T-NEW-1").draft.sessions
    assert [(s.position, s.title) for s in sessions] == [(1, "First"), (2, "Second"), (3, "Third")]


def test_a_self_paced_course_keeps_no_session_plan(client, world, author, db):
    client.post("/author/courses/new", data=course_form(format="self-paced", credit_method="self-learning"))
    assert course_by_code(db, "T-NEW-1").draft.sessions == []


def test_move_and_more_rows_rearrange_the_form_without_saving(client, world, author, db):
    data = course_form(move="0:down")
    del data["action"]
    page = client.post("/author/courses/new", data=data).get_data(as_text=True)
    assert page.index('value="Hands-on practice"') < page.index('value="Why digital government"')
    assert 'name="sessions-0-position" type="text" value="1"' in page  # numbers stay with the places
    page = client.post("/author/courses/new", data=course_form(action="add-rows")).get_data(as_text=True)
    assert 'name="sessions-4-title"' in page and 'name="sessions-5-title"' not in page
    assert count(db, Course) == 0


# Bad input ---------------------------------------------------------------------------------


def test_bad_input_keeps_what_was_typed_and_says_what_is_wrong_per_field(client, world, author, db):
    rows = [("Zero", "lecture", "0"), ("Words", "lecture", "ninety"), ("Half", "discussion", "90.5"),
            ("Too long", "discussion", "800"), ("", "lecture", "30"), ("Bad number", "lecture", "20", "x")]
    response = client.post("/author/courses/new", data=course_form(
        sessions=rows, code="bad code!", title_th="", credit_hours="-1", description_md=""))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and count(db, Course) == 0
    for message in ("Session length must be more than 0 minutes (got &#39;0&#39;)",
                    "Session length must be a number (got &#39;ninety&#39;)",
                    "Session length must be a whole number of minutes (got &#39;90.5&#39;)",
                    "A session cannot be longer than 720 minutes (12 hours) (got &#39;800&#39;)",
                    "Give the session a title.", "Enter a whole number (got x).",
                    "Use capital letters, digits and hyphens", "Enter the Thai title.",
                    "Enter a number of hours greater than 0", "Write a description."):
        assert message in page, message
    for typed in ('value="BAD CODE!"', 'value="ninety"', 'value="90.5"', 'value="Using data for decisions"'):
        assert typed in page, typed
    assert page.count("invalid-feedback") >= 10


def test_a_code_another_course_has_is_refused(client, world, author, db):
    published_course(world["other_institute"], code="T-TAKEN-1")
    page = client.post("/author/courses/new", data=course_form(code="T-TAKEN-1")).get_data(as_text=True)
    assert "Another course already has the code T-TAKEN-1." in page
    assert count(db, Course) == 1


def test_a_draft_may_be_renamed_but_a_published_code_is_fixed(client, world, author, db):
    draft = draft_course(world["institute"], code="T-OLD-1")
    assert client.post(f"/author/courses/{draft.id}/edit", data=course_form(code="T-RENAMED-1")).status_code == 302
    assert course_by_code(db, "T-RENAMED-1") is not None
    published = published_course(world["institute"], code="T-FIXED-1")
    page = client.post(f"/author/courses/{published.id}/edit", data=course_form(code="T-OTHER-1"))
    assert "The code of a published course cannot change." in page.get_data(as_text=True)
    assert len(course_by_code(db, "T-FIXED-1").versions) == 1


# Preview and the lecture meter ----------------------------------------------------------------


def test_preview_renders_sanitised_markdown_beside_the_form_and_saves_nothing(client, world, author, db):
    page = client.post("/author/courses/new", data=course_form(
        action="preview", description_md="## Aims\n\n**Bold** <script>alert(1)</script>",
        content_md="[click](javascript:alert(1))")).get_data(as_text=True)
    preview = page[page.index("markdown-preview"):]
    assert "<h2>Aims</h2>" in preview and "<strong>Bold</strong>" in preview
    assert "<script>alert" not in page and 'href="javascript' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the textarea keeps what was typed
    assert count(db, Course) == 0


def test_the_meter_gives_the_checkers_verdict_and_the_fix(client, world, author, db, tmp_path):
    rows = [("Talk", "lecture", "140"), ("Practice", "learning-by-doing", "60")]
    page = client.post("/author/courses/new", data=course_form(sessions=rows, action="preview")).get_data(as_text=True)
    course_file = tmp_path / "heavy.md"
    course_file.write_text(
        "---\ncode: T-HEAVY-1\ntitle_th: ท\ntitle_en: T\nformat: classroom\nskill_sets: [digital-literacy]\n"
        "target_groups: [others]\nphases: [early]\ncredit_hours: 3\ncredit_method: training\n"
        "credit_reason: Reading before class\nsessions:\n"
        "  - {title: Talk, method: lecture, minutes: 140}\n"
        "  - {title: Practice, method: learning-by-doing, minutes: 60}\n---\nBody\n", encoding="utf-8")
    [report] = check_paths([course_file], course_vocabulary(), policy_for(today_in_bangkok()))
    assert report.lecture.message_en in page  # the same verdict as `courses check`
    assert "add at least 34 minutes of active learning or cut at least 50 minutes of lecture" in page
    assert 'data-verdict="fail"' in page and 'width="70"' in page and 'value="70"' in page
    assert "style=" not in page  # the CSP forbids inline styles


def test_the_meter_speaks_the_authors_language(client, world, login_as, db):
    login_as("author")  # reads Thai
    rows = [("Talk", "lecture", "140"), ("Practice", "learning-by-doing", "60")]
    page = client.post("/author/courses/new", data=course_form(sessions=rows, action="preview")).get_data(as_text=True)
    assert "เพิ่มการพัฒนารูปแบบอื่นอย่างน้อย 34 นาที หรือลดการบรรยายอย่างน้อย 50 นาที" in page


def test_the_meter_shows_a_passing_plan_at_exactly_sixty_percent(client, world, author, db):
    course = published_course(world["institute"], sessions=[("lecture", 90), ("discussion", 60)])
    page = client.get(f"/author/courses/{course.id}").get_data(as_text=True)
    assert 'data-verdict="ok"' in page and "Lecture is 60% of the plan, within the 60% limit" in page


def test_a_tampered_session_method_is_an_error_not_a_crash(client, world, author, db):
    rows = [("Talk", "lecture", "60"), ("Odd", "juggling", "60")]
    response = client.post("/author/courses/new", data=course_form(sessions=rows))
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    data = course_form(sessions=rows, move="0:down")
    del data["action"]
    assert client.post("/author/courses/new", data=data).status_code == 200
    assert count(db, Course) == 0
