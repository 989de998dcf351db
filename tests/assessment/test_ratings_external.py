"""External results: recorded with evidence, verified or returned by the supervisor, counted as
an assessed level while current, and announced as a certified level."""

import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.assessment.ratings.external import result_version
from lms.assessment.ratings.models import ExternalResult, ExternalResultFile
from lms.assessment.ratings.queries import skill_gaps
from lms.core import events
from lms.core.dates import today_in_bangkok
from lms.extensions import db
from lms.reference.models import SkillSet, TargetGroup

from .ratings_factories import PDF, ratings_framework, result_with_file


@pytest.fixture
def literacy(db):
    return db.session.scalar(select(SkillSet).where(SkillSet.slug == "digital-literacy"))


def _form(skill_set, **overrides):
    data = {"title": "TPQI ความรู้ดิจิทัล", "issuer": "สถาบันคุณวุฒิวิชาชีพ", "skill_set_id": str(skill_set.id),
            "level": "3", "issued_on": (today_in_bangkok() - timedelta(days=10)).isoformat(),
            "expires_on": "", "evidence": (io.BytesIO(PDF), "ใบรับรอง.pdf")}
    data.update(overrides)
    return data


def _files(folder):
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_a_result_recorded_with_evidence_verified_counts_in_the_gap_and_is_announced(
        client, world, login, uploads, literacy):
    ratings_framework(required={("academic", "develop", "digital-literacy"): 3})
    learner, supervisor = world["learner"], world["supervisor"]
    learner.target_groups = [db.session.scalar(select(TargetGroup).where(TargetGroup.slug == "academic"))]
    learner.language = supervisor.language = "en"
    db.session.flush()
    login(learner)
    response = client.post("/skills/results/new", data=_form(literacy), content_type="multipart/form-data")
    assert response.status_code == 302
    result = db.session.scalar(select(ExternalResult).where(ExternalResult.person_id == learner.id))
    assert (result.status, result.level, result.skill_set_id) == ("pending", 3, literacy.id)
    [stored] = result.files
    assert stored.original_name == "ใบรับรอง.pdf" and len(_files(uploads)) == 1
    assert client.get(f"/skills/results/files/{stored.id}").data == PDF
    gap = next(g for g in skill_gaps(learner, today_in_bangkok()) if g.skill_set_id == literacy.id)
    assert (gap.assessed, gap.gap) == (0, 3)  # not yet verified

    heard = []

    def hear(sender, **kwargs):  # ids and values read now: the request's objects leave with it
        heard.append((sender.id, kwargs["person"].id, kwargs["skill_set"].id, kwargs["level"],
                      kwargs["certified_on"], kwargs["expires_on"], kwargs["actor"].id))

    login(supervisor)
    assert "External results to verify" in client.get("/skills/reviews").get_data(as_text=True)
    assert "Verify" in client.get(f"/skills/results/{result.id}").get_data(as_text=True)
    with events.level_certified.connected_to(hear):
        assert client.post(f"/skills/results/{result.id}/review",
                           data={"verify": "y", "version": result_version(result)}).status_code == 302
    db.session.expire_all()
    assert result.status == "verified" and result.reviewed_by_id == supervisor.id
    assert heard == [(result.id, learner.id, literacy.id, 3, result.issued_on, None, supervisor.id)]
    gap = next(g for g in skill_gaps(learner, today_in_bangkok()) if g.skill_set_id == literacy.id)
    # The certificates part hears the event and may issue a level certificate for it: either source.
    assert (gap.assessed, gap.gap) == (3, 0) and gap.source in ("external", "certificate")

    login(learner)
    page = client.get("/skills/").get_data(as_text=True)
    assert "External result" in page and "Verified" in page
    # Verified: no longer changed by its owner.
    assert client.post(f"/skills/results/{result.id}", data=_form(literacy, level="4"),
                       content_type="multipart/form-data").status_code == 403


def test_an_expired_or_returned_result_does_not_count(world, uploads, literacy):
    ratings_framework()
    learner = world["learner"]
    today = today_in_bangkok()
    expired, _file = result_with_file(learner, literacy.id, level=4, issued_on=today - timedelta(days=400),
                                      expires_on=today - timedelta(days=1))
    pending, _file = result_with_file(learner, literacy.id, level=4)
    expired.status = "verified"
    db.session.flush()
    gap = next(g for g in skill_gaps(learner, today) if g.skill_set_id == literacy.id)
    assert gap.assessed == 0 and gap.source is None


def test_returning_needs_a_comment_and_the_owner_resubmits(client, world, login, uploads, literacy):
    ratings_framework()
    world["learner"].language = world["supervisor"].language = "en"
    result, _file = result_with_file(world["learner"], literacy.id, level=2)
    login(world["supervisor"])
    seen = result_version(result)
    response = client.post(f"/skills/results/{result.id}/review",
                           data={"send_back": "y", "comment": " ", "version": seen})
    assert "Say what to change" in response.get_data(as_text=True)
    db.session.expire_all()
    assert result.status == "pending"
    assert client.post(f"/skills/results/{result.id}/review",
                       data={"send_back": "y", "comment": "ขอสำเนาที่ชัดกว่านี้", "version": seen}).status_code == 302
    db.session.expire_all()
    assert result.status == "returned" and result.review_comment == "ขอสำเนาที่ชัดกว่านี้"
    login(world["learner"])
    assert "ขอสำเนาที่ชัดกว่านี้" in client.get(f"/skills/results/{result.id}").get_data(as_text=True)
    assert client.post(f"/skills/results/{result.id}", data=_form(literacy, level="2"),
                       content_type="multipart/form-data").status_code == 302
    db.session.expire_all()
    assert result.status == "pending" and len(result.files) == 2


def test_bad_input_saves_nothing_and_says_why(client, world, login, uploads, literacy):
    ratings_framework()
    world["learner"].language = "en"
    db.session.flush()
    login(world["learner"])
    future = (today_in_bangkok() + timedelta(days=3)).isoformat()
    response = client.post("/skills/results/new", data=_form(
        literacy, title="", level="9", issued_on=future, evidence=(io.BytesIO(b"MZ..."), "virus.exe")),
        content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter the name of the certificate or result." in page
    assert "The level must be from 1 to 4" in page
    assert "cannot be in the future" in page
    assert "virus.exe: this kind of file cannot be attached" in page
    no_file = client.post("/skills/results/new", data={k: v for k, v in _form(literacy).items() if k != "evidence"},
                          content_type="multipart/form-data")
    assert "Attach the certificate" in no_file.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ExternalResult)) == 0
    assert _files(uploads) == []


def test_another_persons_result_and_file_are_404(client, world, login, uploads, literacy):
    ratings_framework()
    theirs, their_file = result_with_file(world["other_learner"], literacy.id)
    mine, my_file = result_with_file(world["learner"], literacy.id)
    login(world["learner"])
    assert client.get(f"/skills/results/{theirs.id}").status_code == 404
    assert client.get(f"/skills/results/files/{their_file.id}").status_code == 404
    assert client.post(f"/skills/results/{theirs.id}", data=_form(literacy),
                       content_type="multipart/form-data").status_code == 404
    assert client.post(f"/skills/results/{theirs.id}/review", data={"verify": "y"}).status_code == 404
    assert client.post(f"/skills/results/{mine.id}/review", data={"verify": "y"}).status_code == 403
    login(world["other_supervisor"])
    assert client.get(f"/skills/results/{mine.id}").status_code == 404
    assert client.post(f"/skills/results/{mine.id}/review", data={"verify": "y"}).status_code == 404
    db.session.expire_all()
    assert mine.status == theirs.status == "pending"
    assert db.session.scalar(select(func.count()).select_from(ExternalResultFile)) == 2


def test_recording_or_verifying_without_the_csrf_token_is_refused(app, client, world, login, uploads, literacy):
    ratings_framework()
    mine, _file = result_with_file(world["learner"], literacy.id)
    for person, url, data in ((world["learner"], "/skills/results/new", _form(literacy)),
                              (world["supervisor"], f"/skills/results/{mine.id}/review", {"verify": "y"})):
        login(person)
        app.config["WTF_CSRF_ENABLED"] = True  # after logging in: the login form has no token here
        try:
            assert client.post(url, data=data, content_type="multipart/form-data").status_code == 400
        finally:
            app.config["WTF_CSRF_ENABLED"] = False
    db.session.expire_all()
    assert mine.status == "pending"
    assert db.session.scalar(select(func.count()).select_from(ExternalResult)) == 1


def test_a_decision_is_taken_on_the_version_the_supervisor_saw(client, world, login, uploads, literacy):
    ratings_framework()
    world["supervisor"].language = "en"
    result, _file = result_with_file(world["learner"], literacy.id, level=2)
    login(world["supervisor"])
    page = client.get(f"/skills/results/{result.id}").get_data(as_text=True)
    assert f'name="version" type="hidden" value="{result_version(result)}"' in page
    seen = result_version(result)

    login(world["learner"])  # the owner raises the level meanwhile
    assert client.post(f"/skills/results/{result.id}", data=_form(literacy, level="4"),
                       content_type="multipart/form-data").status_code == 302

    login(world["supervisor"])
    response = client.post(f"/skills/results/{result.id}/review", data={"verify": "y", "version": seen})
    assert "changed this result after you opened it" in response.get_data(as_text=True)
    db.session.expire_all()
    assert (result.status, result.level) == ("pending", 4)
