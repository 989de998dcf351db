"""The report's skills section (section 2), with figures worked out by hand.

Department A (phase develop) in FY 2570; its six people: director, supervisor, learner, peer,
author, agency admin.
  learner:    agreed academic + service; literacy 10 h verified, governance 4 h verified,
              literacy 3 h pending, literacy 2 h returned, literacy 20 h in FY 2569
  peer:       no agreed group, HR: service; literacy 6 h; literacy + technology 2 h (one record)
  supervisor: HR academic but agreed management (agreed wins); leadership 5 h
  director:   no group; literacy 1 h
  other_learner (department B, service): literacy 24 h, another agency
Groups: academic 1 (learner), service 2 (learner, peer), management 1; 3 people in none.
Verified hours:  literacy academic 10 (10/person), service 18 (9), all 19 (3.17)
                 governance academic 4, service 4 (2), all 4 (0.67)
                 technology service 2 (1), all 2 (0.33); leadership management 5, all 5 (0.83)
"""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from flask import render_template
from flask_babel import force_locale

from lms.accounts.services import organisation_subtree_ids
from lms.extensions import db
from lms.reports.filters import ReportFilters
from lms.reports.skills import shade_of, skills_figures
from tests.reports.factories_skills import FY, agree_groups, group_id, record, skill_set_id


@pytest.fixture
def people(world):
    from lms.reference.models import TargetGroup
    from tests.reports.factories_skills import by_slug

    learner, peer, supervisor = world["learner"], world["peer"], world["supervisor"]
    agree_groups(learner, "academic", "service")
    peer.hr_target_group = by_slug(TargetGroup, "service")
    supervisor.hr_target_group = by_slug(TargetGroup, "academic")
    agree_groups(supervisor, "management")
    world["other_learner"].hr_target_group = by_slug(TargetGroup, "service")
    for person in ("director", "supervisor", "learner", "peer", "author", "agency_admin"):
        world[person].created_at = datetime(2024, 1, 1, tzinfo=UTC)  # in scope in FY 2569 too
    db.session.flush()
    record(learner, 10)
    record(learner, 4, ["digital-governance"])
    record(learner, 3, status="pending")
    record(learner, 2, status="returned")
    record(learner, 20, on=date(2026, 9, 30))
    record(peer, 6)
    record(peer, 2, ["digital-literacy", "digital-technology"])
    record(supervisor, 5, ["digital-leadership"])
    record(world["director"], 1)
    record(world["other_learner"], 24)
    return world


def figures_of(org, **filters):
    return skills_figures(organisation_subtree_ids(org), ReportFilters(fiscal_year=FY, **filters))


def grid(figures) -> dict:
    """{(skill set slug, group slug or "all"): (hours, people, hours per person)} for cells with hours."""
    return {(row.skill_set.slug, column.group.slug if column.group else "all"): (cell.hours, cell.people,
                                                                                  cell.per_person)
            for row in figures.rows for column, cell in zip(figures.columns, row.cells, strict=True)
            if cell.hours}


def test_hours_by_skill_set_and_group_of_the_agency(people):
    figures = figures_of(people["dept_a"])
    assert grid(figures) == {
        ("digital-literacy", "academic"): (Decimal("10"), 1, Decimal("10.00")),
        ("digital-literacy", "service"): (Decimal("18"), 2, Decimal("9.00")),
        ("digital-literacy", "all"): (Decimal("19"), 6, Decimal("3.17")),
        ("digital-governance", "academic"): (Decimal("4"), 1, Decimal("4.00")),
        ("digital-governance", "service"): (Decimal("4"), 2, Decimal("2.00")),
        ("digital-governance", "all"): (Decimal("4"), 6, Decimal("0.67")),
        ("digital-technology", "service"): (Decimal("2"), 2, Decimal("1.00")),
        ("digital-technology", "all"): (Decimal("2"), 6, Decimal("0.33")),
        ("digital-leadership", "management"): (Decimal("5"), 1, Decimal("5.00")),
        ("digital-leadership", "all"): (Decimal("5"), 6, Decimal("0.83")),
    }
    assert [c.group.slug if c.group else "all" for c in figures.columns] == [
        "executive", "management", "academic", "service", "technology", "others", "all"]
    assert [c.people for c in figures.columns] == [0, 1, 1, 2, 0, 0, 6]
    assert (figures.people, figures.in_several_groups, figures.without_group) == (6, 1, 3)
    assert len(figures.rows) == 7


def test_pending_hours_count_when_the_site_counts_them(app, people):
    app.config["COUNT_ONLY_VERIFIED_RECORDS"] = False
    try:
        cells = grid(figures_of(people["dept_a"]))
    finally:
        app.config["COUNT_ONLY_VERIFIED_RECORDS"] = True
    assert cells[("digital-literacy", "academic")] == (Decimal("13"), 1, Decimal("13.00"))
    assert cells[("digital-literacy", "service")] == (Decimal("21"), 2, Decimal("10.50"))
    assert cells[("digital-literacy", "all")][0] == Decimal("22")  # returned hours never count


def test_the_heat_map_shades_by_hours_per_person(people):
    figures = figures_of(people["dept_a"])
    shades = {(row.skill_set.slug, column.group.slug if column.group else "all"): cell.shade
              for row in figures.rows for column, cell in zip(figures.columns, row.cells, strict=True)}
    # the highest is 10 h per person: steps of 2.5 h
    assert shades[("digital-literacy", "academic")] == 4
    assert shades[("digital-literacy", "service")] == 4  # 9
    assert shades[("digital-leadership", "management")] == 2  # 5
    assert shades[("digital-literacy", "all")] == 2  # 3.17
    assert shades[("digital-technology", "service")] == 1  # 1
    assert shades[("digital-transformation", "all")] == 0  # none
    assert shades[("digital-literacy", "executive")] == 0  # nobody in the group


def test_shade_steps():
    assert [shade_of(Decimal(v), Decimal("10")) for v in ("0", "0.01", "2.5", "2.51", "7.5", "10")] == [
        0, 1, 1, 2, 3, 4]
    assert shade_of(None, Decimal("10")) == 0
    assert shade_of(Decimal("0"), Decimal("0")) == 0


def test_the_skill_set_filter_keeps_one_row(people):
    figures = figures_of(people["dept_a"], skill_set_id=skill_set_id("digital-governance"))
    assert [row.skill_set.slug for row in figures.rows] == ["digital-governance"]
    assert grid(figures)[("digital-governance", "service")] == (Decimal("4"), 2, Decimal("2.00"))


def test_the_group_filter_keeps_its_column_and_its_people(people):
    figures = figures_of(people["dept_a"], target_group_id=group_id("service"))
    assert [c.group.slug if c.group else "all" for c in figures.columns] == ["service", "all"]
    assert grid(figures) == {
        ("digital-literacy", "service"): (Decimal("18"), 2, Decimal("9.00")),
        ("digital-literacy", "all"): (Decimal("18"), 2, Decimal("9.00")),
        ("digital-governance", "service"): (Decimal("4"), 2, Decimal("2.00")),
        ("digital-governance", "all"): (Decimal("4"), 2, Decimal("2.00")),
        ("digital-technology", "service"): (Decimal("2"), 2, Decimal("1.00")),
        ("digital-technology", "all"): (Decimal("2"), 2, Decimal("1.00")),
    }


def test_the_previous_year(people):
    figures = skills_figures(organisation_subtree_ids(people["dept_a"]), ReportFilters(fiscal_year=FY - 1))
    assert grid(figures) == {("digital-literacy", "academic"): (Decimal("20"), 1, Decimal("20.00")),
                             ("digital-literacy", "service"): (Decimal("20"), 2, Decimal("10.00")),
                             ("digital-literacy", "all"): (Decimal("20"), 6, Decimal("3.33"))}


def test_expected_roles_of_the_agency_phase_and_the_next(people):
    [block] = figures_of(people["division"]).phase_roles
    assert (block.phase.slug, block.next_phase.slug) == ("develop", "maturity")
    roles = {row.group.slug: (row.current.name_th, row.future.name_th) for row in block.roles}
    assert roles["executive"] == ("ผู้นำด้านดิจิทัลภาครัฐ", "ผู้สร้างวัฒนธรรมองค์กรด้านดิจิทัลภาครัฐ")
    assert roles["others"] == ("ผู้รู้เท่าทันเทคโนโลยีดิจิทัล", "ผู้ใช้เทคโนโลยีดิจิทัลอย่างชาญฉลาด")


def test_a_ministry_shows_each_agency_phase(people):
    blocks = figures_of(people["ministry"]).phase_roles
    assert [(b.phase.slug, b.next_phase.slug) for b in blocks] == [("early", "develop"), ("develop", "maturity")]


def test_the_last_phase_has_no_future_role(people):
    from lms.reference.models import Phase
    from tests.reports.factories_skills import by_slug

    maturity = by_slug(Phase, "maturity")
    [block] = figures_of(people["dept_a"], phase_id=maturity.id).phase_roles
    assert block.next_phase is None
    assert all(row.future is None and row.current is not None for row in block.roles)


def test_no_phase_set_no_roles(people):
    people["dept_a"].phase = None
    assert figures_of(people["dept_a"]).phase_roles == ()


def test_table_one_row_per_skill_set_and_column(people):
    headers, rows = figures_of(people["dept_a"]).table()
    assert len(headers) == 5
    assert len(rows) == 7 * 7
    literacy_all = rows[6]
    assert literacy_all[2:] == [6, Decimal("19"), Decimal("3.17")]
    assert all(isinstance(value, str | int | Decimal | type(None)) for row in rows for value in row)


def test_the_partial_writes_every_number_beside_its_shade(app, people):
    figures = figures_of(people["dept_a"])
    with app.test_request_context("/"):
        thai = render_template("reports/_skills.html", skills=figures)
        with force_locale("en"):
            english = render_template("reports/_skills.html", skills=figures)
    assert "ผู้นำด้านดิจิทัลภาครัฐ" in thai  # the roles, in Thai first
    assert 'class="text-end bg-primary bg-opacity-75" data-shade="4"' in english
    assert "18 h" in english and "9 h per person" in english and "3.2 h per person" in english
    assert "Digital government leader" in english


def test_the_report_page_shows_the_heat_map(people, login):
    client = login(people["agency_admin"])
    page = client.get(f"/reports/{people['dept_a'].id}?fy={FY}").get_data(as_text=True)
    assert 'data-section="skills-heat-map"' in page
    assert 'data-skill-set="digital-literacy"' in page and 'data-shade="4"' in page


def test_hours_are_decimals_in_both_settings(app, people):
    for verified_only in (True, False):
        app.config["COUNT_ONLY_VERIFIED_RECORDS"] = verified_only
        try:
            figures = figures_of(people["dept_a"])
        finally:
            app.config["COUNT_ONLY_VERIFIED_RECORDS"] = True
        assert {type(cell.hours) for row in figures.rows for cell in row.cells} == {Decimal}


def test_people_counts_are_whole_numbers(people):
    figures = figures_of(people["dept_a"])
    counts = [figures.people, figures.in_several_groups, figures.without_group, *(c.people for c in figures.columns)]
    assert all(type(count) is int for count in counts)
