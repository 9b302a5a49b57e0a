"""Benchmark: verify the whole registry at the ci profile and report wall time per claim.

Run with ``nox -s bench`` (or ``python bench/bench_verify.py``). The goal for issue 2:
40+ claims at 100 examples each in under 10 s on 2 cores. ``--variants`` adds the wrong
variants; ``--budget`` makes the run fail when the total exceeds that many seconds.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

from mlverify.claims import load_registry
from mlverify.engine import default_jobs, verify_many


def reference_seconds() -> float:
    """A fixed pure-Python loop: this machine's speed now, so results from runs on a loaded or throttled
    machine can be compared (the loop took 0.5-0.7 s on an idle core of the 2-core development machine)."""
    started = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--variants", action="store_true", help="also time every wrong variant")
    parser.add_argument("--budget", type=float, default=None, help="fail when the total exceeds this (s)")
    parser.add_argument("--output", type=Path, default=Path("bench/results/verify.json"))
    args = parser.parse_args()

    reference = reference_seconds()
    claims = list(load_registry())
    targets = [t for c in claims for t in ((c, *c.wrong_variants) if args.variants else (c,))]
    started = time.perf_counter()
    results = verify_many(targets, profile="ci", max_examples=args.examples, jobs=args.jobs)
    total = time.perf_counter() - started

    per_target = sorted(((r.seconds, r.id) for r in results), reverse=True)
    seconds = [s for s, _ in per_target]
    report = {
        "targets": len(targets),
        "claims": len(claims),
        "examples": args.examples,
        "jobs": args.jobs,
        "cpu": platform.processor() or platform.machine(),
        "total_seconds": round(total, 3),
        "reference_loop_seconds": round(reference, 3),
        "median_seconds": round(statistics.median(seconds), 4),
        "worst": [{"id": i, "seconds": round(s, 4)} for s, i in per_target[:5]],
        "unexpected": [r.id for r in results if not r.as_expected],
    }
    print(f"{len(targets)} targets ({len(claims)} claims) at {args.examples} examples on {args.jobs} workers")
    print(f"total wall time: {total:.2f} s (reference loop {reference:.2f} s: this machine's speed now)")
    print(f"per target: median {report['median_seconds']:.3f} s, worst {seconds[0]:.3f} s ({per_target[0][1]})")
    for s, i in per_target[1:5]:
        print(f"            {s:.3f} s  {i}")
    if report["unexpected"]:
        print(f"UNEXPECTED RESULTS: {report['unexpected']}")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    over_budget = args.budget is not None and total > args.budget
    if over_budget:
        print(f"over budget: {total:.2f} s > {args.budget:.2f} s")
    return 1 if over_budget or report["unexpected"] else 0


if __name__ == "__main__":
    sys.exit(main())
