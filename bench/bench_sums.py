"""Benchmark: what the per-person sums' triggers cost (lms/records/sums.py, migration 0015).

Builds a database like bench/bench_dashboard.py's (its loader and generator: people in
divisions, five fiscal years of records, 60% of them tagged with a skill set), then, each
side in turn in one process and every write rolled back:

1. bulk insert: records (and their tags) through the driver's executemany, with the
   triggers, and with them suspended (the sums left stale): microseconds per record;
2. one record at a time through the ORM (a record, a skill set, a flush: what a log entry
   writes), with and without the triggers;
3. rebuilding every sum from the records (rebuild_person_hours) and checking them
   (sums_out_of_step);
4. with --load-compare: building the whole database twice, sums kept by the triggers vs.
   suspended and rebuilt at the end.

    .venv/bin/python bench/bench_sums.py [--people 20000] [--records 1000000] [--insert 100000]
        [--orm 2000] [--rounds 3] [--db FILE.sqlite3] [--reuse] [--load-compare]

SQLite by default; LMS_BENCH_DATABASE_URL names a PostgreSQL database instead (its tables are
dropped first). --db FILE --reuse times a database built before (e.g. by bench_dashboard.py
at 100,000 people and 5,000,000 records).
"""

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]  # run from a checkout

from bench_dashboard import database_version, fresh_schema, generate, make_app  # noqa: E402
from sqlalchemy import text  # noqa: E402

TAGGED = 0.6


def _new_records(connection, count: int, seed: int) -> tuple[list[tuple], list[tuple]]:
    """`count` records (ids after the last) spread over every person, and tags for 60%."""
    rng = random.Random(seed)
    first = connection.execute(text("SELECT coalesce(max(id), 0) + 1 FROM learning_records")).scalar()
    people = connection.execute(text("SELECT max(id) FROM people")).scalar()
    methods = [m for (m,) in connection.execute(text("SELECT id FROM learning_methods"))]
    skill_sets = [s for (s,) in connection.execute(text("SELECT id FROM skill_sets"))]
    postgres = connection.dialect.name == "postgresql"
    records, tags = [], []
    for rid in range(first, first + count):
        day = date(2021, 10, 1) + timedelta(days=rng.randrange(1826))
        records.append((rid, rng.randrange(1, people + 1), rng.choice(methods), day if postgres else day.isoformat(),
                        rng.choice((0.5, 1, 1.5, 2, 3, 6)), "บันทึก", "", "log", f"s{rid}",
                        rng.choices(("verified", "pending", "returned"), (90, 7, 3))[0], "2026-11-24 00:00:00"))
        if rng.random() < TAGGED:
            tags.append((rid, rng.choice(skill_sets)))
    return records, tags


def bulk_insert(app, count: int, triggers: bool, seed: int) -> float:
    """Seconds to executemany `count` records and their tags in one transaction (rolled back)."""
    from lms.extensions import db
    from lms.records.sums import suspend_sum_triggers

    with app.app_context(), db.engine.connect() as connection:
        records, tags = _new_records(connection, count, seed)
        connection.rollback()
        connection.begin()
        if not triggers:
            suspend_sum_triggers(connection)
        cursor = connection.connection.cursor()
        mark = "%s" if connection.dialect.name == "postgresql" else "?"
        started = time.perf_counter()
        cursor.executemany(
            "INSERT INTO learning_records (id, person_id, learning_method_id, occurred_on, hours, title, notes_md,"
            f" source, source_key, status, created_at) VALUES ({', '.join([mark] * 11)})", records)
        cursor.executemany(f"INSERT INTO learning_record_skill_sets (record_id, skill_set_id) VALUES ({mark}, {mark})",
                           tags)
        elapsed = time.perf_counter() - started
        cursor.close()
        connection.rollback()
    return elapsed


def orm_inserts(app, count: int, triggers: bool, seed: int) -> float:
    """Seconds to add `count` records one by one through the ORM, each with a skill set and
    flushed (what recording a log entry writes), in one transaction rolled back."""
    from sqlalchemy import select

    from lms.extensions import db
    from lms.records.models import LearningRecord
    from lms.records.sums import suspend_sum_triggers
    from lms.reference.models import LearningMethod, SkillSet

    rng = random.Random(seed)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":  # the loader wrote the ids itself
            db.session.execute(text("SELECT setval(pg_get_serial_sequence('learning_records', 'id'),"
                                    " (SELECT max(id) FROM learning_records))"))
        people = db.session.scalar(text("SELECT max(id) FROM people"))
        methods = db.session.scalars(select(LearningMethod)).all()
        skill_sets = db.session.scalars(select(SkillSet)).all()
        if not triggers:
            suspend_sum_triggers(db.session)
        started = time.perf_counter()
        for n in range(count):
            db.session.add(LearningRecord(
                person_id=rng.randrange(1, people + 1), method=rng.choice(methods), hours=Decimal("1.5"),
                occurred_on=date(2026, 10, 1) + timedelta(days=rng.randrange(300)), title="บันทึก", source="log",
                source_key=f"orm{seed}-{n}", status="pending", skill_sets=[rng.choice(skill_sets)]))
            db.session.flush()
        elapsed = time.perf_counter() - started
        db.session.rollback()
        db.session.remove()
    return elapsed


def rebuild_and_check(app) -> tuple[float, float, int, int]:
    """Seconds to rebuild every sum (rolled back) and to check them; rows and differences."""
    from lms.extensions import db
    from lms.records.sums import rebuild_person_hours, sums_out_of_step

    with app.app_context():
        started = time.perf_counter()
        held = rebuild_person_hours(db.session)
        rebuilt = time.perf_counter() - started
        db.session.rollback()
        started = time.perf_counter()
        differences = len(sums_out_of_step(db.session, limit=100))
        checked = time.perf_counter() - started
        db.session.remove()
    return rebuilt, checked, sum(held.values()), differences


def _median_line(name: str, seconds: list[float], per: int, unit: str = "record") -> float:
    micro = statistics.median(seconds) / per * 1e6
    print(f"  {name:<44} {micro:8.1f} µs per {unit}   (median of {len(seconds)}: "
          + ", ".join(f"{s:.2f}" for s in seconds) + " s)")
    return micro


def compare_loads(url_for, people: int, records: int, seed: int, rounds: int) -> None:
    """Build the whole database with the sums kept by the triggers, and rebuilt at the end, in turn."""
    results = {"triggers": [], "rebuild": []}
    for _ in range(rounds):
        for mode in results:
            url, cleanup = url_for()
            app = make_app(url)
            fresh_schema(app, url)
            started = time.perf_counter()
            counts = generate(app, people, records, seed, sums=mode)
            results[mode].append((time.perf_counter() - started, counts["sums_seconds"]))
            cleanup()
    print(f"\nwhole load of {people:,} people and {records:,} records (seconds, in turn):")
    for mode, runs in results.items():
        print(f"  sums {'kept by the triggers' if mode == 'triggers' else 'rebuilt after the load':<24}"
              f" median {statistics.median(r[0] for r in runs):6.1f} s   "
              + (f"(of which the rebuild {statistics.median(r[1] for r in runs):.1f} s)" if mode == "rebuild" else "")
              + "   runs: " + ", ".join(f"{r[0]:.1f}" for r in runs))
    ratio = statistics.median(r[0] for r in results["triggers"]) / statistics.median(r[0] for r in results["rebuild"])
    print(f"  triggers / rebuild: {ratio:.2f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--insert", type=int, default=100_000, help="records per bulk-insert round")
    parser.add_argument("--orm", type=int, default=2000, help="records per ORM round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--db", help="SQLite file to build (default: a temporary file, deleted after)")
    parser.add_argument("--reuse", action="store_true", help="time an already built --db file")
    parser.add_argument("--load-compare", action="store_true", help="also build the database twice per round")
    parser.add_argument("--seed", type=int, default=2569)
    args = parser.parse_args()

    workdir = tempfile.TemporaryDirectory(prefix="thaksa-bench-sums-")
    postgres_url = os.environ.get("LMS_BENCH_DATABASE_URL")
    if postgres_url:
        url = postgres_url
    else:
        path = Path(args.db).resolve() if args.db else Path(workdir.name) / "bench.sqlite3"
        if not args.reuse:
            path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    app = make_app(url)
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()},"
          f" {platform.system()} {platform.release()}")
    print(f"database: {database_version(app)}")
    if not args.reuse:
        started = time.perf_counter()
        fresh_schema(app, url)
        counts = generate(app, args.people, args.records, args.seed, sums="rebuild")
        print(f"built {counts['people']:,} people, {counts['records']:,} records in "
              f"{time.perf_counter() - started:.0f} s (sums rebuilt in {counts['sums_seconds']:.1f} s)")
    with app.app_context():
        from lms.extensions import db

        sizes = {table: db.session.execute(text(f"SELECT count(*) FROM {table}")).scalar() for table in (
            "people", "learning_records", "learning_record_skill_sets", "person_year_hours", "person_month_hours")}
        db.session.remove()
    print("rows: " + ", ".join(f"{table} {count:,}" for table, count in sizes.items()))

    bulk = {True: [], False: []}
    orm = {True: [], False: []}
    for round_number in range(args.rounds):
        for triggers in (True, False):
            bulk[triggers].append(bulk_insert(app, args.insert, triggers, args.seed + round_number))
        for triggers in (True, False):
            orm[triggers].append(orm_inserts(app, args.orm, triggers, args.seed + round_number))
    print(f"\nbulk insert, executemany, {args.insert:,} records ({TAGGED:.0%} tagged) per round, in turn:")
    with_triggers = _median_line("with the sums' triggers", bulk[True], args.insert)
    without = _median_line("without (triggers suspended, sums stale)", bulk[False], args.insert)
    print(f"  the triggers add {with_triggers - without:.1f} µs per record ({with_triggers / without:.2f}×)")
    print(f"\nORM, one record + one skill set + flush, {args.orm:,} per round, in turn:")
    with_triggers = _median_line("with the sums' triggers", orm[True], args.orm)
    without = _median_line("without", orm[False], args.orm)
    print(f"  the triggers add {with_triggers - without:.1f} µs per record ({with_triggers / without:.2f}×)")

    rebuilds = [rebuild_and_check(app) for _ in range(max(1, args.rounds - 1))]
    print(f"\nrebuild_person_hours, everyone ({sizes['people']:,} people, {sizes['learning_records']:,} records):"
          f" median {statistics.median(r[0] for r in rebuilds):.1f} s ({rebuilds[0][2]:,} rows written; "
          + ", ".join(f"{r[0]:.1f}" for r in rebuilds) + " s)")
    print(f"sums_out_of_step, everyone: median {statistics.median(r[1] for r in rebuilds):.1f} s "
          f"({rebuilds[0][3]} differences)")

    if args.load_compare:
        def scratch():
            if postgres_url:
                return postgres_url, lambda: None
            target = Path(workdir.name) / f"load-{time.perf_counter_ns()}.sqlite3"
            return f"sqlite:///{target}", lambda: target.unlink(missing_ok=True)

        compare_loads(scratch, args.people, args.records, args.seed, max(1, args.rounds - 1))
    workdir.cleanup()


if __name__ == "__main__":
    main()
