"""The audit trail: one event for each privileged or consequential change.

`record_event` adds the event to the caller's session, so it commits (or rolls back) with
the change it describes: nothing is audited that did not happen, and nothing happens
unaudited. Events are never edited or deleted (the database refuses, see migration 0007).

Every module writes the trail, so it lives in core; an object may say how its events name
it (`audit_label`) and which organisation they concern (`audit_organisation_id`), as people,
institutes and organisations do. The audit page, which reads it, is lms.accounts.audit_views.
"""

from datetime import date, datetime
from decimal import Decimal

from flask import g, has_request_context, request
from flask_login import current_user

from ..extensions import db
from .models import AuditEvent, utcnow

# Where lms.api notes, for the request, the label of the credential a call was made with.
API_CREDENTIAL = "lms_api_credential"


def snapshot(obj, fields) -> dict:
    """The values of `fields` on `obj`, as JSON-friendly values: take one before a change."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def differences(before: dict, after: dict) -> dict:
    """{field: [before, after]} for the fields whose value changed."""
    return {name: [before.get(name), after.get(name)]
            for name in sorted(set(before) | set(after)) if before.get(name) != after.get(name)}


def _plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_plain(item) for item in value]
    if hasattr(value, "slug"):
        return value.slug
    if hasattr(value, "email"):
        return value.email
    if hasattr(value, "code"):
        return value.code
    if hasattr(value, "id"):
        return value.id
    return str(value)


def _label(obj) -> str:
    for attribute in ("audit_label", "code", "slug", "title", "name_th"):
        value = getattr(obj, attribute, None)
        if value:
            return str(value)
    return ""


def record_event(kind: str, obj=None, *, changes: dict | None = None, actor=None,
                 actor_label: str = "", object_type: str = "", object_id: int | None = None,
                 object_label: str = "", organisation_id: int | None = None,
                 address: str | None = None) -> AuditEvent:
    """Write one audit event in the caller's transaction (flushes, never commits).

    `kind` is "<object>.<what happened>" ("person.updated", "login.failed" …). The actor is
    the signed-in person unless given (None with an `actor_label` such as "cli" when no
    person acted); the address is the request's. `obj` fills the object's type, id, label
    and organisation unless they are given.
    """
    if actor is None and has_request_context() and current_user and current_user.is_authenticated:
        actor = current_user._get_current_object()
    if address is None:
        address = (request.remote_addr or "") if has_request_context() else ""
    if not actor_label and has_request_context():
        actor_label = g.get(API_CREDENTIAL, "")  # a change made through the API names its token
    if obj is not None:
        db.session.flush()  # a new object needs its id
        object_type = object_type or obj.__tablename__
        object_id = object_id if object_id is not None else obj.id
        object_label = object_label or _label(obj)
        if organisation_id is None:
            organisation_id = getattr(obj, "audit_organisation_id", None)
    event = AuditEvent(
        occurred_at=utcnow(), actor_id=actor.id if actor is not None else None,
        actor_label=actor_label[:120], address=address[:64], kind=kind[:60],
        object_type=object_type[:40], object_id=object_id, object_label=object_label[:300],
        organisation_id=organisation_id, changes={k: _plain(v) for k, v in (changes or {}).items()},
    )
    db.session.add(event)
    db.session.flush()
    return event
