"""Search that works for Thai: substring terms over titles, summaries and descriptions."""

import pytest
from sqlalchemy import select

from lms.catalog import search
from lms.catalog.search import CourseSearchDocument
from lms.core.dates import today_in_bangkok
from lms.home.catalogue import CatalogueFilters, catalogue_query
from tests.catalog.factories import draft_course, published_course, republish


def found(db, query, **filters) -> list[str]:
    """Thai titles of the published versions a search finds."""
    statement = catalogue_query(CatalogueFilters(query=query, **filters), today_in_bangkok())
    return [v.title_th for v in db.session.scalars(statement)]


@pytest.fixture
def catalogue(world):
    inst = world["institute"]
    return {
        "policy": published_course(inst, title_th="การวิเคราะห์ข้อมูลเพื่อนโยบาย", title_en="Data Analysis for Policy",
                                   summary_en="Evidence for decisions", description="ใช้ **Excel** และ Power BI"),
        "cyber": published_course(inst, title_th="สุขอนามัยไซเบอร์", title_en="Cyber hygiene",
                                  summary_th="รหัสผ่านและการยืนยันตัวตน", description="Phishing and passwords"),
        "law": published_course(inst, title_th="กฎหมายว่าด้วยการบริหารงานภาครัฐ", title_en="Electronic administration law",
                                description="พ.ร.บ. การปฏิบัติราชการทางอิเล็กทรอนิกส์ and open DATA"),
    }


def test_thai_word_inside_a_title_without_spaces(db, catalogue):
    assert found(db, "ข้อมูล") == ["การวิเคราะห์ข้อมูลเพื่อนโยบาย"]
    assert found(db, "นโยบาย") == ["การวิเคราะห์ข้อมูลเพื่อนโยบาย"]


def test_searches_summaries_and_descriptions_in_both_languages(db, catalogue):
    assert found(db, "รหัสผ่าน") == ["สุขอนามัยไซเบอร์"]  # Thai summary
    assert found(db, "phishing") == ["สุขอนามัยไซเบอร์"]  # description
    assert found(db, "evidence") == ["การวิเคราะห์ข้อมูลเพื่อนโยบาย"]  # English summary
    assert found(db, "อิเล็กทรอนิกส์") == ["กฎหมายว่าด้วยการบริหารงานภาครัฐ"]


def test_english_is_case_insensitive(db, catalogue):
    assert found(db, "DATA analysis") == ["การวิเคราะห์ข้อมูลเพื่อนโยบาย"]
    assert found(db, "cYbEr") == ["สุขอนามัยไซเบอร์"]
    assert sorted(found(db, "data")) == sorted(["การวิเคราะห์ข้อมูลเพื่อนโยบาย", "กฎหมายว่าด้วยการบริหารงานภาครัฐ"])


def test_every_word_must_match(db, catalogue):
    assert found(db, "data ข้อมูล") == ["การวิเคราะห์ข้อมูลเพื่อนโยบาย"]
    assert found(db, "data ไซเบอร์") == []
    assert len(found(db, "   ")) == 3  # blank: no search at all


def test_a_word_never_matches_across_two_fields(db, world):
    published_course(world["institute"], title_th="ข้อมูล", title_en="open", description="ระบบ")
    assert found(db, "ข้อมูลopen") == []
    assert found(db, "open") == ["ข้อมูล"]


def test_like_characters_and_quotes_are_taken_literally(db, world):
    published_course(world["institute"], title_th="ลดต้นทุน 50% ใน 1 ปี", title_en="snake_case and back\\slash")
    published_course(world["institute"], title_th="หลักสูตรอื่น", title_en="something else entirely")
    assert found(db, "%") == ["ลดต้นทุน 50% ใน 1 ปี"]
    assert found(db, "_") == ["ลดต้นทุน 50% ใน 1 ปี"]
    assert found(db, "\\") == ["ลดต้นทุน 50% ใน 1 ปี"]
    assert found(db, "e_c") == ["ลดต้นทุน 50% ใน 1 ปี"]
    assert found(db, "'; DROP TABLE courses; --") == []
    assert found(db, "<script>alert(1)</script>") == []
    assert len(found(db, "")) == 2


def test_drafts_and_superseded_versions_are_never_found(db, world):
    draft_course(world["institute"], title_th="ฉบับร่างเรื่องข้อมูล")
    course = published_course(world["institute"], title_th="รุ่นแรก ข้อมูลเก่า", title_en="First")
    republish(course, title_th="รุ่นใหม่ ข้อมูลใหม่")
    assert found(db, "ข้อมูล") == ["รุ่นใหม่ ข้อมูลใหม่"]
    assert found(db, "เก่า") == []
    assert found(db, "ฉบับร่าง") == []
    # one document per course: the superseded version's went
    assert db.session.scalar(select(CourseSearchDocument.course_version_id)) == course.published.id


def test_thai_spelling_variants_and_invisible_marks_still_match(db, world):
    # ำ typed as nikhahit + sara aa, and a zero-width space from copied text
    published_course(world["institute"], title_th="การทำงานแบบดิจิทัล", title_en="Digital work")
    assert found(db, "ท\u0e4d\u0e32งาน") == ["การทำงานแบบดิจิทัล"]
    assert found(db, "การ\u200bทำงาน") == ["การทำงานแบบดิจิทัล"]


def test_search_combines_with_filters(db, catalogue, world):
    published_course(world["institute"], title_th="ข้อมูลสำหรับผู้บริหาร", skill_sets=["digital-leadership"])
    assert found(db, "ข้อมูล", skill_set="digital-leadership") == ["ข้อมูลสำหรับผู้บริหาร"]


def test_query_terms_are_bounded_and_deduplicated():
    assert search.query_terms(" Data  data DATA ข้อมูล ") == ["data", "ข้อมูล"]
    assert len(search.query_terms(" ".join(f"w{i}" for i in range(50)))) == search.MAX_TERMS
    assert search.query_terms("x" * 1000) == ["x" * search.MAX_TERM_LENGTH]
    assert search.query_terms(None) == []


def test_like_pattern_escapes_its_own_characters():
    assert search.like_pattern("50%_a\\b") == "%50\\%\\_a\\\\b%"


def test_rebuild_restores_documents_after_bulk_sql(db, catalogue):
    db.session.execute(CourseSearchDocument.__table__.delete())
    assert found(db, "ข้อมูล") == []
    assert search.rebuild_search_documents() == 3
    assert found(db, "ข้อมูล") == ["การวิเคราะห์ข้อมูลเพื่อนโยบาย"]


def test_documents_hold_only_published_versions(db, world):
    course = draft_course(world["institute"], title_th="ยังไม่เผยแพร่")
    assert db.session.get(CourseSearchDocument, course.draft.id) is None
    version = published_course(world["institute"], title_th="เผยแพร่แล้ว", title_en="Out").published
    document = db.session.get(CourseSearchDocument, version.id).document
    assert document.startswith("เผยแพร่แล้ว\nout\n")
