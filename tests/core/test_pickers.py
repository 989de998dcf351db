"""The searchable pickers' answers: only what the person may choose, matched on Thai and
English names and codes, at most 20; the forms they fill still post codes and emails."""

import pytest

from tests import factories
from tests.catalog.factories import draft_course, published_course


def answer(client, kind, **params):
    response = client.get(f"/pickers/{kind}", query_string=params)
    assert response.status_code == 200, response.status_code
    assert response.headers["Cache-Control"] == "private, no-store"
    return response.get_json()["results"]


def values(results):
    return [row["value"] for row in results]


def test_an_author_finds_any_unit_by_thai_name_english_name_or_code(client, world, login_as):
    login_as("author")
    assert values(answer(client, "organisations", q="กรมทดสอบ")) == ["DEP-A", "DEP-B"]
    assert values(answer(client, "organisations", q="ก1")) == ["DIV-A1"]
    assert values(answer(client, "organisations", q="div-a")) == ["DIV-A1"]  # codes, case aside
    [row] = answer(client, "organisations", q="MIN")
    assert row == {"value": "MIN", "text": "กระทรวงทดสอบ", "hint": "MIN"}


def test_an_agency_admin_finds_only_units_of_their_subtree(client, world, login_as):
    login_as("agency_admin")
    assert values(answer(client, "organisations", q="กรมทดสอบ")) == ["DEP-A"]
    assert values(answer(client, "organisations", q="")) == ["DEP-A", "DIV-A1"]
    assert values(answer(client, "organisations", values="DEP-B,DIV-A1")) == ["DIV-A1"]


def test_an_english_reader_reads_english_names(client, world, login_as, db):
    author = login_as("author")
    author.language = "en"
    db.session.flush()
    factories.organisation("สำนักงานสถิติ", code="NSO", name_en="Statistics Office")
    assert answer(client, "organisations", q="statistics") == [
        {"value": "NSO", "text": "Statistics Office", "hint": "NSO"}]
    assert values(answer(client, "organisations", q="สถิติ")) == ["NSO"]  # Thai still found


def test_at_most_twenty_and_like_characters_are_plain_text(client, world, login_as):
    for n in range(25):
        factories.organisation(f"ศูนย์ข้อมูล {n:02d}", code=f"DATA-{n:02d}")
    login_as("author")
    assert len(answer(client, "organisations", q="ศูนย์ข้อมูล")) == 20
    assert answer(client, "organisations", q="%") == []
    assert answer(client, "organisations", q="_") == []


@pytest.mark.parametrize("role", ["learner", "supervisor"])
def test_who_picks_no_units_is_refused(client, world, login_as, role):
    login_as(role)
    assert client.get("/pickers/organisations?q=a").status_code == 403
    assert client.get("/pickers/people?q=a").status_code == 403


def test_a_person_search_stays_within_the_admins_reach(client, world, login_as):
    login_as("agency_admin")
    found = answer(client, "people", q="หัวหน้า")
    assert values(found) == ["supervisor@example.go.th"]  # not วิชัย หัวหน้าอื่น of department B
    assert found[0]["text"] == "สมหญิง หัวหน้า"
    assert values(answer(client, "people", q="other.")) == []
    assert values(answer(client, "people", values="other.sup@example.go.th,LEARNER@example.go.th")) == [
        "learner@example.go.th"]


def test_a_site_admin_searches_everyone_active(client, world, login_as, db):
    world["other_learner"].is_active = False
    db.session.flush()
    login_as("site_admin")
    assert values(answer(client, "people", q="ผู้เรียน")) == ["learner@example.go.th"]
    assert set(values(answer(client, "people", q="หัวหน้า"))) == {"supervisor@example.go.th",
                                                                  "other.sup@example.go.th"}


def test_a_learner_finds_published_courses_by_code_and_either_title(client, world, login_as):
    published_course(world["institute"], code="DG-101", title_th="การวิเคราะห์ข้อมูลภาครัฐ",
                     title_en="Government data analysis")
    draft_course(world["institute"], code="DG-102", title_th="การวิเคราะห์ข้อมูลขั้นสูง",
                 title_en="Advanced data analysis")
    login_as("learner")
    assert values(answer(client, "courses", q="วิเคราะห์ข้อมูล")) == ["DG-101"]  # not the draft
    assert values(answer(client, "courses", q="government DATA")) == ["DG-101"]
    assert values(answer(client, "courses", q="dg-10")) == ["DG-101"]
    assert answer(client, "courses", values="DG-101,DG-102")[0]["text"] == "การวิเคราะห์ข้อมูลภาครัฐ"
    assert len(answer(client, "courses", values="DG-101,DG-102")) == 1


def test_the_forms_carry_the_picker_and_still_post_codes(client, world, login_as):
    login_as("author")
    page = client.get("/classes/manage/new").get_data(as_text=True)
    assert 'data-picker="organisations"' in page and "data-picker-multiple" in page
    assert "/pickers/organisations" in page and "vendor/tom-select/tom-select.complete.min.js" in page
    login_as("agency_admin")
    page = client.get(f"/admin/people/{world['learner'].id}").get_data(as_text=True)
    assert 'data-picker="people"' in page
