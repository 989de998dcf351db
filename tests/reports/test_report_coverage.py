"""Section 1, coverage and rules, worked out by hand on the small agency of factories_report."""

from decimal import Decimal

import pytest
from sqlalchemy import delete

from lms.accounts.services import organisation_subtree_ids
from lms.development.models import PlanItem
from lms.extensions import db
from lms.reference.models import EmploymentType, SkillSet, TargetGroup
from lms.reports.coverage import Figure, branch_coverage, unit_and_branches, unit_coverage
from lms.reports.filters import ReportFilters, people_in_report
from lms.reports.trend import trend_of, unit_trend
from tests import factories
from tests.development.plan_factories import agreed_plan
from tests.reports.factories_report import by_slug

pytestmark = pytest.mark.usefixtures("in_fiscal_year_2569")


def subtree(unit):
    return organisation_subtree_ids(unit)


def counted(coverage):
    return (coverage.in_scope, coverage.with_agreed_plan, coverage.with_verified_learning, coverage.meeting_mix,
            coverage.foundation_covered, coverage.meeting_horizon)


def test_the_agency_this_year_as_worked_out_by_hand(rw):
    coverage = unit_coverage(subtree(rw["agency"]), ReportFilters(2569))
    assert counted(coverage) == (
        9, Figure(3, Decimal("33.3")), Figure(3, Decimal("33.3")), Figure(2, Decimal("22.2")),
        Figure(1, Decimal("11.1")), Figure(2, Decimal("22.2")))
    assert coverage.hours_total == Decimal("40.00")
    assert coverage.hours_per_person == Decimal("4.4")
    assert coverage.hours_median == Decimal("0.00")  # six of nine have no counted hours
    assert [people for _label, people in coverage.hours_distribution] == [6, 0, 2, 1, 0, 0]


def test_the_previous_year_counts_who_was_there_then(rw):
    coverage = unit_coverage(subtree(rw["agency"]), ReportFilters(2569).previous_year())
    assert coverage.fiscal_year == 2568
    assert counted(coverage) == (
        10, Figure(1, Decimal("10.0")), Figure(3, Decimal("30.0")), Figure(0, Decimal("0.0")),
        Figure(0, Decimal("0.0")), Figure(1, Decimal("10.0")))
    assert coverage.hours_total == Decimal("13.00")
    assert coverage.hours_median == Decimal("0.00")


def test_pending_hours_count_when_the_site_counts_them(rw, app):
    app.config["COUNT_ONLY_VERIFIED_RECORDS"] = False
    try:
        coverage = unit_coverage(subtree(rw["agency"]), ReportFilters(2569))
    finally:
        app.config["COUNT_ONLY_VERIFIED_RECORDS"] = True
    assert coverage.with_verified_learning == Figure(4, Decimal("44.4"))  # c's 5 pending hours
    assert coverage.hours_total == Decimal("45.00")


def test_a_division_counts_the_team_below_it(rw):
    coverage = unit_coverage(subtree(rw["div1"]), ReportFilters(2569))
    assert counted(coverage) == (
        6, Figure(3, Decimal("50.0")), Figure(3, Decimal("50.0")), Figure(2, Decimal("33.3")),
        Figure(1, Decimal("16.7")), Figure(2, Decimal("33.3")))
    assert coverage.hours_median == Decimal("5.00")  # 0 0 0 | 10 | … : (0 + 10) / 2 of six


def test_nobody_in_scope_gives_no_percentages(rw):
    empty = factories.organisation("หน่วยว่าง", parent=rw["agency"])
    coverage = unit_coverage([empty.id], ReportFilters(2569))
    assert coverage.in_scope == 0 and coverage.with_agreed_plan == Figure(0, None)
    assert coverage.hours_per_person is None and coverage.hours_median == Decimal("0.00")


def test_each_filter_narrows_the_people(rw):
    agency = subtree(rw["agency"])
    service = by_slug(TargetGroup, "service").id
    assert unit_coverage(agency, ReportFilters(2569, target_group_id=service)).in_scope == 3  # a, c, d1
    government = by_slug(EmploymentType, "government-employee").id
    assert unit_coverage(agency, ReportFilters(2569, employment_type_id=government)).in_scope == 1  # c
    develop, early = factories.phase("develop").id, factories.phase("early").id
    assert unit_coverage(agency, ReportFilters(2569, phase_id=develop)).in_scope == 9
    assert unit_coverage(agency, ReportFilters(2569, phase_id=early)).in_scope == 0


def test_an_agreed_group_replaces_the_one_hr_recorded(rw):
    # b's HR group is academic and so is the plan's; a's plan agreed "service" as HR had it.
    academic = by_slug(TargetGroup, "academic").id
    people = set(db.session.scalars(people_in_report(subtree(rw["agency"]),
                                                                ReportFilters(2569, target_group_id=academic))))
    assert people == {rw["b"].id}


def test_the_skill_set_filter_narrows_hours_not_people(rw):
    literacy = by_slug(SkillSet, "digital-literacy").id
    coverage = unit_coverage(subtree(rw["agency"]), ReportFilters(2569, skill_set_id=literacy))
    assert coverage.in_scope == 9
    assert coverage.hours_total == Decimal("24.00")  # a's 14 and b's 10 tagged with it
    assert coverage.with_verified_learning.count == 2
    assert coverage.meeting_mix.count == 0  # a's literacy hours are all self-learning
    assert coverage.foundation_covered.count == 1  # R4 is about the foundation sets, whatever the filter


def test_branches_are_counted_in_one_pass_each(rw):
    by_unit = branch_coverage([rw["div1"].id, rw["div2"].id, rw["agency"].id], ReportFilters(2569))
    assert by_unit[rw["div1"].id].in_scope == 6
    assert by_unit[rw["div2"].id].in_scope == 1  # left is out of scope this year
    assert by_unit[rw["agency"].id] == unit_coverage(subtree(rw["agency"]), ReportFilters(2569))


def test_the_trend_adds_up_month_by_month(rw):
    trend = unit_trend(subtree(rw["agency"]), ReportFilters(2569))
    this_year = [point.this_year for point in trend.points]
    # Oct: b 10; Nov: a 14; Dec: t2 7; Jan: a 4; Feb: t2 2; Mar: a 2; Apr: t2 1; then nothing new.
    assert this_year == [Decimal(n) for n in (10, 24, 31, 35, 37, 39, 40, 40, 40, 40, 40)] + [None]
    # Last year: left 4 in Dec 2024, d1 3 in May 2025, a 6 in June 2025.
    assert [point.last_year for point in trend.points] == \
        [Decimal(n) for n in (0, 0, 4, 4, 4, 4, 4, 7, 13, 13, 13, 13)]
    assert trend.points[0].label == "ต.ค." and trend.points[-1].label == "ก.ย."


def test_the_trend_from_section_ones_figures_is_the_trend_read_on_its_own(rw):
    units, filters = subtree(rw["agency"]), ReportFilters(2569)
    from_coverage = trend_of(unit_coverage(units, filters), unit_coverage(units, filters.previous_year()))
    assert from_coverage == unit_trend(units, filters)
    assert [point.this_year for point in from_coverage.points][:3] == [Decimal(10), Decimal(24), Decimal(31)]
    # the drill-down's total carries them too: its branches' months and its own people's, added up
    total, _children = unit_and_branches(rw["agency"].id, [rw["div1"].id, rw["div2"].id], filters)
    assert total.months == unit_coverage(units, filters).months


def test_under_a_skill_set_filter_the_trend_is_read_on_its_own(rw):
    literacy = by_slug(SkillSet, "digital-literacy")
    units, filters = subtree(rw["agency"]), ReportFilters(2569, skill_set_id=literacy.id)
    assert trend_of(unit_coverage(units, filters), unit_coverage(units, filters.previous_year())) is None


def test_a_units_figures_are_its_branches_and_its_own_people_added_up(rw):
    total, by_child = unit_and_branches(rw["agency"].id, [rw["div1"].id, rw["div2"].id], ReportFilters(2569))
    assert total == unit_coverage(subtree(rw["agency"]), ReportFilters(2569))
    assert by_child[rw["div1"].id] == unit_coverage(subtree(rw["div1"]), ReportFilters(2569))
    assert by_child[rw["div2"].id].in_scope == 1
    total, by_child = unit_and_branches(rw["team"].id, [], ReportFilters(2569))  # no child units
    assert by_child == {} and total == unit_coverage([rw["team"].id], ReportFilters(2569))


def test_an_agreed_plan_without_items_counts_as_agreed_but_cannot_meet_70_30(rw):
    plan = agreed_plan(rw["t1"], fiscal_year=2569, groups=("others",))
    db.session.execute(delete(PlanItem).where(PlanItem.revision_id == plan.current.id))  # data may hold it
    coverage = unit_coverage(subtree(rw["agency"]), ReportFilters(2569))
    assert (coverage.with_agreed_plan.count, coverage.meeting_horizon.count) == (4, 2)
