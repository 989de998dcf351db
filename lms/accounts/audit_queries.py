"""The audit trail as administrators read it: scoped to what they administer, filtered, newest first.

A site administrator sees every event. An agency administrator sees the events of their
subtree: about one of its units (`organisation_id`), done by one of its people (`actor_id`)
or about one of its people (object "people"). Each arm, and each filter, is served by an
index of audit_events; pages are read without counting the whole trail.

Events about a person's own things (plan decisions, log verifications and deletions,
coaching, class completions) name that person as the object, with the record's id among
the changes, so "who, or about whom" finds a person's whole history through the indexes.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import selectinload

from ..core.models import AuditEvent
from ..core.sql import LIKE_ESCAPE, like_pattern
from ..extensions import db
from .models import Organisation, Person
from .services import normalise_email, organisation_subtree_ids

PERSON_OBJECT = "people"


@dataclass(frozen=True)
class AuditFilters:
    """What the administrator asked for; empty values filter nothing."""

    person: str = ""  # an email or part of a name: matches the actor or the person concerned
    object_type: str = ""
    object_id: int | None = None
    kind: str = ""
    since: datetime | None = None  # UTC, inclusive
    until: datetime | None = None  # UTC, exclusive


@dataclass(frozen=True)
class Scope:
    """Which events a viewer may read: all of them, or those of some units (ids)."""

    everything: bool
    units: tuple[int, ...] = ()

    def people(self):
        """A select of the ids of the people in the scope's units."""
        return select(Person.id).where(Person.organisation_id.in_(self.units))


def scope_of(viewer: Person) -> Scope:
    """The viewer's scope: a site administrator's is everything, an agency administrator's
    their subtree, anyone else's nothing."""
    if viewer.is_site_admin:
        return Scope(everything=True)
    if viewer.admin_of is None:
        return Scope(everything=False)
    return Scope(everything=False, units=tuple(organisation_subtree_ids(viewer.admin_of)))


def _in_scope(scope: Scope):
    if scope.everything:
        return None
    if not scope.units:
        return false()
    people = scope.people()
    return or_(AuditEvent.organisation_id.in_(scope.units), AuditEvent.actor_id.in_(people),
               and_(AuditEvent.object_type == PERSON_OBJECT, AuditEvent.object_id.in_(people)))


def _matching_people(text: str):
    """A select of the ids of the people `text` names: the one whose email it is, else
    everyone whose email or name contains it."""
    exact = select(Person.id).where(Person.email == normalise_email(text))
    if "@" in text and db.session.scalar(exact.limit(1)) is not None:
        return exact
    like = like_pattern(text)
    return select(Person.id).where(or_(*(column.ilike(like, escape=LIKE_ESCAPE)
                                         for column in (Person.email, Person.name_th, Person.name_en))))


def _conditions(scope: Scope, filters: AuditFilters) -> list:
    conditions = [c for c in (_in_scope(scope),) if c is not None]
    text = filters.person.strip()
    if text:
        ids = _matching_people(text)
        about_person = and_(AuditEvent.object_type == PERSON_OBJECT, AuditEvent.object_id.in_(ids))
        arms = [AuditEvent.actor_id.in_(ids), about_person]
        if "@" in text:  # failed logins with an email nobody has
            arms.append(and_(AuditEvent.object_type == PERSON_OBJECT, AuditEvent.object_id.is_(None),
                             AuditEvent.object_label == normalise_email(text)))
        conditions.append(or_(*arms))
    if filters.object_type:
        conditions.append(AuditEvent.object_type == filters.object_type)
    if filters.object_id is not None:
        conditions.append(AuditEvent.object_id == filters.object_id)
    if filters.kind:
        conditions.append(AuditEvent.kind == filters.kind)
    if filters.since is not None:
        conditions.append(AuditEvent.occurred_at >= filters.since)
    if filters.until is not None:
        conditions.append(AuditEvent.occurred_at < filters.until)
    return conditions


def events_query(scope: Scope, filters: AuditFilters):
    """The events the scope allows and the filters ask for, newest first (a select)."""
    return (select(AuditEvent).where(*_conditions(scope, filters))
            .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()))


@dataclass(frozen=True)
class EventPage:
    """One page of events; whether an older page exists (the trail is never counted)."""

    items: list[AuditEvent]
    page: int
    has_next: bool

    @property
    def has_prev(self) -> bool:
        return self.page > 1


def event_page(scope: Scope, filters: AuditFilters, page: int, per_page: int) -> EventPage:
    """Page `page` (from 1) of the events, with their actors and units loaded."""
    page = max(page, 1)
    rows = list(db.session.scalars(
        events_query(scope, filters).options(selectinload(AuditEvent.actor))
        .offset((page - 1) * per_page).limit(per_page + 1)))
    return EventPage(rows[:per_page], page, len(rows) > per_page)


def export_rows(scope: Scope, filters: AuditFilters, batch: int = 500):
    """Every matching event as plain rows for a CSV, read in batches (never all at once):
    (occurred_at, actor email or label, address, kind, object_type, object_id, object_label, changes)."""
    actor = select(Person.id, Person.email).subquery()
    query = (select(AuditEvent.occurred_at, actor.c.email, AuditEvent.actor_label, AuditEvent.address,
                    AuditEvent.kind, AuditEvent.object_type, AuditEvent.object_id, AuditEvent.object_label,
                    AuditEvent.changes)
             .outerjoin(actor, actor.c.id == AuditEvent.actor_id)
             .where(*_conditions(scope, filters))
             .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()))
    for row in db.session.execute(query.execution_options(yield_per=batch)):
        yield (row.occurred_at, row.email or row.actor_label, row.address, row.kind, row.object_type,
               row.object_id, row.object_label, row.changes)


def visible_people(scope: Scope, ids) -> dict[int, Person]:
    """The people among `ids` the viewer may open ({id: person}), in one query."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    query = select(Person).where(Person.id.in_(ids))
    if not scope.everything:
        query = query.where(Person.organisation_id.in_(scope.units))
    return {p.id: p for p in db.session.scalars(query)}


def visible_organisations(scope: Scope, ids) -> dict[int, Organisation]:
    """The units among `ids` the viewer manages ({id: unit}), in one query."""
    ids = {i for i in ids if i is not None}
    if not scope.everything:
        ids &= set(scope.units)
    if not ids:
        return {}
    return {o.id: o for o in db.session.scalars(select(Organisation).where(Organisation.id.in_(ids)))}
