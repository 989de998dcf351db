"""A person's traces in the xAPI tables, erased when they are anonymised (lms.privacy)."""

from sqlalchemy import delete, update

from ...extensions import db
from .models import XapiReceivedStatement, XapiStatement


def erase_xapi_traces_of(person) -> int:
    """Delete the statements queued or sent about `person` (they name them), and blank what a
    received statement kept of them (its actor, its JSON); the outcome and its reason stay.
    Returns how many rows were touched."""
    sent = db.session.execute(delete(XapiStatement).where(XapiStatement.person_id == person.id)).rowcount
    received = db.session.execute(
        update(XapiReceivedStatement).where(XapiReceivedStatement.person_id == person.id)
        .values(actor="", detail="", statement={})).rowcount
    return sent + received
