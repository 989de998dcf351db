"""Benchmark: the R2 70:20:10 check over a year of learning for 400,000 people, person by
person (check_mix) and in one batch (mix_outcomes), on the same people in one process.

Roughly the ordinary civil service (DOMAIN.md §5). Each person's yearly hours per
learning method are generated in memory with a seeded RNG (Decimal half hours). Timed:

- check_mix per method: the mapping built and check_mix called, bilingual messages included;
- check_mix per bucket: the same on sums per bucket, as mix_verdicts_for_people judges the
  rows of its grouped query;
- the batch: mix_outcomes on the same sums per bucket, as three columns of fresh Decimals
  with two places (as the database returns them), half-hour conversion included; and
  mix_outcomes_in_half_hours, the judging alone on whole half-hours.

Every person's verdict (ok / not ok / empty and each bucket within tolerance) is compared
across the paths; the run fails if any differs. Prints people/second and the ratios.

    .venv/bin/python bench/bench_rules.py [--people 400000] [--seed 2566] [--repeat 3]
"""

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from lms.reference.guideline import shipped_guideline, shipped_policies  # noqa: E402
from lms.rules import (  # noqa: E402
    BUCKETS,
    MIX_EMPTY,
    check_mix,
    half_hours,
    mix_failing,
    mix_ok,
    mix_outcome_of,
    mix_outcomes,
    mix_outcomes_in_half_hours,
    name_buckets,
)

POLICY = shipped_policies()[0]  # the seeded policy, as the app reads it where there is no database
BUCKET_NAMES = name_buckets((m["bucket"], m["name_th"], m["name_en"]) for m in shipped_guideline()["learning_methods"])
BUCKET_OF = {  # DOMAIN.md §4; in the app this comes from the learning_methods table
    "self-learning": "experiential",
    "on-the-job": "experiential",
    "learning-from-others": "social",
    "coaching": "social",
    "training": "formal",
}
PER_BUCKET = {bucket: bucket for bucket in BUCKETS}
METHODS = tuple(BUCKET_OF)
# Typical yearly hours per method (mean), before each person's own spread.
MEAN_HOURS = {"self-learning": 18, "on-the-job": 22, "learning-from-others": 6, "coaching": 4,
              "training": 9}
HALF_HOURS = [Decimal(n) / 2 for n in range(0, 2 * 400 + 1)]  # shared objects keep memory low
CENT = Decimal("0.01")
SHOWN = 1_000  # messages built for this many failing people, as a reminder batch shows them


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


def bucket_columns(people: list[tuple[Decimal, ...]]) -> list[list[Decimal]]:
    """Sums per bucket as the grouped query returns them: one fresh two-place Decimal each."""
    index = {bucket: [i for i, method in enumerate(METHODS) if BUCKET_OF[method] == bucket]
             for bucket in BUCKETS}
    return [[sum((row[i] for i in index[bucket]), Decimal(0)).quantize(CENT) for row in people]
            for bucket in BUCKETS]


def timed(function):
    """The result, and the seconds it took: (wall clock, this process's CPU). The CPU time
    leaves out the time other processes of this shared machine took the core away."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return result, (time.perf_counter() - wall, time.process_time() - cpu)


def median_times(runs) -> tuple[float, float]:
    return (statistics.median(times[0] for _, times in runs), statistics.median(times[1] for _, times in runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=400_000)
    parser.add_argument("--seed", type=int, default=2566)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each batch path (median shown)")
    args = parser.parse_args()
    n = args.people

    rng = random.Random(args.seed)
    people, generated = timed(lambda: [yearly_hours(rng) for _ in range(n)])
    columns = bucket_columns(people)
    in_half_hours = [half_hours(column) for column in columns]

    def per_method():
        return [mix_outcome_of(check_mix(dict(zip(METHODS, row, strict=True)), BUCKET_OF, POLICY, BUCKET_NAMES))
                for row in people]

    def per_bucket():
        return [mix_outcome_of(check_mix(dict(zip(BUCKETS, row, strict=True)), PER_BUCKET, POLICY, BUCKET_NAMES))
                for row in zip(*columns, strict=True)]

    method_outcomes, method_seconds = timed(per_method)
    bucket_outcomes, bucket_seconds = timed(per_bucket)
    batch_runs = [timed(lambda: mix_outcomes(*columns, POLICY)) for _ in range(args.repeat)]
    judging_runs = [timed(lambda: mix_outcomes_in_half_hours(*in_half_hours, POLICY)) for _ in range(args.repeat)]
    batch_outcomes = batch_runs[0][0]
    batch_seconds, judging_seconds = median_times(batch_runs), median_times(judging_runs)

    failing = [i for i, outcome in enumerate(batch_outcomes) if mix_failing(outcome)][:SHOWN]
    shown, shown_seconds = timed(lambda: [
        check_mix(dict(zip(BUCKETS, (column[i] for column in columns), strict=True)), PER_BUCKET, POLICY,
                  BUCKET_NAMES).message("th") for i in failing])

    disagreements = sum(len(set(outcomes)) > 1 for outcomes in zip(
        method_outcomes, bucket_outcomes, *(run[0] for run in batch_runs), *(run[0] for run in judging_runs),
        strict=True))
    outcomes = Counter("empty" if o == MIX_EMPTY else "ok" if mix_ok(o) else "fail" for o in batch_outcomes)

    def rate(seconds: tuple[float, float]) -> str:
        wall, cpu = seconds
        return f"{n / cpu:>10,.0f} people/s of CPU ({cpu:5.2f} s), {n / wall:>10,.0f} of wall clock ({wall:5.2f} s)"

    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python"
          f" {platform.python_version()}, {platform.system()} {platform.release()}")
    print(f"generated {n:,} people's yearly hours in {generated[0]:.1f} s (seed {args.seed}); one process, one core")
    print(f"check_mix, per method (messages included):       {rate(method_seconds)}")
    print(f"check_mix, per bucket (mix_verdicts_for_people): {rate(bucket_seconds)}")
    print(f"batch mix_outcomes, Decimal sums per bucket:     {rate(batch_seconds)}"
          f"  median of {args.repeat}")
    print(f"batch judging alone, whole half-hours:           {rate(judging_seconds)}"
          f"  median of {args.repeat}")
    print(f"ratio (CPU) batch / check_mix per bucket: {bucket_seconds[1] / batch_seconds[1]:.1f} x;"
          f" batch / check_mix per method: {method_seconds[1] / batch_seconds[1]:.1f} x")
    print(f"messages for {len(shown):,} failing people shown: {shown_seconds[1] * 1000:.0f} ms of CPU")
    print(f"verdicts: {outcomes['ok']:,} within 70:20:10, {outcomes['fail']:,} outside,"
          f" {outcomes['empty']:,} with nothing recorded")
    print(f"people whose verdicts differ between the paths: {disagreements:,}")
    if disagreements:
        sys.exit(1)


if __name__ == "__main__":
    main()
