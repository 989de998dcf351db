"""What a fetched statement means to Thaksa: whose learning, by which method, how long, when.

`interpret` answers an Entry (the learning-log entry to create) or a Refusal (a reason code the
admin page says in words, and the detail). People are matched by their e-mail (mbox), or by an
account: on this site (name = person id) or elsewhere when its name is an e-mail address.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from ...accounts.models import Person
from ...accounts.services import find_person_by_email
from ...core.dates import BANGKOK
from ...extensions import db
from ...reference.models import SkillSet
from .settings import base_url, setting, verb_methods
from .statements import extension

NO_ACTOR, UNKNOWN_PERSON, INACTIVE_PERSON = "no_actor", "unknown_person", "inactive_person"
UNMAPPED_VERB, BAD_DURATION, BAD_TIME, ENTRY_REFUSED = "unmapped_verb", "bad_duration", "bad_time", "entry_refused"
REASONS = (NO_ACTOR, UNKNOWN_PERSON, INACTIVE_PERSON, UNMAPPED_VERB, BAD_DURATION, BAD_TIME, ENTRY_REFUSED)
_NUMBER = r"(\d+(?:[.,]\d+)?)"
ISO_DURATION = re.compile(rf"^P(?:{_NUMBER}W)?(?:{_NUMBER}D)?(?:T(?:{_NUMBER}H)?(?:{_NUMBER}M)?(?:{_NUMBER}S)?)?$")
HOURS_STEP = Decimal("0.01")
NAME_LANGUAGES = ("th-TH", "th", "en-US", "en-GB", "en", "und")


@dataclass
class Entry:
    """A log entry to create for `person` (the fields of lms.development.log.EntryData)."""

    person: Person
    occurred_on: date
    hours_text: str
    method_slug: str
    title: str
    notes_md: str
    skill_set_ids: list[int] = field(default_factory=list)


@dataclass
class Refusal:
    reason: str
    detail: str = ""
    person: Person | None = None


def duration_hours(text: str) -> Decimal | None:
    """An ISO 8601 duration (PT1H30M, PT90M, P1DT2H, PT0.5H) in hours to 0.01; None if not one.
    Years and months have no fixed length and are not accepted."""
    match = ISO_DURATION.match((text or "").strip().upper())
    if not match or text.strip().upper() in ("P", "PT") or text.strip().upper().endswith("T"):
        return None
    weeks, days, hours, minutes, seconds = (Decimal(part.replace(",", ".")) if part else Decimal(0)
                                            for part in match.groups())
    total = (weeks * 7 + days) * 24 + hours + minutes / 60 + seconds / 3600
    return total.quantize(HOURS_STEP, rounding=ROUND_HALF_UP)


def actor_label(actor: dict) -> str:
    """How the statement names its actor, for the admin page."""
    actor = actor or {}
    if actor.get("mbox"):
        return str(actor["mbox"])[:300]
    account = actor.get("account") or {}
    if account:
        return f"{account.get('homePage', '')} {account.get('name', '')}".strip()[:300]
    return (actor.get("mbox_sha1sum") or actor.get("openid") or actor.get("name") or "")[:300]


def find_person(actor: dict) -> Person | None:
    """The person a statement's actor names, or None."""
    actor = actor or {}
    mbox = str(actor.get("mbox") or "")
    if mbox.lower().startswith("mailto:"):
        return find_person_by_email(mbox[len("mailto:"):])
    account = actor.get("account") or {}
    name = str(account.get("name") or "")
    if str(account.get("homePage") or "").rstrip("/") == base_url() and name.isdigit():
        return db.session.get(Person, int(name))
    if "@" in name:
        return find_person_by_email(name)
    return None


def _identifies(actor: dict) -> bool:
    return bool(actor) and any(actor.get(key) for key in ("mbox", "account"))


def _title(statement: dict) -> str:
    target = statement.get("object") or {}
    names = (target.get("definition") or {}).get("name") or {}
    for language in NAME_LANGUAGES:
        if names.get(language):
            return str(names[language])[:300]
    if names:
        return str(next(iter(names.values())))[:300]
    return str(target.get("id") or "xAPI")[:300]


def _occurred_on(statement: dict) -> date | None:
    text = statement.get("timestamp") or statement.get("stored") or ""
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(BANGKOK).date() if moment.tzinfo else moment.date()


def _skill_set_ids(statement: dict) -> list[int]:
    slugs = ((statement.get("context") or {}).get("extensions") or {}).get(extension("skill-sets")) or []
    if not isinstance(slugs, list) or not slugs:
        return []
    return list(db.session.scalars(select(SkillSet.id).where(SkillSet.slug.in_([str(s) for s in slugs]))))


def interpret(statement: dict) -> Entry | Refusal:
    """The log entry a statement makes, or why it makes none."""
    actor = statement.get("actor") or {}
    if not _identifies(actor):
        return Refusal(NO_ACTOR, actor_label(actor))
    person = find_person(actor)
    if person is None:
        return Refusal(UNKNOWN_PERSON, actor_label(actor))
    if not person.is_active:
        return Refusal(INACTIVE_PERSON, actor_label(actor), person)
    verb = str((statement.get("verb") or {}).get("id") or "")
    method = verb_methods().get(verb)
    if not method:
        return Refusal(UNMAPPED_VERB, verb, person)
    text = (statement.get("result") or {}).get("duration")
    hours = duration_hours(text) if text else Decimal(str(setting("XAPI_DEFAULT_HOURS")))
    if hours is None:
        return Refusal(BAD_DURATION, str(text), person)
    occurred_on = _occurred_on(statement)
    if occurred_on is None:
        return Refusal(BAD_TIME, str(statement.get("timestamp") or ""), person)
    display = (statement.get("verb") or {}).get("display") or {}
    verb_name = display.get("en-US") or next(iter(display.values()), verb) if display else verb
    notes = f"xAPI: {verb_name} — {(statement.get('object') or {}).get('id', '')} (statement {statement.get('id')})"
    return Entry(person, occurred_on, str(hours), method, _title(statement), notes, _skill_set_ids(statement))
