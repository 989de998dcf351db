"""The first resources: people and organisations, courses with their R1 verdicts, and R1
as a service. What a caller may see is what the pages would show them."""

from tests.api.api_factories import bearer, token_for
from tests.catalog.factories import draft_course, published_course
from tests.factories import person as make_person


def _get(client, person, url, **scopes):
    return client.get(url, headers=bearer(token_for(person, **scopes)))


def test_people_pages_follow_the_cursor_without_repeats(client, world, db):
    admin = world["agency_admin"]
    extra = [make_person(email=f"hr{n}@example.go.th", organisation=world["division"]) for n in range(5)]
    headers = bearer(token_for(admin))
    seen, cursor, pages = [], None, 0
    while True:
        url = "/api/v1/people?limit=3" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(url, headers=headers).get_json()
        assert len(body["items"]) <= 3
        seen += [item["email"] for item in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen))
    assert {p.email for p in extra} <= set(seen)
    assert world["other_learner"].email not in seen  # another agency's
    assert pages >= 3


def test_a_person_is_seen_as_on_the_pages(client, world):
    learner, outsider = world["learner"], world["other_learner"]
    body = _get(client, world["supervisor"], f"/api/v1/people/{learner.id}").get_json()
    assert body["email"] == learner.email
    assert body["supervisor_email"] == world["supervisor"].email
    assert body["organisation_code"] == world["division"].code
    assert _get(client, world["supervisor"], f"/api/v1/people/{outsider.id}").status_code == 404
    assert _get(client, world["learner"], f"/api/v1/people/{world['peer'].id}").status_code == 404
    assert _get(client, world["learner"], "/api/v1/people").status_code == 403


def test_a_bad_cursor_or_limit_is_422_with_the_field(client, world):
    bad = _get(client, world["agency_admin"], "/api/v1/people?cursor=not-an-id")
    assert bad.status_code == 422
    too_many = _get(client, world["agency_admin"], "/api/v1/people?limit=500").get_json()
    assert too_many["status"] == 422 and "limit" in too_many["errors"]


def test_organisations_of_the_admins_agency_only(client, world):
    codes = {o["code"] for o in _get(client, world["agency_admin"], "/api/v1/organisations?limit=200")
             .get_json()["items"]}
    assert {world["dept_a"].code, world["division"].code} <= codes
    assert world["dept_b"].code not in codes


def test_courses_carry_their_r1_verdict(client, world):
    course = published_course(world["institute"], sessions=[("lecture", 90), ("discussion", 60)])
    hidden = draft_course(world["other_institute"])
    body = _get(client, world["learner"], "/api/v1/courses?limit=200").get_json()
    found = {item["code"]: item for item in body["items"]}
    assert hidden.code not in found
    verdict = found[course.code]["lecture_verdict"]
    assert verdict["ok"] is True and verdict["rule"] == "R1"
    assert (verdict["lecture_minutes"], verdict["active_minutes"]) == (90, 60)
    assert verdict["shown_lecture_percent"] == "60"
    assert [s["method"] for s in found[course.code]["sessions"]] == ["lecture", "discussion"]
    assert _get(client, world["learner"], f"/api/v1/courses/{hidden.id}").status_code == 404
    assert _get(client, world["author"], f"/api/v1/courses/{course.id}").get_json()["code"] == course.code


def test_the_session_plan_check_says_how_to_pass(client, world):
    headers = bearer(token_for(world["learner"], scopes=["courses:read"]))
    plan = {"sessions": [{"method": "lecture", "minutes": 120}, {"method": "discussion", "minutes": 60}]}
    verdict = client.post("/api/v1/checks/session-plan", json=plan, headers=headers).get_json()
    assert verdict["ok"] is False
    assert verdict["lecture_max_percent"] == 60
    assert verdict["add_active_minutes"] == 20 and verdict["cut_lecture_minutes"] == 30
    assert "60" in verdict["message_th"] and "60" in verdict["message_en"]
    plan["sessions"][1]["minutes"] = 80
    assert client.post("/api/v1/checks/session-plan", json=plan, headers=headers).get_json()["ok"] is True


def test_a_bad_session_plan_names_what_is_wrong(client, world):
    headers = bearer(token_for(world["learner"]))
    unknown = client.post("/api/v1/checks/session-plan", headers=headers,
                          json={"sessions": [{"method": "juggling", "minutes": 30}]}).get_json()
    assert unknown["status"] == 422
    assert "lecture" in unknown["errors"]["sessions"]["0"]["method"][0]  # the first session's method: the known ones
    too_long = client.post("/api/v1/checks/session-plan", headers=headers,
                           json={"sessions": [{"method": "lecture", "minutes": 100000}]})
    assert too_long.status_code == 422
    empty = client.post("/api/v1/checks/session-plan", headers=headers, json={"sessions": []})
    assert empty.status_code == 422
    not_json = client.post("/api/v1/checks/session-plan", headers=headers, data="x")
    assert not_json.status_code in (400, 415, 422)

