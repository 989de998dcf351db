"""Operations on people and organisations. They flush, never commit."""

from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select

from ..core.models import utcnow
from ..extensions import db
from .models import LoginAttempt, Organisation, Person

# A shared office address (NAT) may carry many people's typos: allow it more.
ADDRESS_FAILURE_FACTOR = 4


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_person_by_email(email: str) -> Person | None:
    return db.session.scalar(select(Person).where(Person.email == normalise_email(email)))


def login_retry_after(email: str, address: str, max_failures: int, window: timedelta,
                      now: datetime | None = None) -> timedelta | None:
    """How long until this email (or address) may try again; None when it may now."""
    now = now or utcnow()
    since = now - window
    email = normalise_email(email)
    waits = []
    for column, value, limit in (
        (LoginAttempt.email, email, max_failures),
        (LoginAttempt.address, address, max_failures * ADDRESS_FAILURE_FACTOR),
    ):
        count, oldest = db.session.execute(
            select(func.count(), func.min(LoginAttempt.attempted_at)).where(
                column == value, LoginAttempt.attempted_at > since
            )
        ).one()
        if count >= limit:
            oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=now.tzinfo)
            waits.append(oldest + window - now)
    return max(waits) if waits else None


def record_login_failure(email: str, address: str, now: datetime | None = None) -> None:
    db.session.add(LoginAttempt(email=normalise_email(email), address=address,
                                attempted_at=now or utcnow()))
    db.session.flush()


def clear_login_failures(email: str, window: timedelta, now: datetime | None = None) -> None:
    """A successful login forgets that email's failures, and old rows go."""
    now = now or utcnow()
    db.session.execute(
        delete(LoginAttempt).where(
            or_(LoginAttempt.email == normalise_email(email),
                LoginAttempt.attempted_at < now - window)
        )
    )


def authenticate(email: str, password: str) -> Person | None:
    """The active person with this email and password, or None."""
    person = find_person_by_email(email)
    if person is None or not person.is_active or not person.check_password(password):
        return None
    return person


def change_password(person: Person, new_password: str) -> None:
    """New hash and a new session token: every other session and remember-me cookie ends."""
    person.set_password(new_password)
    db.session.flush()


def direct_reports(person: Person) -> list[Person]:
    return list(db.session.scalars(
        select(Person).where(Person.supervisor_id == person.id, Person.is_active)
        .order_by(Person.name_th)
    ))


def report_counts(people: list[Person]) -> dict[int, int]:
    """How many active direct reports each of `people` has, in one query."""
    ids = [p.id for p in people]
    if not ids:
        return {}
    rows = db.session.execute(
        select(Person.supervisor_id, func.count()).where(
            Person.supervisor_id.in_(ids), Person.is_active
        ).group_by(Person.supervisor_id)
    )
    return dict(rows.all())


def organisation_subtree_ids(root: Organisation) -> list[int]:
    """Ids of `root` and every unit below it, with one recursive query."""
    tree = select(Organisation.id).where(Organisation.id == root.id).cte(recursive=True)
    tree = tree.union_all(select(Organisation.id).where(Organisation.parent_id == tree.c.id))
    return list(db.session.scalars(select(tree.c.id)))


def create_person(actor: Person | None, **fields) -> Person:
    """A new person; password optional (people imported from HR set theirs later)."""
    password = fields.pop("password", None)
    fields["email"] = normalise_email(fields["email"])
    person = Person(**fields)
    if password:
        person.set_password(password)
    db.session.add(person)
    db.session.flush()
    return person


def home_overview(person: Person, roles: list[str]) -> dict:
    """What each of the person's roles shows on the home page."""
    from ..catalog.recommend import recommend_courses
    from ..core.dates import fiscal_year_bounds, fiscal_year_of, local_date
    from ..development.services import hours_by_status, my_records_query
    from ..reference.models import ExpectedRole, SkillSet

    today = local_date(utcnow())
    fiscal_year = fiscal_year_of(today)
    agency = person.organisation.agency if person.organisation else None
    overview = {
        "fiscal_year": fiscal_year,
        "fiscal_bounds": fiscal_year_bounds(fiscal_year),
        "agency": agency,
        "foundation": db.session.scalars(
            select(SkillSet).where(SkillSet.is_foundation).order_by(SkillSet.position)
        ).all(),
    }
    overview["recommendations"] = recommend_courses(person, agency.phase if agency is not None else None)
    overview["my_learning"] = hours_by_status(person, *overview["fiscal_bounds"])
    overview["recent_learning"] = db.session.scalars(my_records_query(person).limit(3)).all()
    if agency is not None and agency.phase_id is not None:
        overview["phase_roles"] = db.session.scalars(
            select(ExpectedRole).where(ExpectedRole.phase_id == agency.phase_id)
            .order_by(ExpectedRole.target_group_id)
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
