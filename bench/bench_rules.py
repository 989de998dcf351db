"""Benchmark: the R2 70:20:10 check over a year of learning for 400,000 people.

Roughly the ordinary civil service (DOMAIN.md §5). Each person's yearly hours per
learning method are generated in memory with a seeded RNG, as the database would
return them (Decimal half hours, aggregated in SQL); the timed loop builds the
mapping and calls check_mix, bilingual messages included. Prints people/second.

    .venv/bin/python bench/bench_rules.py [--people 400000] [--seed 2566]
"""

import argparse
import os
import platform
import random
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from lms.reference.guideline import shipped_guideline, shipped_policies  # noqa: E402
from lms.rules import check_mix, name_buckets  # noqa: E402

POLICY = shipped_policies()[0]  # the seeded policy, as the app reads it where there is no database
BUCKET_NAMES = name_buckets((m["bucket"], m["name_th"], m["name_en"]) for m in shipped_guideline()["learning_methods"])
BUCKET_OF = {  # DOMAIN.md §4; in the app this comes from the learning_methods table
    "self-learning": "experiential",
    "on-the-job": "experiential",
    "learning-from-others": "social",
    "coaching": "social",
    "training": "formal",
}
METHODS = tuple(BUCKET_OF)
# Typical yearly hours per method (mean), before each person's own spread.
MEAN_HOURS = {"self-learning": 18, "on-the-job": 22, "learning-from-others": 6, "coaching": 4,
              "training": 9}
HALF_HOURS = [Decimal(n) / 2 for n in range(0, 2 * 400 + 1)]  # shared objects keep memory low


def yearly_hours(rng: random.Random) -> tuple[Decimal, ...]:
    """One person's hours per method for a year, in half hours; some record nothing."""
    if rng.random() < 0.05:
        return (HALF_HOURS[0],) * len(METHODS)
    engagement = rng.lognormvariate(0, 0.6)  # some people learn far more than others
    row = []
    for method in METHODS:
        if rng.random() < 0.25:  # a method this person did not use this year
            row.append(HALF_HOURS[0])
            continue
        hours = rng.expovariate(1 / (MEAN_HOURS[method] * engagement))
        row.append(HALF_HOURS[min(int(hours * 2), len(HALF_HOURS) - 1)])
    return tuple(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=400_000)
    parser.add_argument("--seed", type=int, default=2566)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    started = time.perf_counter()
    people = [yearly_hours(rng) for _ in range(args.people)]
    generated = time.perf_counter() - started

    outcomes = Counter()
    started = time.perf_counter()
    for row in people:
        verdict = check_mix(dict(zip(METHODS, row, strict=True)), BUCKET_OF, POLICY, BUCKET_NAMES)
        outcomes["empty" if verdict.empty else "ok" if verdict.ok else "fail"] += 1
    elapsed = time.perf_counter() - started

    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python"
          f" {platform.python_version()}, {platform.system()} {platform.release()}")
    print(f"generated {args.people:,} people's yearly hours in {generated:.1f} s (seed {args.seed})")
    print(f"check_mix: {args.people:,} people in {elapsed:.2f} s ="
          f" {args.people / elapsed:,.0f} people/second (one process, one core)")
    print(f"verdicts: {outcomes['ok']:,} within 70:20:10, {outcomes['fail']:,} outside,"
          f" {outcomes['empty']:,} with nothing recorded")


if __name__ == "__main__":
    main()
