"""/admin/xapi: for site administrators, the outbox's state and the statements fetched from the
LRS that made no learning record, with the reason. Read-only: `lms xapi send|fetch` act."""

from dataclasses import dataclass

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ...core.access import require
from ...core.inputs import parse_int
from ...core.pagination import CountedPage
from ...extensions import db
from . import mapping
from .models import OUTBOX_STATES, XapiFetchWatermark, XapiReceivedStatement, XapiStatement
from .settings import fetching_configured, sending_configured, setting

bp = Blueprint("xapi", __name__, url_prefix="/admin/xapi", template_folder="templates")
PER_PAGE = 50
UNSENT_SHOWN = 50
REASON_LABELS = {
    mapping.NO_ACTOR: _l("The statement names nobody Thaksa can match (no e-mail or account)."),
    mapping.UNKNOWN_PERSON: _l("Nobody in Thaksa has this e-mail address or account."),
    mapping.INACTIVE_PERSON: _l("The person's account is inactive."),
    mapping.UNMAPPED_VERB: _l("No learning method is set for this verb (XAPI_VERB_METHODS)."),
    mapping.BAD_DURATION: _l("The duration is not one Thaksa can read."),
    mapping.BAD_TIME: _l("The statement's time is not one Thaksa can read."),
    mapping.ENTRY_REFUSED: _l("The learning log's rules refuse the entry."),
}
STATUS_LABELS = {"pending": _l("Waiting to be sent"), "sending": _l("Being sent"), "sent": _l("Sent"),
                 "failed": _l("Refused by the LRS")}


@dataclass(frozen=True)
class RefusedPage(CountedPage):
    rows: list
    page: int
    per_page: int
    total: int


@bp.route("")
@require("administer_site")
def overview():
    counts = dict.fromkeys(OUTBOX_STATES, 0)
    counts.update(db.session.execute(select(XapiStatement.status, func.count()).group_by(XapiStatement.status)).all())
    unsent = db.session.scalars(select(XapiStatement).where(XapiStatement.status.in_(("pending", "sending", "failed")))
                                .order_by(XapiStatement.next_attempt_at, XapiStatement.id).limit(UNSENT_SHOWN))
    number = parse_int(request.args.get("page"), 1, 100_000) or 1
    refused = select(XapiReceivedStatement).where(XapiReceivedStatement.outcome == "refused")
    total = db.session.scalar(select(func.count()).select_from(refused.subquery()))
    rows = db.session.scalars(refused.options(selectinload(XapiReceivedStatement.person))
                              .order_by(XapiReceivedStatement.received_at.desc(), XapiReceivedStatement.id.desc())
                              .limit(PER_PAGE).offset((number - 1) * PER_PAGE)).all()
    recorded = db.session.scalar(select(func.count()).where(XapiReceivedStatement.outcome == "recorded"))
    watermarks = db.session.scalars(select(XapiFetchWatermark).order_by(XapiFetchWatermark.lrs_url)).all()
    return render_template(
        "xapi/overview.html", counts=counts, status_labels=STATUS_LABELS, unsent=list(unsent),
        refused=RefusedPage(rows=rows, page=number, per_page=PER_PAGE, total=total), recorded=recorded,
        reason_labels=REASON_LABELS, watermarks=watermarks, sending=sending_configured(),
        fetching=fetching_configured(), out_url=setting("XAPI_LRS_URL"), in_url=setting("XAPI_IN_LRS_URL"))
