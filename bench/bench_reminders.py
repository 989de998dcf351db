"""Benchmark: a full run of every reminder job over 400,000 people (2,000,000 on PostgreSQL).

Builds a database with the app's own migrations (SQLite in a temporary file, or the
PostgreSQL database named by LMS_BENCH_DATABASE_URL, whose tables are dropped first) and
bulk-loads a seeded civil service as it stands on the heaviest day of the year,
1 September 2027: fiscal year 2570 ends in 29 days (the 30-day reminder), plans for 2571
are due (everyone without an agreed one is reminded), the monthly mix check is due, it is
a Wednesday in a digest week. People have a year of learning records, plans with items
and decisions, returned entries; institutes run classes with meetings tomorrow, seats
unfilled, attendance missing and enrolment closing. Then it times every job (writing
notifications in committed batches) and the digest job (one e-mail per person with
everything due), counts e-mails per person, times the same run again (nothing new: the
cost of a re-run or a second scheduler), and the outbox sender against a loopback SMTP
server (aiosmtpd, if installed).

    .venv/bin/python bench/bench_reminders.py [--people 400000] [--records-per-person 8]
        [--send 2000] [--db FILE.sqlite3] [--seed 2570]

Shares the bulk loader of bench/bench_dashboard.py.
"""

import argparse
import os
import platform
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]  # run from a checkout

from bench_dashboard import Loader, database_version, fresh_schema, make_app  # noqa: E402
from sqlalchemy import text  # noqa: E402

NOW = datetime(2027, 9, 1, 0, 0, tzinfo=UTC)  # 07:00 in Bangkok, Wednesday 1 September 2027
TODAY = date(2027, 9, 1)
FY, COMING_FY = 2570, 2571
FY_START = date(2026, 10, 1)
DIVISION_SIZE, LEADS, DIVISIONS_PER_DEPARTMENT = 500, 9, 10
METHOD_WEIGHTS = {"on-the-job": 30, "self-learning": 28, "learning-from-others": 14, "coaching": 8, "training": 20}
GROUPS = ("others", "service", "academic", "technology", "management", "executive")
GROUP_WEIGHTS = (40, 25, 15, 5, 10, 5)
BATCH = 50_000


class Rows:
    """Accumulates rows per table and writes them through the loader in batches."""

    def __init__(self, loader: Loader):
        self.loader, self.tables, self.counts = loader, {}, {}

    def add(self, table: str, columns: tuple, row: tuple) -> None:
        pending = self.tables.setdefault(table, (columns, []))[1]
        pending.append(row)
        self.counts[table] = self.counts.get(table, 0) + 1
        if len(pending) >= BATCH:
            self.flush()  # every table, parents first (in the order first added): foreign keys hold

    def flush(self) -> None:
        for table, (columns, pending) in self.tables.items():
            self.loader.insert(table, columns, pending)
            pending.clear()


def _stamp(loader, value: datetime):
    return value if loader.postgres else value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _day(loader, value: date):
    return value if loader.postgres else value.isoformat()


def generate(app, people: int, per_person: int, seed: int) -> dict:
    """Organisations, people, records, plans, institutes, courses and classes (see the docstring)."""
    from lms.extensions import db

    rng = random.Random(seed)
    with app.app_context():
        ids = lambda table: dict(db.session.execute(text(f"SELECT slug, id FROM {table}")).all())  # noqa: E731
        methods, skill_sets, groups = ids("learning_methods"), ids("skill_sets"), ids("target_groups")
        phase = db.session.scalar(text("SELECT id FROM phases WHERE slug = 'develop'"))
        db.session.close()
        loader = Loader(db.engine, sums="rebuild")  # the sums' triggers off; one rebuild at the end
        rows = Rows(loader)
        stamp = lambda value: _stamp(loader, value)  # noqa: E731
        day = lambda value: _day(loader, value)  # noqa: E731
        created = stamp(NOW - timedelta(days=700))

        divisions = -(-people // DIVISION_SIZE)
        departments = -(-divisions // DIVISIONS_PER_DEPARTMENT)
        org_columns = ("id", "code", "parent_id", "kind", "name_th", "name_en", "is_agency", "phase_id")
        rows.add("organisations", org_columns, (1, "MIN", None, "ministry", "กระทรวงทดสอบ", "Ministry", False, None))
        for d in range(1, departments + 1):
            rows.add("organisations", org_columns,
                     (1 + d, f"DEP{d}", 1, "department", f"กรม {d}", f"Department {d}", True, phase))
        first_division = 2 + departments
        for v in range(divisions):
            rows.add("organisations", org_columns, (first_division + v, f"DIV{v}", 2 + v // DIVISIONS_PER_DEPARTMENT,
                                                    "division", f"กอง {v}", f"Division {v}", False, None))
        institutes = max(1, departments)
        for i in range(1, institutes + 1):
            rows.add("institutes", ("id", "code", "name_th", "name_en", "organisation_id"),
                     (i, f"INST{i}", f"สถาบัน {i}", f"Institute {i}", 1 + i))
        rows.flush()

        person_columns = ("id", "email", "calendar_token", "name_th", "name_en", "position",
                          "organisation_id", "supervisor_id", "institute_id", "is_site_admin", "is_active",
                          "language", "created_at")
        group_ids = [groups[g] for g in GROUPS]
        for pid in range(1, people + 1):
            index = (pid - 1) % DIVISION_SIZE
            head = pid - index
            supervisor = None if index == 0 else head if index <= LEADS else head + 1 + (index - LEADS - 1) % LEADS
            institute = (pid // DIVISION_SIZE) % institutes + 1 if index in (497, 498, 499) else None
            rows.add("people", person_columns, (
                pid, f"p{pid}@bench.go.th", f"c{pid}", f"คน ทดสอบ{pid:07d}", f"Person {pid:07d}",
                "นักวิเคราะห์", first_division + (pid - 1) // DIVISION_SIZE, supervisor, institute, False,
                rng.random() > 0.005, "en" if rng.random() < 0.1 else "th", created))
            rows.add("person_target_groups", ("person_id", "target_group_id"),
                     (pid, rng.choices(group_ids, GROUP_WEIGHTS)[0]))
        rows.flush()

        _records(rows, rng, people, per_person, methods, skill_sets, stamp, day)
        _plans(rows, rng, people, methods, skill_sets, groups, stamp)
        _classes(rows, rng, people, institutes, first_division, divisions, methods, skill_sets, stamp, day)
        rows.flush()
        loader.close()
        if loader.postgres:
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
        db.engine.dispose()
    return {"people": people, "departments": departments, "divisions": divisions, **rows.counts}


def _records(rows, rng, people, per_person, methods, skill_sets, stamp, day):
    """A year of records: verified mostly, some pending, a few returned (with their review)."""
    method_ids, weights = [methods[m] for m in METHOD_WEIGHTS], list(METHOD_WEIGHTS.values())
    skill_ids = list(skill_sets.values())
    span = (TODAY - FY_START).days
    columns = ("id", "person_id", "learning_method_id", "occurred_on", "hours", "title", "notes_md", "source",
               "source_key", "status", "created_at", "reviewed_at")
    rid = 0
    for pid in range(1, people + 1):
        count = rng.randint(0, 2 * per_person)
        engagement = rng.random()
        for n in range(count):
            rid += 1
            occurred = FY_START + timedelta(days=int(span * (1 - engagement * rng.random() ** 0.5)) - 1)
            status = rng.choices(("verified", "pending", "returned"), (90, 7, 3))[0]
            reviewed = NOW - timedelta(days=rng.randint(1, 60)) if status == "returned" else None
            rows.add("learning_records", columns, (
                rid, pid, rng.choices(method_ids, weights)[0], day(min(occurred, TODAY - timedelta(days=1))),
                rng.choice((1, 1.5, 2, 3, 4, 6)), "บันทึกการเรียนรู้", "", "log", f"b{n}", status,
                stamp(NOW - timedelta(days=rng.randint(1, 300))), stamp(reviewed) if reviewed else None))
            if rng.random() < 0.6:
                rows.add("learning_record_skill_sets", ("record_id", "skill_set_id"), (rid, rng.choice(skill_ids)))
            if reviewed:
                rows.add("record_reviews", ("record_id", "actor_id", "decision", "comment", "created_at"),
                         (rid, None, "returned", "แนบหลักฐาน", stamp(reviewed)))
        if pid % 100_000 == 0:
            rows.flush()
            print(f"\r  {pid:,} people, {rid:,} records", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)


def _plans(rows, rng, people, methods, skill_sets, groups, stamp):
    """This year's plans (70%) in every state, with decisions; next year's agreed for 20%."""
    plan_id = revision_id = item_id = 0
    method_ids, weights = [methods[m] for m in METHOD_WEIGHTS], list(METHOD_WEIGHTS.values())
    for pid in range(1, people + 1):
        for fiscal_year, chance in ((FY, 0.7), (COMING_FY, 0.2)):
            if rng.random() >= chance:
                continue
            plan_id += 1
            revision_id += 1
            status = "agreed" if fiscal_year == COMING_FY else rng.choices(
                ("agreed", "submitted", "returned", "draft"), (60, 20, 8, 12))[0]
            submitted = NOW - timedelta(days=rng.randint(1, 40))
            rows.add("development_plans", ("id", "person_id", "fiscal_year", "created_at"),
                     (plan_id, pid, fiscal_year, stamp(submitted)))
            rows.add("plan_revisions", ("id", "plan_id", "number", "status", "created_at", "submitted_at"),
                     (revision_id, plan_id, 1, status, stamp(submitted), stamp(submitted)))
            two_groups = status == "submitted" and rng.random() < 0.1
            for group in (("service", "academic") if two_groups else ("service",)):
                rows.add("plan_revision_target_groups", ("revision_id", "target_group_id"),
                         (revision_id, groups[group]))
            for skill in ("digital-literacy", "digital-governance", "digital-technology"):
                item_id += 1
                rows.add("plan_items", ("id", "revision_id", "skill_set_id", "learning_method_id", "planned_hours",
                                        "horizon", "note"),
                         (item_id, revision_id, skill_sets[skill], rng.choices(method_ids, weights)[0],
                          rng.choice((6, 10, 20)), "current", ""))
            decisions = {"submitted": ["submitted"], "returned": ["submitted", "returned"],
                         "agreed": ["submitted", "agreed"], "draft": []}[status]
            if two_groups:
                decisions.append("agreed")  # waits for the second level
            for offset, kind in enumerate(decisions):
                rows.add("plan_decisions", ("revision_id", "actor_id", "kind", "comment", "created_at"),
                         (revision_id, None, kind, "", stamp(submitted + timedelta(hours=offset))))


def _classes(rows, rng, people, institutes, first_division, divisions, methods, skill_sets, stamp, day):
    """Courses and classes around today: meeting tomorrow, starting soon, closing, just held."""
    skill_ids = list(skill_sets.values())
    courses = 15 * institutes
    for c in range(1, courses + 1):
        institute = (c - 1) % institutes + 1
        rows.add("courses", ("id", "code", "institute_id", "created_at"), (c, f"C{c}", institute, stamp(NOW)))
        rows.add("course_versions", ("id", "course_id", "number", "status", "title_th", "title_en", "summary_th",
                                     "summary_en", "description_md", "content_md", "format", "credit_hours",
                                     "credit_method_id", "created_at", "published_at"),
                 (c, c, 1, "published", f"หลักสูตร {c}", f"Course {c}", "", "", "", "", "classroom", 6,
                  methods["training"], stamp(NOW), stamp(NOW)))
        for skill in rng.sample(skill_ids, 2):
            rows.add("course_version_skill_sets", ("course_version_id", "skill_set_id"), (c, skill))
    class_id = meeting_id = enrolment_id = 0
    situations = ("tomorrow", "soon", "closing", "held", "later")
    for c in range(1, courses + 1):
        for situation in situations:
            class_id += 1
            start = {"tomorrow": NOW + timedelta(days=1, hours=2), "soon": NOW + timedelta(days=5),
                     "closing": NOW + timedelta(days=20), "held": NOW - timedelta(days=1, hours=6),
                     "later": NOW + timedelta(days=60)}[situation]
            closes = TODAY + timedelta(days=2) if situation == "closing" else start.date() - timedelta(days=3)
            rows.add("course_classes", ("id", "course_version_id", "institute_id", "name", "place", "online_url",
                                        "capacity", "enrol_opens_on", "enrol_closes_on", "is_cancelled",
                                        "created_at"),
                     (class_id, c, (c - 1) % institutes + 1, f"รุ่นที่ {class_id}", "ห้อง 1", "", 40,
                      day(closes - timedelta(days=30)), day(closes), False, stamp(NOW)))
            # Each class is open to one division (500 people), as most agency classes are.
            rows.add("course_class_organisations", ("class_id", "organisation_id"),
                     (class_id, first_division + rng.randrange(divisions)))
            for n in range(2):
                meeting_id += 1
                begins = start + timedelta(days=7 * n)
                rows.add("class_meetings", ("id", "class_id", "title", "starts_at", "ends_at"),
                         (meeting_id, class_id, f"ครั้งที่ {n + 1}", stamp(begins), stamp(begins + timedelta(hours=3))))
            for person in rng.sample(range(1, people + 1), min(people, rng.randint(10, 30))):
                enrolment_id += 1
                rows.add("enrolments", ("id", "class_id", "person_id", "status", "joined_at"),
                         (enrolment_id, class_id, person, "enrolled", stamp(NOW - timedelta(days=10))))


def forget_reminders(app) -> None:
    """Empty what a run writes, so that a reused database is timed from the same start."""
    from lms.extensions import db

    with app.app_context():
        for table in ("outbox_messages", "notifications", "notification_digests", "reminder_job_runs"):
            db.session.execute(text(f"DELETE FROM {table}"))
        db.session.commit()
        people = db.session.scalar(text("SELECT count(*) FROM people"))
        print(f"reusing the database: {people:,} people; earlier reminders deleted")


def run_all(app) -> None:
    from lms.extensions import db
    from lms.notifications.jobs import JOBS, run_digest, run_job
    from lms.notifications.reminders.common import RunContext

    ctx = RunContext.at(NOW)
    with app.app_context():
        for label in ("first run", "second run (nothing new)"):
            total = cpu_total = 0.0
            print(f"\n{label}:  (wall seconds; in brackets this process's CPU seconds: the machine is shared)")
            for kind in JOBS:
                started, cpu = time.perf_counter(), time.process_time()
                report = run_job(kind, ctx)
                elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
                total += elapsed
                cpu_total += cpu
                rate = f"{report.written / elapsed:>9,.0f}/s" if report.written else " " * 11
                print(f"  {kind:<24} {report.found:>9,} found {report.written:>9,} new {elapsed:8.2f} s "
                      f"({cpu:6.2f}) {rate}")
            started, cpu = time.perf_counter(), time.process_time()
            digest = run_digest(ctx)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            total += elapsed
            cpu_total += cpu
            print(f"  {'digest':<24} {digest.digests:>9,} e-mails with {digest.items:>9,} reminders {elapsed:8.2f} s "
                  f"({cpu:6.2f})")
            print(f"  {'every job and the digest':<24} {total:31.2f} s ({cpu_total:6.2f})")
        count_mail(db)
        db.session.rollback()


def count_mail(db) -> None:
    """Notifications, and e-mails per person on the day (each outbox row is one e-mail)."""
    figures = db.session.execute(text("""
        SELECT (SELECT count(*) FROM notifications),
               (SELECT count(*) FROM notifications WHERE channel = 'email'),
               (SELECT count(DISTINCT person_id) FROM notifications),
               (SELECT count(*) FROM outbox_messages)""")).one()
    per_person = db.session.execute(text("""
        SELECT count(*), max(mails), avg(mails) FROM (
            SELECT coalesce(n.person_id, d.person_id) AS person, count(*) AS mails
            FROM outbox_messages o
            LEFT JOIN notifications n ON n.id = o.notification_id
            LEFT JOIN notification_digests d ON d.id = o.digest_id
            GROUP BY coalesce(n.person_id, d.person_id)) AS per""")).one()
    notifications, by_email, people, mails = figures
    mailed, most, mean = per_person
    print(f"notifications: {notifications:,} for {people:,} people ({notifications / max(people, 1):.1f} each); "
          f"{by_email:,} by e-mail (one e-mail each before the digest)")
    print(f"e-mails: {mails:,} to {mailed:,} people: {float(mean or 0):.2f} per person on average, at most {most}")


def send_some(app, count: int) -> None:
    """Drain `count` messages to aiosmtpd on loopback: the sender's throughput."""
    try:
        from aiosmtpd.controller import Controller
    except ImportError:
        print("aiosmtpd is not installed: the sender is not timed")
        return
    import socket

    from lms.core.models import utcnow
    from lms.extensions import db
    from lms.notifications import outbox
    from lms.notifications.models import OutboxMessage

    class Sink:
        received = 0

        async def handle_DATA(self, server, session, envelope):
            Sink.received += 1
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, MAIL_SENDER="thaksa@bench.go.th")
    try:
        with app.app_context():
            # The run wrote them due on the benchmark's day, which is still to come. Digests
            # first: they are most of the day's mail, and the heaviest to compose.
            table = OutboxMessage.__table__
            db.session.execute(table.update().values(next_attempt_at=utcnow()))
            db.session.execute(table.update().where(table.c.digest_id.is_not(None))
                               .values(next_attempt_at=utcnow() - timedelta(minutes=1)))
            db.session.commit()
            started = time.perf_counter()
            report = outbox.drain(limit=count)
            elapsed = time.perf_counter() - started
            carried = db.session.scalar(text(
                "SELECT count(*) FROM notifications n JOIN outbox_messages o ON o.digest_id = n.digest_id "
                "WHERE o.status = 'sent'"))
            db.session.remove()
    finally:
        controller.stop()
    print(f"\noutbox sender: {report.sent:,} messages to a loopback SMTP server in {elapsed:.1f} s = "
          f"{report.sent / elapsed:,.0f} messages/second carrying {carried / elapsed:,.0f} reminders/second "
          f"(one process; digests, composed in each person's language)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=None,
                        help="default 400,000 (2,000,000 with LMS_BENCH_DATABASE_URL)")
    parser.add_argument("--records-per-person", type=int, default=8, help="on average, this fiscal year")
    parser.add_argument("--send", type=int, default=2000, help="messages the sender is timed on (0: none)")
    parser.add_argument("--db", help="SQLite file to build (default: a temporary file, deleted after)")
    parser.add_argument("--reuse", action="store_true", help="time an already built --db file again")
    parser.add_argument("--seed", type=int, default=2570)
    args = parser.parse_args()

    url = os.environ.get("LMS_BENCH_DATABASE_URL")
    people = args.people or (2_000_000 if url else 400_000)
    workdir = None
    if not url:
        if args.db:
            path = Path(args.db).resolve()
            if not args.reuse:
                path.unlink(missing_ok=True)
        else:
            workdir = tempfile.TemporaryDirectory(prefix="thaksa-bench-")
            path = Path(workdir.name) / "bench.sqlite3"
        url = f"sqlite:///{path}"
    app = make_app(url)
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()},"
          f" {platform.system()} {platform.release()}")
    print(f"database: {database_version(app)}")
    if args.reuse:
        forget_reminders(app)
    else:
        started = time.perf_counter()
        fresh_schema(app, url)
        counts = generate(app, people, args.records_per_person, args.seed)
        print(f"generated in {time.perf_counter() - started:.0f} s: {counts['people']:,} people in "
              f"{counts['departments']} departments, {counts['learning_records']:,} learning records, "
              f"{counts['development_plans']:,} plans, {counts['course_classes']:,} classes, "
              f"{counts['enrolments']:,} enrolments")
    print(f"timing the day: {NOW.isoformat()} (07:00 in Bangkok)")
    run_all(app)
    if args.send:
        send_some(app, args.send)
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    if workdir:
        workdir.cleanup()


if __name__ == "__main__":
    main()
