"""Benchmark: ``mlverify generate``, 100 versions of a 10-problem exam (issue 5 goals on this machine: Markdown
and JSON under 5 s, PDF under 60 s).

Each run builds the set from scratch (every variant drawn and checked through its claim) and writes it with
worked solutions and an answer key. The PDF run typesets 201 documents (100 exams, 100 solution sheets and
the key).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from mlverify.claims import load_registry
from mlverify.generate import build_set, choose_slots, load_families, packaged_problems
from mlverify.render.problems import Options, SetFormat, write_set


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--versions", type=int, default=100)
    parser.add_argument("--problems", type=int, default=10)
    parser.add_argument("--formats", default="md,json,pdf")
    parser.add_argument("--output", type=Path, default=Path("bench/results/generate.json"))
    args = parser.parse_args()
    registry = load_registry()
    slots = choose_slots(load_families([packaged_problems()]), [], None, args.problems, seed=1)
    result: dict[str, object] = {"versions": args.versions, "problems": [f.id for f in slots]}
    with tempfile.TemporaryDirectory() as folder:
        for fmt in args.formats.split(","):
            started = time.perf_counter()
            problem_set = build_set(slots, 1, registry, versions=args.versions)
            checked = time.perf_counter() - started
            files = write_set(problem_set, SetFormat(fmt), Path(folder) / fmt, Options(solutions=True,
                                                                                      answer_key=True))
            total = time.perf_counter() - started
            result[fmt] = {"seconds": round(total, 2), "of_which_drawing_and_checking": round(checked, 2),
                           "files": len(files)}
            print(f"{fmt}: {total:.2f} s ({checked:.2f} s drawing and checking {args.versions * len(slots)} "
                  f"items), {len(files)} files")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
