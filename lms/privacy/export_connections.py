"""The connections part of a person's data export: their API tokens and systems with the
calls made with them, and the xAPI statements about them (sent, and received from elsewhere)."""

from sqlalchemy import select

from ..api.models import ApiCall, ApiClient, ApiToken
from ..extensions import db
from ..integrations.xapi.models import XapiReceivedStatement, XapiStatement

CALLS_KEPT = 1000  # the newest calls of each token: enough to see what was done, not a log dump


def _at(value):
    return value.isoformat() if value is not None else None


def api_credentials(person) -> dict:
    """Their personal tokens and the systems they registered (never a secret: only prefixes)."""
    tokens = db.session.scalars(select(ApiToken).where(ApiToken.person_id == person.id).order_by(ApiToken.id))
    clients = db.session.scalars(select(ApiClient).where(ApiClient.person_id == person.id).order_by(ApiClient.id))
    return {
        "tokens": [{"name": t.name, "kind": t.kind, "prefix": t.prefix, "scopes": t.scope_list,
                    "created_at": _at(t.created_at), "expires_at": _at(t.expires_at),
                    "last_used_at": _at(t.last_used_at), "revoked_at": _at(t.revoked_at),
                    "calls": _calls(t.id)} for t in tokens],
        "clients": [{"name": c.name, "client_id": c.client_id, "scopes": c.scope_list,
                     "created_at": _at(c.created_at), "revoked_at": _at(c.revoked_at)} for c in clients],
    }


def _calls(token_id: int) -> list[dict]:
    rows = db.session.scalars(select(ApiCall).where(ApiCall.token_id == token_id)
                              .order_by(ApiCall.id.desc()).limit(CALLS_KEPT))
    return [{"at": _at(c.at), "method": c.method, "path": c.path, "status": c.status, "address": c.address}
            for c in rows]


def xapi_statements(person) -> dict:
    """The statements Thaksa sent (or will send) about them, and those it received naming them."""
    sent = db.session.scalars(select(XapiStatement).where(XapiStatement.person_id == person.id)
                              .order_by(XapiStatement.id))
    received = db.session.scalars(select(XapiReceivedStatement).where(XapiReceivedStatement.person_id == person.id)
                                  .order_by(XapiReceivedStatement.id))
    return {
        "sent": [{"statement": s.statement, "status": s.status, "sent_at": _at(s.sent_at)} for s in sent],
        "received": [{"statement": r.statement, "outcome": r.outcome, "reason": r.reason,
                      "received_at": _at(r.received_at)} for r in received],
    }
