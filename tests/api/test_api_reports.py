"""GET /api/v1/organisations/{id}/report: the agency report's figures as the report page shows
them (lms.reports.sections.unit_report), to those who may open the page; in the report's
hand-worked world (tests/reports/factories_report.py), seen from inside fiscal year 2569."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine

from lms.reports.filters import ReportFilters
from lms.reports.sections import unit_report
from tests import factories
from tests.api.api_factories import bearer, token_for
from tests.api.test_api_plans import assert_matches_document
from tests.reports.factories_report import build_report_world, table_rows
from tests.reports.factories_skills import bangkok, course_class, version

FIGURES = ("with_agreed_plan", "with_verified_learning", "meeting_mix", "foundation_covered", "meeting_horizon")


@pytest.fixture(autouse=True)
def in_fiscal_year_2569():
    with time_machine.travel(datetime(2026, 8, 15, 3, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def rw(db):
    world = build_report_world()
    db.session.commit()
    return world


def get(client, person, url, status=200, scopes=None):
    headers = bearer(token_for(person) if scopes is None else token_for(person, scopes=scopes))
    response = client.get(url, headers=headers)
    assert response.status_code == status, response.get_data(as_text=True)[:1000]
    return response.get_json()


def _text(value) -> str | None:
    return None if value is None else str(value)


def test_the_cio_reads_the_agencys_figures_as_the_page_shows_them(client, login, rw):
    answer = get(client, rw["cio"], f"/api/v1/organisations/{rw['agency'].id}/report?fiscal_year=2569")
    assert_matches_document(client, "Report", answer)
    assert answer["unit"] == {"id": rw["agency"].id, "code": "R-AG", "name_th": "กรมรายงาน",
                              "name_en": "Department of Reports"}
    now, before = answer["coverage"], answer["previous_coverage"]
    # By hand (factories_report): 9 people in scope, 3 agreed plans, 40 h; last year 10 and 13 h.
    assert (answer["fiscal_year"], now["fiscal_year"], before["fiscal_year"]) == (2569, 2569, 2568)
    assert now["in_scope"] == 9 and before["in_scope"] == 10
    assert now["with_agreed_plan"] == {"count": 3, "percent": "33.3"}
    assert now["meeting_mix"] == {"count": 2, "percent": "22.2"}
    assert now["foundation_covered"] == {"count": 1, "percent": "11.1"}
    assert now["meeting_horizon"] == {"count": 2, "percent": "22.2"}
    assert Decimal(now["hours_total"]) == 40 and now["hours_per_person"] == "4.4"
    assert Decimal(before["hours_total"]) == 13 and before["with_agreed_plan"] == {"count": 1, "percent": "10.0"}

    # The service's figures, every one.
    report = unit_report(rw["agency"], ReportFilters(fiscal_year=2569))
    for answered, coverage in ((now, report.coverage.current), (before, report.coverage.previous)):
        assert answered["in_scope"] == coverage.in_scope
        for name in FIGURES:
            figure = getattr(coverage, name)
            assert answered[name] == {"count": figure.count, "percent": _text(figure.percent)}, name
        assert [Decimal(answered[n]) for n in ("hours_total", "hours_per_person", "hours_median")] == [
            coverage.hours_total, coverage.hours_per_person, coverage.hours_median]
        assert [(b["label"], b["people"]) for b in answered["hours_distribution"]] == coverage.hours_distribution
    assert [b["band"] for b in now["hours_distribution"]] == [
        "none", "under_10", "10_to_20", "20_to_40", "40_to_80", "80_or_more"]

    # The page's cells say the same (fewer than five people included: the page suppresses nothing).
    login(rw["cio"])
    figures = table_rows(client.get(f"/reports/{rw['agency'].id}?fy=2569").get_data(as_text=True), "data-figure")
    assert figures["in_scope"][1] == str(now["in_scope"])
    assert figures["agreed_plan"][1:3] == [str(now["with_agreed_plan"]["count"]),
                                           now["with_agreed_plan"]["percent"] + "%"]
    assert figures["foundation"][1] == "1" == str(now["foundation_covered"]["count"])


def test_skills_and_supply_are_the_services(client, rw, db):
    # The agency's institute held one class in FY 2569 (lecture 60 %: meets R1), another was cancelled.
    institute = factories.institute(rw["agency"], code="R-INST")
    held = version(institute, [("lecture", 60), ("discussion", 40)], ["digital-literacy"], ["service"])
    course_class(institute, held, 10, bangkok(2026, 3, 2), ["completed"] * 3 + ["enrolled"] * 2,
                 people=[rw[k] for k in ("a", "b", "c", "t1", "t2")])
    course_class(institute, held, 10, bangkok(2026, 4, 2), cancelled=True)
    db.session.commit()
    answer = get(client, rw["admin"], f"/api/v1/organisations/{rw['agency'].id}/report")
    assert answer["fiscal_year"] == 2569  # the current year by default, as on the page
    assert_matches_document(client, "Report", answer)
    report = unit_report(rw["agency"], ReportFilters(fiscal_year=2569))
    skills, supply = answer["skills"], answer["supply"]
    assert (skills["people"], skills["in_several_groups"], skills["without_group"]) == (
        report.skills.people, report.skills.in_several_groups, report.skills.without_group)
    assert [(c["group"], c["people"]) for c in skills["columns"]] == [
        (c.group.slug if c.group else None, c.people) for c in report.skills.columns]
    assert [[(c["people"], Decimal(c["hours"])) for c in row["cells"]] for row in skills["rows"]] == [
        [(c.people, c.hours) for c in row.cells] for row in report.skills.rows]
    assert [row["skill_set"] for row in skills["rows"]] == [row.skill_set.slug for row in report.skills.rows]
    # By hand: a's 14 h of digital-literacy and b's 10 h; a in "service", b in "academic".
    literacy = next(row for row in skills["rows"] if row["skill_set"] == "digital-literacy")
    everyone = literacy["cells"][-1]
    assert everyone["group"] is None and Decimal(everyone["hours"]) == 24 and everyone["people"] == 9
    assert [p["phase"] for p in skills["phase_roles"]] == ["develop"]
    assert skills["phase_roles"][0]["next_phase"] == "maturity"

    total = supply["total"]
    assert (supply["lecture_max_percent"], supply["institutes"]) == (
        report.supply.lecture_max_percent, report.supply.institutes)
    assert (total["subject"], total["classes"], total["seats"], total["plan_judged"]) == (
        None, report.supply.total.classes, report.supply.total.seats, report.supply.total.plan_judged)
    assert [line["subject"] for line in supply["by_skill_set"]] == [
        line.subject.slug for line in report.supply.by_skill_set]
    # By hand: 1 class held, 10 seats, 5 taken (50 %), 3 completions, its plan meets R1; 1 cancelled.
    assert supply["lecture_max_percent"] == 60 and supply["cancelled"] == 1 and supply["institutes"] == 1
    assert {k: total[k] for k in ("courses", "classes", "seats", "enrolled", "completions", "fill_percent",
                                  "plan_judged", "plan_met", "met_percent")} == {
        "courses": 1, "classes": 1, "seats": 10, "enrolled": 5, "completions": 3, "fill_percent": "50.0",
        "plan_judged": 1, "plan_met": 1, "met_percent": "100.0"}
    service_group = next(line for line in report.supply.by_group if line.subject.slug == "service")
    answered_group = next(line for line in supply["by_group"] if line["subject"] == "service")
    assert (answered_group["classes"], answered_group["fill_percent"]) == (
        service_group.classes, _text(service_group.fill_percent))


def test_a_unit_below_and_another_agency(client, rw):
    # The agency admin reads a division of theirs; another agency's CIO gets 404, as on the page.
    division = get(client, rw["admin"], f"/api/v1/organisations/{rw['div1'].id}/report?fiscal_year=2569")
    assert division["coverage"]["in_scope"] == 6  # head, a, b, c and the team's t1, t2
    get(client, rw["other_cio"], f"/api/v1/organisations/{rw['agency'].id}/report", status=404)
    get(client, rw["admin"], f"/api/v1/organisations/{rw['other'].id}/report", status=404)
    # The head of a division may not read the agency above it.
    get(client, rw["head"], f"/api/v1/organisations/{rw['agency'].id}/report", status=404)
    get(client, rw["site_admin"], "/api/v1/organisations/999999/report", status=404)


def test_a_learner_is_refused(client, rw):
    url = f"/api/v1/organisations/{rw['div1'].id}/report"
    # Without the scope: 403. With it, the page's answer for someone who reports on nothing: 404.
    refusal = get(client, rw["a"], url, status=403, scopes=["plans:read", "people:read"])
    assert "reports:read" in refusal["detail"]
    get(client, rw["a"], url, status=404)


def test_a_year_the_page_does_not_offer_is_404_and_a_non_year_422(client, rw):
    url = f"/api/v1/organisations/{rw['agency'].id}/report"
    refusal = get(client, rw["cio"], url + "?fiscal_year=2570", status=404)
    assert "2570" in refusal["detail"]
    assert "fiscal_year" in str(get(client, rw["cio"], url + "?fiscal_year=69", status=422)["errors"])
