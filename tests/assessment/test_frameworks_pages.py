"""The site admin's framework pages: versions, a new version copied from the one in force,
skill sets added, renamed, mapped and retired, levels, the required-levels grid, and a
version that has taken effect staying as it was."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from lms.assessment.frameworks.models import ProficiencyLevel, RequiredLevel, SkillFramework, SkillSetEdition
from lms.core.access import can
from lms.core.dates import today_in_bangkok
from lms.core.models import AuditEvent
from lms.extensions import db
from lms.reference.models import Phase, SkillDimension, SkillSet, TargetGroup
from tests.assessment.framework_factories import framework_with_levels
from tests.assessment.frameworks_walk import url_arguments
from tests.core.walk import urls_for

ROLES = ["learner", "supervisor", "director", "author", "agency_admin", "site_admin"]


def _version(label) -> SkillFramework:
    return db.session.scalar(select(SkillFramework).where(SkillFramework.version_label == label))


def _scheduled(label="2570", days=90, **kwargs) -> SkillFramework:
    return framework_with_levels(version_label=label, effective_on=today_in_bangkok() + timedelta(days=days),
                                 **kwargs)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("role", ROLES)
def test_every_framework_page_answers_as_the_role_says(app, client, world, login, role):
    login(world[role])
    arguments = url_arguments(world)
    failures = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("skill_frameworks.") or "GET" not in rule.methods:
            continue
        for url, _obj in urls_for(rule, arguments):
            status = client.get(url).status_code
            expected = 200 if can(world[role], "administer_site") else 403
            if status != expected:
                failures.append(f"{role} GET {url}: {status}, expected {expected}")
    assert failures == []


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    assert client.get("/admin/frameworks/").status_code == 302


def test_the_list_shows_each_version_its_thai_date_and_status(client, world, login):
    _scheduled("2570", days=400)
    login(world["site_admin"])
    page = client.get("/admin/frameworks/").get_data(as_text=True)
    assert "2561" in page and "2570" in page
    assert "1 ต.ค. 2560" in page  # version 2561 takes effect on 1 Oct 2017, in the Buddhist Era
    assert "ฉบับที่มีผลใช้บังคับ" in page  # "In force"
    assert "Scheduled" in page or "รอมีผล" in page


def test_a_new_version_copies_the_one_in_force(client, world, login, db):
    in_force = _version("2561")
    in_force.editions[0].levels.append(ProficiencyLevel(number=1, name_th="พื้นฐาน", descriptor_th="ทำได้"))
    db.session.flush()
    login(world["site_admin"])
    day = today_in_bangkok() + timedelta(days=30)
    response = client.post("/admin/frameworks/new", data={
        "version_label": "2570", "effective_on": day.isoformat(), "name_th": "กรอบ 2570", "name_en": "F 2570"})
    assert response.status_code == 302
    new = _version("2570")
    assert new.effective_on == day and new.identifier != in_force.identifier
    assert [e.skill_set_id for e in new.editions] == [e.skill_set_id for e in in_force.editions]
    assert new.editions[0].levels[0].name_th == "พื้นฐาน"
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.kind == "skill_framework.created")) is not None


def test_a_new_version_needs_a_future_date_and_a_free_label(client, world, login, db):
    login(world["site_admin"])
    before = _count(SkillFramework)
    response = client.post("/admin/frameworks/new", data={
        "version_label": "2561", "effective_on": today_in_bangkok().isoformat(), "name_th": "ชื่อที่พิมพ์ไว้"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "ชื่อที่พิมพ์ไว้" in page  # typed input stays
    assert "Another version is already labelled 2561." in page or "2561" in page
    assert _count(SkillFramework) == before


def test_a_version_in_force_is_read_only(client, world, login, db):
    in_force = _version("2561")
    edition = in_force.editions[0]
    login(world["site_admin"])
    page = client.get(f"/admin/frameworks/{in_force.id}").get_data(as_text=True)
    assert f"/admin/frameworks/{in_force.id}/edit" not in page
    response = client.post(f"/admin/frameworks/editions/{edition.id}/edit", data={
        "name_th": "ชื่อใหม่", "name_en": "New", "position": "1"})
    assert response.status_code == 200
    db.session.refresh(edition)
    assert edition.name_th != "ชื่อใหม่"
    client.post(f"/admin/frameworks/{in_force.id}/delete")
    assert _version("2561") is not None


def test_add_a_new_skill_set_and_map_a_retired_one(client, world, login, db):
    framework = _scheduled()
    literacy = framework.editions[0]
    literacy_id = literacy.skill_set_id
    login(world["site_admin"])
    client.post(f"/admin/frameworks/editions/{literacy.id}/retire")
    assert literacy_id not in {e.skill_set_id for e in _version("2570").editions}
    dimension = db.session.scalar(select(SkillDimension).where(SkillDimension.number == 3))
    response = client.post(f"/admin/frameworks/{framework.id}/skill-sets/new", data={
        "continues": "", "slug": "data-utilisation", "name_th": "ทักษะการใช้ประโยชน์จากข้อมูล",
        "name_en": "Data utilisation", "dimension_id": str(dimension.id), "position": "8"})
    assert response.status_code == 302
    new_set = db.session.scalar(select(SkillSet).where(SkillSet.slug == "data-utilisation"))
    assert new_set.retired_on is not None  # not offered before the version takes effect
    # The retired set comes back under a new name: the same row, so old tags keep it.
    response = client.post(f"/admin/frameworks/{framework.id}/skill-sets/new", data={
        "continues": str(literacy_id), "slug": "", "name_th": "การรู้ดิจิทัล (ใหม่)", "position": "1",
        "dimension_id": ""})
    assert response.status_code == 302
    mapped = db.session.scalar(select(SkillSetEdition).where(
        SkillSetEdition.framework_id == framework.id, SkillSetEdition.skill_set_id == literacy_id))
    assert mapped.name_th == "การรู้ดิจิทัล (ใหม่)"


def test_adding_a_skill_set_refuses_a_taken_slug_and_a_missing_dimension(client, world, login, db):
    framework = _scheduled()
    login(world["site_admin"])
    before = _count(SkillSet)
    page = client.post(f"/admin/frameworks/{framework.id}/skill-sets/new", data={
        "slug": "digital-literacy", "name_th": "ซ้ำ", "position": "1", "dimension_id": ""}).get_data(as_text=True)
    assert "digital-literacy" in page and "ซ้ำ" in page
    assert "learning dimension" in page or "มิติ" in page
    assert _count(SkillSet) == before


def test_rename_an_edition_of_a_scheduled_version(client, world, login, db):
    framework = _scheduled()
    edition = framework.editions[1]
    login(world["site_admin"])
    response = client.post(f"/admin/frameworks/editions/{edition.id}/edit", data={
        "name_th": "ชื่อใหม่", "name_en": "New name", "description_th": "คำอธิบาย", "position": "2",
        "dimension_id": "", "is_foundation": "y"})
    assert response.status_code == 302
    db.session.refresh(edition)
    assert (edition.name_th, edition.name_en, edition.is_foundation) == ("ชื่อใหม่", "New name", True)
    assert "ชื่อใหม่" in client.get(f"/admin/frameworks/{framework.id}").get_data(as_text=True)


def test_levels_are_saved_in_order_and_a_removed_one_moves_the_rest_up(client, world, login, db):
    framework = _scheduled(levels=3, required={})
    edition = framework.editions[0]
    login(world["site_admin"])
    data = {}
    for i, (th, en) in enumerate([("ต้น", "Basic"), ("กลาง", "Middle"), ("สูง", "High")]):
        data |= {f"levels-{i}-name_th": th, f"levels-{i}-name_en": en, f"levels-{i}-descriptor_th": f"พฤติกรรม{th}"}
    data["levels-1-remove"] = "y"
    response = client.post(f"/admin/frameworks/editions/{edition.id}/levels", data=data)
    assert response.status_code == 302
    db.session.refresh(edition)
    assert [(lv.number, lv.name_th) for lv in edition.levels] == [(1, "ต้น"), (2, "สูง")]


def test_levels_cannot_drop_below_a_required_level(client, world, login, db):
    framework = _scheduled(levels=3, required={("service", "early", "digital-literacy"): 3})
    edition = next(e for e in framework.editions if e.skill_set.slug == "digital-literacy")
    login(world["site_admin"])
    response = client.post(f"/admin/frameworks/editions/{edition.id}/levels", data={
        "levels-0-name_th": "ต้น", "levels-1-name_th": "กลาง"})
    assert response.status_code == 200
    assert "3" in response.get_data(as_text=True)
    db.session.refresh(edition)
    assert len(edition.levels) == 3


def test_the_required_levels_grid(client, world, login, db):
    framework = _scheduled(levels=4, required={})
    group = db.session.scalar(select(TargetGroup).order_by(TargetGroup.position))
    phase = db.session.scalar(select(Phase).order_by(Phase.position))
    first, second = framework.editions[0], framework.editions[1]
    login(world["site_admin"])
    name = f"level-{group.id}-{phase.id}-"
    response = client.post(f"/admin/frameworks/{framework.id}/required", data={
        name + str(first.skill_set_id): "3", name + str(second.skill_set_id): "9"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'value="9"' in page  # refused, typed value kept
    assert _count(RequiredLevel) == db.session.scalar(select(func.count()).select_from(RequiredLevel))
    assert not db.session.scalars(select(RequiredLevel).where(RequiredLevel.framework_id == framework.id)).all()
    response = client.post(f"/admin/frameworks/{framework.id}/required", data={
        name + str(first.skill_set_id): "3", name + str(second.skill_set_id): "2"})
    assert response.status_code == 302
    saved = {(r.skill_set_id, r.level) for r in db.session.scalars(
        select(RequiredLevel).where(RequiredLevel.framework_id == framework.id))}
    assert saved == {(first.skill_set_id, 3), (second.skill_set_id, 2)}
    page = client.get(f"/admin/frameworks/{framework.id}").get_data(as_text=True)
    assert ">3<" in page


def test_delete_a_scheduled_version(client, world, login, db):
    framework = _scheduled()
    framework_id = framework.id
    login(world["site_admin"])
    assert client.post(f"/admin/frameworks/{framework_id}/delete").status_code == 302
    assert db.session.get(SkillFramework, framework_id) is None


def test_posts_need_the_csrf_token(app, client, world, login, db):
    framework = _scheduled()
    edition = framework.editions[0]
    login(world["site_admin"])
    app.config["WTF_CSRF_ENABLED"] = True  # after logging in: the login form has no token here
    try:
        for url in (f"/admin/frameworks/{framework.id}/delete", f"/admin/frameworks/editions/{edition.id}/retire",
                    f"/admin/frameworks/{framework.id}/required", "/admin/frameworks/apply",
                    f"/admin/frameworks/editions/{edition.id}/edit"):
            assert client.post(url, data={"name_th": "x", "position": "1"}).status_code == 400, url
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    db.session.expire_all()
    assert db.session.get(SkillFramework, framework.id) is not None
    assert edition.name_th != "x" and len(framework.editions) == 7


def test_others_cannot_post(client, world, login, db):
    framework = _scheduled()
    login(world["agency_admin"])
    assert client.post(f"/admin/frameworks/{framework.id}/delete").status_code == 403
    assert client.post("/admin/frameworks/new", data={"version_label": "x"}).status_code == 403


def test_an_unknown_version_is_404(client, world, login):
    login(world["site_admin"])
    assert client.get("/admin/frameworks/999999").status_code == 404
    assert client.get("/admin/frameworks/editions/999999/levels").status_code == 404


def test_effective_dates_in_the_past_are_refused_when_editing(client, world, login, db):
    framework = _scheduled()
    login(world["site_admin"])
    response = client.post(f"/admin/frameworks/{framework.id}/edit", data={
        "version_label": "2570", "effective_on": date(2020, 1, 1).isoformat(), "name_th": "กรอบ"})
    assert response.status_code == 200
    db.session.refresh(framework)
    assert framework.effective_on > today_in_bangkok()
