"""Notices of skill assessments and external results, told at once: a submission to the supervisor
and whoever acts for them, a confirmation or a review to the owner; never to the person who acted,
by e-mail (an outbox row) or in the centre only, as the person chose."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.accounts.models import Delegation
from lms.assessment.ratings import external, services
from lms.assessment.ratings.services import LevelChoice, assessment_version
from lms.core.dates import today_in_bangkok
from lms.extensions import db as database
from lms.notifications import outbox
from lms.notifications import services as notification_services
from lms.notifications.kinds import KINDS, LEARNER, SUPERVISOR
from lms.notifications.models import Notification
from tests.assessment.ratings_factories import ratings_framework, submitted_assessment
from tests.notifications.conftest import BASE_URL
from tests.notifications.test_events import centre, mail_of, notices, only, text

SKILL_KINDS = {"skill_assessment_submitted": SUPERVISOR, "external_result_submitted": SUPERVISOR,
               "skill_assessment_confirmed": LEARNER, "external_result_reviewed": LEARNER}


@pytest.fixture
def framework(db):
    return ratings_framework()


def _english(*people):
    for person in people:
        person.language = "en"
    database.session.flush()


def _confirm(supervisor, assessment, adjust=None):
    """Confirm every level as given; `adjust`: {skill set id: level} changed with a comment."""
    choices = {r.skill_set_id: LevelChoice(r.self_level) for r in assessment.ratings}
    for skill_set_id, level in (adjust or {}).items():
        choices[skill_set_id] = LevelChoice(level, "ทำได้ดีกว่า")
    return services.confirm_assessment(supervisor, assessment, choices, assessment_version(assessment))


def _result(person, framework, **overrides):
    data = {"title": "TPQI Data", "issuer": "TPQI", "skill_set_id": framework.editions[0].skill_set_id,
            "level": 3, "issued_on": today_in_bangkok() - timedelta(days=3), "expires_on": None} | overrides
    return external.record_result(person, external.ResultData(**data))


def _opened(client, notice) -> str:
    """Where opening the notice in the centre leads."""
    response = client.post(f"/notifications/{notice.id}/open")
    assert response.status_code == 302
    return response.headers["Location"]


def _act_for(principal, delegate):
    today = today_in_bangkok()
    database.session.add(Delegation(principal_id=principal.id, delegate_id=delegate.id, starts_on=today,
                                    ends_on=today + timedelta(days=3)))
    database.session.flush()


def test_the_new_kinds_are_immediate_notices_of_their_family():
    for slug, family in SKILL_KINDS.items():
        assert KINDS[slug].family == family and KINDS[slug].immediate and KINDS[slug].in_centre


def test_the_preferences_page_lists_each_kind_for_the_right_people(client, world, login):
    learner_page = login(world["learner"]).get("/notifications/preferences").get_data(as_text=True)
    assert 'name="skill_assessment_confirmed"' in learner_page
    assert 'name="external_result_reviewed"' in learner_page
    assert 'name="skill_assessment_submitted"' not in learner_page
    supervisor_page = login(world["supervisor"]).get("/notifications/preferences").get_data(as_text=True)
    assert 'name="skill_assessment_submitted"' in supervisor_page
    assert 'name="external_result_submitted"' in supervisor_page


# --- the yearly self-assessment ----------------------------------------------------------------

def test_a_submitted_assessment_tells_the_supervisor_and_the_acting_supervisor(db, world, framework):
    learner, supervisor, director = world["learner"], world["supervisor"], world["director"]
    _english(learner, supervisor, director)
    _act_for(supervisor, director)
    assessment = submitted_assessment(learner, framework)
    for decider in (supervisor, director):
        notice = only(db, decider, "skill_assessment_submitted")
        assert notice.subject == f"skill_assessment:{assessment.id}"
        assert notice.payload == {"assessment_id": assessment.id, "fy": assessment.fiscal_year,
                                  "person_id": learner.id}  # named by id only
        year = f"{assessment.fiscal_year - 543} (B.E. {assessment.fiscal_year})"
        assert f"{learner.name_en} submitted a skill assessment for fiscal year {year}" in text(notice)
    assert notices(db, learner) == []  # who acted is not told
    assert notices(db, world["other_supervisor"]) == [] and notices(db, world["peer"]) == []


def test_a_draft_tells_nobody_and_each_new_submission_is_told_again(db, world, framework):
    learner, supervisor = world["learner"], world["supervisor"]
    choices = {e.skill_set_id: LevelChoice(1) for e in framework.editions}
    services.save_self_assessment(learner, choices, False, today_in_bangkok())
    assert notices(db, supervisor) == []
    submitted_assessment(learner, framework, level=1)
    submitted_assessment(learner, framework, level=2)
    first, second = notices(db, supervisor, "skill_assessment_submitted")
    assert first.subject == second.subject and first.period != second.period


def test_a_confirmed_assessment_tells_its_owner_with_the_number_of_levels_changed(client, db, world, framework,
                                                                                  login):
    learner, supervisor = world["learner"], world["supervisor"]
    _english(learner, supervisor)
    assessment = submitted_assessment(learner, framework, level=1)
    _confirm(supervisor, assessment, adjust={framework.editions[1].skill_set_id: 3})
    notice = only(db, learner, "skill_assessment_confirmed")
    year = f"{assessment.fiscal_year - 543} (B.E. {assessment.fiscal_year})"
    words = text(notice)
    assert f"Your skill assessment for fiscal year {year} was confirmed" in words
    assert f"{supervisor.name_en} confirmed your levels" in words
    assert "Skill sets whose level your supervisor changed: 1." in words
    assert [n.kind for n in notices(db, supervisor)] == ["skill_assessment_submitted"]  # not their own confirmation
    assert "was confirmed" in centre(client, login, learner)
    assert _opened(client, notice) == f"/skills/assessments/{assessment.id}"


# --- external results ------------------------------------------------------------------------

def test_a_recorded_result_tells_the_supervisor_and_the_acting_supervisor(client, db, world, framework, login):
    learner, supervisor, director = world["learner"], world["supervisor"], world["director"]
    _english(learner, supervisor, director)
    _act_for(supervisor, director)
    result = _result(learner, framework)
    for decider in (supervisor, director):
        notice = only(db, decider, "external_result_submitted")
        assert notice.subject == f"external_result:{result.id}"
        words = text(notice)
        assert f"{learner.name_en} recorded an external result: TPQI Data" in words
        assert f"{framework.editions[0].name_en}, level 3" in words and "waits for your verification" in words
    assert notices(db, learner) == []
    assert "recorded an external result" in centre(client, login, supervisor)
    assert _opened(client, only(db, supervisor, "external_result_submitted")) == f"/skills/results/{result.id}"


def test_a_verified_result_tells_its_owner_and_a_returned_one_says_why(db, world, framework):
    learner, supervisor = world["learner"], world["supervisor"]
    _english(learner, supervisor)
    verified = _result(learner, framework, title="Cloud Practitioner")
    external.review_result(supervisor, verified, "verified", "เยี่ยม", external.result_version(verified))
    notice = only(db, learner, "external_result_reviewed")
    assert notice.payload["verified"] is True and notice.subject == f"external_result:{verified.id}"
    words = text(notice)
    assert "External result verified: Cloud Practitioner" in words and "Comment: เยี่ยม" in words
    assert "counts now as an assessed level" in words

    returned = _result(learner, framework, title="TPQI Cyber")
    external.review_result(supervisor, returned, "returned", "แนบใบรับรองฉบับเต็ม", external.result_version(returned))
    [notice] = [n for n in notices(db, learner, "external_result_reviewed") if n.payload["result_id"] == returned.id]
    words = text(notice)
    assert "External result returned: TPQI Cyber" in words and "Comment: แนบใบรับรองฉบับเต็ม" in words
    assert mail_of(db, notice) is not None
    # The supervisor hears of the two submissions, never of their own reviews.
    assert {n.kind for n in notices(db, supervisor)} == {"external_result_submitted"}


def test_a_returned_result_sent_back_tells_the_supervisor_again_but_an_edit_of_a_pending_one_does_not(
        db, world, framework):
    learner, supervisor = world["learner"], world["supervisor"]
    result = _result(learner, framework)
    data = external.ResultData(title="TPQI Data 2", issuer="TPQI", skill_set_id=result.skill_set_id, level=2,
                               issued_on=result.issued_on, expires_on=None)
    external.update_result(learner, result, data)  # still pending: already waiting
    assert len(notices(db, supervisor, "external_result_submitted")) == 1
    external.review_result(supervisor, result, "returned", "ระดับไม่ตรง", external.result_version(result))
    external.update_result(learner, result, data)
    first, second = notices(db, supervisor, "external_result_submitted")
    assert first.period != second.period
    assert second.payload == {"result_id": result.id, "person_id": learner.id}  # named by ids only
    assert "TPQI Data 2" in text(second) and "level 2" in text(second)  # read when shown


def test_the_supervisors_notice_keeps_nothing_of_a_result_removed_since(db, world, framework):
    learner, supervisor = world["learner"], world["supervisor"]
    _english(supervisor)
    result = _result(learner, framework, title="TPQI Secret")
    notice = only(db, supervisor, "external_result_submitted")
    database.session.delete(result)
    database.session.flush()
    words = text(notice)
    assert "TPQI Secret" not in words and "An external result was recorded for your verification" in words


def test_a_result_returned_in_the_browser_reaches_the_owner_by_mail_with_the_comment_and_link(
        client, db, world, framework, login, smtp_server):
    learner, supervisor = world["learner"], world["supervisor"]
    _english(learner)
    result = _result(learner, framework, title="TPQI Data")
    database.session.commit()  # the world and the result stay; the outbox sender reads committed rows
    login(supervisor)
    response = client.post(f"/skills/results/{result.id}/review",
                           data={"send_back": "y", "comment": "Attach the full certificate",
                                 "version": external.result_version(result)})
    assert response.status_code == 302
    outbox.drain()
    [mail] = [m for m in smtp_server.inbox.to(learner.email) if "returned" in m.message["Subject"]]
    plain = mail.part("plain")
    assert "External result returned: TPQI Data" in mail.message["Subject"]
    assert "Comment: Attach the full certificate" in plain and f"{BASE_URL}/skills/results/{result.id}" in plain


# --- preferences -----------------------------------------------------------------------------

def test_each_notice_goes_by_e_mail_unless_the_person_chose_otherwise(db, world, framework):
    learner, supervisor, director = world["learner"], world["supervisor"], world["director"]
    _act_for(supervisor, director)
    notification_services.set_preference(director.id, "skill_assessment_submitted", "off")
    notification_services.set_preference(learner.id, "skill_assessment_confirmed", "in_app")
    assessment = submitted_assessment(learner, framework)
    only(db, supervisor, "skill_assessment_submitted")  # e-mail, the default: with its outbox row
    assert notices(db, director) == []  # switched off
    _confirm(supervisor, assessment)
    [notice] = notices(db, learner, "skill_assessment_confirmed")
    assert notice.channel == "in_app" and mail_of(db, notice) is None


def test_a_refused_action_tells_nobody(db, world, framework):
    learner, supervisor = world["learner"], world["supervisor"]
    result = _result(learner, framework)
    before = len(database.session.scalars(select(Notification)).all())
    with pytest.raises(external.ReviewRefused):
        # a return needs a comment
        external.review_result(supervisor, result, "returned", "", external.result_version(result))
    assert len(database.session.scalars(select(Notification)).all()) == before


@pytest.mark.parametrize("language", ["th", "en"])
def test_every_skill_notice_composes_in_both_languages(db, world, framework, language):
    learner, supervisor = world["learner"], world["supervisor"]
    _confirm(supervisor, submitted_assessment(learner, framework))
    result = _result(learner, framework)
    external.review_result(supervisor, result, "returned", "แก้ไข", external.result_version(result))
    kinds = set()
    for notice in database.session.scalars(select(Notification)):
        kinds.add(notice.kind)
        assert text(notice, language)
    assert kinds == set(SKILL_KINDS)
