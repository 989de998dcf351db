"""Benchmark: an agency's budget section and pages (§4.9.3) and its indicators (§4.9.8).

Builds a database with the app's own migrations (SQLite in a temporary file, or the
PostgreSQL database named by LMS_BENCH_DATABASE_URL, whose tables are dropped first) and
bulk-loads two agencies with divisions and institutes, classes over six fiscal years (four
sessions each, some cancelled, most with a cost), budgets and indicators. Then times
budget_summary and indicators_of (what the report asks), and the /agency/…/budget and
/agency/…/indicators pages as the site admin, and prints the query plan of the classes'
statement.

    .venv/bin/python bench/bench_agency_budget.py [--classes 30000] [--repeat 15]
"""

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from sqlalchemy import text  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from bench.bench_dashboard import Loader, explain, fresh_schema, make_app, summary, timed  # noqa: E402

FISCAL_YEAR = 2569
DIVISIONS = 300  # in the agency timed; the other agency has as many
INSTITUTES = 30  # in each agency
PASSWORD = "bench password"


def generate(app, classes: int, seed: int) -> None:
    from lms.extensions import db

    rng = random.Random(seed)
    with app.app_context():
        method = db.session.scalar(text("SELECT id FROM learning_methods WHERE slug = 'training'"))
        db.session.close()
        loader = Loader(db.engine)
        now = datetime(2026, 12, 1, tzinfo=UTC)
        stamp = (lambda value: value) if loader.postgres else (lambda value: value.strftime("%Y-%m-%d %H:%M:%S.000000"))
        orgs = [(1, "DEP-A", None, "department", "กรมทดสอบ ก", "Department A", True),
                (2, "DEP-B", None, "department", "กรมทดสอบ ข", "Department B", True)]
        orgs += [(3 + d, f"DIV{d}", 1 + d % 2, "division", f"กอง {d}", f"Division {d}", False)
                 for d in range(2 * DIVISIONS)]
        loader.insert("organisations", ("id", "code", "parent_id", "kind", "name_th", "name_en", "is_agency"), orgs)
        loader.insert("people", ("id", "email", "calendar_token", "name_th", "name_en", "position", "organisation_id",
                                 "is_site_admin", "is_active", "language", "created_at", "password_hash"),
                      [(1, "admin@bench.go.th", "c1", "ผู้ดูแล", "Admin", "", 1, True, True, "th", stamp(now),
                        generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"))])
        # Institutes belong to divisions; odd divisions are agency B's.
        institutes = [(i, f"INST{i}", f"สถาบัน {i}", f"Institute {i}", 3 + 2 * (i // 2) + i % 2)
                      for i in range(1, 2 * INSTITUTES + 1)]
        loader.insert("institutes", ("id", "code", "name_th", "name_en", "organisation_id"), institutes)
        versions = max(1, classes // 10)
        loader.insert("courses", ("id", "code", "institute_id", "created_at"),
                      [(v, f"C{v}", 1 + v % (2 * INSTITUTES), stamp(now)) for v in range(1, versions + 1)])
        loader.insert("course_versions", ("id", "course_id", "number", "status", "title_th", "title_en", "format",
                                          "credit_hours", "credit_method_id", "created_at", "description_md",
                                          "content_md", "summary_th", "summary_en", "credit_reason"),
                      [(v, v, 1, "published", f"หลักสูตร {v}", f"Course {v}", "classroom", 6, method,
                        stamp(now), "", "", "", "", "") for v in range(1, versions + 1)])
        first = datetime(2022, 10, 1, 2, tzinfo=UTC)  # FY 2566 to FY 2571
        class_rows, meetings = [], []
        for c in range(1, classes + 1):
            starts = first + timedelta(days=rng.randrange(6 * 365))
            version = 1 + c % versions
            cost = Decimal(rng.randrange(5_000, 200_000)) if rng.random() < 0.8 else None
            class_rows.append((c, version, 1 + version % (2 * INSTITUTES), f"รุ่น {c}", 30, "2022-08-01",
                               "2022-09-01", rng.random() < 0.03, stamp(now), "", "",
                               cost if loader.postgres or cost is None else str(cost)))
            meetings += [(4 * c + k, c, "วัน", stamp(starts + timedelta(days=k)),
                          stamp(starts + timedelta(days=k, hours=6))) for k in range(4)]
        loader.insert("course_classes", ("id", "course_version_id", "institute_id", "name", "capacity",
                                         "enrol_opens_on", "enrol_closes_on", "is_cancelled", "created_at", "place",
                                         "online_url", "cost_baht"), class_rows)
        loader.insert("class_meetings", ("id", "class_id", "title", "starts_at", "ends_at"), meetings)
        budgets, indicators = [], []
        for agency in (1, 2):
            for year in range(2566, 2572):
                for purpose in ("development", "assessment"):
                    budgets.append((len(budgets) + 1, agency, year, purpose, "1500000.00", "1200000.00", stamp(now)))
                for n in range(60):
                    kind = ("innovation", "link", "open-data")[n % 3]
                    indicators.append((len(indicators) + 1, agency, year, kind, "G2G" if kind == "link" else None,
                                       f"ตัวชี้วัด {n}", "", f"https://data.example.go.th/{n}", stamp(now), stamp(now)))
        loader.insert("agency_budgets", ("id", "organisation_id", "fiscal_year", "purpose", "requested_baht",
                                         "spent_baht", "updated_at"), budgets)
        loader.insert("agency_indicators", ("id", "organisation_id", "fiscal_year", "kind", "link_kind", "title",
                                            "description", "evidence_url", "created_at", "updated_at"), indicators)
        loader.close()
        db.session.execute(text("ANALYZE"))  # as operations run nightly (docs/operations.md)
        db.session.commit()


def get_page(client, url: str) -> float:
    """Milliseconds to serve one page (outside any app context: each request has its own)."""
    started = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return (time.perf_counter() - started) * 1000


def measure(app, repeat: int) -> None:
    from lms.accounts.models import Organisation
    from lms.extensions import db
    from lms.reports.budget import budget_summary, classes_query
    from lms.reports.indicators import indicators_of

    with app.test_request_context("/"):
        agency = db.session.get(Organisation, 1)
        figures = budget_summary(agency, FISCAL_YEAR, Decimal("250000"), 4000)
        held = db.session.scalar(text("SELECT count(*) FROM course_classes"))
        meetings = db.session.scalar(text("SELECT count(*) FROM class_meetings"))
        print(f"classes {held:,}   sessions {meetings:,}   agency A in FY {FISCAL_YEAR}: "
              f"{figures.classes_held:,} held, {figures.classes_costed:,} costed, {figures.classes_cost:,} baht; "
              f"{figures.cost_per_hour} baht per hour, {figures.cost_per_person} per person")
        statement = classes_query(agency, FISCAL_YEAR)

        def agency_a():  # loaded afresh in each timed call: timed() empties the session between them
            return db.session.get(Organisation, 1)

        summary("budget_summary, agency",
                timed(lambda _: budget_summary(agency_a(), FISCAL_YEAR, Decimal("250000"), 4000), [None], repeat))
        summary("indicators_of, agency", timed(lambda _: indicators_of(agency_a(), FISCAL_YEAR), [None], repeat))
        summary("classes page query (25 rows + count)",
                timed(lambda _: db.paginate(classes_query(agency_a(), FISCAL_YEAR), page=1, per_page=25,
                                            error_out=False), [None], repeat))
        print("plan of the classes page's statement:")
        print(explain(statement))
    app.config["WTF_CSRF_ENABLED"] = False  # the login form posted without its page
    client = app.test_client()
    response = client.post("/login", data={"email": "admin@bench.go.th", "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    for name, url in (("GET /agency/1/budget (page 1)", f"/agency/1/budget?fy={FISCAL_YEAR}"),
                      ("GET /agency/1/budget (page 20)", f"/agency/1/budget?fy={FISCAL_YEAR}&page=20"),
                      ("GET /agency/1/indicators", f"/agency/1/indicators?fy={FISCAL_YEAR}")):
        get_page(client, url)  # warm-up
        summary(name, [get_page(client, url) for _ in range(repeat)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--classes", type=int, default=30_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--seed", type=int, default=2569)
    args = parser.parse_args()
    url = os.environ.get("LMS_BENCH_DATABASE_URL")
    if not url:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='bench-budget-')}/bench.sqlite3"
    print(f"{platform.node()} · Python {platform.python_version()} · {url.split('@')[-1].split('?')[0]}")
    app = make_app(url)
    fresh_schema(app, url)
    started = time.perf_counter()
    generate(app, args.classes, args.seed)
    print(f"load {time.perf_counter() - started:.1f} s")
    measure(app, args.repeat)


if __name__ == "__main__":
    main()
