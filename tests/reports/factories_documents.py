"""Units with heads, people in target groups and counted hours, for the documents' tests
(the executive report and the open-data package). Flushed, never committed."""

import itertools
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from lms.core.dates import fiscal_year_bounds, fiscal_year_of, today_in_bangkok
from lms.extensions import db
from lms.records.models import LearningRecord
from lms.reference.models import LearningMethod, SkillSet, TargetGroup
from tests import factories

_seq = itertools.count(1)

# 70:20:10 exactly, in both foundation skill sets.
BALANCED_HOURS = (("on-the-job", 7, "digital-literacy"), ("coaching", 2, "digital-governance"),
                  ("training", 1, "digital-literacy"))


def this_fiscal_year() -> int:
    return fiscal_year_of(today_in_bangkok())


def day_in(fiscal_year: int) -> date:
    """A day inside the fiscal year and not after today: what a record may say."""
    start, end = fiscal_year_bounds(fiscal_year)
    return min(end, max(start, today_in_bangkok()))


def by_slug(model, slug):
    return db.session.scalar(select(model).where(model.slug == slug))


def record(person, method: str, hours, fiscal_year: int, *skill_sets: str, status="verified") -> LearningRecord:
    row = LearningRecord(person_id=person.id, method=by_slug(LearningMethod, method), hours=Decimal(str(hours)),
                         occurred_on=day_in(fiscal_year), title=f"การเรียนรู้ {next(_seq)}", source="import",
                         source_key=f"documents-{next(_seq)}", status=status,
                         skill_sets=[by_slug(SkillSet, slug) for slug in skill_sets])
    db.session.add(row)
    db.session.flush()
    return row


def balanced_year(person, fiscal_year: int, scale=1) -> None:
    """Counted hours that meet R2 and R4: 7, 2 and 1 hours (times `scale`)."""
    for method, hours, skill_set in BALANCED_HOURS:
        record(person, method, hours * scale, fiscal_year, skill_set)


def people(unit, count: int, group: str | None = None, **fields) -> list:
    """`count` people in `unit`, in the HR target group `group` (slug) when given."""
    hr_group = by_slug(TargetGroup, group) if group else None
    return [factories.person(unit, hr_target_group=hr_group, **fields) for _ in range(count)]


def headed_unit(world):
    """A unit under department A whose Thai names carry SARA AM (ำ), headed by a person whose
    name does too; department A and its division get heads as well."""
    office = factories.organisation("สำนักงานกำหนดมาตรฐานการทำงาน", parent=world["dept_a"], kind="division",
                                    code="OFF-A2", name_en="Office of Work Standards")
    head = factories.person(office, world["director"], name_th="กำไล ทำดี", name_en="Kamlai Thamdee",
                            position="ผู้อำนวยการสำนักงาน", email="kamlai@example.go.th")
    office.head = head
    world["dept_a"].head = world["director"]
    world["division"].head = world["supervisor"]
    db.session.flush()
    return office, head


def pdf_text(content: bytes, tmp_path: Path, name="document.pdf", layout="-raw") -> str:
    """What pdftotext extracts, in the order the page draws it (-raw): the text a reader copies."""
    path = tmp_path / name
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", layout, str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def pdf_pages_rendered(content: bytes, tmp_path: Path) -> list[Path]:
    """The pages pdftoppm renders, as PNG files."""
    path = tmp_path / "render.pdf"
    path.write_bytes(content)
    out = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(out)], check=True, capture_output=True)
    return sorted(tmp_path.glob("page*.png"))
