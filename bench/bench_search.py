"""Benchmark: the catalogue page's search over 5,000 published courses in Thai and English.

Builds a catalogue from variants of the shipped course files (courses/*.md): titles,
summaries and descriptions reshuffled and extended with phrases from the whole
catalogue, so every course has its own text (about 1,700 characters on average). Also
1,000 superseded versions, 500 drafts and 500 classes, 200 of them open for enrolment.
Times what the catalogue page asks the database for one search: the count, the first page
of 25 with its skill sets, and which of those have an open class. Prints the median and
95th percentile per search, on SQLite (a file) and, when LMS_BENCH_DATABASE_URL names a
PostgreSQL database, there too (in a schema of its own, dropped afterwards).

    .venv/bin/python bench/bench_search.py [--courses 5000] [--repeat 30] [--seed 2566]
    LMS_BENCH_DATABASE_URL=postgresql+psycopg://user:pw@host/db .venv/bin/python bench/bench_search.py
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
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, insert, select, text  # noqa: E402

from lms import create_app  # noqa: E402
from lms.accounts.models import Institute  # noqa: E402
from lms.catalog import search  # noqa: E402
from lms.catalog.models import (  # noqa: E402
    Course,
    CourseVersion,
    version_phases,
    version_skill_sets,
    version_target_groups,
)
from lms.classes.models import CourseClass  # noqa: E402
from lms.classes.open_classes import courses_with_open_classes  # noqa: E402
from lms.core.dates import today_in_bangkok  # noqa: E402
from lms.extensions import db  # noqa: E402
from lms.home.catalogue import CatalogueFilters, catalogue_query  # noqa: E402
from lms.reference.models import LearningMethod, Phase, SkillSet, TargetGroup  # noqa: E402
from tests.postgres import database_of_its_own  # noqa: E402

BENCH_SCHEMA = "thaksa_bench"
RARE = "ภูมิสารสนเทศ"  # in one course in 500: a selective search
SEARCHES = [  # (label, query, filters)
    ("browse, no search", "", {}),
    ("Thai, common: ข้อมูล", "ข้อมูล", {}),
    ("Thai, rare: " + RARE, RARE, {}),
    ("English, any case: DaTa", "DaTa", {}),
    ("two words: ข้อมูล policy", "ข้อมูล policy", {}),
    ("Thai + skill set + open class", "ดิจิทัล", {"skill_set": "digital-literacy", "open_now": True}),
    ("no match", "ไม่มีคำนี้ในหลักสูตรใด", {}),
]


def course_templates() -> list[dict]:
    templates = []
    for path in sorted((ROOT / "courses").glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---", 2)
        data = yaml.safe_load(front)
        data["body"] = body.split("<!-- content -->")[0].strip()
        templates.append(data)
    return templates


def generate_versions(count: int, rng: random.Random, institute_ids: list[int], method_ids: dict[str, int]):
    """Rows for courses and their versions: published, plus superseded and draft ones."""
    templates = course_templates()
    phrases = [p for t in templates for p in (t["body"] + " " + t.get("summary_th", "")).split() if len(p) > 3]
    courses, versions = [], []
    now = datetime.now(UTC)
    for number in range(count):
        t = templates[number % len(templates)]
        paragraphs = t["body"].split("\n\n")
        rng.shuffle(paragraphs)
        extra = " ".join(rng.choices(phrases, k=40))
        rare = f" {RARE}" if number % 500 == 0 else ""
        course_id = number + 1
        courses.append({"id": course_id, "code": f"BN-{number:05d}", "created_at": now,
                        "institute_id": institute_ids[number % len(institute_ids)]})
        common = {
            "course_id": course_id, "format": t["format"], "credit_hours": Decimal(str(t["credit_hours"])),
            "credit_method_id": method_ids[t["credit_method"]], "summary_th": t.get("summary_th", ""),
            "summary_en": t.get("summary_en", ""), "content_md": "", "created_at": now,
        }
        title_th = f"{t['title_th']} {' '.join(rng.choices(phrases, k=2))}"[:300]
        title_en = f"{t['title_en']} {number}"
        description = "\n\n".join(paragraphs) + "\n\n" + extra + rare
        versions.append({**common, "number": 1 if number % 5 else 2, "status": "published", "title_th": title_th,
                         "title_en": title_en, "description_md": description, "published_at": now,
                         "_template": t})
        if number % 5 == 0:  # an earlier version, superseded
            versions.append({**common, "number": 1, "status": "superseded", "title_th": title_th + " (เดิม)",
                             "title_en": title_en, "description_md": description, "published_at": now})
        if number % 10 == 3:  # a draft of the next version
            versions.append({**common, "number": 2, "status": "draft", "title_th": title_th + " (ร่าง)",
                             "title_en": title_en, "description_md": description + " ร่าง", "published_at": None})
    return courses, versions


def build_catalogue(count: int, seed: int) -> dict:
    rng = random.Random(seed)
    session = db.session
    institute_ids = []
    for n in range(10):
        institute = Institute(code=f"BENCH-{n}", name_th=f"สถาบันทดสอบ {n}", name_en=f"Bench institute {n}")
        session.add(institute)
        session.flush()
        institute_ids.append(institute.id)
    method_ids = dict(session.execute(select(LearningMethod.slug, LearningMethod.id)).all())
    skill_ids = dict(session.execute(select(SkillSet.slug, SkillSet.id)).all())
    group_ids = dict(session.execute(select(TargetGroup.slug, TargetGroup.id)).all())
    phase_ids = dict(session.execute(select(Phase.slug, Phase.id)).all())
    courses, versions = generate_versions(count, rng, institute_ids, method_ids)
    session.execute(insert(Course), courses)
    templates = [v.pop("_template", None) for v in versions]
    for number, row in enumerate(versions, start=1):
        row["id"] = number
    session.execute(insert(CourseVersion), versions)
    links = {version_skill_sets: [], version_target_groups: [], version_phases: []}
    for row, t in zip(versions, templates, strict=True):
        if t is None:
            continue
        links[version_skill_sets] += [{"course_version_id": row["id"], "skill_set_id": skill_ids[s]}
                                      for s in t["skill_sets"]]
        links[version_target_groups] += [{"course_version_id": row["id"], "target_group_id": group_ids[g]}
                                         for g in t["target_groups"]]
        links[version_phases] += [{"course_version_id": row["id"], "phase_id": phase_ids[p]} for p in t["phases"]]
    for table, rows in links.items():
        session.execute(insert(table), rows)
    today = today_in_bangkok()
    published = [v for v in versions if v["status"] == "published"]
    classes = []
    for n, v in enumerate(rng.sample(published, min(500, len(published)))):
        opens = today - timedelta(days=5) if n < 200 else today + timedelta(days=30)
        classes.append({"course_version_id": v["id"], "institute_id": institute_ids[0], "name": f"รุ่น {n}",
                        "place": "", "online_url": "", "capacity": 30, "enrol_opens_on": opens,
                        "enrol_closes_on": opens + timedelta(days=20), "is_cancelled": False,
                        "created_at": datetime.now(UTC)})
    session.execute(insert(CourseClass), classes)
    if db.engine.dialect.name == "postgresql":
        for table in ("courses", "course_versions"):  # explicit ids above: move the sequences on
            session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                                 f" (SELECT MAX(id) FROM {table}))"))
    started = time.perf_counter()
    documents = search.rebuild_search_documents()  # bulk rows bypass the ORM events
    rebuild = time.perf_counter() - started
    session.commit()
    if db.engine.dialect.name == "postgresql":
        session.execute(text("ANALYZE"))
        session.commit()
    size = session.scalar(select(func.avg(func.length(search.CourseSearchDocument.document))))
    return {"versions": len(versions), "documents": documents, "rebuild_seconds": rebuild,
            "average_document_chars": float(size), "classes": len(classes), "today": today}


def page_work(filters: CatalogueFilters, today):
    """What the catalogue page asks the database: count, first page with skill sets, open classes."""
    page = db.paginate(catalogue_query(filters, today), page=1, per_page=25, error_out=False)
    courses_with_open_classes([v.course_id for v in page.items], today)
    return page.total


def time_searches(repeat: int, today) -> list[tuple[str, int, float, float]]:
    results = []
    for label, query, extra in SEARCHES:
        filters = CatalogueFilters(query=query, **extra)
        page_work(filters, today)  # warm the caches once
        timings = []
        for _ in range(repeat):
            db.session.expire_all()
            started = time.perf_counter()
            total = page_work(filters, today)
            timings.append((time.perf_counter() - started) * 1000)
            db.session.rollback()
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
        results.append((label, total, statistics.median(timings), p95))
    return results


def explain_rare() -> str:
    statement = catalogue_query(CatalogueFilters(query=RARE), today_in_bangkok())
    compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
    rows = db.session.execute(text(f"EXPLAIN {compiled}")).scalars().all()
    uses_index = any("ix_course_search_documents_trgm" in row for row in rows)
    return "trigram index scan" if uses_index else "sequential scan of the documents"


def run(url: str, label: str, args) -> None:
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        built = build_catalogue(args.courses, args.seed)
        figures = time_searches(args.repeat, built["today"])
        plan = explain_rare() if db.engine.dialect.name == "postgresql" else None
        trigram = None
        if db.engine.dialect.name == "postgresql":
            trigram = db.session.scalar(text(
                "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_course_search_documents_trgm'"))
        db.session.remove()
        db.engine.dispose()
    print(f"\n{label}: {args.courses:,} published courses, {built['versions']:,} versions,"
          f" {built['classes']} classes; search documents {built['average_document_chars']:,.0f} characters"
          f" on average, rebuilt in {built['rebuild_seconds']:.2f} s")
    if trigram is not None:
        print(f"pg_trgm index: {'present' if trigram else 'absent'}; the rare Thai term uses a {plan}")
    print(f"{'search':<40} {'found':>6} {'median ms':>10} {'p95 ms':>8}")
    for name, total, median, p95 in figures:
        print(f"{name:<40} {total:>6} {median:>10.1f} {p95:>8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2566)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()},"
          f" {platform.system()} {platform.release()}")
    with tempfile.TemporaryDirectory(prefix="thaksa-bench-") as tmp:
        run(f"sqlite:///{tmp}/bench.sqlite3", "SQLite", args)
    base = os.environ.get("LMS_BENCH_DATABASE_URL")
    if base:
        with database_of_its_own(base, BENCH_SCHEMA, Path(tempfile.gettempdir()) / "unused") as url:
            run(url, "PostgreSQL", args)


if __name__ == "__main__":
    main()
