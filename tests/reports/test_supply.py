"""The report's training supply (section 3), with figures worked out by hand.

Department A's institutes (one at the department, one at its division) supply, in FY 2570:
  course 1 v1 (literacy; others, service; lecture 60 / discussion 40: meets R1, exactly 60 %)
    C1: 10 seats, enrolled 5 + completed 2 + no-show 1 (+ waitlisted 1, withdrawn 1): 8 taken
    C2:  4 seats, completed 4
    C5: 10 seats, cancelled (2 enrolled): not held
    C6: first meeting 30 Sep 2026 23:30 Bangkok: FY 2569
  course 1 v2 (literacy; others; lecture 61 / discussion 39: fails)   C8: 5 seats, 1 enrolled
  course 2 (literacy, governance; academic; lecture 70 / 30: fails)  C3 (the division's institute):
    10 seats, 5 enrolled
  course 3 (coaching format, no plan; leadership; management)        C4: 6 seats, completed 3
Department B's institute: C7, not department A's.

Held: C1 C2 C3 C4 C8 = 5 classes of 3 courses; seats 35, taken 21 (60 %), completions 9;
R1 judged C1 C2 C3 C8, met C1 C2: 2 of 4 (50 %); C4 has no plan; 1 cancelled.
"""

from decimal import Decimal

import pytest
from flask import render_template

from lms.accounts.services import organisation_subtree_ids
from lms.reports.filters import ReportFilters
from lms.reports.supply import supply_figures
from tests import factories
from tests.reports.factories_skills import FY, bangkok, course_class, group_id, skill_set_id, version


@pytest.fixture
def supply(world):
    inst_a, inst_b = world["institute"], world["other_institute"]
    inst_a1 = factories.institute(world["division"], code="INST-A1")
    v1 = version(inst_a, [("lecture", 60), ("discussion", 40)], ["digital-literacy"], ["others", "service"])
    v1b = version(inst_a, [("lecture", 61), ("discussion", 39)], ["digital-literacy"], ["others"], course=v1.course)
    v2 = version(inst_a1, [("lecture", 70), ("case-study", 30)], ["digital-literacy", "digital-governance"],
                 ["academic"])
    v3 = version(inst_a, [], ["digital-leadership"], ["management"], format="coaching")
    in_year = bangkok(2026, 11, 2)
    course_class(inst_a, v1, 10, bangkok(2026, 10, 1, 0, 30),
                 ["enrolled"] * 5 + ["completed"] * 2 + ["no_show", "waitlisted", "withdrawn"])
    course_class(inst_a, v1, 4, in_year, ["completed"] * 4)
    course_class(inst_a1, v2, 10, in_year, ["enrolled"] * 5)
    course_class(inst_a, v3, 6, bangkok(2027, 9, 30, 23, 0), ["completed"] * 3)
    course_class(inst_a, v1, 10, in_year, ["enrolled"] * 2, cancelled=True)
    course_class(inst_a, v1, 10, bangkok(2026, 9, 30, 23, 30), ["completed"] * 10)
    course_class(inst_b, v1, 10, in_year, ["enrolled"] * 10)
    course_class(inst_a, v1b, 5, in_year, ["enrolled"])
    return world


def figures_of(org, **filters):
    return supply_figures(organisation_subtree_ids(org), ReportFilters(fiscal_year=FY, **filters))


def counts(line):
    return (line.courses, line.classes, line.seats, line.enrolled, line.fill_percent, line.completions,
            line.plan_judged, line.plan_met, line.met_percent)


def by_slug(lines):
    return {line.subject.slug: counts(line) for line in lines}


def test_the_agency_total_counts_held_classes_of_its_institutes_in_the_year(supply):
    figures = figures_of(supply["dept_a"])
    assert counts(figures.total) == (3, 5, 35, 21, Decimal("60.0"), 9, 4, 2, Decimal("50.0"))
    assert (figures.institutes, figures.cancelled, figures.without_plan) == (2, 1, 1)
    assert figures.lecture_max_percent == 60


def test_by_skill_set_a_course_counts_under_each_of_its_skill_sets(supply):
    rows = by_slug(figures_of(supply["dept_a"]).by_skill_set)
    assert rows["digital-literacy"] == (2, 4, 29, 18, Decimal("62.1"), 6, 4, 2, Decimal("50.0"))
    assert rows["digital-governance"] == (1, 1, 10, 5, Decimal("50.0"), 0, 1, 0, Decimal("0.0"))
    assert rows["digital-leadership"] == (1, 1, 6, 3, Decimal("50.0"), 3, 0, 0, None)
    assert rows["digital-transformation"] == (0, 0, 0, 0, None, 0, 0, 0, None)
    assert len(rows) == 7  # every skill set, in the reference order


def test_by_target_group_of_the_course_version(supply):
    rows = by_slug(figures_of(supply["dept_a"]).by_group)
    assert rows["others"] == (1, 3, 19, 13, Decimal("68.4"), 6, 3, 2, Decimal("66.7"))
    assert rows["service"] == (1, 2, 14, 12, Decimal("85.7"), 6, 2, 2, Decimal("100.0"))
    assert rows["academic"] == (1, 1, 10, 5, Decimal("50.0"), 0, 1, 0, Decimal("0.0"))
    assert rows["management"] == (1, 1, 6, 3, Decimal("50.0"), 3, 0, 0, None)
    assert rows["executive"] == (0, 0, 0, 0, None, 0, 0, 0, None)


def test_a_division_counts_only_its_own_institute(supply):
    figures = figures_of(supply["division"])
    assert counts(figures.total) == (1, 1, 10, 5, Decimal("50.0"), 0, 1, 0, Decimal("0.0"))
    assert figures.institutes == 1


def test_the_other_agency_and_the_previous_year(supply):
    assert counts(figures_of(supply["dept_b"]).total) == (1, 1, 10, 10, Decimal("100.0"), 0, 1, 1, Decimal("100.0"))
    before = supply_figures(organisation_subtree_ids(supply["dept_a"]), ReportFilters(fiscal_year=FY - 1))
    assert counts(before.total) == (1, 1, 10, 10, Decimal("100.0"), 10, 1, 1, Decimal("100.0"))


def test_the_skill_set_filter_keeps_its_courses_and_its_row(supply):
    figures = figures_of(supply["dept_a"], skill_set_id=skill_set_id("digital-governance"))
    assert counts(figures.total) == (1, 1, 10, 5, Decimal("50.0"), 0, 1, 0, Decimal("0.0"))
    assert [line.subject.slug for line in figures.by_skill_set] == ["digital-governance"]
    assert by_slug(figures.by_group)["academic"][1] == 1


def test_the_group_filter_keeps_the_courses_for_that_group(supply):
    figures = figures_of(supply["dept_a"], target_group_id=group_id("service"))
    assert counts(figures.total) == (1, 2, 14, 12, Decimal("85.7"), 6, 2, 2, Decimal("100.0"))
    assert [line.subject.slug for line in figures.by_group] == ["service"]
    assert figures.cancelled == 1  # the cancelled class of course 1 is for the service group too


def test_no_institute_no_supply(world):
    figures = figures_of(world["division"])
    assert counts(figures.total) == (0, 0, 0, 0, None, 0, 0, 0, None)
    assert figures.institutes == 0


def test_table_has_translated_headers_and_plain_values(supply):
    headers, rows = figures_of(supply["dept_a"]).table()
    assert len(headers) == len(rows[0]) == 11
    assert rows[0][2:] == [3, 5, 35, 21, Decimal("60.0"), 9, 4, 2, Decimal("50.0")]
    assert len(rows) == 1 + 7 + 6
    assert all(isinstance(value, str | int | Decimal | type(None)) for row in rows for value in row)


def test_the_partial_shows_the_figures_formatted(app, supply):
    figures = figures_of(supply["dept_a"])
    with app.test_request_context("/"):
        html = render_template("reports/_supply.html", supply=figures)
    assert "60%" in html and "50%" in html and "62.1%" in html
    assert 'data-skill-set="digital-literacy"' in html and 'data-group="service"' in html
    assert "(2/4)" in html  # R1: met of judged, beside the share


def test_the_report_page_shows_the_supply(supply, login):
    client = login(supply["agency_admin"])
    page = client.get(f"/reports/{supply['dept_a'].id}?fy={FY}").get_data(as_text=True)
    assert 'data-section="supply-by-skill-set"' in page and 'data-section="supply-by-group"' in page
    assert "(2/4)" in page


def test_counts_are_whole_numbers(supply):
    figures = figures_of(supply["dept_a"])
    lines = [figures.total, *figures.by_skill_set, *figures.by_group]
    values = [getattr(line, name) for line in lines for name in (
        "courses", "classes", "seats", "enrolled", "completions", "plan_judged", "plan_met")]
    assert all(type(value) is int for value in [*values, figures.cancelled, figures.institutes, figures.without_plan])
