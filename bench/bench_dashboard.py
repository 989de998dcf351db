"""Benchmark: the 70:20:10 dashboards over 100,000 people and 5,000,000 learning records.

Builds a database with the app's own migrations (SQLite in a temporary file, or the
PostgreSQL database named by LMS_BENCH_DATABASE_URL, whose tables are dropped first),
bulk-loads a seeded organisation of people with five fiscal years of records
(executemany batches on SQLite, COPY on PostgreSQL), then times what the pages run:
one person's dashboard, a supervisor's page of 50 reports, and the sums for a unit of
several thousand people. Prints figures and the query plans of the main statements.

    .venv/bin/python bench/bench_dashboard.py [--people 100000] [--records 5000000]
        [--db FILE.sqlite3] [--reuse] [--seed 2569] [--repeat 30] [--sums rebuild|triggers]

The per-person sums (person_year_hours, person_month_hours) are rebuilt from the records at
the end of the load, their triggers suspended meanwhile (--sums triggers keeps the triggers:
about twice as slow, see bench/bench_sums.py).

--db with --reuse keeps a generated SQLite file and times it again without rebuilding.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from sqlalchemy import func, select, text  # noqa: E402

FISCAL_YEAR = 2569  # the year timed; records span FY 2565–2569
FIRST_DAY, LAST_DAY = date(2021, 10, 1), date(2026, 9, 30)
DIVISION_SIZE = 500  # a head, 9 team leads, 490 staff (about 54 per lead)
DIVISIONS_PER_DEPARTMENT = 10  # a department is a unit of 5,000 people
LEADS = 9
METHOD_WEIGHTS = {"on-the-job": 30, "self-learning": 28, "learning-from-others": 14, "coaching": 8, "training": 20}
STATUS_WEIGHTS = {"verified": 90, "pending": 7, "returned": 3}
BATCH = 50_000


def make_app(url: str):
    from lms import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": True})


def fresh_schema(app, url: str) -> None:
    from flask_migrate import upgrade

    from lms.extensions import db
    from tests.postgres import recreate_schema

    with app.app_context():
        if not url.startswith("sqlite"):
            recreate_schema(url)
        upgrade()
        db.engine.dispose()


class Loader:
    """Bulk inserts straight through the driver: executemany on SQLite, COPY on PostgreSQL, in
    one transaction. The per-person sums (lms/records/sums.py) come out right either way:
    sums="triggers" (default) keeps their triggers, which add each record as it comes;
    sums="rebuild" suspends them for the load and rebuilds every sum from the records at the
    end (so a load that writes sums directly, without records, keeps the default)."""

    def __init__(self, engine, sums: str = "triggers"):
        from lms.records.sums import suspend_sum_triggers

        self.connection = engine.connect()
        self.raw = self.connection.connection  # the DBAPI connection, inside the same transaction
        self.driver = self.raw.driver_connection
        self.postgres = engine.dialect.name == "postgresql"
        if not self.postgres:  # outside a transaction, where SQLite obeys them
            self.driver.execute("PRAGMA synchronous=OFF")
            self.driver.execute("PRAGMA foreign_keys=OFF")
        self.connection.begin()
        self.suspended = suspend_sum_triggers(self.connection) if sums == "rebuild" else None
        self.rebuild_seconds = 0.0

    def insert(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        if not rows:
            return
        cursor = self.raw.cursor()
        if self.postgres:
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        cursor.close()

    def close(self) -> None:
        from lms.records.sums import resume_sum_triggers

        if self.suspended is not None:
            started = time.perf_counter()
            resume_sum_triggers(self.connection, self.suspended)  # the triggers back, the sums rebuilt
            self.rebuild_seconds = time.perf_counter() - started
        self.connection.commit()
        if not self.postgres:
            self.driver.execute("PRAGMA foreign_keys=ON")
            self.driver.execute("PRAGMA synchronous=NORMAL")
        self.connection.close()


def generate(app, people: int, records: int, seed: int, sums: str = "rebuild") -> dict:
    """Organisations, people (supervisor chains), plans and learning records; returns counts.
    The per-person sums are rebuilt after the load, or kept by their triggers (`sums`: Loader)."""
    from lms.extensions import db

    rng = random.Random(seed)
    with app.app_context():
        ids = lambda table: dict(db.session.execute(text(f"SELECT slug, id FROM {table}")).all())  # noqa: E731
        methods, skill_sets = ids("learning_methods"), ids("skill_sets")
        phase = db.session.scalar(text("SELECT id FROM phases WHERE slug = 'develop'"))
        db.session.close()  # SQLite: release the read transaction before the loader writes
        loader = Loader(db.engine, sums)
        now = datetime(2026, 11, 24, tzinfo=UTC)
        created = now if loader.postgres else now.strftime("%Y-%m-%d %H:%M:%S.000000")
        divisions = -(-people // DIVISION_SIZE)
        departments = -(-divisions // DIVISIONS_PER_DEPARTMENT)
        orgs = [(1, "MIN", None, "ministry", "กระทรวงทดสอบ", "Ministry", False, None)]
        orgs += [(1 + d, f"DEP{d}", 1, "department", f"กรม {d}", f"Department {d}", True, phase)
                 for d in range(1, departments + 1)]
        first_division = 2 + departments
        orgs += [(first_division + v, f"DIV{v}", 2 + v // DIVISIONS_PER_DEPARTMENT, "division",
                  f"กอง {v}", f"Division {v}", False, None) for v in range(divisions)]
        loader.insert("organisations", ("id", "code", "parent_id", "kind", "name_th", "name_en", "is_agency",
                                        "phase_id"), orgs)

        person_rows = []
        for pid in range(1, people + 1):
            index = (pid - 1) % DIVISION_SIZE
            head = pid - index
            supervisor = None if index == 0 else head if index <= LEADS else head + 1 + (index - LEADS - 1) % LEADS
            person_rows.append((pid, f"p{pid}@bench.go.th", f"c{pid}", f"คน ทดสอบ{pid:06d}",
                                f"Person {pid:06d}", "นักวิเคราะห์", first_division + (pid - 1) // DIVISION_SIZE,
                                supervisor, False, True, "th", created))
        loader.insert("people", ("id", "email", "calendar_token", "name_th", "name_en",
                                 "position", "organisation_id", "supervisor_id", "is_site_admin", "is_active",
                                 "language", "created_at"), person_rows)

        plans, revisions, items = [], [], []
        slugs, weights = list(METHOD_WEIGHTS), list(METHOD_WEIGHTS.values())
        for pid in range(1, people + 1):
            if rng.random() < 0.7:  # 70% have a plan for the year timed
                plans.append((pid, pid, FISCAL_YEAR, created))
                status = rng.choice(("draft", "submitted", "agreed", "agreed", "returned"))
                revisions.append((pid, pid, 1, status, created))
                for k, skill in enumerate(("digital-literacy", "digital-governance", "digital-technology")):
                    items.append((3 * pid + k, pid, skill_sets[skill], methods[rng.choices(slugs, weights)[0]],
                                  rng.choice((6, 10, 20)), "current", ""))
        loader.insert("development_plans", ("id", "person_id", "fiscal_year", "created_at"), plans)
        loader.insert("plan_revisions", ("id", "plan_id", "number", "status", "created_at"), revisions)
        loader.insert("plan_items", ("id", "revision_id", "skill_set_id", "learning_method_id", "planned_hours",
                                     "horizon", "note"), items)

        method_ids = [methods[s] for s in slugs]
        statuses, status_weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
        skill_ids = list(skill_sets.values())
        span = (LAST_DAY - FIRST_DAY).days
        days = [FIRST_DAY + timedelta(n) for n in range(span + 1)]
        days = days if loader.postgres else [d.isoformat() for d in days]
        hours = [h / 2 for h in range(1, 17)]  # half hours up to a working day
        columns = ("id", "person_id", "learning_method_id", "occurred_on", "hours", "title", "notes_md", "source",
                   "source_key", "status", "created_at")
        batch, tags, rid = [], [], 0
        base, extra = divmod(records, people)
        # Round by round, one record per person each time: a person's records end up spread
        # over the whole table, as records arriving over the years are, not side by side.
        for round_number in range(base + (1 if extra else 0)):
            last = people if round_number < base else extra
            picked_methods = rng.choices(method_ids, weights, k=last)
            picked_status = rng.choices(statuses, status_weights, k=last)
            for pid in range(1, last + 1):
                rid += 1
                batch.append((rid, pid, picked_methods[pid - 1], days[rng.randrange(span + 1)], rng.choice(hours),
                              "บันทึกการเรียนรู้", "", "log", f"b{round_number}", picked_status[pid - 1], created))
                if rng.random() < 0.6:  # most entries name a skill set
                    tags.append((rid, rng.choice(skill_ids)))
                if len(batch) >= BATCH:
                    loader.insert("learning_records", columns, batch)
                    loader.insert("learning_record_skill_sets", ("record_id", "skill_set_id"), tags)
                    batch, tags = [], []
                    print(f"\r  {rid:,} records", end="", file=sys.stderr, flush=True)
        loader.insert("learning_records", columns, batch)
        loader.insert("learning_record_skill_sets", ("record_id", "skill_set_id"), tags)
        print(file=sys.stderr)
        loader.close()
        if loader.postgres:
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))  # what autovacuum would do after a bulk load
        else:
            with db.engine.begin() as conn:
                conn.execute(text("ANALYZE"))  # what the scheduler's nightly statistics job does
        db.engine.dispose()
    return {"people": people, "records": rid, "divisions": divisions, "departments": departments,
            "sums_seconds": loader.rebuild_seconds}


def database_version(app) -> str:
    from lms.extensions import db

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            return "SQLite " + db.session.scalar(text("SELECT sqlite_version()"))
        return db.session.scalar(text("SELECT version()")).split(" on ")[0]


def timed(function, arguments: list, repeat: int) -> list[float]:
    """Milliseconds per call, one call per argument (cycled), after one untimed warm-up."""
    from lms.extensions import db

    function(arguments[0])
    db.session.rollback()
    results = []
    for i in range(repeat):
        db.session.expunge_all()  # no identity-map shortcuts between calls
        started = time.perf_counter()
        function(arguments[i % len(arguments)])
        results.append((time.perf_counter() - started) * 1000)
        db.session.rollback()
    return results


def summary(name: str, results: list[float]) -> None:
    results = sorted(results)
    p95 = results[min(len(results) - 1, int(len(results) * 0.95))]
    print(f"{name:<58} median {statistics.median(results):8.1f} ms   p95 {p95:8.1f} ms   (n={len(results)})")


def explain(statement) -> str:
    """The query plan of a SQLAlchemy statement on the current database."""
    from lms.extensions import db

    dialect = db.engine.dialect
    sql = str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    if dialect.name == "sqlite":
        rows = db.session.execute(text("EXPLAIN QUERY PLAN " + sql)).all()
        return "\n".join(f"    {row[-1]}" for row in rows)
    rows = db.session.execute(text("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)).all()
    return "\n".join(f"    {row[0]}" for row in rows)


def run(app, repeat: int, seed: int, show_plans: bool) -> None:
    from lms.accounts.models import Organisation, Person
    from lms.accounts.services import organisation_subtree_ids
    from lms.core.dates import fiscal_year_bounds
    from lms.development import dashboard, mix
    from lms.development.plan_queue import waiting_for
    from lms.extensions import db

    rng = random.Random(seed + 1)
    start, end = fiscal_year_bounds(FISCAL_YEAR)
    with app.app_context():
        total = db.session.scalar(select(Person.id).order_by(Person.id.desc()).limit(1))
        learners = [rng.randrange(1, total + 1) for _ in range(repeat)]
        leads = sorted({head + rng.randrange(1, LEADS + 1) for head in
                        (DIVISION_SIZE * rng.randrange(total // DIVISION_SIZE) + 1 for _ in range(repeat))})
        unit = db.session.scalar(select(Organisation).where(Organisation.code == "DEP1"))
        unit_ids = organisation_subtree_ids(unit)
        unit_people = select(Person.id).where(Person.organisation_id.in_(unit_ids), Person.is_active)
        unit_size = db.session.scalar(select(func.count()).select_from(unit_people.subquery()))
        reports = db.session.scalar(text("SELECT count(*) FROM people WHERE supervisor_id = :s"), {"s": leads[0]})
        print(f"timing FY {FISCAL_YEAR}; supervisors have about {reports} direct reports; "
              f"the unit has {unit_size:,} people")

        summary("one person: hours_by_method (the mix sums)",
                timed(lambda p: mix.hours_by_method(p, start, end, verified_only=True), learners, repeat))
        summary("one person: learner_dashboard (every query of the page)",
                timed(lambda p: dashboard.learner_dashboard(db.session.get(Person, p), FISCAL_YEAR), learners,
                      repeat))
        for sort in ("name", "experiential", "last"):
            summary(f"supervisor: team_page of 50, sorted by {sort}",
                    timed(lambda s, sort=sort: dashboard.team_page(db.session.get(Person, s), FISCAL_YEAR,
                                                                  sort=sort, per_page=50), leads, repeat))
        summary("supervisor: of which plans.waiting_for (plans to decide)",
                timed(lambda s: db.session.scalar(select(func.count()).select_from(
                    waiting_for(db.session.get(Person, s)).order_by(None).subquery())), leads, repeat))
        summary("supervisor: every row for the CSV (team_rows)",
                timed(lambda s: dashboard.team_rows(db.session.get(Person, s), FISCAL_YEAR), leads, repeat))
        unit_repeat = max(3, repeat // 5)
        summary(f"unit of {unit_size:,}: hours_by_bucket_for_people (one query)",
                timed(lambda _: mix.hours_by_bucket_for_people(unit_people, start, end, verified_only=True),
                      [None], unit_repeat))
        summary(f"unit of {unit_size:,}: mix_verdicts_for_people (query + R2)",
                timed(lambda _: mix.mix_verdicts_for_people(unit_people, FISCAL_YEAR), [None], unit_repeat))

        if show_plans:
            print("\nquery plans:")
            print("  one person, hours per method:")
            print(explain(select(text("*")).select_from(
                mix.bucket_hours_subquery([learners[0]], start, end, verified_only=True))))
            team = dashboard._team_statement(db.session.get(Person, leads[0]), FISCAL_YEAR, True, "th")
            print("  supervisor page:")
            print(explain(select(team).order_by(*dashboard._order_by(team, "experiential", True)).limit(50)))
            print("  unit sums:")
            print(explain(select(text("*")).select_from(
                mix.bucket_hours_subquery(unit_people, start, end, verified_only=True))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--records", type=int, default=5_000_000)
    parser.add_argument("--db", help="SQLite file to build (default: a temporary file, deleted after)")
    parser.add_argument("--reuse", action="store_true", help="time an already built --db file")
    parser.add_argument("--seed", type=int, default=2569)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--no-plans", action="store_true", help="do not print the query plans")
    parser.add_argument("--sums", choices=("rebuild", "triggers"), default="rebuild",
                        help="the per-person sums: rebuilt once after the load (default), or kept by "
                             "their triggers row by row")
    args = parser.parse_args()

    url = os.environ.get("LMS_BENCH_DATABASE_URL")
    workdir = None
    if not url:
        if args.db:
            path = Path(args.db).resolve()
        else:
            workdir = tempfile.TemporaryDirectory(prefix="thaksa-bench-")
            path = Path(workdir.name) / "bench.sqlite3"
        url = f"sqlite:///{path}"
    app = make_app(url)
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()},"
          f" {platform.system()} {platform.release()}")
    print(f"database: {database_version(app)}")
    if not args.reuse:
        started = time.perf_counter()
        fresh_schema(app, url)
        counts = generate(app, args.people, args.records, args.seed, args.sums)
        print(f"generated {counts['people']:,} people in {counts['departments']} departments and "
              f"{counts['divisions']} divisions, {counts['records']:,} records in "
              f"{time.perf_counter() - started:.0f} s (per-person sums: "
              + (f"rebuilt in {counts['sums_seconds']:.0f} s)" if args.sums == "rebuild" else "by the triggers)"))
    if url.startswith("sqlite"):
        print(f"file size: {Path(url.removeprefix('sqlite:///')).stat().st_size / 1e9:.2f} GB")
    run(app, args.repeat, args.seed, not args.no_plans)
    if workdir:
        workdir.cleanup()


if __name__ == "__main__":
    main()
