"""A person with something in every module, made through the services (flushed, never
committed), for the export and anonymisation tests. Needs the `uploads` fixture."""

import io
import uuid
from datetime import timedelta

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from lms.accounts.services import record_login_failure
from lms.api.models import ApiCall
from lms.api.tokens import create_personal_token, register_client
from lms.assessment.certificates.services import issue_level_certificate
from lms.assessment.frameworks.models import SkillFramework
from lms.classes.models import Attendance
from lms.core.audit import record_event
from lms.core.dates import today_in_bangkok
from lms.development import coaching, evidence, log, plans
from lms.development.plan_rules import plan_verdicts
from lms.extensions import db
from lms.integrations.xapi.models import XapiReceivedStatement, XapiStatement
from lms.notifications.models import Notification
from lms.notifications.services import notify, set_preference
from lms.reference.models import SkillSet
from tests.assessment.ratings_factories import ratings_framework, result_with_file, submitted_assessment
from tests.classes.factories import course_class, enrol
from tests.development.plan_factories import group, item_data

PDF = b"%PDF-1.4\n% evidence of a person's work\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def attach(record, name: str, content: bytes):
    upload, problem = evidence.check_upload(FileStorage(io.BytesIO(content), name))
    assert problem is None, problem
    with evidence.removed_unless_committed() as files:
        [evidence_file] = files.attach(record, [upload])
    return evidence_file


def life(world, who: str = "learner", tag: str = "") -> dict:
    """Give world[who] a log entry with two files, a plan with a note and a returned
    decision, a coaching session with notes, a class with an attendance note, a
    notification, a preference, a failed login, and a digest that names them.
    Every free text contains `tag` (default: the person's key) to be searched for."""
    person, supervisor = world[who], world[who].supervisor
    tag = tag or f"secret-{who}"
    person.citizen_id_hash = f"citizen-hash-{tag}"  # as HR's import sets it
    literacy = db.session.scalar(select(SkillSet.id).where(SkillSet.slug == "digital-literacy"))
    entry = log.create_entry(person, log.EntryData(
        occurred_on=today_in_bangkok() - timedelta(days=2), hours_text="2.5", method_slug="on-the-job",
        skill_set_ids=[literacy], title=f"งานของ {tag}", notes_md=f"บันทึกส่วนตัว {tag}"))
    pdf = attach(entry, "รายงาน.pdf", PDF + tag.encode())
    png = attach(entry, "รายงาน.png", PNG + tag.encode())
    log.review_entry(supervisor, entry, "returned", f"ความเห็นหัวหน้า {tag}", log.entry_version(entry))

    plan = plans.start_plan(person, plans.open_fiscal_years()[0])
    revision = plan.current
    plans.set_groups(revision, person, [group("service").id])
    plans.save_item(revision, person, item_data("digital-literacy", "self-learning", 40, note=f"หมายเหตุแผน {tag}"))
    plans.save_item(revision, person, item_data("digital-governance", "on-the-job", 30, horizon="future"))
    plans.save_item(revision, person, item_data("digital-technology", "coaching", 20))
    plans.save_item(revision, person, item_data("digital-leadership", "training", 10))
    plans.submit(revision, person, plan_verdicts(revision), "en")
    plans.return_for_changes(revision, supervisor, plans.latest_submission(revision).id, f"แก้แผน {tag}")

    session = coaching.record_session(supervisor, coaching.SessionData(
        occurred_on=today_in_bangkok() - timedelta(days=1), minutes=90, topic=f"สอนงาน {tag}",
        attendee_ids=[person.id], skill_set_ids=[literacy], notes_md=f"บันทึกการสอน {tag}"))

    cls = course_class(world["institute"])
    [enrolment] = enrol(cls, person)
    db.session.add(Attendance(meeting_id=cls.meetings[0].id, enrolment_id=enrolment.id, present=True,
                              note=f"มาสาย {tag}", recorded_by_id=world["author"].id))
    notify(person, "mix_check", subject="mix", period="2026-11", payload={"fy": 2570})
    set_preference(person.id, "no_learning", "off")
    record_login_failure(person.email, "203.0.113.9")
    record_event("login.failed", person, object_type="people", object_label=person.email)
    digest = Notification(person_id=supervisor.id, kind="supervisor_digest", subject=f"digest-{who}", period="2026-W47",
                          channel="in_app",
                          payload={"week": "2026-W47", "people": [
                              {"name_th": person.name_th, "name_en": person.name_en, "plans": 1},
                              {"name_th": "คนอื่น ในทีม", "name_en": "Someone Else", "plans": 0}]})
    db.session.add(digest)
    db.session.flush()
    assessment, result, certificate = _skills(person, tag)
    _connections(person, tag)
    return {"assessment": assessment, "result": result, "certificate": certificate,
            "person": person, "entry": entry, "pdf": pdf, "png": png, "plan": plan, "session": session,
            "class": cls, "enrolment": enrolment, "digest": digest, "tag": tag}


def _connections(person, tag: str) -> None:
    """A personal API token that made a call, a client they registered, and xAPI statements
    about them: one sent, one received from another LRS."""
    token, _secret = create_personal_token(person, f"script {tag}", ["records:read"], 30)
    register_client(person, f"system {tag}", ["records:read"])
    db.session.add(ApiCall(token_id=token.id, method="GET", path=f"/api/v1/records?{tag}", status=200,
                           address="203.0.113.9"))
    actor = {"mbox": f"mailto:{person.email}", "name": person.name_th}
    db.session.add(XapiStatement(statement_id=str(uuid.uuid4()), source=f"record:{tag}", person_id=person.id,
                                 statement={"actor": actor, "object": {"id": f"https://lms.example/{tag}"}}))
    db.session.add(XapiReceivedStatement(statement_id=str(uuid.uuid4()), outcome="refused", reason="verb",
                                         actor=f"mailto:{person.email}", person_id=person.id,
                                         statement={"actor": actor, "result": {"response": tag}}))
    db.session.flush()


def _skills(person, tag: str):
    """A self-assessment with a comment, an external result with a file, a level certificate."""
    framework = (db.session.scalar(select(SkillFramework).where(SkillFramework.version_label == "ratings-test"))
                 or ratings_framework())
    assessment = submitted_assessment(person, framework, level=2)
    assessment.ratings[0].self_comment = f"ประเมินตนเอง {tag}"
    result, _file = result_with_file(person, framework.editions[0].skill_set_id, level=2)
    result.title = f"ผลสอบ {tag}"
    certificate = issue_level_certificate(person, framework.editions[0].skill_set, 2, today_in_bangkok())
    db.session.flush()
    return assessment, result, certificate
