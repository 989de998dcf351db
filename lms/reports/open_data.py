"""The open-data package (§4.9.8): aggregates only, ready for data.go.th.

Two CSV files (UTF-8, no byte-order mark: the portal and data tools read it as is) and a
Frictionless Data Package descriptor (datapackage.json) saying what each column holds:
- units.csv: the units of the subtree (code, names, parent), no people;
- development.csv: per unit × target group, the people in scope, with an agreed plan, with
  counted learning, meeting 70:20:10, and their counted hours.

Nobody can be picked out: each row counts the people directly in one unit (units do not
contain each other's people and there are no totals, so no cell can be worked out by
subtracting published ones), and every figure that counts fewer than five people, or is
worked out from fewer than five, is empty (suppression.suppress). A person is in every target
group they belong to, so the rows of a unit need not add up to its people.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, select

from ..accounts.models import Organisation, Person, person_target_groups
from ..accounts.person_groups import in_target_groups
from ..accounts.services import organisation_subtree_ids
from ..core.models import utcnow
from ..development.mix import counted_only_verified
from ..extensions import db
from ..reference.models import TargetGroup
from ..reference.services import ordered
from .coverage import Coverage, coverage_by_key
from .filters import ReportFilters, in_units, person_conditions
from .suppression import THRESHOLD, suppress, suppressed_unless

# The group of the people with no target group recorded (none agreed, none from HR).
NO_GROUP = ("none", "ไม่ได้ระบุกลุ่มเป้าหมาย", "No target group recorded")
LICENSE = {
    "name": "dga-open-government-license",
    "path": "https://www.data.go.th/pages/dga-open-government-license",
    "title": "ข้อกำหนดและเงื่อนไขการอนุญาตให้ใช้ข้อมูลภาครัฐแบบเปิดของ สพร. (DGA Open Government License)",
}
SUPPRESSED_NOTE = (
    f"ช่องที่ว่างคือค่าที่นับคนได้น้อยกว่า {THRESHOLD} คน หรือคำนวณจากคนน้อยกว่า {THRESHOLD} คน"
    " (รวมถึง 0) ซึ่งปิดไว้เพื่อไม่ให้ระบุตัวบุคคลได้ / An empty cell counts fewer than"
    f" {THRESHOLD} people, or is worked out from fewer than {THRESHOLD} (0 included): suppressed so"
    " that nobody can be identified.")

UNIT_FIELDS = [
    ("code", "string", "รหัสหน่วยงาน / Unit code", True),
    ("name_th", "string", "ชื่อหน่วยงาน (ไทย) / Unit name in Thai", True),
    ("name_en", "string", "ชื่อหน่วยงาน (อังกฤษ) / Unit name in English", False),
    ("parent_code", "string", "รหัสหน่วยงานต้นสังกัด (ว่างสำหรับหน่วยงานบนสุดของชุดข้อมูล) /"
                              " Code of the unit above (empty for the top unit of the package)", False),
    ("kind", "string", "ประเภท (ministry, department, division, unit) / Kind of unit", True),
]
COUNT = "integer"
DEVELOPMENT_FIELDS = [
    ("fiscal_year", COUNT, "ปีงบประมาณ (พ.ศ.) / Fiscal year (Buddhist Era)", True),
    ("unit_code", "string", "รหัสหน่วยงาน (units.csv) / Unit code (units.csv)", True),
    ("target_group", "string", "รหัสกลุ่มเป้าหมาย / Target group slug", True),
    ("target_group_name_th", "string", "กลุ่มเป้าหมาย (ไทย) / Target group in Thai", True),
    ("target_group_name_en", "string", "กลุ่มเป้าหมาย (อังกฤษ) / Target group in English", True),
    ("people_in_scope", COUNT, "จำนวนบุคลากรที่อยู่ในขอบเขตของปี (ข้อ 4.4) / People in scope that year (§4.4)", False),
    ("with_agreed_plan", COUNT, "จำนวนคนที่มีแผนพัฒนาที่ได้รับความเห็นชอบ / People with an agreed development"
                                " plan", False),
    ("with_agreed_plan_percent", "number", "ร้อยละของคนที่มีแผนที่ได้รับความเห็นชอบ / Percent of people in"
                                           " scope with an agreed plan", False),
    ("with_counted_learning", COUNT, "จำนวนคนที่มีชั่วโมงการเรียนรู้ที่นับได้ / People with counted learning"
                                     " hours", False),
    ("with_counted_learning_percent", "number", "ร้อยละของคนที่มีชั่วโมงการเรียนรู้ที่นับได้ / Percent of"
                                                " people in scope with counted learning", False),
    ("meeting_70_20_10", COUNT, "จำนวนคนที่สัดส่วนการเรียนรู้เป็นไปตาม 70:20:10 / People whose learning"
                                " meets 70:20:10", False),
    ("meeting_70_20_10_percent", "number", "ร้อยละของคนที่เป็นไปตาม 70:20:10 / Percent of people in scope"
                                           " meeting 70:20:10", False),
    ("counted_hours", "number", "ชั่วโมงการเรียนรู้ที่นับได้รวม / Counted learning hours in total", False),
    ("counted_hours_per_person", "number", "ชั่วโมงการเรียนรู้ที่นับได้ต่อคนในขอบเขต / Counted hours per"
                                           " person in scope", False),
]


@dataclass(frozen=True)
class OpenDataPackage:
    """The package's files: name -> bytes."""

    name: str
    files: dict[str, bytes]

    def zip_bytes(self) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in self.files.items():
                archive.writestr(f"{self.name}/{name}", content)
        return out.getvalue()


@dataclass(frozen=True)
class OpenDataTables:
    """The package's tables as values (None where suppressed), in the columns of UNIT_FIELDS
    and DEVELOPMENT_FIELDS: what every format of the open data is written from."""

    name: str  # the package's name: thaksa-<unit code>-<fiscal year>
    units: list[list]
    development: list[list]


def open_data_tables(unit: Organisation, fiscal_year: int) -> OpenDataTables:
    """The suppressed tables of a unit's subtree for a fiscal year (B.E.)."""
    org_ids = organisation_subtree_ids(unit)
    units = db.session.scalars(select(Organisation).where(in_units(Organisation.id, org_ids))
                               .order_by(Organisation.code)).all()
    codes = {u.id: u.code for u in units}
    unit_rows = [[u.code, u.name_th, u.name_en, codes.get(u.parent_id, ""), u.kind] for u in units]
    development_rows = [
        _development_row(fiscal_year, codes[org_id], group, coverage)
        for group, by_unit in _coverage_by_group(org_ids, fiscal_year)
        for org_id, coverage in by_unit.items() if coverage.in_scope
    ]
    development_rows.sort(key=lambda row: (row[1], row[2]))
    return OpenDataTables(f"thaksa-{_ascii(unit.code)}-{fiscal_year}", unit_rows, development_rows)


def open_data_package(unit: Organisation, fiscal_year: int, now: datetime | None = None) -> OpenDataPackage:
    """The package of a unit's subtree for a fiscal year (B.E.)."""
    tables = open_data_tables(unit, fiscal_year)
    files = {
        "units.csv": _csv([f[0] for f in UNIT_FIELDS], tables.units),
        "development.csv": _csv([f[0] for f in DEVELOPMENT_FIELDS], tables.development),
    }
    files["datapackage.json"] = json.dumps(package_descriptor(tables.name, unit, fiscal_year, now or utcnow()),
                                           ensure_ascii=False, indent=2).encode("utf-8")
    return OpenDataPackage(tables.name, files)


def _coverage_by_group(org_ids: list[int], fiscal_year: int):
    """(group (slug, name_th, name_en), {unit id: Coverage of its own people in that group}) for
    every target group and for the people in none: one set of grouped statements per group."""
    groups = ordered(TargetGroup)
    filters = ReportFilters(fiscal_year=fiscal_year)
    for group in groups:
        yield (group.slug, group.name_th, group.name_en), _by_unit(org_ids, filters, in_target_groups([group.id]))
    if groups:
        yield NO_GROUP, _by_unit(org_ids, filters, _in_no_group())


def _by_unit(org_ids: list[int], filters: ReportFilters, condition) -> dict[int, Coverage]:
    keyed = select(Person.id.label("person_id"), Person.organisation_id.label("key"),
                   Person.organisation_id).where(in_units(Person.organisation_id, org_ids), condition,
                                                 *person_conditions(filters))
    return coverage_by_key(keyed, filters, org_ids)


def _in_no_group():
    """No group agreed and none from HR: the people no group's rows count."""
    agreed = person_target_groups.c
    return and_(~exists().where(agreed.person_id == Person.id), Person.hr_target_group_id.is_(None))


def _development_row(fiscal_year: int, unit_code: str, group: tuple[str, str, str], c: Coverage) -> list:
    """One row, suppressed: a figure of a row of fewer than five people is empty however large
    it is (it could only be smaller); hours are the hours of the people with counted learning."""
    people = suppress(c.in_scope)
    row = [fiscal_year, unit_code, *group, people]
    for figure in (c.with_agreed_plan, c.with_verified_learning, c.meeting_mix):
        count = suppress(figure.count) if people is not None else None
        row += [count, figure.percent if count is not None else None]
    with_hours = c.with_verified_learning.count if people is not None else 0
    row += [suppressed_unless(c.hours_total, with_hours), suppressed_unless(c.hours_per_person, with_hours)]
    return row


def _csv(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([["" if value is None else value for value in row] for row in rows])
    return out.getvalue().encode("utf-8")


def _schema(fields) -> dict:
    """A Table Schema: a count of people, when given, is never under the threshold."""
    described = []
    for name, kind, description, required in fields:
        constraints = {"required": True} if required else {}
        if kind == COUNT and name != "fiscal_year":
            constraints["minimum"] = THRESHOLD
        described.append({"name": name, "type": kind, "description": description,
                          **({"constraints": constraints} if constraints else {})})
    return {"fields": described, "missingValues": [""]}


def package_descriptor(name: str, unit: Organisation, fiscal_year: int, now: datetime) -> dict:
    """datapackage.json: what the package holds, its licence, and why some cells are empty."""
    counted = counted_hours_note()
    units = {"name": "units", "path": "units.csv", "title": "หน่วยงาน / Units",
             "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
             "schema": {**_schema(UNIT_FIELDS), "primaryKey": ["code"]}}
    development_schema = _schema(DEVELOPMENT_FIELDS)
    development_schema["primaryKey"] = ["fiscal_year", "unit_code", "target_group"]
    development_schema["foreignKeys"] = [{"fields": ["unit_code"],
                                          "reference": {"resource": "units", "fields": ["code"]}}]
    development = {
        "name": "development", "path": "development.csv",
        "title": "การพัฒนาทักษะด้านดิจิทัลตามหน่วยงานและกลุ่มเป้าหมาย / Digital skills development by unit and"
                 " target group",
        "description": f"{SUPPRESSED_NOTE} ชั่วโมงที่นับ: {counted}.",
        "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "schema": development_schema,
    }
    return {
        "profile": "tabular-data-package",
        "name": name,
        "title": f"ผลการพัฒนาทักษะด้านดิจิทัลของบุคลากรภาครัฐ {unit.name_th} ปีงบประมาณ {fiscal_year}",
        "description": ("ข้อมูลสรุประดับหน่วยงาน ไม่มีข้อมูลรายบุคคล / Aggregates per unit and target group;"
                        f" no data about any one person. {SUPPRESSED_NOTE}"),
        "keywords": ["digital skills", "ทักษะด้านดิจิทัล", "70:20:10", "open government data"],
        "licenses": [LICENSE],
        "created": now.isoformat(timespec="seconds"),
        "suppressed": {"threshold": THRESHOLD, "note": SUPPRESSED_NOTE},
        "resources": [units, development],
    }


def counted_hours_note() -> str:
    """Which hours the figures count: the site's setting, in both languages."""
    return ("ชั่วโมงที่ผู้บังคับบัญชาตรวจสอบแล้ว / verified hours" if counted_only_verified()
            else "ชั่วโมงที่ตรวจสอบแล้วและที่รอการตรวจสอบ / verified and pending hours")


def _ascii(code: str) -> str:
    """A unit code as a package name takes it: lower-case ASCII letters, digits, - . _"""
    return re.sub(r"[^a-z0-9_.-]+", "-", code.lower()).strip("-") or "unit"
