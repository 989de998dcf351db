"""Benchmark: check 10,000 course files, as `flask lms courses check` would.

The files are variants of the shipped catalogue (courses/*.md) with their own
codes, written into a temporary folder tree (100 folders of 100 files); the timed
part is check_paths: finding, reading, parsing, validating, R1 and duplicate codes.
Prints files/second.

    .venv/bin/python bench/bench_courses_check.py [--files 10000] [--seed 2566]
"""

import argparse
import dataclasses
import importlib.util
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout

from lms.catalog.checker import check_paths, exit_code, report_to_dict  # noqa: E402
from lms.catalog.coursefile import dump_course_file, parse_course_text  # noqa: E402
from lms.catalog.credit import plan_hours  # noqa: E402
from lms.reference.guideline import shipped_policies  # noqa: E402


def domain_vocabulary():
    """The DOMAIN.md slugs, from the course-file tests (the app reads them from its database)."""
    spec = importlib.util.spec_from_file_location(
        "test_coursefile", ROOT / "tests" / "catalog" / "test_coursefile.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.domain_vocabulary()


def write_catalogue(folder: Path, count: int, vocabulary, rng: random.Random) -> None:
    templates = [parse_course_text(path.read_text(encoding="utf-8"), path.name, vocabulary)
                 for path in sorted((ROOT / "courses").glob("*.md"))]
    for number in range(count):
        course = templates[number % len(templates)]
        sessions = tuple(  # vary the plans so R1 sees different shares
            dataclasses.replace(s, minutes=max(15, min(720, s.minutes + rng.randint(-30, 30))))
            for s in course.sessions)
        # A credit without a reason follows its varied plan, or the file is refused before R1.
        credit = plan_hours(sessions) if sessions and course.credit_reason is None else course.credit_hours
        variant = dataclasses.replace(course, code=f"BN-{number:05d}", sessions=sessions, credit_hours=credit)
        path = folder / f"group-{number // 100:03d}" / f"bn-{number:05d}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(dump_course_file(variant), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2566)
    args = parser.parse_args()
    vocabulary = domain_vocabulary()
    policy = shipped_policies()[0]

    with tempfile.TemporaryDirectory(prefix="thaksa-bench-") as tmp:
        folder = Path(tmp)
        write_catalogue(folder, args.files, vocabulary, random.Random(args.seed))
        size = sum(p.stat().st_size for p in folder.rglob("*.md"))

        started = time.perf_counter()
        reports = check_paths([folder], vocabulary, policy)
        elapsed = time.perf_counter() - started

        started = time.perf_counter()
        as_json = json.dumps([report_to_dict(r) for r in reports], ensure_ascii=False)
        json_elapsed = time.perf_counter() - started

    failed = sum(1 for r in reports if not r.ok)
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python"
          f" {platform.python_version()}, {platform.system()} {platform.release()}")
    print(f"check_paths: {len(reports):,} files ({size / 1e6:.1f} MB) in {elapsed:.2f} s ="
          f" {len(reports) / elapsed:,.0f} files/second (one process)")
    print(f"report_to_dict + json.dumps: {json_elapsed:.2f} s for {len(as_json) / 1e6:.1f} MB")
    print(f"outcome: {len(reports) - failed:,} passed, {failed:,} failed,"
          f" exit code {exit_code(reports)}")


if __name__ == "__main__":
    main()
