"""Benchmark: the learner dashboard and the supervisor's team page under load, against the floor.

Builds (or reuses) the database of bench/bench_dashboard.py (100,000 people, 5,000,000 records
by default), signs a learner and a supervisor in, captures the SQL statements each page runs
(an SQLAlchemy before_cursor_execute listener), then serves Thaksa and bench/bare_dashboard_app.py
(Flask + sqlite3 running the same statements, a trivial template) each with gunicorn, 2 workers,
and loads them in turn with wrk: 1 and 4 connections, alternated, repeated. Prints requests per
second, p50/p95 latency, the workers' CPU time per request, and the ratios: Thaksa / bare
throughput, 4 / 1 connections, the team page's and the supervisor's home page's p95 / the
learner page's p95.

    .venv/bin/python bench/bench_pages.py --db /tmp/bench-100k.sqlite3 [--reuse]
        [--people 100000] [--records 5000000] [--seconds 5] [--rounds 2]

Needs wrk (Debian package) and gunicorn. The pages are shown for FY 2569, the last year the
generated records cover.
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout

import bench_dashboard  # noqa: E402  (bench/ is on the path as this script's folder)

FISCAL_YEAR = 2569
LEARNER_PATH = f"/dashboard/?fy={FISCAL_YEAR}"
TEAM_PATH = f"/dashboard/team?fy={FISCAL_YEAR}"
HOME_PATH = "/"  # the supervisor's home page: what waits for them, their overview
SECRET_KEY = "bench-pages"
USER_AGENT = "thaksa-bench"
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %.0f %.0f %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), e.status + e.connect + e.read + e.write + e.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(url: str, learner_id: int, supervisor_id: int) -> tuple[dict, dict]:
    """Session cookies for the learner and the supervisor, and the statements each page runs."""
    from flask_login.utils import _create_identifier
    from flask_migrate import upgrade
    from sqlalchemy import event

    from lms import create_app
    from lms.accounts.models import Person
    from lms.accounts.sessions import start_session
    from lms.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET_KEY})
    request_environ = {"environ_base": {"REMOTE_ADDR": "127.0.0.1"}, "headers": {"User-Agent": USER_AGENT}}
    with app.app_context():
        upgrade()  # a reused database gets this checkout's migrations
        keys = {pid: start_session(db.session.get(Person, pid), False, "127.0.0.1", USER_AGENT)
                for pid in (learner_id, supervisor_id)}
        db.session.commit()
        engine = db.engine
    with app.test_request_context(**request_environ):
        identifier = _create_identifier()  # Flask-Login's "strong" session protection
    cookies, statements = {}, {}
    for path, pid in ((LEARNER_PATH, learner_id), (TEAM_PATH, supervisor_id)):
        client = app.test_client()
        with client.session_transaction(**request_environ) as session:
            session.update({"_user_id": f"{pid}:{keys[pid]}", "_fresh": True, "_id": identifier})
        client.get(path, **request_environ)  # warm: the once-per-process work is not the page's
        captured = []

        def capture(_conn, _cursor, statement, parameters, _context, _many, captured=captured):
            captured.append((statement, list(parameters or ())))

        event.listen(engine, "before_cursor_execute", capture)
        response = client.get(path, **request_environ)
        event.remove(engine, "before_cursor_execute", capture)
        assert response.status_code == 200, (path, response.status_code)
        cookies[path] = client.get_cookie("session").value
        statements[path] = captured
    with app.app_context():
        db.engine.dispose()
    return cookies, statements


class Server:
    """gunicorn with 2 workers; the workers' CPU time is read from /proc."""

    def __init__(self, name: str, app: str, env: dict, root: Path = ROOT):
        self.name, self.port = name, free_port()
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-w", "2", "-b", f"127.0.0.1:{self.port}", "--log-level",
             "warning", "--chdir", str(root), app], cwd=root, env={**os.environ, **env}, start_new_session=True)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                if len(self.workers()) == 2:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{name}: gunicorn did not start")

    def workers(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(p) for p in path.read_text().split()] if path.exists() else []

    def cpu_seconds(self) -> float:
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in self.workers():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / ticks

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def load(server: Server, path: str, cookie: str, connections: int, seconds: int, script: str) -> dict:
    """One wrk run: requests/s, p50 and p95 in ms, worker CPU ms per request."""
    cpu = server.cpu_seconds()
    output = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", script, "-H", f"Cookie: session={cookie}",
         "-H", f"User-Agent: {USER_AGENT}", f"http://127.0.0.1:{server.port}{path}"],
        capture_output=True, text=True, check=True).stdout
    cpu = server.cpu_seconds() - cpu
    requests, duration_us, p50, p95, errors = map(int, re.search(r"RESULT (.*)", output).group(1).split())
    if errors:
        raise RuntimeError(f"{server.name} {path}: {errors} errors or non-2xx answers\n{output}")
    return {"rps": requests / (duration_us / 1e6), "p50": p50 / 1000, "p95": p95 / 1000,
            "cpu_ms": cpu * 1000 / max(requests, 1)}


def median_of(runs: list[dict]) -> dict:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="SQLite file (default: a temporary file, deleted after)")
    parser.add_argument("--reuse", action="store_true", help="use an already built --db file")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--records", type=int, default=5_000_000)
    parser.add_argument("--seed", type=int, default=2569)
    parser.add_argument("--seconds", type=int, default=5, help="per wrk run")
    parser.add_argument("--rounds", type=int, default=2, help="runs per figure, alternated")
    parser.add_argument("--learner", type=int, default=12345)
    parser.add_argument("--supervisor", type=int, default=12002, help="a team lead: about 54 reports")
    parser.add_argument("--thaksa-root", type=Path, default=ROOT,
                        help="serve Thaksa from another checkout (a before/after comparison)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk not found: apt-get install wrk")

    workdir = tempfile.TemporaryDirectory(prefix="thaksa-pages-")
    path = Path(args.db).resolve() if args.db else Path(workdir.name) / "bench.sqlite3"
    url = f"sqlite:///{path}"
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.splitlines()[0]
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}; {wrk_version}")
    if not (args.reuse and path.exists()):
        app = bench_dashboard.make_app(url)
        started = time.perf_counter()
        bench_dashboard.fresh_schema(app, url)
        counts = bench_dashboard.generate(app, args.people, args.records, args.seed)
        print(f"generated {counts['people']:,} people, {counts['records']:,} records in "
              f"{time.perf_counter() - started:.0f} s")
    cookies, statements = prepare(url, args.learner, args.supervisor)
    statements_file = Path(workdir.name) / "statements.json"
    statements_file.write_text(json.dumps(statements, default=str), encoding="utf-8")
    script = Path(workdir.name) / "report.lua"
    script.write_text(WRK_SCRIPT, encoding="utf-8")
    for page, captured in statements.items():
        print(f"{page}: {len(captured)} statements a request (BEGIN included)")

    thaksa = Server("thaksa", "wsgi:app", {"LMS_DATABASE_URL": url, "LMS_SECRET_KEY": SECRET_KEY},
                    args.thaksa_root.resolve())
    bare = Server("bare", "bench.bare_dashboard_app:app",
                  {"LMS_BARE_DATABASE": str(path), "LMS_BARE_STATEMENTS": str(statements_file)})
    results: dict[tuple, list] = {}
    try:
        for server in (thaksa, bare):  # warm both workers of each
            for _ in range(2):
                load(server, LEARNER_PATH, cookies[LEARNER_PATH], 2, 1, str(script))
        for _ in range(args.rounds):
            for connections in (1, 4):
                for server in (thaksa, bare):
                    results.setdefault((server.name, "learner", connections), []).append(
                        load(server, LEARNER_PATH, cookies[LEARNER_PATH], connections, args.seconds, str(script)))
            results.setdefault(("thaksa", "team", 1), []).append(
                load(thaksa, TEAM_PATH, cookies[TEAM_PATH], 1, args.seconds, str(script)))
            results.setdefault(("thaksa", "home", 1), []).append(
                load(thaksa, HOME_PATH, cookies[TEAM_PATH], 1, args.seconds, str(script)))
    finally:
        thaksa.stop()
        bare.stop()
        workdir.cleanup()

    figures = {key: median_of(runs) for key, runs in results.items()}
    print(f"\nmedian of {args.rounds} runs of {args.seconds} s each, FY {FISCAL_YEAR}:")
    print(f"{'server':<8}{'page':<9}{'conns':>6}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'CPU ms/req':>12}")
    for (name, page, connections), f in sorted(figures.items()):
        print(f"{name:<8}{page:<9}{connections:>6}{f['rps']:>9.0f}{f['p50']:>9.1f}{f['p95']:>9.1f}{f['cpu_ms']:>12.2f}")
    print()
    for connections in (1, 4):
        ours, floor = figures[("thaksa", "learner", connections)], figures[("bare", "learner", connections)]
        print(f"learner page, {connections} connection(s): Thaksa / bare throughput "
              f"{ours['rps'] / floor['rps']:.1%} (CPU per request {ours['cpu_ms']:.2f} vs {floor['cpu_ms']:.2f} ms)")
    for name in ("thaksa", "bare"):
        scale = figures[(name, "learner", 4)]["rps"] / figures[(name, "learner", 1)]["rps"]
        print(f"{name}: throughput at 4 connections / at 1: {scale:.2f} x")
    team, learner = figures[("thaksa", "team", 1)], figures[("thaksa", "learner", 1)]
    print(f"team page p95 / learner page p95 (1 connection): {team['p95']:.1f} / {learner['p95']:.1f} ms "
          f"= {team['p95'] / learner['p95']:.2f} x")
    home = figures[("thaksa", "home", 1)]
    print(f"supervisor's home page p95 / learner page p95 (1 connection): {home['p95']:.1f} / "
          f"{learner['p95']:.1f} ms = {home['p95'] / learner['p95']:.2f} x")


if __name__ == "__main__":
    main()
