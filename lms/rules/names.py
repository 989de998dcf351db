"""What people call the rules: a name in Thai and English, the guideline section it comes
from and the guideline's own sentence (quoted in Thai, with Arabic digits).

Codes (R1 … R6) are for the code, the CLI and logs; pages show a rule's name instead,
linked to the public page that explains it (anchor = `slug`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .verdict import LANGUAGES, UnknownSlug


@dataclass(frozen=True)
class RuleName:
    code: str  # "R2": never shown to a user
    slug: str  # the anchor of the rule on the rules page
    name_th: str
    name_en: str
    section: str  # the guideline's section number, e.g. "4.8.3"
    source_th: str  # the guideline's sentence the rule comes from, shortened

    def name(self, language: str = "en") -> str:
        """The rule's name in "th" or "en"; any other language is a caller's bug (ValueError)."""
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}; expected one of {LANGUAGES}")
        return self.name_th if language == "th" else self.name_en


RULES = (
    RuleName(
        "R1", "lecture-cap", "การบรรยายไม่เกินสัดส่วนที่กำหนด", "Lecture time within the limit", "4.8.4",
        "ในกรณีการจัดการเรียนรู้ด้วยการฝึกอบรม (In-class Training) … ในสัดส่วนการบรรยายไม่เกินร้อยละ 60"
        " และการพัฒนารูปแบบอื่นไม่น้อยกว่าร้อยละ 40 ของระยะเวลาทั้งหมดที่ใช้ในการจัดการฝึกอบรม",
    ),
    RuleName(
        "R2", "mix", "สัดส่วนการเรียนรู้ 70:20:10", "70:20:10 learning mix", "4.8.3",
        "รูปแบบการเรียนรู้และพัฒนา 70:20:10 (ร้อยละ 70 เรียนรู้ด้วยตนเองและจากการปฏิบัติงาน"
        " ร้อยละ 20 เรียนรู้จากผู้อื่นและการสอนงาน และร้อยละ 10 เรียนรู้จากการฝึกอบรม)",
    ),
    RuleName(
        "R3", "current-future", "สัดส่วนงานปัจจุบันและงานอนาคต 70:30", "70:30 current and future work",
        "4.5.4",
        "การพัฒนาที่มุ่งเน้นการพัฒนาทักษะและความสามารถเพื่อการทำงานในปัจจุบัน"
        " และการเตรียมความพร้อมเพื่อการทำงานในอนาคต … ในสัดส่วน 70 : 30",
    ),
    RuleName(
        "R4", "foundation", "กลุ่มทักษะพื้นฐานครบทั้งสองกลุ่ม", "Both foundation skill sets", "4.7.1",
        "ข้าราชการและบุคลากรภาครัฐมีทักษะที่ควรให้การส่งเสริมและพัฒนา 5 มิติการเรียนรู้ 7 กลุ่มทักษะ",
    ),
    RuleName(
        "R5", "group-agreement", "กลุ่มเป้าหมายที่ตกลงกับผู้บังคับบัญชา", "Target group agreed with the supervisor",
        "4.6.3",
        "ให้เป็นไปตามที่ได้ปรึกษาหารือกับผู้บังคับบัญชาชั้นต้นของผู้นั้น … มากกว่า 1 กลุ่ม"
        " … โดยความเห็นชอบของผู้บังคับบัญชาเหนือขึ้นไปอีกระดับหนึ่ง",
    ),
    RuleName(
        "R6", "agency-phase", "ระยะการพัฒนาของหน่วยงาน", "The agency's development phase", "4.6.2",
        "ให้ส่วนราชการและหน่วยงานภาครัฐแต่ละแห่งพิจารณากำหนดเป็นภาพรวมของหน่วยงาน"
        " … และให้ประกาศให้ทราบทั่วกัน",
    ),
)
_BY_CODE = {rule.code: rule for rule in RULES}


def rule_named(code: str) -> RuleName:
    """The name and source of a rule by its code ("R2"); UnknownSlug for any other code."""
    try:
        return _BY_CODE[code]
    except KeyError:
        raise UnknownSlug("rule code", code, sorted(_BY_CODE)) from None
