"""A site admin reads and edits the reference data in the browser."""

from sqlalchemy import select

from lms.reference.models import SkillDimension, SkillSet, TargetGroup


def _group(db, slug):
    return db.session.scalar(select(TargetGroup).where(TargetGroup.slug == slug))


def test_overview_lists_every_kind_of_reference_data(client, login_as):
    login_as("site_admin")
    page = client.get("/admin/reference/").get_data(as_text=True)
    for text in ("ผู้บริหารระดับสูง", "ผู้นำด้านดิจิทัลภาครัฐ", "digital-literacy",
                 "การเรียนรู้ด้วยตนเอง", "การบรรยาย", "ocsc-2561", "60%", "70:20:10", "1 ต.ค. 2560"):
        assert text in page, text


def test_rename_a_target_group(client, login_as, db):
    login_as("site_admin")
    group = _group(db, "service")
    response = client.post(f"/admin/reference/target-groups/{group.id}", data={
        "name_th": "ผู้ให้บริการประชาชน", "name_en": "Citizen service",
        "description_th": "ใหม่", "description_en": "New"})
    assert response.status_code == 302
    assert (group.name_th, group.name_en, group.slug) == ("ผู้ให้บริการประชาชน", "Citizen service", "service")


def test_rename_with_an_empty_name_keeps_what_was_typed(client, login_as, db):
    login_as("site_admin")
    dimension = db.session.scalar(select(SkillDimension).where(SkillDimension.number == 1))
    before = dimension.name_en
    response = client.post(f"/admin/reference/dimensions/{dimension.id}", data={
        "name_th": "", "name_en": "Typed English"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Typed English"' in page and "invalid-feedback" in page
    assert dimension.name_en == before


def test_skill_sets_are_renamed_in_a_framework_version_not_here(client, login_as, db):
    login_as("site_admin")
    skill = db.session.scalar(select(SkillSet).where(SkillSet.slug == "digital-literacy"))
    assert client.post(f"/admin/reference/skill-sets/{skill.id}", data={
        "name_th": "ชื่อใหม่", "name_en": "New name"}).status_code == 404
    assert skill.name_th == "ทักษะการรู้ดิจิทัล"
    overview = client.get("/admin/reference/").get_data(as_text=True)
    assert 'href="/admin/frameworks/"' in overview


def test_unknown_kind_is_not_found(client, login_as):
    login_as("site_admin")
    assert client.get("/admin/reference/people/1").status_code == 404
    assert client.get("/admin/reference/skill-sets/9999").status_code == 404


def test_change_the_recommended_skill_sets_of_a_group(client, login_as, db):
    login_as("site_admin")
    group = _group(db, "others")
    wanted = db.session.scalars(select(SkillSet).where(
        SkillSet.slug.in_(["process-service-design", "digital-transformation"]))).all()
    response = client.post(f"/admin/reference/target-groups/{group.id}/skill-sets",
                           data={"skill_sets": [s.id for s in wanted]})
    assert response.status_code == 302
    assert sorted(s.slug for s in group.recommended_skill_sets) == [
        "digital-transformation", "process-service-design"]


def test_recommended_skill_sets_refuse_an_unknown_id(client, login_as, db):
    login_as("site_admin")
    group = _group(db, "others")
    before = [s.slug for s in group.recommended_skill_sets]
    response = client.post(f"/admin/reference/target-groups/{group.id}/skill-sets",
                           data={"skill_sets": ["99999"]})
    assert response.status_code == 200
    assert [s.slug for s in group.recommended_skill_sets] == before


def test_agency_admin_cannot_edit_reference_data(client, login_as, db):
    login_as("agency_admin")
    group = _group(db, "service")
    response = client.post(f"/admin/reference/target-groups/{group.id}", data={
        "name_th": "x", "name_en": "y"})
    assert response.status_code == 403
    assert group.name_th == "ผู้ทำงานด้านบริการ"
