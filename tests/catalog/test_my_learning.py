"""My learning: the learner's own records, newest first, with this fiscal year's hours."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from lms.catalog.self_paced import complete_self_paced
from lms.core.dates import fiscal_year_bounds, fiscal_year_of
from lms.records.services import hours_by_status, record_learning
from lms.reference.models import LearningMethod, SkillSet
from tests.catalog.factories import published_course, republish
from tests.classes.factories import today


def method(db, slug):
    return db.session.scalar(select(LearningMethod).where(LearningMethod.slug == slug))


def log(db, person, day, hours, title, status="verified", slug="on-the-job", skills=("digital-literacy",)):
    skill_sets = db.session.scalars(select(SkillSet).where(SkillSet.slug.in_(skills))).all()
    record, _created = record_learning(person, method=method(db, slug), hours=Decimal(hours), occurred_on=day,
                                       title=title, source="log", source_key=f"{title}:{day}", status=status,
                                       skill_sets=skill_sets)
    return record


@pytest.fixture
def this_year():
    return fiscal_year_bounds(fiscal_year_of(today()))


def rows(html) -> str:
    return html.split('id="records"', 1)[1].split("</table>", 1)[0]


def test_lists_my_records_newest_first_with_thai_dates(client, login_as, world, db, this_year):
    learner = world["learner"]
    log(db, learner, date(2026, 11, 24), "2", "อ่านคู่มือ")
    log(db, learner, date(2026, 11, 25), "1.5", "ฝึกใช้ระบบใหม่", status="pending", skills=("digital-governance",))
    log(db, world["peer"], date(2026, 11, 25), "3", "งานของเพื่อน")
    login_as("learner")
    table = rows(client.get("/me/learning").get_data(as_text=True))
    assert table.index("ฝึกใช้ระบบใหม่") < table.index("อ่านคู่มือ")
    assert "25 พ.ย. 2569" in table and "24 พ.ย. 2569" in table
    assert "1.5" in table and method(db, "on-the-job").name_th in table
    assert db.session.scalar(select(SkillSet.name_th).where(SkillSet.slug == "digital-governance")) in table
    assert "งานของเพื่อน" not in table


def test_fiscal_year_hours_are_summed_by_status(client, login_as, world, db, this_year):
    first_day, last_day = this_year
    learner = world["learner"]
    log(db, learner, first_day, "1.25", "วันแรกของปี")
    log(db, learner, last_day, "2", "วันสุดท้ายของปี")
    log(db, learner, first_day + timedelta(days=3), "4", "รอตรวจ", status="pending")
    log(db, learner, first_day + timedelta(days=4), "5", "ส่งกลับ", status="returned")
    log(db, learner, first_day - timedelta(days=1), "7", "ปีที่แล้ว")
    totals = hours_by_status(learner, first_day, last_day)
    assert totals == {"verified": Decimal("3.25"), "pending": Decimal("4"), "returned": Decimal("5")}
    login_as("learner")
    html = client.get("/me/learning").get_data(as_text=True)
    assert '<div class="stat" id="verified-hours">3.25</div>' in html
    assert '<div class="stat" id="pending-hours">4</div>' in html
    assert str(fiscal_year_of(today())) in html


def test_nothing_recorded_yet(client, login_as, world):
    login_as("learner")
    html = client.get("/me/learning").get_data(as_text=True)
    assert '<div class="stat" id="verified-hours">0</div>' in html
    assert 'href="/courses/"' in rows(html)


def test_a_completion_shows_the_course_version_it_came_from(client, login_as, world, db):
    course = published_course(world["institute"], format="self-paced", credit_method="self-learning",
                              title_th="หลักสูตรฉบับแรก", credit_hours=2)
    complete_self_paced(world["learner"], course.published, today())
    republish(course, title_th="หลักสูตรฉบับที่สอง")
    login_as("learner")
    table = rows(client.get("/me/learning").get_data(as_text=True))
    assert "หลักสูตรฉบับแรก" in table and "หลักสูตรฉบับที่สอง" not in table
    assert f'href="/courses/{course.id}"' in table


def test_paginated(client, login_as, world, db, app):
    for n in range(7):
        log(db, world["learner"], today() - timedelta(days=n), "1", f"บันทึกที่ {n}")
    app.config["PER_PAGE"] = 5
    try:
        login_as("learner")
        first = rows(client.get("/me/learning").get_data(as_text=True))
        second = rows(client.get("/me/learning?page=2").get_data(as_text=True))
        assert "บันทึกที่ 0" in first and "บันทึกที่ 4" in first and "บันทึกที่ 5" not in first
        assert "บันทึกที่ 5" in second and "บันทึกที่ 6" in second
        assert client.get("/me/learning?page=abc").status_code == 200
    finally:
        app.config["PER_PAGE"] = 25


def test_a_bounded_number_of_queries(client, login_as, world, db, count_queries):
    login_as("learner")
    log(db, world["learner"], today(), "1", "บันทึกแรก")
    with count_queries() as few:
        client.get("/me/learning")
    for n in range(15):
        course = published_course(world["institute"], format="self-paced", credit_method="self-learning")
        complete_self_paced(world["learner"], course.published, today() - timedelta(days=n))
        log(db, world["learner"], today() - timedelta(days=n), "1", f"บันทึก {n}",
            skills=("digital-literacy", "digital-governance"))
    with count_queries() as many:
        client.get("/me/learning")
    assert many.count == few.count


def test_home_page_summarises_my_learning(client, login_as, world, db):
    log(db, world["learner"], today(), "2.5", "เรียนรู้วันนี้")
    login_as("learner")
    section = client.get("/").get_data(as_text=True).split('id="my-learning"', 1)[1].split("</section>", 1)[0]
    assert "2.5" in section and "เรียนรู้วันนี้" in section
    assert 'href="/me/learning"' in section
