"""The yearly self-assessment: the person rates each skill set against the descriptors, the
supervisor confirms or adjusts, and then the year is read-only."""

from sqlalchemy import func, select

from lms.assessment.ratings.models import SkillAssessment, SkillRating
from lms.core.dates import fiscal_year_of, today_in_bangkok
from lms.extensions import db

from .ratings_factories import ratings_framework, submitted_assessment


def _levels(framework, level=2, **overrides):
    data = {f"level-{e.skill_set_id}": str(level) for e in framework.editions}
    data.update(overrides)
    return data


def _english(*people):
    for person in people:
        person.language = "en"
    db.session.flush()


def test_my_skills_shows_each_skill_set_with_its_levels_and_descriptors(client, world, login):
    framework = ratings_framework()
    _english(world["learner"])
    login(world["learner"])
    page = client.get("/skills/").get_data(as_text=True)
    first = framework.editions[0]
    assert "My skills" in page
    assert first.name_en in page or first.name_th in page
    assert "Behaviour at level 4" in page
    assert "0 — not yet level 1" in page
    assert f'name="level-{first.skill_set_id}"' in page


def test_self_assessment_submitted_then_confirmed_with_an_adjustment_is_read_only(client, world, login):
    framework = ratings_framework()
    learner, supervisor = world["learner"], world["supervisor"]
    _english(learner, supervisor)
    first, second = framework.editions[0].skill_set_id, framework.editions[1].skill_set_id
    login(learner)
    data = _levels(framework, 2, **{f"level-{first}": "0", f"comment-{first}": "ยังไม่เคยทำ"})
    response = client.post("/skills/", data={**data, "submit": "y"})
    assert response.status_code == 302
    assessment = db.session.scalar(select(SkillAssessment).where(SkillAssessment.person_id == learner.id))
    assert assessment.state == "submitted" and assessment.fiscal_year == fiscal_year_of(today_in_bangkok())
    ratings = {r.skill_set_id: r for r in assessment.ratings}
    assert ratings[first].self_level == 0 and ratings[first].self_comment == "ยังไม่เคยทำ"
    assert ratings[second].self_level == 2
    # Still editable until the supervisor acts.
    assert client.post("/skills/", data={**_levels(framework, 1), "submit": "y"}).status_code == 302
    db.session.expire_all()
    assert {r.self_level for r in assessment.ratings} == {1}

    login(supervisor)
    assert "Self-assessments to confirm" in client.get("/skills/reviews").get_data(as_text=True)
    page = client.get(f"/skills/assessments/{assessment.id}").get_data(as_text=True)
    assert learner.name_en in page and "Confirm the assessment" in page
    version = assessment.submitted_at.isoformat()
    # Adjusting a level needs a comment: refused whole, nothing saved.
    refused = client.post(f"/skills/assessments/{assessment.id}",
                          data={**_levels(framework, 1, **{f"level-{second}": "3"}), "version": version,
                                "confirm": "y"})
    assert refused.status_code == 200
    assert "Say why you changed the level of" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert assessment.state == "submitted"
    assert all(r.supervisor_level is None for r in assessment.ratings)

    confirmed = client.post(f"/skills/assessments/{assessment.id}",
                            data={**_levels(framework, 1, **{f"level-{second}": "3",
                                                             f"comment-{second}": "ทำได้ดีกว่าที่ประเมิน"}),
                                  "version": version, "confirm": "y"})
    assert confirmed.status_code == 302
    db.session.expire_all()
    assert assessment.state == "confirmed" and assessment.confirmed_by_id == supervisor.id
    ratings = {r.skill_set_id: r for r in assessment.ratings}
    assert ratings[second].supervisor_level == 3 and ratings[second].supervisor_comment == "ทำได้ดีกว่าที่ประเมิน"
    assert ratings[first].supervisor_level == 1

    login(learner)
    page = client.get("/skills/").get_data(as_text=True)
    assert "Confirmed by" in page and 'name="level-' not in page
    response = client.post("/skills/", data={**_levels(framework, 4), "submit": "y"}, follow_redirects=True)
    assert "it can no longer be changed" in response.get_data(as_text=True)
    db.session.expire_all()
    assert ratings[second].self_level == 1


def test_one_assessment_per_person_and_year(client, world, login):
    framework = ratings_framework()
    login(world["learner"])
    for level in (1, 2, 3):
        assert client.post("/skills/", data={**_levels(framework, level), "save": "y"}).status_code == 302
    count = db.session.scalar(select(func.count()).select_from(SkillAssessment)
                              .where(SkillAssessment.person_id == world["learner"].id))
    assert count == 1
    assessment = db.session.scalar(select(SkillAssessment).where(SkillAssessment.person_id == world["learner"].id))
    assert assessment.state == "draft" and {r.self_level for r in assessment.ratings} == {3}


def test_a_missing_or_impossible_level_saves_nothing_and_says_which(client, world, login):
    framework = ratings_framework()
    _english(world["learner"])
    login(world["learner"])
    first, second = framework.editions[0], framework.editions[1]
    data = _levels(framework, 2, **{f"level-{second.skill_set_id}": "9"})
    del data[f"level-{first.skill_set_id}"]
    response = client.post("/skills/", data={**data, "submit": "y"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"Choose a level for {first.name_en}" in page
    assert f"The level of {second.name_en} must be from 0 to 4" in page
    assert 'value="2" checked' in page  # what was chosen stays chosen
    assert db.session.scalar(select(func.count()).select_from(SkillRating)) == 0
    assert db.session.scalar(select(func.count()).select_from(SkillAssessment)) == 0


def test_another_persons_assessment_is_404_to_view_and_to_confirm(client, world, login):
    framework = ratings_framework()
    mine = submitted_assessment(world["learner"], framework)
    theirs = submitted_assessment(world["other_learner"], framework)
    data = {**_levels(framework, 1), "version": mine.submitted_at.isoformat(), "confirm": "y"}
    login(world["other_supervisor"])
    assert client.get(f"/skills/assessments/{mine.id}").status_code == 404
    assert client.post(f"/skills/assessments/{mine.id}", data=data).status_code == 404
    login(world["peer"])
    assert client.get(f"/skills/assessments/{mine.id}").status_code == 404
    login(world["learner"])
    assert client.get(f"/skills/assessments/{theirs.id}").status_code == 404
    # The learner sees their own but may not confirm it; the director (further up) may only look.
    assert client.get(f"/skills/assessments/{mine.id}").status_code == 200
    assert client.post(f"/skills/assessments/{mine.id}", data=data).status_code == 403
    login(world["director"])
    assert client.get(f"/skills/assessments/{mine.id}").status_code == 200
    assert client.post(f"/skills/assessments/{mine.id}", data=data).status_code == 403
    db.session.expire_all()
    assert mine.state == "submitted"


def test_a_post_without_the_csrf_token_is_refused(app, client, world, login):
    framework = ratings_framework()
    mine = submitted_assessment(world["learner"], framework)
    data = {**_levels(framework, 4), "version": mine.submitted_at.isoformat(), "confirm": "y", "submit": "y"}
    for person, url in ((world["supervisor"], f"/skills/assessments/{mine.id}"), (world["learner"], "/skills/")):
        login(person)
        app.config["WTF_CSRF_ENABLED"] = True  # after logging in: the login form has no token here
        try:
            assert client.post(url, data=data).status_code == 400
        finally:
            app.config["WTF_CSRF_ENABLED"] = False
    db.session.expire_all()
    assert mine.state == "submitted"
    assert {r.self_level for r in mine.ratings} == {1}


def test_a_stale_confirmation_is_refused(client, world, login):
    framework = ratings_framework()
    mine = submitted_assessment(world["learner"], framework)
    login(world["supervisor"])
    response = client.post(f"/skills/assessments/{mine.id}",
                           data={**_levels(framework, 1), "version": "2000-01-01T00:00:00+00:00",
                                 "confirm": "y"})
    assert response.status_code == 200
    db.session.expire_all()
    assert mine.state == "submitted"


def test_a_draft_is_the_owners_alone_and_the_supervisor_reaches_a_submitted_one_from_the_dashboard(
        client, world, login):
    framework = ratings_framework()
    learner, supervisor = world["learner"], world["supervisor"]
    supervisor.language = "en"
    login(learner)
    assert client.post("/skills/", data={**_levels(framework, 2), "save": "y"}).status_code == 302
    draft = db.session.scalar(select(SkillAssessment).where(SkillAssessment.person_id == learner.id))
    assert client.get(f"/skills/assessments/{draft.id}").status_code == 200
    login(supervisor)
    assert client.get(f"/skills/assessments/{draft.id}").status_code == 404
    assert "This year&#39;s self-assessment" not in client.get(f"/dashboard/people/{learner.id}").get_data(as_text=True)
    login(learner)
    assert client.post("/skills/", data={**_levels(framework, 2), "submit": "y"}).status_code == 302
    login(supervisor)
    page = client.get(f"/dashboard/people/{learner.id}").get_data(as_text=True)
    assert f'href="/skills/assessments/{draft.id}"' in page
    assert client.get(f"/skills/assessments/{draft.id}").status_code == 200
