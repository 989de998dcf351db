"""What the home page shows: for every person their development and learning, then what
each of their other roles (supervisor, author, administrator) needs first."""

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..accounts.models import Organisation, Person
from ..accounts.services import direct_reports, organisation_subtree_ids
from ..core.dates import fiscal_year_bounds, fiscal_year_of, today_in_bangkok
from ..extensions import db
from ..records.services import hours_by_status, my_records_query
from ..reference.cache import reference_data
from ..reference.models import ExpectedRole
from .recommend import recommend_courses


def home_overview(person: Person, roles: list[str]) -> dict:
    """What each of the person's roles shows on the home page."""
    today = today_in_bangkok()
    fiscal_year = fiscal_year_of(today)
    agency = person.organisation.agency if person.organisation else None
    overview = {
        "fiscal_year": fiscal_year,
        "fiscal_bounds": fiscal_year_bounds(fiscal_year),
        "agency": agency,
        "foundation": [s for s in reference_data().skill_sets if s.is_foundation],  # in their order
    }
    overview["recommendations"] = recommend_courses(person, agency.phase if agency is not None else None)
    overview["my_learning"] = hours_by_status(person, *overview["fiscal_bounds"])
    overview["recent_learning"] = db.session.scalars(my_records_query(person).limit(3)).all()
    if agency is not None and agency.phase_id is not None:
        overview["phase_roles"] = db.session.scalars(
            select(ExpectedRole).where(ExpectedRole.phase_id == agency.phase_id)
            .order_by(ExpectedRole.target_group_id).options(joinedload(ExpectedRole.target_group))
        ).all()
    if "supervisor" in roles:
        overview["reports"] = direct_reports(person)
    if "author" in roles:
        overview["colleagues"] = db.session.scalar(
            select(func.count()).where(Person.institute_id == person.institute_id, Person.is_active)
        )
    if "agency_admin" in roles:
        ids = organisation_subtree_ids(person.admin_of)
        overview["admin_units"] = len(ids)
        overview["admin_people"] = db.session.scalar(
            select(func.count()).where(Person.organisation_id.in_(ids), Person.is_active)
        )
    if "site_admin" in roles:
        overview["site_people"] = db.session.scalar(select(func.count()).select_from(Person))
        overview["site_organisations"] = db.session.scalar(
            select(func.count()).select_from(Organisation)
        )
    return overview
