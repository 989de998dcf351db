"""Thaksa's xAPI 1.0.3 statements (the profile in docs/xapi.md): verbs and activity types from
the ADL vocabulary, Thaksa's context extensions under the site's address, and stable ids.

Every statement's id is a UUID5 of the site's address and its source ("record:12"), and the
source travels in the statement (extension `source`), so a statement Thaksa sent is known again
when it is fetched back (`is_own`) and posting it twice never makes two.
"""

import uuid
from datetime import date, datetime, time
from decimal import Decimal

from ...core.dates import BANGKOK, local_date
from .settings import base_url

# Fixed for ever: changing it would give every statement a second id.
NAMESPACE = uuid.UUID("74f79552-10fc-49f0-8e37-f5bcfa07ada6")
ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
ADL_TYPES = "http://adlnet.gov/expapi/activities/"
VERBS = {
    "experienced": {"en-US": "experienced", "th-TH": "ได้เรียนรู้"},
    "completed": {"en-US": "completed", "th-TH": "เรียนจบ"},
    "attended": {"en-US": "attended", "th-TH": "เข้าร่วม"},
    "passed": {"en-US": "passed", "th-TH": "ผ่าน"},
}
# A log entry's activity by the 70:20:10 bucket of its method.
BUCKET_TYPES = {"experiential": "performance", "social": "meeting", "formal": "course"}
PLATFORM = "Thaksa"


def extension(name: str, base: str | None = None) -> str:
    """The IRI of one of Thaksa's context extensions: learning-method, skill-sets, source."""
    return f"{base or base_url()}/xapi/extensions/{name}"


def profile_iri(base: str | None = None) -> str:
    return f"{base or base_url()}/xapi/profile"


def statement_id(source: str) -> str:
    """The statement's stable id: the same source on the same site gives the same id."""
    return str(uuid.uuid5(NAMESPACE, f"{base_url()} {source}"))


def is_own(statement: dict) -> bool:
    """Whether Thaksa (this site) sent the statement: its id is the one its source gives."""
    source = ((statement.get("context") or {}).get("extensions") or {}).get(extension("source"))
    return isinstance(source, str) and statement.get("id") == statement_id(source)


def actor(person) -> dict:
    """The person as an xAPI Agent: their e-mail, or (anonymised) their account on this site."""
    if person.anonymised_at is None and person.email:
        return {"objectType": "Agent", "name": person.name_th, "mbox": f"mailto:{person.email}"}
    return {"objectType": "Agent", "account": {"homePage": base_url(), "name": str(person.id)}}


def duration(hours) -> str:
    """Hours as an ISO 8601 duration: 1.5 -> PT1H30M."""
    minutes = int((Decimal(hours) * 60).to_integral_value())
    whole, rest = divmod(minutes, 60)
    return "PT" + (f"{whole}H" if whole else "") + (f"{rest}M" if rest or not whole else "")


def _moment(day: date) -> str:
    return datetime.combine(day, time(), BANGKOK).isoformat()


def _names(th: str, en: str) -> dict:
    names = {"th-TH": th or en}
    if en:
        names["en-US"] = en
    return names


def _activity(path: str, kind: str, th: str, en: str = "") -> dict:
    iri = path if path.startswith("http") else f"{base_url()}{path}"
    return {"objectType": "Activity", "id": iri,
            "definition": {"type": ADL_TYPES + kind, "name": _names(th, en)}}


def _context(source: str, method=None, skill_sets=()) -> dict:
    base = base_url()  # read once: an import builds thousands of these
    extensions = {extension("source", base): source,
                  extension("skill-sets", base): [skill_set.slug for skill_set in skill_sets]}
    if method is not None:
        extensions[extension("learning-method", base)] = {"slug": method.slug, "bucket": method.bucket}
    return {"platform": PLATFORM, "language": "th-TH", "extensions": extensions,
            "contextActivities": {"category": [{"id": profile_iri(base), "objectType": "Activity",
                                                "definition": {"type": ADL_TYPES + "profile"}}]}}


def _statement(source: str, person, verb: str, activity: dict, result: dict, context: dict,
               moment: str) -> dict:
    return {"id": statement_id(source), "actor": actor(person),
            "verb": {"id": ADL_VERBS + verb, "display": VERBS[verb]},
            "object": activity, "result": result, "context": context, "timestamp": moment}


def record_statement(record) -> tuple[str, dict]:
    """A verified learning-log entry (or another verified record): `experienced`."""
    source = f"record:{record.id}"
    kind = BUCKET_TYPES.get(record.method.bucket, "performance")
    activity = _activity(f"/xapi/activities/records/{record.id}", kind, record.title)
    result = {"completion": True, "duration": duration(record.hours)}
    return source, _statement(source, record.person, "experienced", activity, result,
                              _context(source, record.method, record.skill_sets), _moment(record.occurred_on))


def completion_statement(record) -> tuple[str, dict]:
    """A completed course, by a class or self-paced (the record crediting it): `completed`."""
    source = f"completion:{record.id}"
    version = record.course_version
    activity = _activity(f"/courses/{version.course_id}", "course", version.title_th, version.title_en)
    result = {"completion": True, "success": True, "duration": duration(record.hours)}
    return source, _statement(source, record.person, "completed", activity, result,
                              _context(source, record.method, record.skill_sets), _moment(record.occurred_on))


def coaching_statement(session, attendee) -> tuple[str, dict]:
    """One coached person's session (each attendee has their own): `attended` a meeting."""
    source = f"coaching:{session.id}:{attendee.person_id}"
    record = attendee.record
    activity = _activity(f"/xapi/activities/coaching/{session.id}", "meeting", session.topic)
    result = {"completion": True, "duration": duration(record.hours)}
    return source, _statement(source, attendee.person, "attended", activity, result,
                              _context(source, record.method, session.skill_sets), _moment(session.occurred_on))


def level_statement(source_object, person, skill_set, level: int, certified_on: date) -> tuple[str, dict]:
    """A certified level of a skill set (a passed level quiz or a verified external result): `passed`."""
    kind = type(source_object).__name__.lower()  # quizattempt, externalresult
    source = f"level:{kind}:{source_object.id}:{skill_set.slug}:{level}"
    activity = _activity(f"/xapi/activities/skill-sets/{skill_set.slug}/levels/{level}", "assessment",
                         f"{skill_set.name_th} ระดับ {level}", f"{skill_set.name_en}, level {level}")
    result = {"completion": True, "success": True}
    percent = getattr(source_object, "percent", None)
    if percent is not None:
        result["score"] = {"scaled": float(Decimal(percent) / 100)}
    return source, _statement(source, person, "passed", activity, result, _context(source, skill_sets=[skill_set]),
                              _moment(certified_on))


def _number(value) -> float | int:
    """A decimal as JSON: whole numbers without a fraction (8, not 8.0)."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def quiz_statement(attempt) -> tuple[str, dict]:
    """A passed quiz attempt (any quiz; a level quiz also has its level statement): `passed` the
    quiz as an assessment, with its score. A course's quiz names the course as its parent."""
    source = f"quiz:{attempt.id}"
    quiz = attempt.quiz
    activity = _activity(f"/quizzes/{quiz.id}", "assessment", quiz.title)
    result = {"score": {"scaled": float(Decimal(attempt.percent) / 100), "raw": _number(attempt.score),
                        "max": _number(attempt.max_score)},
              "success": True, "completion": True}
    context = _context(source, skill_sets=[quiz.skill_set] if quiz.skill_set is not None else [])
    if quiz.course_id is not None:
        context["contextActivities"]["parent"] = [{"id": f"{base_url()}/courses/{quiz.course_id}",
                                                   "objectType": "Activity"}]
    return source, _statement(source, attempt.person, "passed", activity, result, context,
                              _moment(local_date(attempt.submitted_at)))
