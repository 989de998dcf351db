"""The catalogue list: filters, open classes, pages, and bad input that never breaks it."""

from datetime import timedelta

import pytest

from tests.catalog.factories import draft_course, published_course, republish
from tests.classes.factories import course_class, today


def titles(response) -> list[str]:
    """The result titles on a catalogue page, in order."""
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    results = html.split('id="results"', 1)[1].split("</ul>", 1)[0]
    return [chunk.split("</a>", 1)[0].split(">")[-1] for chunk in results.split('<h2 class="h5 mb-1"><a ')[1:]]


@pytest.fixture
def courses(world):
    inst, other = world["institute"], world["other_institute"]
    return {
        "literacy": published_course(inst, title_th="ก ความรู้ดิจิทัล", skill_sets=["digital-literacy"],
                                     target_groups=["others"], phases=["early"], format="self-paced",
                                     credit_method="self-learning"),
        "leader": published_course(inst, title_th="ข ผู้นำดิจิทัล", skill_sets=["digital-leadership"],
                                   target_groups=["executive"], phases=["develop"]),
        "elsewhere": published_course(other, title_th="ค บริการดิจิทัล", skill_sets=["process-service-design"],
                                      target_groups=["service"], phases=["develop", "maturity"], format="blended"),
    }


def test_lists_published_courses_with_what_a_learner_needs(client, login_as, courses, world):
    login_as("learner")
    response = client.get("/courses/")
    assert titles(response) == ["ก ความรู้ดิจิทัล", "ข ผู้นำดิจิทัล", "ค บริการดิจิทัล"]
    html = response.get_data(as_text=True)
    assert world["other_institute"].name_th in html
    assert "3 " in html.split('id="result-count"', 1)[1][:40]


def test_never_lists_drafts_or_superseded_versions(client, login_as, courses, world):
    draft_course(world["institute"], title_th="ง ร่าง")
    republish(courses["leader"], title_th="ข ผู้นำดิจิทัล ฉบับปรับปรุง")
    login_as("learner")
    assert titles(client.get("/courses/")) == ["ก ความรู้ดิจิทัล", "ข ผู้นำดิจิทัล ฉบับปรับปรุง", "ค บริการดิจิทัล"]


@pytest.mark.parametrize(("args", "expected"), [
    ("skill_set=digital-leadership", ["ข ผู้นำดิจิทัล"]),
    ("group=service", ["ค บริการดิจิทัล"]),
    ("phase=develop", ["ข ผู้นำดิจิทัล", "ค บริการดิจิทัล"]),
    ("format=self-paced", ["ก ความรู้ดิจิทัล"]),
    ("phase=develop&format=blended", ["ค บริการดิจิทัล"]),
    ("q=ผู้นำ", ["ข ผู้นำดิจิทัล"]),
    ("q=ดิจิทัล&group=others", ["ก ความรู้ดิจิทัล"]),
])
def test_filters(client, login_as, courses, args, expected):
    login_as("learner")
    assert titles(client.get(f"/courses/?{args}")) == expected


def test_filter_by_institute(client, login_as, courses, world):
    login_as("learner")
    assert titles(client.get(f"/courses/?institute={world['other_institute'].id}")) == ["ค บริการดิจิทัล"]


def test_open_for_enrolment_now(client, login_as, courses, world):
    inst = world["institute"]
    course_class(inst, version=courses["leader"].published)
    course_class(inst, version=courses["literacy"].published, is_cancelled=True)
    course_class(world["other_institute"], version=courses["elsewhere"].published,
                 opens_on=today() - timedelta(days=20), closes_on=today() - timedelta(days=1))
    login_as("learner")
    response = client.get("/courses/?open=1")
    assert titles(response) == ["ข ผู้นำดิจิทัล"]
    assert response.get_data(as_text=True).count("bg-success ms-1") == 1  # the "open" badge


def test_a_class_of_an_earlier_version_still_counts_as_open(client, login_as, courses, world):
    course_class(world["institute"], version=courses["leader"].published)
    republish(courses["leader"], title_th="ข ผู้นำดิจิทัล 2")
    login_as("learner")
    assert titles(client.get("/courses/?open=1")) == ["ข ผู้นำดิจิทัล 2"]


def test_window_edges_are_bangkok_days(client, login_as, courses, world):
    course_class(world["institute"], version=courses["leader"].published, opens_on=today(), closes_on=today())
    course_class(world["institute"], version=courses["literacy"].published,
                 opens_on=today() + timedelta(days=1), closes_on=today() + timedelta(days=3))
    login_as("learner")
    assert titles(client.get("/courses/?open=1")) == ["ข ผู้นำดิจิทัล"]


@pytest.mark.parametrize("args", [
    "skill_set=no-such-skill", "group=%27%3B--", "phase=<script>", "format=webinar", "institute=abc",
    "institute=999999", "institute=-1",
])
def test_unknown_filter_values_are_ignored_and_said(client, login_as, courses, args):
    login_as("learner")
    response = client.get(f"/courses/?{args}")
    assert len(titles(response)) == 3
    html = response.get_data(as_text=True)
    assert "invalid-feedback" in html
    assert "<script>" not in html


@pytest.mark.parametrize("query", ["%", "_", "\\", "'", '"', "<script>alert(1)</script>", "' OR 1=1 --",
                                   "%%%%", "\x00", "ข" * 5000, "a " * 400])
def test_hostile_search_strings_are_harmless(client, login_as, courses, query):
    login_as("learner")
    response = client.get("/courses/", query_string={"q": query, "page": "x", "open": "yes"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>alert(1)" not in html


def test_pages_keep_the_filters(client, login_as, world, app):
    for n in range(7):
        published_course(world["institute"], title_th=f"หลักสูตรข้อมูล {n}", format="self-paced",
                         credit_method="self-learning")
    published_course(world["institute"], title_th="หลักสูตรอื่น")
    app.config["PER_PAGE"] = 5
    try:
        login_as("learner")
        first = client.get("/courses/?q=ข้อมูล&format=self-paced")
        assert len(titles(first)) == 5
        html = first.get_data(as_text=True)
        assert "format=self-paced" in html and "page=2" in html
        second = client.get("/courses/?q=ข้อมูล&format=self-paced&page=2")
        assert titles(second) == ["หลักสูตรข้อมูล 5", "หลักสูตรข้อมูล 6"]
        assert titles(client.get("/courses/?q=ข้อมูล&page=99")) == []
    finally:
        app.config["PER_PAGE"] = 25


def test_english_interface_sorts_by_english_title(client, login, world, db):
    published_course(world["institute"], title_th="ก", title_en="Zebra")
    published_course(world["institute"], title_th="ข", title_en="Apple")
    world["learner"].language = "en"
    db.session.flush()
    login(world["learner"])
    assert titles(client.get("/courses/")) == ["Apple", "Zebra"]


def test_the_list_runs_a_bounded_number_of_queries(client, login_as, world, count_queries):
    login_as("learner")
    for n in range(3):
        published_course(world["institute"], title_th=f"หลักสูตร {n}")
    with count_queries() as few:
        client.get("/courses/?q=หลักสูตร&open=1")
    for n in range(12):
        published_course(world["institute"], title_th=f"หลักสูตรเพิ่ม {n}",
                         skill_sets=["digital-literacy", "digital-governance"])
    with count_queries() as many:
        client.get("/courses/?q=หลักสูตร&open=1")
    assert many.count == few.count > 3
