"""Taking an anonymised person's identity out of what stays: the audit trail and the
digests other supervisors received.

The audit trail is append-only (the database refuses deletes and rewrites of when, what
and to what), but it allows `object_label` and `changes` to be updated for exactly this:
an event keeps what happened, when, from where and to which row; the person's name,
email and the free text about them become the anonymised placeholders.
"""

import json
from dataclasses import dataclass

from sqlalchemy import Text, and_, cast, or_, select, update

from ..accounts.models import Person
from ..core.models import AuditEvent
from ..development.models import DevelopmentPlan
from ..extensions import db
from ..notifications.models import Notification
from ..records.models import LearningRecord

# What is written where free text about the person was.
REDACTED = "[ลบข้อมูลแล้ว]"
# Keys of `changes` that hold a person's words or identity, on events about their own rows.
FREE_TEXT_KEYS = frozenset({"name_th", "name_en", "email", "position", "title", "notes_md", "notes",
                            "note", "comment", "file", "original_name", "topic"})
# Notification kinds whose payload names other people (see lms.notifications.reminders).
NAMING_KINDS = ("supervisor_digest", "second_level_approvals")
BATCH = 500


@dataclass(frozen=True)
class Identity:
    """What identifies the person, taken before their row is overwritten."""

    person_id: int
    names: tuple[str, ...]
    emails: frozenset[str]

    @classmethod
    def of(cls, person: Person) -> "Identity":
        """The person's names and every email they had (earlier ones from the audit trail)."""
        emails = {person.email.lower()}
        for changes in db.session.scalars(select(AuditEvent.changes).where(*_about(person.id))):
            values = (changes or {}).get("email")
            for value in values if isinstance(values, list) else [values]:
                if isinstance(value, str) and "@" in value:
                    emails.add(value.lower())
        names = tuple(name for name in (person.name_th, person.name_en) if name)
        return cls(person.id, names, frozenset(emails))

    def replacements(self, person: Person) -> dict[str, str]:
        """Each identifying string and what replaces it (the person's row already anonymised)."""
        found = {email: person.email for email in self.emails}
        for name, placeholder in zip(self.names, (person.name_th, person.name_en), strict=False):
            found[name] = placeholder
        return found


def _about(person_id: int) -> tuple:
    return (AuditEvent.object_type == "people", AuditEvent.object_id == person_id)


def _redacted(value, replacements: dict[str, str], own: bool, erase: bool = False):
    """`value` with identifying strings replaced. On an event about the person's own rows
    (`own`) the values under FREE_TEXT_KEYS go entirely (`erase`)."""
    if isinstance(value, str):
        if erase and value:
            return REDACTED
        return replacements.get(value, replacements.get(value.lower(), value))
    if isinstance(value, list):
        return [_redacted(item, replacements, own, erase) for item in value]
    if isinstance(value, dict):
        return {key: _redacted(item, replacements, own, erase or (own and key in FREE_TEXT_KEYS))
                for key, item in value.items()}
    return value


def _mentions(column, text: str):
    """The JSON column's text contains `text`, whether its Thai is stored as \\u escapes or as is."""
    forms = {text, json.dumps(text)[1:-1]}
    return or_(*(cast(column, Text).contains(form, autoescape=True) for form in forms))


def redact_audit_trail(person: Person, identity: Identity, evidence_ids: list[int]) -> int:
    """Replace the person's identity in the events about them or their rows (labels and free
    text in `changes`) and wherever else `changes` or a label names their email; how many."""
    record_ids = select(LearningRecord.id).where(LearningRecord.person_id == person.id).scalar_subquery()
    plan_ids = select(DevelopmentPlan.id).where(DevelopmentPlan.person_id == person.id).scalar_subquery()
    own_rows = or_(
        and_(*_about(person.id)),
        and_(AuditEvent.object_type == "learning_records", AuditEvent.object_id.in_(record_ids)),
        and_(AuditEvent.object_type == "development_plans", AuditEvent.object_id.in_(plan_ids)),
        and_(AuditEvent.object_type == "evidence_files", AuditEvent.object_id.in_(evidence_ids)),
    )
    # Labels: a person's is their email, a record's its title (the person's words).
    labels = sorted(identity.emails | set(identity.names))
    db.session.execute(update(AuditEvent).where(or_(and_(*_about(person.id)), AuditEvent.object_label.in_(labels)))
                       .values(object_label=person.email).execution_options(synchronize_session=False))
    db.session.execute(update(AuditEvent).where(own_rows, AuditEvent.object_type != "people",
                                                AuditEvent.object_label != "")
                       .values(object_label=REDACTED).execution_options(synchronize_session=False))
    replacements = identity.replacements(person)
    mentioned = or_(*(_mentions(AuditEvent.changes, email) for email in sorted(identity.emails)))
    touched, batch = 0, []
    rows = db.session.execute(select(AuditEvent.id, AuditEvent.changes, own_rows.label("own"))
                              .where(or_(own_rows, mentioned)).order_by(AuditEvent.id))
    for event_id, changes, own in rows:
        new = _redacted(changes or {}, replacements, bool(own))
        if new != changes:
            batch.append({"id": event_id, "changes": new})
    for start in range(0, len(batch), BATCH):
        db.session.execute(update(AuditEvent), batch[start:start + BATCH])
        touched += len(batch[start:start + BATCH])
    db.session.expire_all()  # events loaded earlier show the redacted values
    return touched


def redact_others_notifications(person: Person, identity: Identity) -> int:
    """Replace the person's name in the weekly digests their supervisors received; how many."""
    if not identity.names:
        return 0
    plan_ids = set(db.session.scalars(select(DevelopmentPlan.id).where(DevelopmentPlan.person_id == person.id)))
    mentioned = or_(*(_mentions(Notification.payload, name) for name in identity.names))
    rows = db.session.execute(select(Notification.id, Notification.payload)
                              .where(Notification.kind.in_(NAMING_KINDS), mentioned)).all()
    changed = []
    for notification_id, payload in rows:
        new = dict(payload)
        for key in ("people", "plans"):
            if isinstance(payload.get(key), list):
                new[key] = [_renamed(entry, person, identity, plan_ids) for entry in payload[key]]
        if new != payload:
            changed.append({"id": notification_id, "payload": new})
    if changed:
        db.session.execute(update(Notification), changed)
    return len(changed)


def _renamed(entry: dict, person: Person, identity: Identity, plan_ids: set[int]) -> dict:
    names = tuple(name for name in (entry.get("name_th"), entry.get("name_en")) if name)
    if entry.get("plan_id") in plan_ids or (names and names == identity.names):
        return {**entry, "name_th": person.name_th, "name_en": person.name_en}
    return entry
