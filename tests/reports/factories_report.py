"""A small agency whose report can be worked out by hand (tests of the report page, its
drill-down and exports). Everything is written through the real services, so the sums the
report reads are the ones the database triggers keep.

    ministry กระทรวงรายงาน
      └ agency กรมรายงาน (phase develop; CIO: cio; agency admin: admin)   cio, admin
          ├ division กองหนึ่ง (head: head)                                 head, a, b, c
          │   └ team ทีมเอ                                                  t1, t2
          └ division กองสอง                                                 d1, left (deactivated 1 Jan 2025)
    other agency กรมอื่น (CIO: other_cio)                                    other_cio, outsider
    site_admin in the ministry

Fiscal year 2569 (1 Oct 2025 – 30 Sep 2026), counted = verified:
    a   14 self-learning (digital-literacy) + 4 coaching (digital-governance) + 2 training = 20 h,
        70:20:10 exactly, both foundation skill sets; agreed plan 70:30 (BALANCED_ITEMS)
    b   10 training (digital-literacy): mix fails, one foundation set; agreed plan all current
    c   5 self-learning, pending: counts nothing
    t2  7 on-the-job + 2 learning-from-others + 1 training = 10 h, 70:20:10; agreed plan 7:3
    head: a draft plan; cio, admin, t1, d1: nothing
  → 9 people in scope, agreed plan 3, learning 3, mix 2, foundation 1, 70:30 2, 40 h, median 0.
Fiscal year 2568 (1 Oct 2024 – 30 Sep 2025): left still counts (deactivated during it)
    a 6 on-the-job, d1 3 self-learning, left 4 training; d1 an agreed plan (BALANCED_ITEMS)
  → 10 people in scope, agreed plan 1, learning 3, mix 0, foundation 0, 70:30 1, 13 h.
"""

import itertools
from datetime import UTC, date, datetime
from decimal import Decimal
from html.parser import HTMLParser

from sqlalchemy import select

from lms.extensions import db
from lms.records.services import record_learning
from lms.reference.models import EmploymentType, LearningMethod, SkillSet, TargetGroup
from tests import factories
from tests.development.plan_factories import BALANCED_ITEMS, agreed_plan, draft_plan

CREATED = datetime(2024, 1, 1, tzinfo=UTC)  # everyone's account: before both years
_keys = itertools.count(1)


def by_slug(model, slug: str):
    row = db.session.scalar(select(model).where(model.slug == slug))
    assert row is not None, f"no {model.__name__} {slug!r}"
    return row


def add_record(person, method: str, hours, on: date, status: str = "verified", skill_sets=()):
    """A learning record through the real service (the triggers keep the sums)."""
    tags = [by_slug(SkillSet, slug) for slug in skill_sets]
    record, _ = record_learning(person, method=by_slug(LearningMethod, method), hours=Decimal(str(hours)),
                                occurred_on=on, title=f"{method} {on}", source="log",
                                source_key=f"report-{next(_keys)}", skill_sets=tags, status=status)
    return record


def member(unit, supervisor=None, *, name_th: str, name_en: str, employment="civil-servant", group=None,
           **fields):
    fields.setdefault("created_at", CREATED)
    return factories.person(unit, supervisor, name_th=name_th, name_en=name_en,
                            employment_type=by_slug(EmploymentType, employment),
                            hr_target_group=by_slug(TargetGroup, group) if group else None, **fields)


def build_report_world() -> dict:
    ministry = factories.organisation("กระทรวงรายงาน", kind="ministry", code="R-MIN", name_en="Ministry of Reports")
    agency = factories.organisation("กรมรายงาน", parent=ministry, kind="department", code="R-AG",
                                    name_en="Department of Reports", is_agency=True, phase=factories.phase("develop"))
    div1 = factories.organisation("กองหนึ่ง", parent=agency, kind="division", code="R-D1", name_en="Division One")
    team = factories.organisation("ทีมเอ", parent=div1, kind="unit", code="R-T1", name_en="Team A")
    div2 = factories.organisation("กองสอง", parent=agency, kind="division", code="R-D2", name_en="Division Two")
    other = factories.organisation("กรมอื่น", parent=ministry, kind="department", code="R-OTHER",
                                   name_en="Other Department", is_agency=True)

    cio = member(agency, name_th="ชาญ ซีไอโอ", name_en="Chan CIO", email="cio@report.go.th")
    admin = member(agency, name_th="อัญชลี ผู้ดูแล", name_en="Anchalee Admin", email="admin@report.go.th",
                   admin_of=agency)
    head = member(div1, cio, name_th="หทัย หัวหน้ากอง", name_en="Hathai Head", email="head@report.go.th")
    a = member(div1, head, name_th="อรทัย ครบถ้วน", name_en="Orathai Complete", group="service")
    b = member(div1, head, name_th="บุญมี อบรม", name_en="Boonmee Training", group="academic")
    c = member(div1, head, name_th="จันทร์ รอตรวจ", name_en="Chan Pending", group="service",
               employment="government-employee")
    t1 = member(team, head, name_th="ทองดี ชั่วคราว", name_en="Thongdee Temporary", group="others",
                employment="temporary-employee")
    t2 = member(team, head, name_th="ธนา ผสมผสาน", name_en="Thana Blended", group="technology")
    d1 = member(div2, cio, name_th="ดารา ปีก่อน", name_en="Dara Lastyear", group="service")
    left = member(div2, cio, name_th="ลาออก แล้ว", name_en="Left Already", is_active=False,
                  deactivated_at=datetime(2025, 1, 1, tzinfo=UTC))
    agency.cio, div1.head = cio, head
    other_cio = member(other, name_th="โอภาส ซีไอโออื่น", name_en="Opas Other CIO", email="other.cio@report.go.th")
    outsider = member(other, other_cio, name_th="อื่น คนนอก", name_en="Other Outsider")
    other.cio = other_cio
    site_admin = member(ministry, name_th="ศักดิ์ ผู้ดูแลระบบ", name_en="Sak Site Admin",
                        email="site@report.go.th", is_site_admin=True)
    db.session.flush()

    # Fiscal year 2569
    add_record(a, "self-learning", 14, date(2025, 11, 10), skill_sets=["digital-literacy"])
    add_record(a, "coaching", 4, date(2026, 1, 15), skill_sets=["digital-governance"])
    add_record(a, "training", 2, date(2026, 3, 2))
    add_record(b, "training", 10, date(2025, 10, 20), skill_sets=["digital-literacy"])
    add_record(c, "self-learning", 5, date(2026, 2, 1), status="pending")
    add_record(t2, "on-the-job", 7, date(2025, 12, 5))
    add_record(t2, "learning-from-others", 2, date(2026, 2, 10))
    add_record(t2, "training", 1, date(2026, 4, 1))
    agreed_plan(a, fiscal_year=2569, groups=("service",))
    agreed_plan(b, fiscal_year=2569, groups=("academic",),
                items=(("digital-literacy", "self-learning", 10, "current"),
                       ("digital-governance", "training", 10, "current")))
    agreed_plan(t2, fiscal_year=2569, groups=("technology",),
                items=(("digital-literacy", "self-learning", 7, "current"),
                       ("digital-governance", "on-the-job", 3, "future")))
    draft_plan(head, fiscal_year=2569)
    # Fiscal year 2568
    add_record(a, "on-the-job", 6, date(2025, 6, 1))
    add_record(d1, "self-learning", 3, date(2025, 5, 1))
    add_record(left, "training", 4, date(2024, 12, 1))
    agreed_plan(d1, fiscal_year=2568, groups=("service",), items=BALANCED_ITEMS)
    db.session.flush()
    return {
        "ministry": ministry, "agency": agency, "div1": div1, "team": team, "div2": div2, "other": other,
        "cio": cio, "admin": admin, "head": head, "a": a, "b": b, "c": c, "t1": t1, "t2": t2, "d1": d1,
        "left": left, "other_cio": other_cio, "outsider": outsider, "site_admin": site_admin,
    }


class _Rows(HTMLParser):
    """The text of each cell of the table rows (<tr>) that carry `attribute`, by its value."""

    def __init__(self, attribute: str):
        super().__init__()
        self.attribute, self.rows, self.row, self.cell = attribute, {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and self.attribute in attrs:
            self.row = self.rows.setdefault(attrs[self.attribute], [])
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr":
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_rows(html: str, attribute: str) -> dict[str, list[str]]:
    """{attribute value: [cell text, …]} of the rows of a page that carry `attribute`, in order."""
    parser = _Rows(attribute)
    parser.feed(html)
    return parser.rows
