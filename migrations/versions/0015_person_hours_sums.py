"""sums of learning records per person and fiscal year (by method and skill set) and per month,
for agency reports, kept in step with the records by database triggers

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 00:00:01

The triggers keep both tables equal to what the records say, in the same transaction,
whoever writes: the ORM, driver-level bulk inserts, imports, anonymisation, cascades.
- learning_records: an insert adds the record (its skill set 0 row, a row per tag it already
  has, its month); an update of person, day, method, hours or status adds the new record and
  subtracts the old; a delete subtracts it BEFORE the row goes, tags included (PostgreSQL runs
  the links' cascade after the statement, when the record is gone).
- learning_record_skill_sets: a tag added or removed moves the record's hours in or out of
  that skill set's row, only while the record exists (so a cascade never subtracts twice).
- Fiscal year (B.E.): Oct-Dec belong to the next. Verified hours, pending hours; returned
  counts in neither; `records` counts every record. A year row whose records fall to 0 and
  a month row whose hours both fall to 0 are deleted: a missing row means zero.
- person_year_totals: one row per person and fiscal year, what the report reads first: the
  skill set 0 rows' hours added up by bucket (learning_methods.bucket), and how many
  foundation skill sets (skill_sets.is_foundation) have verified, and verified or pending,
  hours. Recomputed from that person's year rows after each change (a handful of rows), so it
  is whatever they say. It follows the records, not the reference data: when an admin moves
  a method to another bucket or changes which skill sets are foundation sets, the totals
  keep the old until `lms records rebuild-sums` (which `check-sums` points to) recomputes them.
  It carries the month rows too, pivoted (month_1_verified … month_12_pending): the trend
  reads one row per person instead of a sort of every month row.
- SQLite: the three per-person tables are WITHOUT ROWID (read by their key, person first: one
  B-tree search instead of two).
- SQLite stores NUMERIC as REAL: every stored sum is ROUND(…, 2), so sums never drift.
  SQLite 3.33+ (UPDATE … FROM; upsert is 3.24+).
The SQL is written out here, not imported from lms/ (lms/records/sums.py recomputes the same
sums to check and repair them; tests/records keep the two in step).
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

YEAR_KEY = "person_id, fiscal_year, learning_method_id, skill_set_key"
YEAR_COLUMNS = f"{YEAR_KEY}, verified_hours, pending_hours, records"
MONTH_COLUMNS = "person_id, fiscal_year, month, verified_hours, pending_hours"
COUNTED = "('verified', 'pending')"
MONTH_TOTALS = tuple(f"month_{month}_{side}" for month in range(1, 13) for side in ("verified", "pending"))
TOTAL_COLUMNS = ("person_id, fiscal_year, experiential_verified, experiential_pending, social_verified,"
                 " social_pending, formal_verified, formal_pending, foundation_verified, foundation_counted, "
                 + ", ".join(MONTH_TOTALS))
BUCKETS = ("experiential", "social", "formal")


def _totals_of(where: str) -> str:
    """INSERT the totals rows of the person-years the condition picks (`@` stands for the
    table: person_year_hours or person_month_hours), recomputed from their year and month
    rows (none when they have no year rows)."""
    buckets = ", ".join(
        f"ROUND(SUM(CASE WHEN h.skill_set_key = 0 AND m.bucket = '{bucket}' THEN h.{side}_hours ELSE 0 END), 2)"
        for bucket in BUCKETS for side in ("verified", "pending"))
    by_month = ", ".join(f"SUM(CASE WHEN mh.month = {month} THEN mh.{side}_hours ELSE 0 END) AS {column}"
                         for column, (month, side) in zip(MONTH_TOTALS, _month_sides(), strict=True))
    months = ", ".join(f"COALESCE(MAX(mo.{column}), 0)" for column in MONTH_TOTALS)
    return f"""
        INSERT INTO person_year_totals ({TOTAL_COLUMNS})
        SELECT h.person_id, h.fiscal_year, {buckets},
               COUNT(DISTINCT CASE WHEN s.is_foundation AND h.verified_hours > 0 THEN h.skill_set_key END),
               COUNT(DISTINCT CASE WHEN s.is_foundation AND h.verified_hours + h.pending_hours > 0
                                   THEN h.skill_set_key END),
               {months}
        FROM person_year_hours AS h JOIN learning_methods AS m ON m.id = h.learning_method_id
        LEFT JOIN skill_sets AS s ON s.id = h.skill_set_key
        LEFT JOIN (SELECT mh.person_id, mh.fiscal_year, {by_month} FROM person_month_hours AS mh
                   WHERE {where.replace('@.', 'mh.')} GROUP BY mh.person_id, mh.fiscal_year) AS mo
               ON mo.person_id = h.person_id AND mo.fiscal_year = h.fiscal_year
        WHERE {where.replace('@.', 'h.')}
        GROUP BY h.person_id, h.fiscal_year"""


def _month_sides():
    return [(month, side) for month in range(1, 13) for side in ("verified", "pending")]


def _refresh_totals(person: str, fiscal_year: str) -> str:
    """Recompute one person-year's totals row (the statements end with ';')."""
    return (f"DELETE FROM person_year_totals WHERE person_id = {person} AND fiscal_year = {fiscal_year};"
            f"{_totals_of(f'@.person_id = {person} AND @.fiscal_year = {fiscal_year}')};")

# ---------------------------------------------------------------- SQLite


def _fy(row: str) -> str:
    """The fiscal year (B.E.) of a record's occurred_on ('YYYY-MM-DD' on SQLite)."""
    return (f"(CAST(substr({row}.occurred_on, 1, 4) AS INTEGER) + 543"
            f" + (CAST(substr({row}.occurred_on, 6, 2) AS INTEGER) >= 10))")


def _month(row: str) -> str:
    return f"CAST(substr({row}.occurred_on, 6, 2) AS INTEGER)"


def _hours(row: str, status: str) -> str:
    return f"(CASE WHEN {row}.status = '{status}' THEN {row}.hours ELSE 0 END)"


_ADD_TO_YEAR = (f" ON CONFLICT ({YEAR_KEY}) DO UPDATE SET"
                " verified_hours = ROUND(verified_hours + excluded.verified_hours, 2),"
                " pending_hours = ROUND(pending_hours + excluded.pending_hours, 2),"
                " records = records + excluded.records")


def _sqlite_add_record(row: str) -> str:
    """Add a record to its skill set 0 row, its tags' rows and its month."""
    return f"""
        INSERT INTO person_year_hours ({YEAR_COLUMNS})
        SELECT {row}.person_id, {_fy(row)}, {row}.learning_method_id, keys.skill_set_key,
               {_hours(row, 'verified')}, {_hours(row, 'pending')}, 1
        FROM (SELECT 0 AS skill_set_key UNION ALL
              SELECT skill_set_id FROM learning_record_skill_sets WHERE record_id = {row}.id) AS keys
        WHERE true{_ADD_TO_YEAR};
        INSERT INTO person_month_hours ({MONTH_COLUMNS})
        SELECT {row}.person_id, {_fy(row)}, {_month(row)}, {_hours(row, 'verified')}, {_hours(row, 'pending')}
        WHERE {row}.status IN {COUNTED}
        ON CONFLICT (person_id, fiscal_year, month) DO UPDATE SET
            verified_hours = ROUND(verified_hours + excluded.verified_hours, 2),
            pending_hours = ROUND(pending_hours + excluded.pending_hours, 2);
        {_refresh_totals(f"{row}.person_id", _fy(row))}"""


def _sqlite_subtract_record(row: str) -> str:
    """Subtract a record from its skill set 0 row, its tags' rows and its month."""
    year = (f"person_id = {row}.person_id AND fiscal_year = {_fy(row)}"
            f" AND learning_method_id = {row}.learning_method_id")
    month = f"person_id = {row}.person_id AND fiscal_year = {_fy(row)} AND month = {_month(row)}"
    return f"""
        UPDATE person_year_hours SET
            verified_hours = ROUND(verified_hours - {_hours(row, 'verified')}, 2),
            pending_hours = ROUND(pending_hours - {_hours(row, 'pending')}, 2),
            records = records - 1
        WHERE {year} AND (skill_set_key = 0 OR skill_set_key IN (
            SELECT skill_set_id FROM learning_record_skill_sets WHERE record_id = {row}.id));
        DELETE FROM person_year_hours WHERE {year} AND records = 0;
        UPDATE person_month_hours SET
            verified_hours = ROUND(verified_hours - {_hours(row, 'verified')}, 2),
            pending_hours = ROUND(pending_hours - {_hours(row, 'pending')}, 2)
        WHERE {month} AND {row}.status IN {COUNTED};
        DELETE FROM person_month_hours WHERE {month} AND verified_hours = 0 AND pending_hours = 0;
        {_refresh_totals(f"{row}.person_id", _fy(row))}"""


def _sqlite_add_tag(link: str) -> str:
    return f"""
        INSERT INTO person_year_hours ({YEAR_COLUMNS})
        SELECT r.person_id, {_fy('r')}, r.learning_method_id, {link}.skill_set_id,
               {_hours('r', 'verified')}, {_hours('r', 'pending')}, 1
        FROM learning_records AS r WHERE r.id = {link}.record_id{_ADD_TO_YEAR};
        {_sqlite_refresh_totals_of_record(link)}"""


def _sqlite_refresh_totals_of_record(link: str) -> str:
    """Recompute the totals of the person-year of a tag's record (none when it is gone)."""
    of_record = f"SELECT r.person_id, {_fy('r')} FROM learning_records AS r WHERE r.id = {link}.record_id"
    return (f"DELETE FROM person_year_totals WHERE (person_id, fiscal_year) IN ({of_record});"
            f"{_totals_of(f'(@.person_id, @.fiscal_year) IN ({of_record})')};")


def _sqlite_subtract_tag(link: str) -> str:
    # No alias for the updated table: SQLite refuses one inside a trigger.
    return f"""
        UPDATE person_year_hours SET
            verified_hours = ROUND(verified_hours - {_hours('r', 'verified')}, 2),
            pending_hours = ROUND(pending_hours - {_hours('r', 'pending')}, 2),
            records = records - 1
        FROM learning_records AS r
        WHERE r.id = {link}.record_id AND person_year_hours.person_id = r.person_id
          AND person_year_hours.fiscal_year = {_fy('r')}
          AND person_year_hours.learning_method_id = r.learning_method_id
          AND person_year_hours.skill_set_key = {link}.skill_set_id;
        DELETE FROM person_year_hours WHERE skill_set_key = {link}.skill_set_id AND records = 0
          AND person_id IN (SELECT person_id FROM learning_records WHERE id = {link}.record_id);
        {_sqlite_refresh_totals_of_record(link)}"""


_RECORD_CHANGED = ("OLD.person_id IS NOT NEW.person_id OR OLD.occurred_on IS NOT NEW.occurred_on"
                   " OR OLD.learning_method_id IS NOT NEW.learning_method_id OR OLD.hours IS NOT NEW.hours"
                   " OR OLD.status IS NOT NEW.status")

SQLITE_TRIGGERS = {
    "person_hours_record_inserted":
        f"AFTER INSERT ON learning_records BEGIN {_sqlite_add_record('NEW')} END",
    # Add the new first: when only the hours or status change, the row is never emptied.
    "person_hours_record_updated":
        "AFTER UPDATE OF person_id, occurred_on, learning_method_id, hours, status ON learning_records"
        f" WHEN {_RECORD_CHANGED}"
        f" BEGIN {_sqlite_add_record('NEW')} {_sqlite_subtract_record('OLD')} END",
    "person_hours_record_deleted":
        f"BEFORE DELETE ON learning_records BEGIN {_sqlite_subtract_record('OLD')} END",
    "person_hours_tag_added":
        f"AFTER INSERT ON learning_record_skill_sets BEGIN {_sqlite_add_tag('NEW')} END",
    "person_hours_tag_removed":
        f"AFTER DELETE ON learning_record_skill_sets BEGIN {_sqlite_subtract_tag('OLD')} END",
    "person_hours_tag_changed":
        "AFTER UPDATE ON learning_record_skill_sets"
        f" BEGIN {_sqlite_subtract_tag('OLD')} {_sqlite_add_tag('NEW')} END",
}

# ---------------------------------------------------------------- PostgreSQL

POSTGRES_FUNCTIONS = (
    f"""
    CREATE FUNCTION person_hours_totals(p integer, fy integer) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
        {_refresh_totals("p", "fy")}
    END $$""",
    """
    CREATE FUNCTION person_hours_fiscal_year(day date) RETURNS integer
    LANGUAGE sql IMMUTABLE AS $$
        SELECT (EXTRACT(YEAR FROM day) + 543 + CASE WHEN EXTRACT(MONTH FROM day) >= 10 THEN 1 ELSE 0 END)::integer
    $$""",
    # A record's hours into (direction 1) or out of (-1) its rows for the skill set keys given.
    f"""
    CREATE FUNCTION person_hours_year(r learning_records, keys integer[], direction integer) RETURNS void
    LANGUAGE plpgsql AS $$
    DECLARE
        fy integer := person_hours_fiscal_year(r.occurred_on);
        verified numeric := CASE WHEN r.status = 'verified' THEN r.hours ELSE 0 END;
        pending numeric := CASE WHEN r.status = 'pending' THEN r.hours ELSE 0 END;
    BEGIN
        IF direction > 0 THEN
            INSERT INTO person_year_hours AS s ({YEAR_COLUMNS})
            SELECT r.person_id, fy, r.learning_method_id, k.key, verified, pending, 1
            FROM unnest(keys) AS k(key)
            ON CONFLICT ({YEAR_KEY}) DO UPDATE SET
                verified_hours = s.verified_hours + EXCLUDED.verified_hours,
                pending_hours = s.pending_hours + EXCLUDED.pending_hours,
                records = s.records + 1;
        ELSE
            UPDATE person_year_hours AS s SET verified_hours = s.verified_hours - verified,
                pending_hours = s.pending_hours - pending, records = s.records - 1
            WHERE s.person_id = r.person_id AND s.fiscal_year = fy
              AND s.learning_method_id = r.learning_method_id AND s.skill_set_key = ANY(keys);
            DELETE FROM person_year_hours AS s
            WHERE s.person_id = r.person_id AND s.fiscal_year = fy
              AND s.learning_method_id = r.learning_method_id AND s.skill_set_key = ANY(keys)
              AND s.records = 0;
        END IF;
    END $$""",
    f"""
    CREATE FUNCTION person_hours_month(r learning_records, direction integer) RETURNS void
    LANGUAGE plpgsql AS $$
    DECLARE
        fy integer := person_hours_fiscal_year(r.occurred_on);
        m integer := EXTRACT(MONTH FROM r.occurred_on)::integer;
        verified numeric := CASE WHEN r.status = 'verified' THEN r.hours ELSE 0 END;
        pending numeric := CASE WHEN r.status = 'pending' THEN r.hours ELSE 0 END;
    BEGIN
        IF r.status NOT IN {COUNTED} THEN
            RETURN;
        END IF;
        IF direction > 0 THEN
            INSERT INTO person_month_hours AS s ({MONTH_COLUMNS})
            VALUES (r.person_id, fy, m, verified, pending)
            ON CONFLICT (person_id, fiscal_year, month) DO UPDATE SET
                verified_hours = s.verified_hours + EXCLUDED.verified_hours,
                pending_hours = s.pending_hours + EXCLUDED.pending_hours;
        ELSE
            UPDATE person_month_hours AS s SET verified_hours = s.verified_hours - verified,
                pending_hours = s.pending_hours - pending
            WHERE s.person_id = r.person_id AND s.fiscal_year = fy AND s.month = m;
            DELETE FROM person_month_hours AS s
            WHERE s.person_id = r.person_id AND s.fiscal_year = fy AND s.month = m
              AND s.verified_hours = 0 AND s.pending_hours = 0;
        END IF;
    END $$""",
    """
    CREATE FUNCTION person_hours_record_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        keys integer[];
    BEGIN
        -- A person deleted: their sums go by their own cascade. (Updating a row of theirs
        -- made in this transaction would check its foreign key again, and fail.)
        IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM people WHERE id = OLD.person_id) THEN
            RETURN OLD;
        END IF;
        keys := ARRAY[0] || ARRAY(SELECT skill_set_id FROM learning_record_skill_sets
                                  WHERE record_id = CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
        IF TG_OP IN ('INSERT', 'UPDATE') THEN  -- the new first: a changed status never empties the row
            PERFORM person_hours_year(NEW, keys, 1);
            PERFORM person_hours_month(NEW, 1);
            PERFORM person_hours_totals(NEW.person_id, person_hours_fiscal_year(NEW.occurred_on));
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            PERFORM person_hours_year(OLD, keys, -1);
            PERFORM person_hours_month(OLD, -1);
            PERFORM person_hours_totals(OLD.person_id, person_hours_fiscal_year(OLD.occurred_on));
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NULL END;
    END $$""",
    # Only while the record exists: a record deleted has taken its tags out already.
    """
    CREATE FUNCTION person_hours_tag_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            PERFORM person_hours_year(r, ARRAY[OLD.skill_set_id], -1)
            FROM learning_records AS r WHERE r.id = OLD.record_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            PERFORM person_hours_year(r, ARRAY[NEW.skill_set_id], 1)
            FROM learning_records AS r WHERE r.id = NEW.record_id;
        END IF;
        PERFORM person_hours_totals(r.person_id, person_hours_fiscal_year(r.occurred_on))
        FROM learning_records AS r WHERE r.id IN (OLD.record_id, NEW.record_id);
        RETURN NULL;
    END $$""",
)

_PG_RECORD_CHANGED = " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in (
    "person_id", "occurred_on", "learning_method_id", "hours", "status"))

# name: (table, when and what)
POSTGRES_TRIGGERS = {
    "person_hours_record_inserted": ("learning_records", "AFTER INSERT"),
    "person_hours_record_updated": (
        "learning_records", "AFTER UPDATE OF person_id, occurred_on, learning_method_id, hours, status"),
    "person_hours_record_deleted": ("learning_records", "BEFORE DELETE"),
    "person_hours_tag_changed": ("learning_record_skill_sets", "AFTER INSERT OR UPDATE OR DELETE"),
}
_PG_TRIGGER_FUNCTIONS = {"learning_records": "person_hours_record_changed",
                         "learning_record_skill_sets": "person_hours_tag_changed"}


def _postgres_trigger(name: str) -> str:
    table, when = POSTGRES_TRIGGERS[name]
    condition = f" WHEN ({_PG_RECORD_CHANGED})" if name == "person_hours_record_updated" else ""
    return (f"CREATE TRIGGER {name} {when} ON {table} FOR EACH ROW{condition}"
            f" EXECUTE FUNCTION {_PG_TRIGGER_FUNCTIONS[table]}()")


POSTGRES_FUNCTION_SIGNATURES = (
    "person_hours_totals(integer, integer)",
    "person_hours_tag_changed()", "person_hours_record_changed()",
    "person_hours_month(learning_records, integer)", "person_hours_year(learning_records, integer[], integer)",
    "person_hours_fiscal_year(date)",
)

# ---------------------------------------------------------------- backfill


def _backfill(dialect: str) -> tuple[str, str, str]:
    if dialect == "postgresql":
        fy, month = "person_hours_fiscal_year(r.occurred_on)", "EXTRACT(MONTH FROM r.occurred_on)::integer"
    else:
        fy, month = _fy("r"), _month("r")
    verified, pending = _hours("r", "verified"), _hours("r", "pending")
    year = f"""
        INSERT INTO person_year_hours ({YEAR_COLUMNS})
        SELECT person_id, fiscal_year, learning_method_id, skill_set_key,
               ROUND(SUM(verified), 2), ROUND(SUM(pending), 2), COUNT(*)
        FROM (SELECT r.person_id, {fy} AS fiscal_year, r.learning_method_id, 0 AS skill_set_key,
                     {verified} AS verified, {pending} AS pending
              FROM learning_records AS r
              UNION ALL
              SELECT r.person_id, {fy}, r.learning_method_id, l.skill_set_id, {verified}, {pending}
              FROM learning_records AS r JOIN learning_record_skill_sets AS l ON l.record_id = r.id) AS counted
        GROUP BY person_id, fiscal_year, learning_method_id, skill_set_key"""
    months = f"""
        INSERT INTO person_month_hours ({MONTH_COLUMNS})
        SELECT r.person_id, {fy}, {month}, ROUND(SUM({verified}), 2), ROUND(SUM({pending}), 2)
        FROM learning_records AS r WHERE r.status IN {COUNTED}
        GROUP BY 1, 2, 3"""
    return year, months, _totals_of("true")


def upgrade():
    op.create_table('person_year_hours',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('learning_method_id', sa.Integer(), nullable=False),
    sa.Column('skill_set_key', sa.Integer(), nullable=False),
    sa.Column('verified_hours', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('pending_hours', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('records', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_person_year_hours_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'fiscal_year', 'learning_method_id', 'skill_set_key', name=op.f('pk_person_year_hours')),
    sqlite_with_rowid=False,
    )
    op.create_table('person_month_hours',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('verified_hours', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('pending_hours', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_person_month_hours_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'fiscal_year', 'month', name=op.f('pk_person_month_hours')),
    sqlite_with_rowid=False,
    )
    op.create_table('person_year_totals',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    *(sa.Column(f'{bucket}_{side}', sa.Numeric(precision=12, scale=2), nullable=False)
      for bucket in BUCKETS for side in ('verified', 'pending')),
    sa.Column('foundation_verified', sa.Integer(), nullable=False),
    sa.Column('foundation_counted', sa.Integer(), nullable=False),
    *(sa.Column(column, sa.Numeric(precision=12, scale=2), nullable=False) for column in MONTH_TOTALS),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_person_year_totals_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'fiscal_year', name=op.f('pk_person_year_totals')),
    sqlite_with_rowid=False,
    )

    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for function in POSTGRES_FUNCTIONS:
            op.execute(function)
    for statement in _backfill(dialect):  # the records already there, then the triggers
        op.execute(statement)
    if dialect == "postgresql":
        for name in POSTGRES_TRIGGERS:
            op.execute(_postgres_trigger(name))
    else:
        for name, definition in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {definition}")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for name, (table, _when) in POSTGRES_TRIGGERS.items():
            op.execute(f"DROP TRIGGER {name} ON {table}")
        for signature in POSTGRES_FUNCTION_SIGNATURES:
            # IF EXISTS: a database upgraded to 0015 before the totals were added has no such function.
            op.execute(f"DROP FUNCTION IF EXISTS {signature}")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    op.execute("DROP TABLE IF EXISTS person_year_totals")  # (added to 0015 before its release)
    op.drop_table('person_month_hours')
    op.drop_table('person_year_hours')
