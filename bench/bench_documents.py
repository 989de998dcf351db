"""Benchmark: the report's documents, the executive report PDF (one, and every head's as a zip)
and the open-data package, on an agency of generated people.

Builds a database with the app's own migrations (SQLite in a temporary file, or the PostgreSQL
database named by LMS_BENCH_DATABASE_URL, whose tables are dropped first) and bulk-loads one
agency: divisions of 500 people, each with a head, target groups from HR (5% none), and the
per-person sums of two fiscal years (person_year_hours: what the documents read; no learning
records are needed). Then times, in one process:

1. executive_report (the data of one head's report) and the PDF of it (template + WeasyPrint),
   the first PDF apart (it loads WeasyPrint and derives the fonts);
2. the zip of every head's PDF for the agency, once (the command line's path: the web
   download stops at download_views.ZIP_MAX_REPORTS);
3. open_data_package for the agency (every unit × target group, suppressed) and its zip.

    .venv/bin/python bench/bench_documents.py [--people 100000] [--repeat 10] [--any-hours]
"""

import argparse
import io
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from sqlalchemy import text  # noqa: E402

from bench.bench_dashboard import Loader, fresh_schema, make_app  # noqa: E402

FISCAL_YEAR = 2570
DIVISION_SIZE = 500
TODAY = date(2026, 12, 1)


def generate(app, people: int, seed: int, any_hours: bool = False) -> None:
    """The agency; each person-year-method sum in half hours (what whole and half-hour records add
    up to), or with any two decimals when `any_hours` (the batch rules' slower path)."""
    from lms.extensions import db

    rng = random.Random(seed)
    with app.app_context():
        ids = lambda table: list(db.session.execute(text(f"SELECT id FROM {table}")).scalars())  # noqa: E731
        methods, skill_sets, groups = ids("learning_methods"), ids("skill_sets"), ids("target_groups")
        phase = db.session.scalar(text("SELECT id FROM phases WHERE slug = 'develop'"))
        db.session.close()
        loader = Loader(db.engine)
        now = datetime(2024, 11, 24, tzinfo=UTC)
        stamp = (lambda value: value) if loader.postgres else (lambda value: value.strftime("%Y-%m-%d %H:%M:%S.000000"))
        divisions = -(-people // DIVISION_SIZE)
        orgs = [(1, "DEP", None, "department", "กรมทดสอบการทำงาน", "Department", True, phase)]
        orgs += [(2 + v, f"DIV{v}", 1, "division", f"สำนักงาน {v}", f"Division {v}", False, None)
                 for v in range(divisions)]
        loader.insert("organisations", ("id", "code", "parent_id", "kind", "name_th", "name_en", "is_agency",
                                        "phase_id"), orgs)
        person_rows = []
        for pid in range(1, people + 1):
            hr_group = None if rng.random() < 0.05 else rng.choice(groups)
            person_rows.append((pid, f"p{pid}@bench.go.th", f"c{pid}", f"คนทำงาน {pid}", f"Person {pid}",
                                "ผู้อำนวยการ" if pid % DIVISION_SIZE == 2 else "นักวิเคราะห์",
                                2 + (pid - 1) // DIVISION_SIZE if pid > 1 else 1, False, True, "th", stamp(now),
                                hr_group))
        loader.insert("people", ("id", "email", "calendar_token", "name_th", "name_en", "position",
                                 "organisation_id", "is_site_admin", "is_active", "language", "created_at",
                                 "hr_target_group_id"), person_rows)
        # The heads: person 1 for the agency, person 2 + v × 500 (in division v) for each division.
        loader.connection.execute(text("UPDATE organisations SET head_id = CASE WHEN id = 1 THEN 1"
                                       " ELSE 2 + (id - 2) * :size END"), {"size": DIVISION_SIZE})
        sums = []
        for pid in range(1, people + 1):
            for year in (FISCAL_YEAR - 1, FISCAL_YEAR):
                for method in rng.sample(methods, 3):
                    tags = rng.sample(skill_sets, rng.choice((1, 2)))
                    hours = round(rng.uniform(1, 40), 2) if any_hours else rng.randint(2, 80) / 2
                    for key in (0, *tags):
                        sums.append((pid, year, method, key, hours, 0, 3))
            if len(sums) > 200_000:
                loader.insert("person_year_hours", ("person_id", "fiscal_year", "learning_method_id",
                                                    "skill_set_key", "verified_hours", "pending_hours", "records"),
                              sums)
                sums = []
        loader.insert("person_year_hours", ("person_id", "fiscal_year", "learning_method_id", "skill_set_key",
                                            "verified_hours", "pending_hours", "records"), sums)
        loader.close()
        if not loader.postgres:
            with db.engine.connect() as connection:
                connection.execute(text("ANALYZE"))
                connection.commit()


def timed(function, repeat: int) -> list[float]:
    results = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        results.append(time.perf_counter() - started)
    return results


def summary(name: str, results: list[float]) -> None:
    ordered = sorted(results)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"{name:<44} median {statistics.median(results) * 1000:8.1f} ms   p95 {p95 * 1000:8.1f} ms"
          f"   (n={len(results)})")


def run(app, repeat: int) -> None:
    from lms.accounts.models import Organisation
    from lms.extensions import db
    from lms.reports.executive import executive_report, heads_in
    from lms.reports.executive_pdf import executive_pdf_bytes, write_executive_zip
    from lms.reports.open_data import open_data_package

    with app.test_request_context():
        agency = db.session.get(Organisation, 1)
        division = db.session.get(Organisation, 2)
        report = executive_report(division, FISCAL_YEAR, TODAY)
        started = time.perf_counter()
        first = executive_pdf_bytes(report)
        print(f"{'first PDF (loads WeasyPrint, derives fonts)':<44} {(time.perf_counter() - started) * 1000:8.1f} ms"
              f"   ({len(first) // 1024} KiB)")
        summary("executive_report (data, a division's head)", timed(
            lambda: executive_report(division, FISCAL_YEAR, TODAY), repeat))
        summary("executive_report (data, the agency's head)", timed(
            lambda: executive_report(agency, FISCAL_YEAR, TODAY), max(3, repeat // 3)))
        summary("PDF of one report (template + WeasyPrint)", timed(lambda: executive_pdf_bytes(report), repeat))

        heads = heads_in(agency)
        started = time.perf_counter()
        out = io.BytesIO()
        write_executive_zip(heads, FISCAL_YEAR, TODAY, out)
        seconds = time.perf_counter() - started
        label = f"zip of every head ({len(heads)} PDFs)"
        print(f"{label:<44} {seconds:8.1f} s     "
              f"{seconds / len(heads) * 1000:.0f} ms per PDF, {out.tell() // 1024} KiB")

        package = open_data_package(agency, FISCAL_YEAR)
        rows = package.files["development.csv"].count(b"\n") - 1
        summary(f"open_data_package (agency, {rows} rows)", timed(
            lambda: open_data_package(agency, FISCAL_YEAR).zip_bytes(), max(3, repeat // 3)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--any-hours", action="store_true", help="sums with any two decimals, not half hours")
    args = parser.parse_args()
    url = os.environ.get("LMS_BENCH_DATABASE_URL")
    with tempfile.TemporaryDirectory() as folder:
        url = url or f"sqlite:///{folder}/bench.sqlite3"
        app = make_app(url)
        fresh_schema(app, url)
        started = time.perf_counter()
        generate(app, args.people, args.seed, args.any_hours)
        dialect = url.split(":", 1)[0]
        print(f"{platform.node()} · Python {platform.python_version()} · {dialect}"
              f" · {args.people:,} people, {-(-args.people // DIVISION_SIZE)} divisions · built in"
              f" {time.perf_counter() - started:.0f} s")
        run(app, args.repeat)


if __name__ == "__main__":
    main()
