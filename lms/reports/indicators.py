"""An agency's indicators (§4.3, §4.9.8): the digital innovations in its work and service, its
data and service links with other agencies, businesses and citizens, and the open data sets it
published, each with a link to evidence, per fiscal year. Services flush, never commit.

Indicators belong to an agency (`Organisation.agency`): given a unit below one, these work on
its agency's.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from ..classes.services import is_web_link
from ..core.audit import differences, record_event, snapshot
from ..core.dates import format_fiscal_year
from ..core.i18n import current_language
from ..core.models import utcnow
from ..extensions import db
from .models import INDICATOR_KINDS, LINK_KINDS, AgencyIndicator

KIND_LABELS = {
    "innovation": _l("Digital innovations in work and service"),
    "link": _l("Data and service links"),
    "open-data": _l("Open data sets published"),
}
KIND_LABEL = {
    "innovation": _l("Digital innovation"),
    "link": _l("Data or service link"),
    "open-data": _l("Open data set"),
}
LINK_KIND_LABELS = {
    "G2G": _l("G2G: with other government agencies"),
    "G2B": _l("G2B: with businesses"),
    "G2C": _l("G2C: with citizens"),
}
AUDITED_FIELDS = ("fiscal_year", "kind", "link_kind", "title", "description", "evidence_url")


@dataclass(frozen=True)
class Indicator:
    """One indicator as the report and its exports show it."""

    id: int
    kind: str
    link_kind: str | None
    title: str
    description: str
    evidence_url: str

    @property
    def kind_label(self) -> str:
        return str(KIND_LABEL[self.kind])


class AgencyIndicators(list):
    """An agency's indicators of one fiscal year (a list of `Indicator`, by kind, then title),
    with the agency and the year they were read for."""

    def __init__(self, items, agency=None, fiscal_year: int | None = None):
        super().__init__(items)
        self.agency = agency
        self.fiscal_year = fiscal_year

    def by_kind(self) -> list[tuple[str, str, list[Indicator]]]:
        """(kind, heading, indicators) for every kind, in the guideline's order, empty ones too."""
        return [(kind, str(KIND_LABELS[kind]), [item for item in self if item.kind == kind])
                for kind in INDICATOR_KINDS]

    def counts(self) -> dict[str, int]:
        """{kind: how many} for every kind."""
        return {kind: sum(1 for item in self if item.kind == kind) for kind in INDICATOR_KINDS}

    def table(self) -> tuple[list[str], list[list]]:
        """(headers, rows) of plain values for the CSV and XLSX exports."""
        headers = [_("Fiscal year"), _("Indicator"), _("Linked with"), _("Name"), _("Description"),
                   _("Evidence link")]
        year = format_fiscal_year(self.fiscal_year, current_language()) if self.fiscal_year else ""
        rows = [[year, item.kind_label, str(LINK_KIND_LABELS[item.link_kind]) if item.link_kind else "",
                 item.title, item.description, item.evidence_url] for item in self]
        return headers, rows


def _kind_order():
    return case({kind: number for number, kind in enumerate(INDICATOR_KINDS)}, value=AgencyIndicator.kind)


def indicators_query(agency, fiscal_year: int):
    """The agency's indicators of a fiscal year, by kind (the guideline's order), then title."""
    return (select(AgencyIndicator)
            .where(AgencyIndicator.organisation_id == agency.id, AgencyIndicator.fiscal_year == fiscal_year)
            .order_by(_kind_order(), AgencyIndicator.title, AgencyIndicator.id))


def indicators_of(unit, fiscal_year: int) -> AgencyIndicators:
    """The indicators the agency of `unit` (itself when it is one) recorded for the fiscal year
    (B.E.); none for a unit in no agency."""
    agency = unit.agency if unit is not None else None
    if agency is None:
        return AgencyIndicators([], None, fiscal_year)
    rows = db.session.execute(
        indicators_query(agency, fiscal_year).with_only_columns(
            AgencyIndicator.id, AgencyIndicator.kind, AgencyIndicator.link_kind, AgencyIndicator.title,
            AgencyIndicator.description, AgencyIndicator.evidence_url))
    return AgencyIndicators([Indicator(*row) for row in rows], agency, fiscal_year)


def indicator_counts(agency, fiscal_year: int) -> dict[str, int]:
    """{kind: how many} the agency recorded for the fiscal year, every kind present."""
    rows = db.session.execute(
        select(AgencyIndicator.kind, func.count()).where(
            AgencyIndicator.organisation_id == agency.id, AgencyIndicator.fiscal_year == fiscal_year)
        .group_by(AgencyIndicator.kind))
    return {kind: 0 for kind in INDICATOR_KINDS} | dict(rows.all())


def indicator_of(agency, indicator_id: int) -> AgencyIndicator | None:
    """The agency's indicator with that id; None for an id of another agency's (or none)."""
    indicator = db.session.get(AgencyIndicator, indicator_id)
    return indicator if indicator is not None and indicator.organisation_id == agency.id else None


def indicator_errors(data: dict) -> dict[str, list[str]]:
    """What is wrong with `data` as an indicator, by field (empty when nothing). The form
    checks presence and lengths; this, what the values mean."""
    errors: dict[str, list[str]] = {}
    kind, link_kind = data.get("kind"), data.get("link_kind") or None
    if kind not in INDICATOR_KINDS:
        errors["kind"] = [_("Choose what kind of indicator this is.")]
    elif kind == "link" and link_kind not in LINK_KINDS:
        errors["link_kind"] = [_("Choose whom the link connects with: G2G, G2B or G2C.")]
    elif kind != "link" and link_kind is not None:
        errors["link_kind"] = [_("Only a data or service link says whom it connects with; leave this empty.")]
    url = (data.get("evidence_url") or "").strip()
    if url and not is_web_link(url):
        errors["evidence_url"] = [_("Enter a web address starting with http:// or https://.")]
    return errors


def save_indicator(indicator: AgencyIndicator, agency, fiscal_year: int, actor, data: dict) -> AgencyIndicator:
    """Write checked form data (see indicator_errors) into `indicator` of the agency's fiscal
    year (a new one when it has no id), and audit it."""
    created = indicator.id is None
    before = {} if created else snapshot(indicator, AUDITED_FIELDS)
    if created:
        indicator.organisation_id, indicator.fiscal_year, indicator.created_by_id = agency.id, fiscal_year, actor.id
    indicator.kind = data["kind"]
    indicator.link_kind = (data.get("link_kind") or None) if data["kind"] == "link" else None
    indicator.title = data["title"].strip()
    indicator.description = (data.get("description") or "").strip()
    indicator.evidence_url = data["evidence_url"].strip()
    changes = differences(before, snapshot(indicator, AUDITED_FIELDS))
    if created or changes:
        indicator.updated_at = utcnow()
        db.session.add(indicator)
        db.session.flush()
        record_event("agency_indicator.created" if created else "agency_indicator.updated", indicator,
                     actor=actor, changes=changes)
    return indicator


def delete_indicator(indicator: AgencyIndicator, actor) -> None:
    """Delete an indicator; the audit trail keeps what it said."""
    record_event("agency_indicator.deleted", indicator, actor=actor,
                 changes={name: [value, None] for name, value in snapshot(indicator, AUDITED_FIELDS).items()})
    db.session.delete(indicator)
    db.session.flush()
