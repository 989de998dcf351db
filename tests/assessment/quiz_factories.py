"""Question banks and quizzes for tests, built through the services (flushed, never committed).

    bank = bank_with_questions(world["institute"], world["author"])
    quiz = course_quiz(course, bank, world["author"], attempts_limit=2)
"""

from decimal import Decimal

from lms.assessment.question_formats import Answer, Question, QuestionKind, TextFormat
from lms.assessment.quizzes.banks import create_bank, save_question
from lms.assessment.quizzes.services import QuizSettings, save_quiz, set_published

D = Decimal


def mc_question(name="mc", right="กรุงเทพ", wrong=("เชียงใหม่", "ขอนแก่น"), wrong_grade=Decimal(0)) -> Question:
    # Feedback words that no page label uses ("ถูก"/"ผิด" are the Thai true/false choices).
    answers = (Answer(right, D(1), feedback="คำตอบนี้ถูกต้องแล้ว"),) + tuple(
        Answer(w, wrong_grade, feedback="คำตอบนี้ยังไม่ถูก") for w in wrong)
    return Question(QuestionKind.MULTIPLE_CHOICE, name, f"{name}: เมืองหลวงของไทยคือ?", answers,
                    text_format=TextFormat.MARKDOWN, general_feedback="คำอธิบายทั่วไป")


def ma_question(name="ma") -> Question:
    return Question(QuestionKind.MULTIPLE_ANSWER, name, f"{name}: ข้อใดเป็นจำนวนเฉพาะ", (
        Answer("2", D("0.5")), Answer("3", D("0.5")), Answer("4", D("-0.5")), Answer("6", D("-0.5"))),
        text_format=TextFormat.MARKDOWN)


def tf_question(name="tf", right="true") -> Question:
    return Question(QuestionKind.TRUE_FALSE, name, f"{name}: ฟ้าเป็นสีฟ้า", (
        Answer("true", D(1 if right == "true" else 0)), Answer("false", D(0 if right == "true" else 1))),
        text_format=TextFormat.MARKDOWN)


def short_question(name="short") -> Question:
    return Question(QuestionKind.SHORT_ANSWER, name, f"{name}: ภาษาโปรแกรมงูคือ?", (
        Answer("Python", D(1)), Answer("py*", D("0.5"))), text_format=TextFormat.MARKDOWN)


def numeric_question(name="num") -> Question:
    return Question(QuestionKind.NUMERIC, name, f"{name}: ค่าของ pi", (
        Answer("3.14", D(1), value=D("3.14"), tolerance=D("0.01")),), text_format=TextFormat.MARKDOWN,
        default_mark=D(2))


def bank_with_questions(institute, author, questions=None, name="คลังข้อสอบ"):
    bank = create_bank(institute, name, "", author)
    for question in questions if questions is not None else (mc_question(), tf_question()):
        assert save_question(bank, question, author) == []
    return bank


def course_quiz(course, bank, author, publish=True, **settings):
    values = {"title": "แบบทดสอบท้ายบท", "description": "", "bank_id": bank.id, "course_id": course.id}
    values.update(settings)
    quiz = save_quiz(course.institute, QuizSettings(**values), author)
    if publish:
        set_published(quiz, True, author)
    return quiz


def skill_set_quiz(institute, skill_set, bank, author, publish=True, **settings):
    values = {"title": "แบบทดสอบระดับทักษะ", "description": "", "bank_id": bank.id, "skill_set_id": skill_set.id}
    values.update(settings)
    quiz = save_quiz(institute, QuizSettings(**values), author)
    if publish:
        set_published(quiz, True, author)
    return quiz
