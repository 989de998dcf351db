"""GET /api/v1/plans and /api/v1/plans/{id}: the plans a caller may see, as the plan page shows
them, with the R2–R6 verdicts the page shows (development.plan_rules.plan_verdicts)."""

from jsonschema import Draft202012Validator

from lms.development import plans
from lms.development.plan_rules import plan_verdicts
from lms.rules.verdict import as_number
from tests.api.api_factories import bearer, token_for
from tests.catalog.factories import published_course
from tests.development.plan_factories import NO_FOUNDATION_ITEMS, draft_plan, item_data, submitted_plan


def assert_matches_document(client, schema_name: str, answer: dict) -> None:
    """The answer is what the OpenAPI document says it is (the contract test's site admin sees
    no plans, so the data-bearing answers are checked here)."""
    document = client.get("/api/v1/openapi.json").get_json()
    validator = Draft202012Validator({**document, "$ref": f"#/components/schemas/{schema_name}"})
    assert [error.message for error in validator.iter_errors(answer)] == []


def get(client, person, url, status=200, scopes=None):
    headers = bearer(token_for(person) if scopes is None else token_for(person, scopes=scopes))
    response = client.get(url, headers=headers)
    assert response.status_code == status, response.get_data(as_text=True)[:1000]
    return response.get_json()


def test_the_learner_reads_their_plan_with_the_verdicts_of_the_plan_page(client, world, db, login):
    learner = world["learner"]
    plan = draft_plan(learner)
    db.session.commit()
    answer = get(client, learner, "/api/v1/plans")
    assert_matches_document(client, "PlanPage", answer)
    assert answer["next_cursor"] is None
    [found] = answer["items"]
    assert found["id"] == plan.id and found["person_email"] == "learner@example.go.th"
    assert (found["state"], found["revision"], found["agreed_revision"]) == ("draft", 1, None)
    assert found["fiscal_year"] == plans.open_fiscal_years()[0] and found["target_groups"] == ["service"]
    assert [(i["skill_set"], i["method"], i["bucket"], i["hours"], i["horizon"]) for i in found["items"]] == [
        ("digital-literacy", "self-learning", "experiential", "40.00", "current"),
        ("digital-governance", "on-the-job", "experiential", "30.00", "future"),
        ("digital-technology", "coaching", "social", "20.00", "current"),
        ("digital-leadership", "training", "formal", "10.00", "current")]

    # The service's verdicts, figure by figure.
    service = plan_verdicts(plan.current)
    verdicts = found["verdicts"]
    for name in ("mix", "horizon", "foundation", "agreement"):
        verdict = getattr(service, name)
        assert {k: verdicts[name][k] for k in ("rule", "ok", "empty", "message_th", "message_en")} == {
            "rule": verdict.rule, "ok": verdict.ok, "empty": verdict.empty,
            "message_th": verdict.message_th, "message_en": verdict.message_en}
    assert [(b["bucket"], b["share"], b["shown_share"]) for b in verdicts["mix"]["buckets"]] == [
        (b.bucket, as_number(b.share), b.shown_share) for b in service.mix.buckets]
    assert [r["group"] for r in verdicts["roles"]] == [r.group for r in service.roles]
    # … and by hand: BALANCED_ITEMS is 70:20:10 of 100 h, 70:30, both foundation sets.
    assert [b["shown_share"] for b in verdicts["mix"]["buckets"]] == ["70", "20", "10"]
    assert verdicts["mix"]["total_hours"] == 100 and verdicts["planned_hours"] == "100.00"
    assert (verdicts["horizon"]["current_share"], verdicts["horizon"]["future_share"]) == (70, 30)
    assert verdicts["foundation"]["ok"] and verdicts["foundation"]["missing"] == []
    assert verdicts["agreement"]["still_needed"] == ["supervisor"] and not verdicts["agreement"]["ok"]
    assert verdicts["phase"] == "develop" and verdicts["roles"][0]["rule"] == "R6"
    assert verdicts["roles"][0]["next_phase"] == "maturity" and verdicts["can_submit"] is True

    # The plan page says the same, in Thai.
    login(learner)
    html = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    for name in ("mix", "horizon", "foundation", "agreement"):
        assert verdicts[name]["message_th"] in html


def test_a_plan_without_the_foundation_sets_fails_r4(client, world, db):
    plan = draft_plan(world["peer"], items=NO_FOUNDATION_ITEMS)
    db.session.commit()
    found = get(client, world["peer"], f"/api/v1/plans/{plan.id}")
    foundation = found["verdicts"]["foundation"]
    assert foundation["rule"] == "R4" and not foundation["ok"]
    assert foundation["missing"] == ["digital-literacy", "digital-governance"]
    assert found["verdicts"]["can_submit"] is False
    assert found["verdicts"]["mix"]["buckets"][2]["shown_share"] == "100"  # all 12 h are training


def test_an_item_names_its_course(client, world, db):
    course = published_course(world["institute"])
    plan = draft_plan(world["learner"], items=())
    plans.save_item(plan.current, world["learner"], item_data(course_code=course.code, how="training"))
    db.session.commit()
    answer = get(client, world["learner"], f"/api/v1/plans/{plan.id}")
    assert_matches_document(client, "Plan", answer)
    [item] = answer["items"]
    version = course.published
    assert (item["course_code"], item["course_title_th"]) == (course.code, version.title_th)


def test_supervisors_up_the_chain_read_a_plan_and_others_get_404(client, world, db):
    plan = submitted_plan(world["learner"])
    db.session.commit()
    for reader in ("supervisor", "director"):
        assert get(client, world[reader], f"/api/v1/plans/{plan.id}")["state"] == "submitted"
        listed = get(client, world[reader], f"/api/v1/plans?person_id={world['learner'].id}")["items"]
        assert [p["id"] for p in listed] == [plan.id]
    for outsider in ("peer", "other_supervisor", "agency_admin", "site_admin"):
        get(client, world[outsider], f"/api/v1/plans/{plan.id}", status=404)
        get(client, world[outsider], f"/api/v1/plans?person_id={world['learner'].id}", status=404)
    # Without a person, the caller's own plans: the supervisor has none.
    assert get(client, world["supervisor"], "/api/v1/plans")["items"] == []
    get(client, world["supervisor"], "/api/v1/plans?person_id=999999", status=404)


def test_plans_filter_by_year_and_come_a_page_at_a_time(client, world, db):
    this_year, next_year = plans.open_fiscal_years()
    first, second = draft_plan(world["learner"], this_year), draft_plan(world["learner"], next_year)
    db.session.commit()
    page_one = get(client, world["learner"], "/api/v1/plans?limit=1")
    assert [p["id"] for p in page_one["items"]] == [first.id] and page_one["next_cursor"] == str(first.id)
    page_two = get(client, world["learner"], f"/api/v1/plans?limit=1&cursor={page_one['next_cursor']}")
    assert [p["id"] for p in page_two["items"]] == [second.id] and page_two["next_cursor"] is None
    only = get(client, world["learner"], f"/api/v1/plans?fiscal_year={next_year}")["items"]
    assert [(p["id"], p["fiscal_year"]) for p in only] == [(second.id, next_year)]
    assert get(client, world["learner"], "/api/v1/plans?fiscal_year=2500")["items"] == []
    errors = get(client, world["learner"], "/api/v1/plans?fiscal_year=70", status=422)
    assert "fiscal_year" in str(errors["errors"])


def test_a_token_without_plans_read_is_refused(client, world, db):
    plan = draft_plan(world["learner"])
    db.session.commit()
    refusal = get(client, world["learner"], f"/api/v1/plans/{plan.id}", status=403, scopes=["people:read"])
    assert "plans:read" in refusal["detail"]
