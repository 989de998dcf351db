"""Benchmark: how long the command line takes to start, Thaksa's against a bare Flask app's.

Runs, in turn so that both sides meet the same load on a shared machine,
`flask --app wsgi lms --help` and `flask --app <a two-line Flask app> --help`, each in a new
process, and prints the medians and their ratio (target: Thaksa ≤ 2 × bare Flask). Also
times `lms reminders --help` (a command's module imported, the app not set up) and one
command that runs (`lms reminders run --dry-run` on an empty migrated SQLite database: the
whole app set up), for the record.

    .venv/bin/python bench/bench_startup.py [--runs 10]
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 2.0


def timed(command: list[str], cwd: Path, env: dict) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr}")
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs

    folder = Path(tempfile.mkdtemp(prefix="thaksa-bench-startup-"))
    (folder / "bare.py").write_text("from flask import Flask\n\napp = Flask(__name__)\n", encoding="utf-8")
    env = {**os.environ, "LMS_SECRET_KEY": "bench-" + "x" * 32,
           "LMS_DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}", "PYTHONPATH": str(ROOT)}
    env.pop("FLASK_APP", None)
    flask = [sys.executable, "-m", "flask"]
    subprocess.run([*flask, "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)

    sides = {
        "bare Flask: flask --app bare --help": ([*flask, "--app", "bare", "--help"], folder),
        "Thaksa: flask --app wsgi lms --help": ([*flask, "--app", "wsgi", "lms", "--help"], ROOT),
        "Thaksa: lms reminders --help": ([*flask, "--app", "wsgi", "lms", "reminders", "--help"], ROOT),
        "Thaksa: lms reminders run --dry-run": ([*flask, "--app", "wsgi", "lms", "reminders", "run", "--dry-run"],
                                                ROOT),
    }
    times = {label: [] for label in sides}
    for _ in range(runs):  # in turn: each round meets the machine as it is then
        for label, (command, cwd) in sides.items():
            times[label].append(timed(command, cwd, env))

    print(f"CLI start-up, {runs} runs each in turn; {platform.node()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}")
    bare = statistics.median(times["bare Flask: flask --app bare --help"])
    for label, values in times.items():
        median = statistics.median(values)
        print(f"  {label:<40} median {median * 1000:7.0f} ms  (min {min(values) * 1000:.0f},"
              f" max {max(values) * 1000:.0f})  {median / bare:5.2f} × bare Flask")
    ratio = statistics.median(times["Thaksa: flask --app wsgi lms --help"]) / bare
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    print(f"lms --help / bare Flask --help: {ratio:.2f} (target ≤ {TARGET_RATIO:.0f}): {verdict}")


if __name__ == "__main__":
    main()
