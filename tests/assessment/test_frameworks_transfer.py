"""A framework version out to CASE 1.0 JSON and in again: nothing lost, and a bad file writes
nothing and says why (browser and CLI)."""

import dataclasses
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lms.assessment.case_model import MAX_FILE_BYTES
from lms.assessment.frameworks.models import ProficiencyLevel, RequiredLevel, SkillFramework, SkillSetEdition
from lms.assessment.frameworks.transfer import export_case, framework_as_case_model, import_case
from lms.core.dates import today_in_bangkok
from lms.extensions import db
from lms.reference.models import SkillSet
from tests.assessment.framework_factories import framework_with_levels

SAMPLE = Path(__file__).parent / "case_samples" / "commission-2566-2570.json"
SHIPPED = Path(__file__).parents[2] / "lms" / "assessment" / "frameworks" / "samples" / "commission-2566-2570.json"
TABLES = (SkillFramework, SkillSetEdition, ProficiencyLevel, RequiredLevel, SkillSet)


def _counts() -> dict:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model)) for model in TABLES}


def _scheduled() -> SkillFramework:
    framework = framework_with_levels(version_label="2570", effective_on=today_in_bangkok() + timedelta(days=90),
                                      required={("service", "early", "digital-literacy"): 3,
                                                ("executive", "maturity", "digital-leadership"): 4})
    edition = framework.editions[0]
    edition.description_th, edition.description_en = "คำอธิบาย **ยาว**", "A long description"
    edition.levels[0].descriptor_en = ""
    framework.creator = "สำนักงาน ก.พ."
    db.session.flush()
    return framework


def test_a_round_trip_db_case_db_loses_nothing(db):
    framework = _scheduled()
    before = framework_as_case_model(framework)
    body = export_case(framework, base_uri="https://thaksa.example")
    db.session.delete(framework)
    db.session.flush()
    imported, problems = import_case(body, None, today=today_in_bangkok())
    assert problems == []
    after = framework_as_case_model(imported)
    # The import's own timestamp is when it was written here; everything else is as exported.
    assert dataclasses.replace(after, changed_at=before.changed_at) == before
    assert after.identifier == before.identifier and after.creator == "สำนักงาน ก.พ."


def test_the_commission_sample_imports_and_is_in_force_from_its_date(db):
    assert SHIPPED.read_bytes() == SAMPLE.read_bytes()  # the copy the app ships
    today = today_in_bangkok()
    framework, problems = import_case(SAMPLE.read_bytes(), None, today=today)
    assert problems == []
    assert framework.version_label == "2566–2570" and framework.effective_on == date(2023, 10, 1)
    slugs = [e.skill_set.slug for e in framework.editions]
    assert {"data-utilisation", "cyber-security", "digital-literacy"} <= set(slugs)
    # In force since 2023: the skill sets follow it at once, the others are retired.
    literacy = db.session.scalar(select(SkillSet).where(SkillSet.slug == "digital-literacy"))
    data = db.session.scalar(select(SkillSet).where(SkillSet.slug == "data-utilisation"))
    leadership = db.session.scalar(select(SkillSet).where(SkillSet.slug == "digital-leadership"))
    assert literacy.name_th == framework.editions[0].name_th and literacy.retired_on is None
    assert data.retired_on is None and data.dimension.number == 3
    assert leadership.retired_on == today


def test_a_later_effective_date_from_the_form_keeps_it_scheduled(db):
    day = today_in_bangkok() + timedelta(days=200)
    framework, problems = import_case(SAMPLE.read_bytes(), None, today=today_in_bangkok(), effective_on=day)
    assert problems == [] and framework.effective_on == day
    data = db.session.scalar(select(SkillSet).where(SkillSet.slug == "data-utilisation"))
    assert data.retired_on is not None  # not offered until the version takes effect


def _bad(body: bytes, **kwargs) -> list[str]:
    before = _counts()
    framework, problems = import_case(body, None, today=today_in_bangkok(), **kwargs)
    assert framework is None and problems
    assert _counts() == before
    return problems


def test_malformed_oversized_and_foreign_files_write_nothing(db):
    assert "JSON" in _bad(b'{"CFDocument": ')[0]
    assert "MB" in _bad(b" " * (MAX_FILE_BYTES + 1))[0]
    assert _bad(json.dumps({"hello": "world"}).encode())
    assert _bad("ไม่ใช่ไฟล์".encode("utf-16"))


def test_clashes_and_unknown_references_are_all_listed(db):
    package = json.loads(SAMPLE.read_text("utf-8"))
    package["CFDocument"]["version"] = "2561"  # the seeded version's label
    package["CFDocument"]["statusStartDate"] = "2017-10-01"  # and its day
    problems = _bad(json.dumps(package, ensure_ascii=False).encode())
    assert any("2561" in p for p in problems) and any("day" in p or "วัน" in p for p in problems)
    package = json.loads(SAMPLE.read_text("utf-8"))
    for item in package["CFItems"]:
        if item.get("CFItemType") == "Skill Set" and item["humanCodingScheme"] == "cyber-security":
            item["conceptKeywords"] = ["dimension:9"]
    problems = _bad(json.dumps(package, ensure_ascii=False).encode())
    assert any("cyber-security" in p and "9" in p for p in problems)


def test_unknown_target_group_is_named(db):
    package = json.loads(SAMPLE.read_text("utf-8"))
    required = next(i for i in package["CFItems"] if i.get("CFItemType") == "Required Levels")
    required["humanCodingScheme"] = "astronauts." + required["humanCodingScheme"].split(".", 1)[1]
    problems = _bad(json.dumps(package, ensure_ascii=False).encode())
    assert any("astronauts" in p for p in problems)


def test_the_same_document_cannot_be_imported_twice(db):
    import_case(SAMPLE.read_bytes(), None, today=today_in_bangkok())
    package = json.loads(SAMPLE.read_text("utf-8"))
    package["CFDocument"]["version"] = "another"
    package["CFDocument"]["statusStartDate"] = "2024-10-01"
    problems = _bad(json.dumps(package, ensure_ascii=False).encode())
    assert any("5e0c7a1e" in p for p in problems)


def test_a_version_cannot_slip_in_before_the_one_in_force(db):
    import_case(SAMPLE.read_bytes(), None, today=today_in_bangkok())  # in force since 2023-10-01
    text = SAMPLE.read_text("utf-8").replace("5e0c7a1e-3b1d-4c7a-9f2e-2566a0c0ffee",
                                             "11111111-1111-4111-8111-111111111111")
    package = json.loads(text)
    package["CFDocument"].update(version="x", statusStartDate="2020-10-01")
    problems = _bad(json.dumps(package, ensure_ascii=False).encode())
    assert any("2566–2570" in p for p in problems), problems


def test_import_and_export_in_the_browser(client, world, login, db):
    login(world["site_admin"])
    response = client.post("/admin/frameworks/import", data={
        "case_file": (io.BytesIO(SAMPLE.read_bytes()), "commission.json"), "effective_on": ""},
        content_type="multipart/form-data")
    assert response.status_code == 302
    framework = db.session.scalar(select(SkillFramework).where(SkillFramework.version_label == "2566–2570"))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "ทักษะการใช้ประโยชน์จากข้อมูล" in page
    exported = client.get(f"/admin/frameworks/{framework.id}/export")
    assert exported.status_code == 200 and exported.mimetype == "application/json"
    assert "attachment" in exported.headers["Content-Disposition"]
    document = json.loads(exported.data)["CFDocument"]
    assert document["identifier"] == "5e0c7a1e-3b1d-4c7a-9f2e-2566a0c0ffee"
    assert document["uri"].startswith("http://localhost/")


def test_a_bad_upload_shows_every_problem_and_writes_nothing(client, world, login, db):
    login(world["site_admin"])
    before = _counts()
    response = client.post("/admin/frameworks/import", data={
        "case_file": (io.BytesIO(b'{"CFDocument": {}, "CFItems": [], "CFAssociations": []}'), "bad.json")},
        content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="import-problems"' in page
    assert _counts() == before
    response = client.post("/admin/frameworks/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 200 and _counts() == before


def test_others_cannot_import(client, world, login, db):
    login(world["author"])
    response = client.post("/admin/frameworks/import", data={
        "case_file": (io.BytesIO(SAMPLE.read_bytes()), "commission.json")}, content_type="multipart/form-data")
    assert response.status_code == 403


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def test_the_cli_imports_exports_and_applies(runner, db, tmp_path):
    result = runner.invoke(args=["lms", "frameworks", "import", str(SAMPLE), "--effective-on",
                                 (today_in_bangkok() + timedelta(days=30)).isoformat()])
    assert result.exit_code == 0, result.output
    assert "2566–2570" in result.output
    out = tmp_path / "out.json"
    result = runner.invoke(args=["lms", "frameworks", "export", "2566–2570", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text("utf-8"))["CFDocument"]["version"] == "2566–2570"
    result = runner.invoke(args=["lms", "frameworks", "apply"])
    assert result.exit_code == 0 and "2561" in result.output


def test_the_cli_refuses_a_bad_file(runner, db, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", "utf-8")
    before = _counts()
    result = runner.invoke(args=["lms", "frameworks", "import", str(bad)])
    assert result.exit_code == 1 and "JSON" in result.output
    assert _counts() == before
    assert runner.invoke(args=["lms", "frameworks", "export", "nope"]).exit_code == 1
