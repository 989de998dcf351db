"""The per-person sums of learning records (PersonYearHours, PersonMonthHours): recomputed
from the records, compared with them, rebuilt. Set-based SQL only: no record is loaded.

Database triggers (migration 0015) keep the sums in step in the same transaction as every
change to the records; what is here is for checking them (`lms records check-sums`),
repairing them (`lms records rebuild-sums`) and bulk loads that suspend the triggers and
rebuild once at the end (faster than a trigger per row: see docs/performance.md).
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import (
    Integer,
    and_,
    case,
    delete,
    distinct,
    func,
    insert,
    literal_column,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from ..core.dates import BUDDHIST_ERA_OFFSET
from ..reference.models import LearningMethod, SkillSet
from .models import (
    ALL_SKILL_SETS,
    LearningRecord,
    PersonMonthHours,
    PersonYearHours,
    PersonYearTotals,
    record_skill_sets,
)

# Hours by status: what the sums keep apart ('returned' counts in neither).
COUNTED_STATES = ("verified", "pending")
# The triggers of migration 0015 (tests/records check each is installed).
TRIGGER_PREFIX = "person_hours_"
SUMMED_TABLES = ("learning_records", "learning_record_skill_sets")
# A rebuild for a list of people deletes and recomputes them this many at a time.
PEOPLE_PER_STATEMENT = 500

_YEAR_KEY = ("person_id", "fiscal_year", "learning_method_id", "skill_set_key")
_MONTH_KEY = ("person_id", "fiscal_year", "month")
_TOTALS_KEY = ("person_id", "fiscal_year")
BUCKETS = ("experiential", "social", "formal")  # lms.rules.BUCKETS (records sits below rules' users)
_TOTALS_HOURS = tuple(f"{bucket}_{side}" for bucket in BUCKETS for side in ("verified", "pending"))
_MONTH_SIDES = tuple((month, side) for month in range(1, 13) for side in ("verified", "pending"))
_TOTALS_MONTHS = tuple(f"month_{month}_{side}" for month, side in _MONTH_SIDES)
_TOTALS_VALUES = (*_TOTALS_HOURS, *_TOTALS_MONTHS, "foundation_verified", "foundation_counted")


class SumDifference(NamedTuple):
    """A row where the stored sums and the records disagree (a missing row counts as zeros)."""

    table: str
    key: tuple  # (person, fiscal year, method, skill set key) or (person, fiscal year, month)
    stored: tuple  # (verified hours, pending hours[, records])
    fresh: tuple


class _FiscalYear(FunctionElement):
    """The fiscal year (B.E.) of a date column: October to December count in the next."""

    type = Integer()
    inherit_cache = True


class _Month(FunctionElement):
    """The calendar month (1–12) of a date column."""

    type = Integer()
    inherit_cache = True


@compiles(_FiscalYear)
def _fiscal_year_sql(element, compiler, **kw):
    day = compiler.process(list(element.clauses)[0], **kw)
    return (f"CAST(EXTRACT(YEAR FROM {day}) + {BUDDHIST_ERA_OFFSET}"
            f" + CASE WHEN EXTRACT(MONTH FROM {day}) >= 10 THEN 1 ELSE 0 END AS INTEGER)")


@compiles(_FiscalYear, "sqlite")
def _fiscal_year_sqlite(element, compiler, **kw):
    # SQLite keeps dates as 'YYYY-MM-DD': substr is several times faster than strftime,
    # which counts over millions of records (the rebuild).
    day = compiler.process(list(element.clauses)[0], **kw)
    return (f"(CAST(substr({day}, 1, 4) AS INTEGER) + {BUDDHIST_ERA_OFFSET}"
            f" + (CAST(substr({day}, 6, 2) AS INTEGER) >= 10))")


@compiles(_Month)
def _month_sql(element, compiler, **kw):
    return f"CAST(EXTRACT(MONTH FROM {compiler.process(list(element.clauses)[0], **kw)}) AS INTEGER)"


@compiles(_Month, "sqlite")
def _month_sqlite(element, compiler, **kw):
    return f"CAST(substr({compiler.process(list(element.clauses)[0], **kw)}, 6, 2) AS INTEGER)"


def _hours_when(status: str):
    return case((LearningRecord.status == status, LearningRecord.hours), else_=literal_column("0"))


def _of_people(statement, person_ids):
    return statement if person_ids is None else statement.where(LearningRecord.person_id.in_(person_ids))


def fresh_year_sums(person_ids=None):
    """SELECT person_id, fiscal_year, learning_method_id, skill_set_key, verified_hours,
    pending_hours, records: what PersonYearHours must hold, computed from the records."""
    r = LearningRecord
    columns = (r.person_id.label("person_id"), _FiscalYear(r.occurred_on).label("fiscal_year"),
               r.learning_method_id.label("learning_method_id"))
    hours = (_hours_when("verified").label("verified"), _hours_when("pending").label("pending"))
    every = _of_people(select(*columns, literal_column(str(ALL_SKILL_SETS)).label("skill_set_key"), *hours),
                       person_ids)
    tagged = _of_people(select(*columns, record_skill_sets.c.skill_set_id.label("skill_set_key"), *hours)
                        .join(record_skill_sets, record_skill_sets.c.record_id == r.id), person_ids)
    rows = union_all(every, tagged).subquery("counted")
    key = [rows.c[name] for name in _YEAR_KEY]
    return (select(*key, func.round(func.sum(rows.c.verified), 2).label("verified_hours"),
                   func.round(func.sum(rows.c.pending), 2).label("pending_hours"),
                   func.count().label("records"))
            .group_by(*key))


def fresh_month_sums(person_ids=None):
    """SELECT person_id, fiscal_year, month, verified_hours, pending_hours: what
    PersonMonthHours must hold, computed from the records."""
    r = LearningRecord
    fiscal_year, month = _FiscalYear(r.occurred_on), _Month(r.occurred_on)
    return _of_people(
        select(r.person_id.label("person_id"), fiscal_year.label("fiscal_year"), month.label("month"),
               func.round(func.sum(_hours_when("verified")), 2).label("verified_hours"),
               func.round(func.sum(_hours_when("pending")), 2).label("pending_hours"))
        .where(r.status.in_(COUNTED_STATES))
        .group_by(r.person_id, fiscal_year, month), person_ids)


def totals_of(rows, months):
    """SELECT person_id, fiscal_year and PersonYearTotals' figures from year rows and month rows
    (tables or subqueries shaped as PersonYearHours and PersonMonthHours): the skill set 0
    rows' hours by their method's bucket, the months pivoted, and how many foundation skill
    sets have verified, and verified or pending, hours. A person-year without year rows has none."""
    zero = literal_column("0")
    bucketed = [func.round(func.sum(case((and_(rows.c.skill_set_key == ALL_SKILL_SETS, LearningMethod.bucket == bucket),
                                          rows.c[f"{side}_hours"]), else_=zero)), 2).label(f"{bucket}_{side}")
                for bucket in BUCKETS for side in ("verified", "pending")]
    pivoted = select(months.c.person_id, months.c.fiscal_year, *(
        func.sum(case((months.c.month == month, months.c[f"{side}_hours"]), else_=zero)).label(name)
        for (month, side), name in zip(_MONTH_SIDES, _TOTALS_MONTHS, strict=True))) \
        .group_by(months.c.person_id, months.c.fiscal_year).subquery("pivoted")
    foundation = SkillSet.is_foundation.is_(True)
    return (select(rows.c.person_id, rows.c.fiscal_year, *bucketed,
                   *(func.coalesce(func.max(pivoted.c[name]), 0).label(name) for name in _TOTALS_MONTHS),
                   func.count(distinct(case((and_(foundation, rows.c.verified_hours > 0), rows.c.skill_set_key))))
                   .label("foundation_verified"),
                   func.count(distinct(case((and_(foundation, rows.c.verified_hours + rows.c.pending_hours > 0),
                                             rows.c.skill_set_key)))).label("foundation_counted"))
            .join(LearningMethod, LearningMethod.id == rows.c.learning_method_id)
            .outerjoin(SkillSet, SkillSet.id == rows.c.skill_set_key)
            .outerjoin(pivoted, and_(pivoted.c.person_id == rows.c.person_id,
                                     pivoted.c.fiscal_year == rows.c.fiscal_year))
            .group_by(rows.c.person_id, rows.c.fiscal_year))


def fresh_year_totals(person_ids=None):
    """SELECT what PersonYearTotals must hold, computed from the records."""
    return totals_of(fresh_year_sums(person_ids).subquery("fresh_year"),
                     fresh_month_sums(person_ids).subquery("fresh_month"))


def _dialect(connection) -> str:
    """The database's name, for a session or a connection."""
    bind = connection.get_bind() if hasattr(connection, "get_bind") else connection
    return bind.dialect.name


def _lock_records(session) -> None:
    """PostgreSQL: writers of records wait until the rebuild commits (readers do not), so no
    change slips between the delete and the recount. SQLite's writer holds the database already."""
    if _dialect(session) == "postgresql":
        session.execute(text(f"LOCK TABLE {', '.join(SUMMED_TABLES)} IN SHARE MODE"))


def _chunks(person_ids: Iterable[int]) -> Iterator[list[int]]:
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), PEOPLE_PER_STATEMENT):
        yield ids[start:start + PEOPLE_PER_STATEMENT]


def rebuild_person_hours(session, person_ids: Iterable[int] | None = None) -> dict[str, int]:
    """Recompute the sums tables from the records (the totals from the year rows, with the
    methods' buckets and the foundation sets as they are now), for everyone or for
    `person_ids`; returns how many rows each table now holds for them. The caller commits."""
    _lock_records(session)
    held = {PersonYearHours.__tablename__: 0, PersonMonthHours.__tablename__: 0, PersonYearTotals.__tablename__: 0}
    for people in ([None] if person_ids is None else _chunks(person_ids)):
        for model, fresh, key in ((PersonYearHours, fresh_year_sums(people), _YEAR_KEY),
                                  (PersonMonthHours, fresh_month_sums(people), _MONTH_KEY)):
            table = model.__table__
            theirs = [] if people is None else [table.c.person_id.in_(people)]
            session.execute(delete(table).where(*theirs))
            columns = [*key, "verified_hours", "pending_hours", *(("records",) if model is PersonYearHours else ())]
            session.execute(insert(table).from_select(columns, fresh))
            # Counted, not the INSERT's rowcount: psycopg reports -1 for an INSERT … SELECT with parameters.
            held[table.name] += session.execute(select(func.count()).select_from(table).where(*theirs)).scalar()
        table, year_rows = PersonYearTotals.__table__, PersonYearHours.__table__
        session.execute(delete(table).where(*([] if people is None else [table.c.person_id.in_(people)])))
        month_rows = PersonMonthHours.__table__
        fresh = totals_of(year_rows, month_rows) if people is None else totals_of(
            select(year_rows).where(year_rows.c.person_id.in_(people)).subquery("year_rows"),
            select(month_rows).where(month_rows.c.person_id.in_(people)).subquery("month_rows"))
        session.execute(insert(table).from_select([*_TOTALS_KEY, *_TOTALS_VALUES], fresh))
        held[table.name] += session.execute(select(func.count()).select_from(table).where(
            *([] if people is None else [table.c.person_id.in_(people)]))).scalar()
    return held


def _differences(stored, fresh, key: tuple[str, ...], values: tuple[str, ...], limit: int | None):
    """Rows of stored and fresh side by side (absent = zeros) whose values differ."""
    zeros = [literal_column("0").label(f"{side}_{name}") for side in ("stored", "fresh") for name in values]
    half = len(values)
    both = union_all(
        select(*[stored.c[name] for name in key], *[stored.c[name].label(f"stored_{name}") for name in values],
               *zeros[half:]),
        select(*[fresh.c[name] for name in key], *zeros[:half],
               *[fresh.c[name].label(f"fresh_{name}") for name in values]),
    ).subquery("both_sides")
    sums = {f"{side}_{name}": func.sum(both.c[f"{side}_{name}"]) for side in ("stored", "fresh") for name in values}
    differs = [func.round(sums[f"stored_{name}"] - sums[f"fresh_{name}"], 2) != 0 for name in values]
    keys = [both.c[name] for name in key]
    statement = select(*keys, *sums.values()).group_by(*keys).having(or_(*differs)).order_by(*keys)
    return statement.limit(limit) if limit is not None else statement


def _amount(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def sums_out_of_step(session, limit: int | None = None) -> list[SumDifference]:
    """Where the sums tables differ from a fresh computation from the records ([] when in
    step), up to `limit` rows per table, ordered by key."""
    found = []
    year_values, month_values = ("verified_hours", "pending_hours", "records"), ("verified_hours", "pending_hours")
    for model, fresh, key, values, amounts in (
            (PersonYearHours, fresh_year_sums(), _YEAR_KEY, year_values, 2),
            (PersonMonthHours, fresh_month_sums(), _MONTH_KEY, month_values, 2),
            (PersonYearTotals, fresh_year_totals(), _TOTALS_KEY, _TOTALS_VALUES,
             len(_TOTALS_HOURS) + len(_TOTALS_MONTHS))):
        statement = _differences(model.__table__, fresh.subquery("fresh"), key, values, limit)
        for row in session.execute(statement):
            stored, fresh_values = row[len(key):len(key) + len(values)], row[len(key) + len(values):]
            shape = lambda numbers, n=amounts: (*(_amount(x) for x in numbers[:n]),  # noqa: E731
                                                *(int(x) for x in numbers[n:]))
            found.append(SumDifference(model.__tablename__, tuple(row[:len(key)]), shape(stored),
                                       shape(fresh_values)))
    return found


# ---------------------------------------------------------------- bulk loads


@dataclass
class SuspendedTriggers:
    """What suspend_sum_triggers took away, for resume_sum_triggers to put back."""

    dialect: str
    triggers: list[tuple[str, str]]  # SQLite: (name, CREATE TRIGGER …); PostgreSQL: (table, name)


def installed_sum_triggers(connection) -> list[str]:
    """The names of the sums' triggers installed in the database, sorted."""
    if _dialect(connection) == "postgresql":
        rows = connection.execute(text(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE :prefix AND tgenabled <> 'D'"
            " AND tgrelid IN (" + ", ".join(f"'{table}'::regclass" for table in SUMMED_TABLES) + ")"),
            {"prefix": TRIGGER_PREFIX + "%"})
    else:
        rows = connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE :prefix"),
                                  {"prefix": TRIGGER_PREFIX + "%"})
    return sorted(name for (name,) in rows)


def suspend_sum_triggers(connection) -> SuspendedTriggers:
    """Stop the sums' triggers for a bulk load in this transaction: SQLite drops them (their
    SQL is kept to create them again), PostgreSQL disables them (other writers wait for the
    table lock). Call resume_sum_triggers before the commit."""
    dialect = _dialect(connection)
    if dialect == "postgresql":
        triggers = [(table, name) for table in SUMMED_TABLES for (name,) in connection.execute(text(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = CAST(:table AS regclass) AND NOT tgisinternal"
            " AND tgname LIKE :prefix ORDER BY tgname"), {"table": table, "prefix": TRIGGER_PREFIX + "%"})]
        for table, name in triggers:
            connection.execute(text(f'ALTER TABLE {table} DISABLE TRIGGER "{name}"'))
    else:
        triggers = list(connection.execute(text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE :prefix ORDER BY name"),
            {"prefix": TRIGGER_PREFIX + "%"}))
        for name, _sql in triggers:
            connection.execute(text(f'DROP TRIGGER "{name}"'))
    return SuspendedTriggers(dialect, [tuple(trigger) for trigger in triggers])


def resume_sum_triggers(connection, suspended: SuspendedTriggers, person_ids: Iterable[int] | None = None) -> None:
    """Put the triggers back, then rebuild the sums (of everyone, or of `person_ids` when
    only they were loaded), in the caller's transaction."""
    for first, second in suspended.triggers:
        if suspended.dialect == "postgresql":
            connection.execute(text(f'ALTER TABLE {first} ENABLE TRIGGER "{second}"'))
        else:
            connection.execute(text(second))
    rebuild_person_hours(connection, person_ids)


@contextmanager
def sum_triggers_suspended(connection, person_ids: Iterable[int] | None = None):
    """`with sum_triggers_suspended(connection): <bulk load>`: the load runs without the
    triggers, which come back with the sums rebuilt, all in the caller's transaction (an error
    rolls the whole back, triggers included)."""
    suspended = suspend_sum_triggers(connection)
    yield suspended
    resume_sum_triggers(connection, suspended, person_ids)
