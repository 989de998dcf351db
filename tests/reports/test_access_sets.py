"""The set-based questions of lms/core/access.py (people_seen_among, executive_reports_among)
answer as can() answers person by person, for every reader and every person or unit of the
report's world, with heads on every unit, an acting supervisor and a loop in a supervisor chain."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from lms.accounts.models import Delegation, Organisation, Person
from lms.core.access import can, executive_reports_among, people_seen_among
from lms.core.dates import today_in_bangkok
from lms.extensions import db

pytestmark = pytest.mark.usefixtures("in_fiscal_year_2569")


@pytest.fixture
def busy_world(rw):
    team, div2, other = (db.session.get(Organisation, rw[name].organisation_id) for name in ("t1", "d1", "outsider"))
    team.head, div2.head, other.head = rw["t1"], rw["d1"], rw["outsider"]
    agency = db.session.get(Organisation, rw["cio"].organisation_id)
    agency.head = rw["admin"]
    today = today_in_bangkok()
    # b acts for the head of division one today; a's stand-in ended yesterday (not in force).
    db.session.add(Delegation(principal=rw["head"], delegate=rw["b"], starts_on=today, ends_on=today + timedelta(3)))
    db.session.add(Delegation(principal=rw["head"], delegate=rw["d1"], starts_on=today - timedelta(9),
                              ends_on=today - timedelta(1)))
    # t1 and t2 supervise each other: a loop the admin forms refuse but data may hold.
    db.session.flush()
    db.session.execute(update(Person).where(Person.id == rw["t1"].id).values(supervisor_id=rw["t2"].id))
    db.session.execute(update(Person).where(Person.id == rw["t2"].id).values(supervisor_id=rw["t1"].id))
    db.session.expire_all()
    return rw


def test_people_seen_among_is_view_person_for_every_reader(busy_world):
    people = db.session.scalars(select(Person)).all()
    for reader in people:
        assert people_seen_among(reader, people) == {
            other.id for other in people if can(reader, "view_person", other)}, reader.name_en
    # what the sets must hold, seen by hand
    assert busy_world["c"].id in people_seen_among(busy_world["b"], people)  # acting for the head
    assert busy_world["c"].id not in people_seen_among(busy_world["d1"], people)  # a stand-in that ended
    # in the loop, t1 is above t2 and so above themself; the head is above neither any more
    assert {busy_world["t1"].id, busy_world["t2"].id} <= people_seen_among(busy_world["t1"], people)
    assert busy_world["t1"].id not in people_seen_among(busy_world["head"], people)


def test_executive_reports_among_is_view_executive_report_for_every_reader(busy_world):
    units = db.session.scalars(select(Organisation)).all()
    heads_seen = set()
    for reader in db.session.scalars(select(Person)):
        allowed = executive_reports_among(reader, units)
        assert allowed == {unit.id for unit in units if can(reader, "view_executive_report", unit)}, reader.name_en
        heads_seen |= allowed
    # every unit with a head is someone's, and a unit without one is nobody's
    assert heads_seen == {unit.id for unit in units if unit.head_id is not None}
    cio = busy_world["cio"]
    assert {db.session.get(Organisation, unit_id).code for unit_id in executive_reports_among(cio, units)} == {
        "R-D1", "R-D2"}  # t1 heads team A but, in a loop with t2, is below no one else
