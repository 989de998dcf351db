"""The demo's skills: a framework version with levels (lms/demo/skills-framework.json, a CASE
file keeping the seven seeded skill sets), a quiz bank imported from GIFT and a quiz that the
self-paced course DG-LIT-103 requires, and one person's self-assessment waiting for their
supervisor. Each part only where it is missing; flushes, never commits."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from ..accounts.demo import DemoFileError
from ..accounts.models import Institute, Person
from ..assessment.frameworks.models import SkillFramework
from ..assessment.frameworks.transfer import import_case
from ..assessment.quizzes.banks import create_bank, import_questions
from ..assessment.quizzes.models import QuestionBank
from ..assessment.quizzes.services import QuizSettings, save_quiz, set_published
from ..assessment.ratings.services import LevelChoice, assessment_of, save_self_assessment
from ..catalog.models import Course
from ..core.dates import fiscal_year_bounds, fiscal_year_of
from ..extensions import db

HERE = Path(__file__).parent
FRAMEWORK_FILE = HERE / "skills-framework.json"
GIFT_FILE = HERE / "gift-cyber-hygiene.txt"
QUIZ_COURSE = "DG-LIT-103"
BANK_NAME = "คลังข้อสอบความปลอดภัยไซเบอร์พื้นฐาน"
# Someone with a supervisor and a plan of their own in the demo (lms/demo/history.py).
SELF_ASSESSOR = "kanokporn.m"


@dataclass
class Skills:
    framework: bool = False
    quiz: bool = False
    self_assessment: bool = False

    @property
    def changed(self) -> bool:
        return self.framework or self.quiz or self.self_assessment


def build_skills(people: dict[str, Person], institute: Institute, author: Person, today: date) -> Skills:
    built = Skills(framework=_framework(today))
    built.quiz = _quiz(institute, author)
    built.self_assessment = _self_assessment(people[SELF_ASSESSOR], today)
    return built


def _framework(today: date) -> bool:
    """The demo's framework version, in force from the start of this fiscal year."""
    data = FRAMEWORK_FILE.read_bytes()
    if db.session.scalar(select(SkillFramework.id).where(SkillFramework.version_label == "2570-สาธิต")):
        return False
    start, _end = fiscal_year_bounds(fiscal_year_of(today))
    framework, problems = import_case(data, None, today=today, effective_on=start, actor_label="demo")
    if framework is None:
        raise DemoFileError(f"{FRAMEWORK_FILE.name}: " + "; ".join(problems))
    return True


def _quiz(institute: Institute, author: Person) -> bool:
    if db.session.scalar(select(QuestionBank.id).where(QuestionBank.institute_id == institute.id,
                                                      QuestionBank.name == BANK_NAME)):
        return False
    course = db.session.scalar(select(Course).where(Course.code == QUIZ_COURSE, Course.institute_id == institute.id))
    if course is None:
        raise DemoFileError(f"the sample course {QUIZ_COURSE} is missing")
    bank = create_bank(institute, BANK_NAME, "ข้อสอบจากไฟล์ GIFT ตัวอย่าง", author)
    result = import_questions(bank, GIFT_FILE.read_bytes(), author)
    if result.errors:
        raise DemoFileError(f"{GIFT_FILE.name}: " + "; ".join(str(error) for error in result.errors))
    quiz = save_quiz(institute, QuizSettings(
        title="แบบทดสอบหลังเรียน: สุขอนามัยไซเบอร์", description="ผ่านร้อยละ 60 เพื่อสำเร็จหลักสูตร",
        bank_id=bank.id, course_id=course.id, time_limit_minutes=15, attempts_limit=3,
        required_for_completion=True), author)
    set_published(quiz, True, author)
    return True


def _self_assessment(person: Person, today: date) -> bool:
    if assessment_of(person, fiscal_year_of(today)) is not None:
        return False
    framework = db.session.scalar(select(SkillFramework).where(SkillFramework.version_label == "2570-สาธิต"))
    choices = {edition.skill_set_id: LevelChoice(1 + edition.position % 3) for edition in framework.editions}
    save_self_assessment(person, choices, True, today)
    return True
