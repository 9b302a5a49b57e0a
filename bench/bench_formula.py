"""Benchmark: compile and verify single formulas at 100 examples (issue 3 goal: median < 50 ms).

The corpus is the statements of the registry (claims and wrong variants) plus a few
classic sheet formulas; each is parsed, typed, compiled and verified with ``check_formula``.
Formulas the compiler cannot check still count: saying "unchecked" must be fast too.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from mlverify.audit import check_formula
from mlverify.claims import load_registry

SHEET_FORMULAS = [
    r"\sigma'(x) = \sigma(x)(1-\sigma(x))",
    r"\tanh'(x) = 1 - \tanh^2(x)",
    r"\nabla_x x^\top A x = (A + A^\top) x",
    r"\nabla_w \frac{1}{2}\|Xw - y\|^2 = X^\top (Xw - y)",
    r"\frac{\partial \mathrm{tr}(AX)}{\partial X} = A^\top",
    r"\|x\|_2^2 = x^\top x",
    r"\mathrm{tr}(AB) = \mathrm{tr}(BA)",
    r"|a + b| \le |a| + |b|",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=100)
    parser.add_argument("--output", type=Path, default=Path("bench/results/formula.json"))
    args = parser.parse_args()

    corpus = SHEET_FORMULAS + [t.statement for c in load_registry() for t in (c, *c.wrong_variants)]
    timings: list[tuple[float, str, str]] = []
    for latex in corpus:
        started = time.perf_counter()
        result = check_formula(latex, max_examples=args.examples, seed=0)
        timings.append((time.perf_counter() - started, result.status, latex))
    seconds = sorted(t for t, _, _ in timings)
    statuses = Counter(status for _, status, _ in timings)
    checked = sorted(t for t, status, _ in timings if status != "unchecked")
    worst = max(timings)
    report = {
        "formulas": len(corpus),
        "examples": args.examples,
        "statuses": dict(statuses),
        "median_seconds": round(statistics.median(seconds), 4),
        "median_checked_seconds": round(statistics.median(checked), 4) if checked else None,
        "worst_seconds": round(worst[0], 4),
        "worst_formula": worst[2],
    }
    print(f"{len(corpus)} formulas at {args.examples} examples: {dict(statuses)}")
    print(f"median {report['median_seconds'] * 1000:.1f} ms (checked ones: "
          f"{(report['median_checked_seconds'] or 0) * 1000:.1f} ms), worst {worst[0] * 1000:.0f} ms: {worst[2]}")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
