"""Benchmark: the agency report as a user gets it, over an agency of 100,000 people and
5,000,000 learning records.

Builds (or reuses, --db FILE --reuse) the database of bench/bench_dashboard.py (its Loader,
the sums rebuilt after the load), then reshapes its organisation into one agency with depth:
the ministry is the agency (its phase set), departments → divisions → teams below it (each
division's 9 team leads head a team of their staff), a head for every unit, a CIO for the
agency, everyone created before the years timed and given an employment type. Then, as the
CIO through the app (Flask test client, a real server-side session), times N repeats of

  * GET /reports/<agency>?fy=2569 (the whole page),
  * GET /reports/<a department>?fy=2569 (one drill-down level),
  * GET /reports/<agency>/export.csv?fy=2569,

printing median and p95 of each, and a breakdown of the agency page by section (the
functions the page calls, each timed alone), so the next step is clear.

    .venv/bin/python bench/bench_reports.py [--people 100000] [--records 5000000]
        [--db FILE.sqlite3] [--reuse] [--repeat 5] [--seed 2569]

PostgreSQL: LMS_BENCH_DATABASE_URL=postgresql+psycopg://… (its tables dropped first unless
--reuse), as the other benchmarks.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from sqlalchemy import text  # noqa: E402

from bench.bench_dashboard import (  # noqa: E402
    DIVISION_SIZE,
    LEADS,
    database_version,
    fresh_schema,
    generate,
    make_app,
)

FISCAL_YEAR = 2569
AGENCY_ID = 1  # the ministry of bench_dashboard
CIO_ID = 2  # a team lead of the first division
SITE_ADMIN_ID = 3  # another: the Commission's reader (is_site_admin)
USER_AGENT = "bench-reports"
REQUEST_ENVIRON = {"environ_base": {"REMOTE_ADDR": "127.0.0.1"}, "headers": {"User-Agent": USER_AGENT}}


def reshape(app, seed: int) -> dict:
    """bench_dashboard's ministry → departments → divisions made one agency with teams, heads
    and a CIO; people created long before the years timed, with employment types."""
    from lms.extensions import db

    rng = random.Random(seed + 7)
    with app.app_context():
        phase = db.session.scalar(text("SELECT id FROM phases WHERE slug = 'develop'"))
        types = list(db.session.scalars(text("SELECT id FROM employment_types ORDER BY position")))
        divisions = db.session.execute(text(
            "SELECT id, parent_id FROM organisations WHERE kind = 'division' ORDER BY id")).all()
        next_id = db.session.scalar(text("SELECT max(id) FROM organisations")) + 1
        people = db.session.scalar(text("SELECT max(id) FROM people"))
        first_division = divisions[0][0]
        teams, moves, heads = [], [], []
        for division_id, _department in divisions:
            head = 1 + (division_id - first_division) * DIVISION_SIZE
            heads.append({"org": division_id, "head": head})
            for lead in range(head + 1, min(head + LEADS, people) + 1):
                teams.append({"id": next_id, "code": f"TEAM{next_id}", "parent": division_id,
                              "th": f"ทีม {next_id}", "en": f"Team {next_id}"})
                heads.append({"org": next_id, "head": lead})
                moves.append({"org": next_id, "pid": lead})
                next_id += 1
        team_of_lead = {move["pid"]: move["org"] for move in moves}
        for pid in range(1, people + 1):
            index = (pid - 1) % DIVISION_SIZE
            if index > LEADS:
                lead = pid - index + 1 + (index - LEADS - 1) % LEADS
                if lead in team_of_lead:
                    moves.append({"org": team_of_lead[lead], "pid": pid})
        departments = db.session.execute(text(
            "SELECT parent_id, min(id) FROM organisations WHERE kind = 'division' GROUP BY parent_id")).all()
        heads += [{"org": department, "head": 1 + (division - first_division) * DIVISION_SIZE}
                  for department, division in departments]
        heads.append({"org": AGENCY_ID, "head": 1})
        created = datetime(2019, 10, 1, tzinfo=UTC)
        created = created if db.engine.dialect.name == "postgresql" else created.strftime("%Y-%m-%d %H:%M:%S.000000")
        kinds = [{"pid": pid, "type": rng.choices(types, (60, 5, 20, 5, 5, 5)[:len(types)])[0], "created": created}
                 for pid in range(1, people + 1)]
        db.session.execute(text("UPDATE organisations SET is_agency = (id = :agency), "
                                "phase_id = CASE WHEN id = :agency THEN :phase END"),
                           {"agency": AGENCY_ID, "phase": phase})
        db.session.execute(text("INSERT INTO organisations (id, code, parent_id, kind, name_th, name_en, "
                                "is_agency) VALUES (:id, :code, :parent, 'team', :th, :en, false)"), teams)
        db.session.execute(text("UPDATE people SET organisation_id = :org WHERE id = :pid"), moves)
        db.session.execute(text("UPDATE organisations SET head_id = :head WHERE id = :org"), heads)
        db.session.execute(text("UPDATE organisations SET cio_id = :cio WHERE id = :agency"),
                           {"cio": CIO_ID, "agency": AGENCY_ID})
        db.session.execute(text("UPDATE people SET employment_type_id = :type, created_at = :created "
                                "WHERE id = :pid"), kinds)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
        else:
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        db.engine.dispose()
    return {"teams": len(teams)}


def signed_in_client(app, person_id: int):
    """A test client with a real server-side session of that person (as bench_pages does)."""
    from flask_login.utils import _create_identifier

    from lms.accounts.models import Person
    from lms.accounts.sessions import start_session
    from lms.extensions import db

    with app.app_context():
        key = start_session(db.session.get(Person, person_id), False, "127.0.0.1", USER_AGENT)
        db.session.commit()
    with app.test_request_context(**REQUEST_ENVIRON):
        identifier = _create_identifier()  # Flask-Login's "strong" session protection
    client = app.test_client()
    with client.session_transaction(**REQUEST_ENVIRON) as session:
        session.update({"_user_id": f"{person_id}:{key}", "_fresh": True, "_id": identifier})
    return client


def summary(name: str, wall: list[float], cpu: list[float] | None = None) -> None:
    wall = sorted(wall)
    p95 = wall[min(len(wall) - 1, int(len(wall) * 0.95))]
    line = f"{name:<52} median {statistics.median(wall):8.1f} ms   p95 {p95:8.1f} ms"
    if cpu:
        line += f"   cpu {statistics.median(cpu):8.1f} ms"
    print(line + f"   (n={len(wall)})", flush=True)


def timed(function, repeat: int) -> tuple[list[float], list[float]]:
    """Wall-clock and this process's CPU milliseconds of each call, after one untimed call."""
    function()
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


def pages(app, repeat: int) -> None:
    """The three pages through the app, as the CIO."""
    from lms.extensions import db

    with app.app_context():
        department = db.session.scalar(text("SELECT min(id) FROM organisations WHERE kind = 'department'"))
        # The Commission's reader (a database built before this line had none).
        db.session.execute(text("UPDATE people SET is_site_admin = true WHERE id = :id"), {"id": SITE_ADMIN_ID})
        db.session.commit()
    cio, site_admin = signed_in_client(app, CIO_ID), signed_in_client(app, SITE_ADMIN_ID)
    for name, client, path in (
            (f"GET /reports/{AGENCY_ID} (the agency's page)", cio, f"/reports/{AGENCY_ID}?fy={FISCAL_YEAR}"),
            (f"GET /reports/{department} (a department, one level down)", cio,
             f"/reports/{department}?fy={FISCAL_YEAR}"),
            (f"GET /reports/{AGENCY_ID}/export.csv", cio, f"/reports/{AGENCY_ID}/export.csv?fy={FISCAL_YEAR}"),
            ("GET /reports/ as the site admin (every agency side by side)", site_admin,
             f"/reports/?fy={FISCAL_YEAR}"),
            (f"GET /reports/{AGENCY_ID} as the site admin", site_admin, f"/reports/{AGENCY_ID}?fy={FISCAL_YEAR}")):
        def get(path=path, client=client):
            response = client.get(path, **REQUEST_ENVIRON)
            assert response.status_code == 200, (path, response.status_code, response.get_data(as_text=True)[:500])
        summary(name, *timed(get, repeat))


def sections(app, repeat: int) -> None:
    """The agency page's parts, each alone: where the page's time goes."""
    from lms.accounts.models import Organisation, Person
    from lms.accounts.services import organisation_subtree_ids
    from lms.extensions import db
    from lms.reports import sections as report_sections
    from lms.reports.coverage import unit_coverage
    from lms.reports.drilldown import drilldown
    from lms.reports.filters import ReportFilters
    from lms.reports.trend import unit_trend

    with app.test_request_context("/"):
        unit = db.session.get(Organisation, AGENCY_ID)
        viewer = db.session.get(Person, CIO_ID)
        filters = ReportFilters(fiscal_year=FISCAL_YEAR)
        org_ids = organisation_subtree_ids(unit)
        drill = drilldown(unit, filters, viewer)
        print(f"agency: {len(org_ids)} units, {drill.total.in_scope:,} people in scope in FY {FISCAL_YEAR}, "
              f"{drill.total.with_verified_learning.count:,} with learning counted", flush=True)
        current = drill.total
        got = {}  # the unit and viewer, loaded again for each call (no identity-map shortcuts)
        parts = [
            ("unit_report + drilldown (the page's data)",
             lambda: report_sections.unit_report(got["unit"], filters,
                                                 drilldown(got["unit"], filters, got["viewer"]).total)),
            ("drilldown (children, the unit's total, its people)",
             lambda: drilldown(got["unit"], filters, got["viewer"])),
            ("coverage this year (unit_coverage)", lambda: unit_coverage(org_ids, filters)),
            ("coverage last year (unit_coverage)", lambda: unit_coverage(org_ids, filters.previous_year())),
            ("trend (both years)", lambda: unit_trend(org_ids, filters)),
            ("skills", lambda: report_sections._section("skills", "skills_figures", org_ids, filters)),
            ("supply", lambda: report_sections._section("supply", "supply_figures", org_ids, filters)),
            ("indicators", lambda: report_sections._section("indicators", "indicators_of", got["unit"], FISCAL_YEAR)),
            ("budget", lambda: report_sections._section("budget", "budget_summary", got["unit"], FISCAL_YEAR,
                                                          current.hours_total, current.with_verified_learning.count)),
        ]
        for name, function in parts:
            def call(function=function):
                db.session.rollback()
                db.session.expunge_all()
                got["unit"], got["viewer"] = db.session.get(Organisation, AGENCY_ID), db.session.get(Person, CIO_ID)
                function()
            summary("  " + name, *timed(call, repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--records", type=int, default=5_000_000)
    parser.add_argument("--db", help="SQLite file to build (default: a temporary file, deleted after)")
    parser.add_argument("--reuse", action="store_true", help="time an already built --db file")
    parser.add_argument("--seed", type=int, default=2569)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-sections", action="store_true", help="the pages only, no breakdown")
    args = parser.parse_args()

    url = os.environ.get("LMS_BENCH_DATABASE_URL")
    workdir = None
    if not url:
        if args.db:
            path = Path(args.db).resolve()
        else:
            workdir = tempfile.TemporaryDirectory(prefix="thaksa-bench-reports-")
            path = Path(workdir.name) / "bench.sqlite3"
        url = f"sqlite:///{path}"
    app = make_app(url)
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()},"
          f" {platform.system()} {platform.release()}; load average {os.getloadavg()[0]:.1f}")
    print(f"database: {database_version(app)}")
    if not args.reuse:
        started = time.perf_counter()
        fresh_schema(app, url)
        counts = generate(app, args.people, args.records, args.seed, "rebuild")
        shaped = reshape(app, args.seed)
        print(f"generated {counts['people']:,} people, {counts['departments']} departments, "
              f"{counts['divisions']} divisions, {shaped['teams']} teams, {counts['records']:,} records "
              f"in {time.perf_counter() - started:.0f} s")
    else:
        from flask_migrate import upgrade

        with app.app_context():
            upgrade()  # a reused database gets this checkout's migrations
    pages(app, args.repeat)
    if not args.no_sections:
        print("the agency page's parts, each alone:")
        sections(app, args.repeat)
    if workdir:
        workdir.cleanup()


if __name__ == "__main__":
    main()
