"""Authors build question banks (in the browser and from Moodle files) and quizzes; others
cannot reach them."""

import re

import pytest
from sqlalchemy import func, select

from lms.assessment.quizzes.models import BankQuestion, QuestionBank, Quiz
from lms.extensions import db
from tests.assessment.quiz_factories import bank_with_questions, course_quiz
from tests.catalog.factories import published_course

GOOD_GIFT = "::Q1:: ข้อหนึ่ง {=ก ~ข}\n\n::Q2:: ข้อสอง {T}\n".encode()
BAD_GIFT = "::Q1:: ข้อหนึ่ง {=ก ~ข}\n\n::Q2:: ข้อสอง {~ก ~ข}\n".encode()


def questions_in(bank_id):
    return db.session.scalar(select(func.count(BankQuestion.id)).where(BankQuestion.bank_id == bank_id))


def upload(client, bank, data, name="bank.gift"):
    # The body built here, as bytes: the test client would spool a large one to a temporary
    # file it never closes.
    body = (b"--b0undary\r\nContent-Disposition: form-data; name=\"question_file\"; filename=\"" + name.encode()
            + b"\"\r\nContent-Type: application/octet-stream\r\n\r\n" + data + b"\r\n--b0undary--\r\n")
    return client.post(f"/quizzes/banks/{bank.id}/import", data=body,
                       content_type="multipart/form-data; boundary=b0undary")


def test_author_creates_a_bank_and_adds_a_question(client, world, login):
    login(world["author"])
    response = client.post("/quizzes/banks/new", data={"name": "คลังความปลอดภัย", "description": ""})
    assert response.status_code == 302
    bank = db.session.scalars(select(QuestionBank).where(QuestionBank.name == "คลังความปลอดภัย")).one()
    assert bank.institute_id == world["institute"].id
    response = client.post(f"/quizzes/banks/{bank.id}/questions/new", data={
        "kind": "multiple_choice", "name": "รหัสผ่าน", "text": "รหัสผ่านแบบใด**ปลอดภัย**", "default_mark": "2",
        "true_answer": "true", "answers-0-text": "วลียาว", "answers-0-grade": "100", "answers-0-feedback": "ถูก",
        "answers-1-text": "วันเกิด", "answers-1-grade": "-50"})
    assert response.status_code == 302
    row = db.session.scalars(select(BankQuestion).where(BankQuestion.bank_id == bank.id)).one()
    assert row.kind == "multiple_choice" and str(row.default_mark) == "2.00"
    assert [a["fraction"] for a in row.answers] == ["1", "-0.5"]
    page = client.get(f"/quizzes/banks/{bank.id}").get_data(as_text=True)
    assert "รหัสผ่าน" in page


def test_a_question_with_no_right_choice_is_refused_and_not_saved(client, world, login):
    bank = bank_with_questions(world["institute"], world["author"], questions=())
    login(world["author"])
    response = client.post(f"/quizzes/banks/{bank.id}/questions/new", data={
        "kind": "multiple_choice", "text": "ข้อใด", "default_mark": "1", "true_answer": "true",
        "answers-0-text": "ก", "answers-0-grade": "50", "answers-1-text": "ข", "answers-1-grade": "0"})
    assert response.status_code == 400
    assert "ไม่ได้บันทึก" in response.get_data(as_text=True) or "question-problems" in response.get_data(as_text=True)
    assert questions_in(bank.id) == 0


def test_author_edits_a_true_false_question(client, world, login):
    bank = bank_with_questions(world["institute"], world["author"])
    row = [q for q in bank.questions if q.kind == "true_false"][0]
    login(world["author"])
    page = client.get(f"/quizzes/questions/{row.id}/edit")
    assert page.status_code == 200
    response = client.post(f"/quizzes/questions/{row.id}/edit", data={
        "kind": "true_false", "text": "ฟ้าเป็นสีเขียว", "default_mark": "1", "true_answer": "false"})
    assert response.status_code == 302
    db.session.refresh(row)
    assert row.text == "ฟ้าเป็นสีเขียว"
    assert {a["text"]: a["fraction"] for a in row.answers} == {"true": "0", "false": "1"}


def test_import_a_good_gift_file(client, world, login):
    bank = bank_with_questions(world["institute"], world["author"], questions=())
    login(world["author"])
    response = upload(client, bank, GOOD_GIFT)
    assert response.status_code == 302
    assert questions_in(bank.id) == 2


def test_import_a_bad_file_writes_nothing_and_names_question_and_line(client, world, login):
    bank = bank_with_questions(world["institute"], world["author"], questions=())
    login(world["author"])
    response = upload(client, bank, BAD_GIFT)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "บรรทัดที่ 3" in page and "Q2" in page
    assert questions_in(bank.id) == 0  # Q1 was fine, but nothing is imported


def test_import_a_moodle_xml_file(client, world, login):
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<quiz><question type="truefalse"><name><text>TF</text></name>
<questiontext format="html"><text><![CDATA[<p>ถูกหรือผิด</p>]]></text></questiontext>
<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>
</question></quiz>""".encode()
    bank = bank_with_questions(world["institute"], world["author"], questions=())
    login(world["author"])
    assert upload(client, bank, xml, "bank.xml").status_code == 302
    assert questions_in(bank.id) == 1


def test_an_oversized_file_is_refused(client, world, login):
    bank = bank_with_questions(world["institute"], world["author"], questions=())
    login(world["author"])
    response = upload(client, bank, b"// " + b"x" * (5 * 1024 * 1024 + 10))
    assert response.status_code == 400
    assert "5 MB" in response.get_data(as_text=True)
    assert questions_in(bank.id) == 0


@pytest.fixture
def as_author(world, login):
    login(world["author"])


def test_import_without_csrf_is_refused(client, world, as_author, csrf):
    bank = bank_with_questions(world["institute"], world["author"], questions=())
    response = upload(client, bank, GOOD_GIFT)
    assert response.status_code == 400
    assert questions_in(bank.id) == 0


def test_another_institute_bank_and_question_are_404(client, world, login):
    theirs = bank_with_questions(world["other_institute"], world["author"])
    login(world["author"])
    assert client.get(f"/quizzes/banks/{theirs.id}").status_code == 404
    assert upload(client, theirs, GOOD_GIFT).status_code == 404
    question = theirs.questions[0]
    assert client.post(f"/quizzes/questions/{question.id}/delete").status_code == 404
    assert questions_in(theirs.id) == 2


def test_learners_do_not_author(client, world, login):
    login(world["learner"])
    assert client.get("/quizzes/banks/new").status_code == 403
    assert client.get("/quizzes/new").status_code == 403


def test_author_creates_a_course_quiz_and_publishes_it(client, world, login):
    course = published_course(world["institute"], format="self-paced", sessions=())
    bank = bank_with_questions(world["institute"], world["author"])
    login(world["author"])
    form = client.get(f"/quizzes/new?course_id={course.id}").get_data(as_text=True)
    assert re.search(rf'<option (selected )?value="course:{course.id}"( selected)?>', form).group(0).count("selected")
    response = client.post("/quizzes/new", data={
        "title": "แบบทดสอบ", "attach_to": f"course:{course.id}", "bank_id": bank.id, "pass_percent": "70",
        "attempts_limit": "2", "time_limit_minutes": "15", "shuffle_questions": "y", "required_for_completion": "y"})
    assert response.status_code == 302
    quiz = db.session.scalars(select(Quiz).where(Quiz.course_id == course.id)).one()
    assert (quiz.attempts_limit, quiz.time_limit_minutes, quiz.required_for_completion) == (2, 15, True)
    assert not quiz.is_published
    assert client.post(f"/quizzes/{quiz.id}/publish", data={"published": "1"}).status_code == 302
    db.session.refresh(quiz)
    assert quiz.is_published
    authoring = client.get(f"/author/courses/{course.id}").get_data(as_text=True)
    assert f"/quizzes/{quiz.id}" in authoring


def test_a_quiz_cannot_use_another_institute_course_or_bank(client, world, login):
    course = published_course(world["other_institute"], format="self-paced", sessions=())
    mine = published_course(world["institute"], format="self-paced", sessions=())
    theirs = bank_with_questions(world["other_institute"], world["author"])
    bank = bank_with_questions(world["institute"], world["author"])
    login(world["author"])
    for attach, bank_id in ((f"course:{course.id}", bank.id), (f"course:{mine.id}", theirs.id)):
        response = client.post("/quizzes/new", data={"title": "x", "attach_to": attach, "bank_id": bank_id,
                                                     "pass_percent": "50"})
        assert response.status_code == 400
    assert db.session.scalar(select(func.count(Quiz.id))) == 0


def test_a_quiz_with_an_empty_bank_cannot_be_published(client, world, login):
    course = published_course(world["institute"], format="self-paced", sessions=())
    bank = bank_with_questions(world["institute"], world["author"], questions=())
    quiz = course_quiz(course, bank, world["author"], publish=False)
    login(world["author"])
    client.post(f"/quizzes/{quiz.id}/publish", data={"published": "1"})
    db.session.refresh(quiz)
    assert not quiz.is_published


def test_another_institute_quiz_cannot_be_edited(client, world, login):
    course = published_course(world["other_institute"], format="self-paced", sessions=())
    quiz = course_quiz(course, bank_with_questions(world["other_institute"], world["author"]), world["author"])
    login(world["author"])
    assert client.get(f"/quizzes/{quiz.id}/edit").status_code == 404
    assert client.get(f"/quizzes/{quiz.id}/statistics").status_code == 404
    assert client.post(f"/quizzes/{quiz.id}/publish", data={"published": "0"}).status_code == 404
