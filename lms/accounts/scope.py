"""Who a fiscal year's reports count (§4.4): people of an employment type in scope that year,
who held an account at some time during it.

§4.4 widens the population year by year: FY 2561–2562 ordinary civil servants, FY 2563 all
civilian civil servants, from FY 2564 all government personnel. Each employment type says
from which fiscal year it is in scope (reference data, EmploymentType.in_scope_from_fiscal_year).

A person with no type recorded counts. From FY 2564 on every type is in scope, so for every
year the reports are mostly asked about, the answer cannot be wrong; and an installation that
has not imported types yet (every person before migration 0014) would otherwise report an
empty agency. For earlier years it may count a few people too many, which a report can show
as "type not recorded" rather than hide the people.

Deactivated people count for the years they were active in: not once deactivated before the
year began, and nobody whose account was created after it ended (created_at is when Thaksa
first knew the person). Anonymised people were deactivated first, so the same dates hold;
they count in past years' aggregates, never by name.
"""

from datetime import datetime, time

from sqlalchemy import ColumnElement, and_, or_, select

from ..core.dates import BANGKOK, fiscal_year_bounds
from ..reference.models import EmploymentType
from .models import Person


def fiscal_year_instants(fiscal_year: int) -> tuple[datetime, datetime]:
    """The first instant of a fiscal year (B.E.) and the first instant after it, in Bangkok:
    1 Oct 00:00 to the next 1 Oct 00:00 (+07:00), compared with UTC timestamps as such."""
    first_day, next_first_day = fiscal_year_bounds(fiscal_year)[0], fiscal_year_bounds(fiscal_year + 1)[0]
    return datetime.combine(first_day, time.min, BANGKOK), datetime.combine(next_first_day, time.min, BANGKOK)


def employment_types_in_scope(fiscal_year: int):
    """SELECT EmploymentType.id of the types §4.4 puts in scope in `fiscal_year` (B.E.)."""
    return select(EmploymentType.id).where(EmploymentType.in_scope_from_fiscal_year <= fiscal_year)


def type_in_scope(fiscal_year: int) -> ColumnElement[bool]:
    """Person's employment type is in scope that year, or not recorded (see the module)."""
    return or_(Person.employment_type_id.is_(None),
               Person.employment_type_id.in_(employment_types_in_scope(fiscal_year)))


def had_account_during(fiscal_year: int) -> ColumnElement[bool]:
    """Person's account existed, active, at some time in the fiscal year: created before it
    ended and not deactivated before it began."""
    begins, after = fiscal_year_instants(fiscal_year)
    return and_(Person.created_at < after,
                or_(Person.deactivated_at.is_(None), Person.deactivated_at >= begins))


def in_scope(fiscal_year: int) -> ColumnElement[bool]:
    """The condition on Person (SQL, no query run here) of the people a report of
    `fiscal_year` (B.E.) counts: type in scope that year, account held during it."""
    return and_(type_in_scope(fiscal_year), had_account_during(fiscal_year))
