"""Benchmark: the agency report's skills (heat map) and training-supply sections.

Builds a database with the app's own migrations (SQLite in a temporary file, or the
PostgreSQL database named by LMS_BENCH_DATABASE_URL, whose tables are dropped first) and
bulk-loads one agency: people in divisions of 500 with target groups (most from HR, some
agreed, a few in two groups, a few in none), their per-person sums (person_year_hours: the
rows the report reads; no learning records are needed for it), and the agency's institutes
with course versions, session plans, classes, meetings and enrolments. Then times
skills_figures and supply_figures for the whole agency and for one division, and prints the
query plan of the heat map's main statement.

    .venv/bin/python bench/bench_report_sections.py [--people 100000] [--classes 6000] [--repeat 15]
        [--db FILE.sqlite3] [--reuse]
"""

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from sqlalchemy import text  # noqa: E402

from bench.bench_dashboard import Loader, fresh_schema, make_app  # noqa: E402

FISCAL_YEAR = 2570
DIVISION_SIZE = 500


def generate(app, people: int, classes: int, seed: int) -> None:
    from lms.extensions import db

    rng = random.Random(seed)
    with app.app_context():
        ids = lambda table: dict(db.session.execute(text(f"SELECT slug, id FROM {table}")).all())  # noqa: E731
        methods, skill_sets, groups = ids("learning_methods"), ids("skill_sets"), ids("target_groups")
        session_kinds = ids("session_methods")
        phase = db.session.scalar(text("SELECT id FROM phases WHERE slug = 'develop'"))
        db.session.close()
        loader = Loader(db.engine)
        now = datetime(2025, 11, 24, tzinfo=UTC)
        stamp = (lambda value: value) if loader.postgres else (lambda value: value.strftime("%Y-%m-%d %H:%M:%S.000000"))
        divisions = -(-people // DIVISION_SIZE)
        orgs = [(1, "DEP", None, "department", "กรมทดสอบ", "Department", True, phase)]
        orgs += [(2 + v, f"DIV{v}", 1, "division", f"กอง {v}", f"Division {v}", False, None) for v in range(divisions)]
        loader.insert("organisations", ("id", "code", "parent_id", "kind", "name_th", "name_en", "is_agency",
                                        "phase_id"), orgs)
        group_ids = list(groups.values())
        person_rows, agreed = [], []
        for pid in range(1, people + 1):
            draw = rng.random()
            hr_group = None if draw < 0.05 else rng.choice(group_ids)
            person_rows.append((pid, f"p{pid}@bench.go.th", f"c{pid}", f"คน {pid}", f"Person {pid}", "นักวิเคราะห์",
                                2 + (pid - 1) // DIVISION_SIZE, False, True, "th", stamp(now), hr_group))
            if draw > 0.75:  # a quarter have agreed groups; one in five of them two
                chosen = rng.sample(group_ids, 2 if draw > 0.95 else 1)
                agreed += [(pid, group) for group in chosen]
        loader.insert("people", ("id", "email", "calendar_token", "name_th", "name_en", "position",
                                 "organisation_id", "is_site_admin", "is_active", "language", "created_at",
                                 "hr_target_group_id"), person_rows)
        loader.insert("person_target_groups", ("person_id", "target_group_id"), agreed)

        skill_ids, method_ids = list(skill_sets.values()), list(methods.values())
        sums = []
        for pid in range(1, people + 1):
            for year in (FISCAL_YEAR - 1, FISCAL_YEAR):
                for method in rng.sample(method_ids, 3):
                    tags = rng.sample(skill_ids, rng.choice((1, 2)))
                    hours = round(rng.uniform(1, 40), 2)
                    for key in (0, *tags):
                        sums.append((pid, year, method, key, hours, 0, 3))
            if len(sums) > 200_000:
                loader.insert("person_year_hours", ("person_id", "fiscal_year", "learning_method_id", "skill_set_key",
                                                    "verified_hours", "pending_hours", "records"), sums)
                sums = []
        loader.insert("person_year_hours", ("person_id", "fiscal_year", "learning_method_id", "skill_set_key",
                                            "verified_hours", "pending_hours", "records"), sums)

        institutes = [(i, f"INST{i}", f"สถาบัน {i}", f"Institute {i}", 1 if i == 1 else 1 + i) for i in range(1, 21)]
        loader.insert("institutes", ("id", "code", "name_th", "name_en", "organisation_id"), institutes)
        versions = max(1, classes // 3)
        loader.insert("courses", ("id", "code", "institute_id", "created_at"),
                      [(v, f"C{v}", 1 + v % 20, stamp(now)) for v in range(1, versions + 1)])
        loader.insert("course_versions", ("id", "course_id", "number", "status", "title_th", "title_en", "format",
                                          "credit_hours", "credit_method_id", "created_at", "description_md",
                                          "content_md", "summary_th", "summary_en", "credit_reason"),
                      [(v, v, 1, "published", f"หลักสูตร {v}", f"Course {v}", "classroom", 6, methods["training"],
                        stamp(now), "", "", "", "", "") for v in range(1, versions + 1)])
        loader.insert("course_version_skill_sets", ("course_version_id", "skill_set_id"),
                      [(v, s) for v in range(1, versions + 1) for s in rng.sample(skill_ids, 2)])
        loader.insert("course_version_target_groups", ("course_version_id", "target_group_id"),
                      [(v, g) for v in range(1, versions + 1) for g in rng.sample(group_ids, 2)])
        lecture, discussion = session_kinds["lecture"], session_kinds["discussion"]
        loader.insert("course_sessions", ("id", "version_id", "position", "title", "session_method_id", "minutes"),
                      [(4 * v + k, v, k, "ช่วง", lecture if k % 2 else discussion, rng.choice((60, 90, 120)))
                       for v in range(1, versions + 1) for k in range(4)])
        first = datetime(2025, 10, 1, 2, tzinfo=UTC)
        class_rows, meetings, enrolments = [], [], []
        for c in range(1, classes + 1):
            starts = first + timedelta(days=rng.randrange(700))
            version = 1 + c % versions
            class_rows.append((c, version, 1 + version % 20, f"รุ่น {c}", 30, "2025-08-01", "2025-09-01",
                               rng.random() < 0.03, stamp(now), "", ""))
            meetings += [(2 * c + k, c, "วัน", stamp(starts + timedelta(days=k)),
                          stamp(starts + timedelta(days=k, hours=6))) for k in range(2)]
            for seat in rng.sample(range(1, people + 1), rng.randrange(10, 31)):
                enrolments.append((len(enrolments) + 1, c, seat, rng.choice(("enrolled", "completed", "completed",
                                                                               "no_show", "withdrawn")), stamp(now)))
        loader.insert("course_classes", ("id", "course_version_id", "institute_id", "name", "capacity",
                                         "enrol_opens_on", "enrol_closes_on", "is_cancelled", "created_at", "place",
                                         "online_url"), class_rows)
        loader.insert("class_meetings", ("id", "class_id", "title", "starts_at", "ends_at"), meetings)
        loader.insert("enrolments", ("id", "class_id", "person_id", "status", "joined_at"), enrolments)
        loader.close()
        db.session.execute(text("ANALYZE"))  # as operations run nightly (docs/operations.md)
        db.session.commit()


def timed(name: str, function, repeat: int) -> None:
    """Wall-clock median and p95, and the median CPU time of this process (the database work
    on SQLite): on a shared, busy machine the CPU time is the steadier figure."""
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    wall.sort()
    p95 = wall[min(len(wall) - 1, int(len(wall) * 0.95))]
    print(f"{name:<40} median {statistics.median(wall):7.1f} ms   p95 {p95:7.1f} ms   "
          f"cpu {statistics.median(cpu):7.1f} ms   (n={len(wall)})")


def measure(app, repeat: int) -> None:
    from lms.accounts.models import Organisation
    from lms.accounts.services import organisation_subtree_ids
    from lms.extensions import db
    from lms.reports.filters import ReportFilters
    from lms.reports.skills import skills_figures
    from lms.reports.supply import supply_figures

    with app.test_request_context("/"):
        agency = db.session.get(Organisation, 1)
        agency_ids = organisation_subtree_ids(agency)
        division_ids = [2]
        filters = ReportFilters(fiscal_year=FISCAL_YEAR)
        people = db.session.scalar(text("SELECT count(*) FROM people"))
        sums = db.session.scalar(text("SELECT count(*) FROM person_year_hours"))
        print(f"people {people:,}   person_year_hours rows {sums:,}   units {len(agency_ids)}")
        figures = skills_figures(agency_ids, filters)
        supply = supply_figures(agency_ids, filters)
        print(f"skills: {figures.people:,} people, {figures.in_several_groups:,} in two groups; "
              f"supply: {supply.total.classes:,} classes held, fill {supply.total.fill_percent}%, "
              f"R1 met {supply.total.met_percent}%")
        timed("skills_figures, agency", lambda: skills_figures(agency_ids, filters), repeat)
        timed("skills_figures, one division (500)", lambda: skills_figures(division_ids, filters), repeat)
        timed("supply_figures, agency", lambda: supply_figures(agency_ids, filters), repeat)
        timed("supply_figures, one division", lambda: supply_figures(division_ids, filters), repeat)
        print("plan of the heat map's hours statement:")
        for line in plan_of_hours_statement(lambda: skills_figures(agency_ids, filters)):
            print("   ", line)


def plan_of_hours_statement(run) -> list[str]:
    """The query plan of the statement `run` sends that reads person_year_hours."""
    from sqlalchemy import event

    from lms.extensions import db

    seen = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        if "person_year_hours" in statement:
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    statement, parameters = seen[0]
    connection = db.session.connection().connection.driver_connection
    cursor = connection.cursor()
    if db.engine.dialect.name == "sqlite":
        cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
        return [row[-1] for row in cursor.fetchall()]
    cursor.execute(f"EXPLAIN {statement}", parameters)
    return [row[0] for row in cursor.fetchall()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--classes", type=int, default=6_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--seed", type=int, default=2570)
    parser.add_argument("--db", help="SQLite file to build (kept afterwards)")
    parser.add_argument("--reuse", action="store_true", help="time the database as it is, without building it")
    args = parser.parse_args()
    url = os.environ.get("LMS_BENCH_DATABASE_URL")
    if not url:
        url = f"sqlite:///{args.db or Path(tempfile.mkdtemp(prefix='bench-sections-')) / 'bench.sqlite3'}"
    print(f"{platform.node()} · Python {platform.python_version()} · {url.split('@')[-1].split('?')[0]}")
    app = make_app(url)
    if not args.reuse:
        fresh_schema(app, url)
        started = time.perf_counter()
        generate(app, args.people, args.classes, args.seed)
        print(f"load {time.perf_counter() - started:.1f} s")
    measure(app, args.repeat)


if __name__ == "__main__":
    main()
