"""Benchmark: ``mlverify check`` on a 300-formula sheet, cold and cached (issue 4 goal: under 10 s
cold, under 1 s cached, on this machine).

The sheet is written from the registry: each claim's assumptions and statement, then its wrong
variants, section by section, repeated until it holds 300 formulas, as a long course sheet
would. Cold means an empty verdict cache; cached means the same run again.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from mlverify.audit.cache import VerdictCache
from mlverify.audit.check import check_sheets
from mlverify.claims import load_registry


def sheet(formulas: int) -> str:
    parts: list[str] = []
    count = 0
    while count < formulas:
        for claim in load_registry():
            parts.append(f"## {claim.title} ({count})\n")
            for latex in (*claim.assumptions, claim.statement, *(v.statement for v in claim.wrong_variants)):
                parts.append(f"$$ {latex} $$\n")
                count += 1
            if count >= formulas:
                break
    return "\n".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--formulas", type=int, default=300)
    parser.add_argument("--output", type=Path, default=Path("bench/results/check.json"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sheet.md"
        path.write_text(sheet(args.formulas), encoding="utf-8")
        cache = VerdictCache(Path(folder) / "cache")
        timings = {}
        for run in ("cold", "cached"):
            started = time.perf_counter()
            report = check_sheets([path], cache=cache)
            timings[run] = time.perf_counter() - started
    result = {"formulas": len(report.findings), "summary": report.summary,
              "cold_seconds": round(timings["cold"], 2), "cached_seconds": round(timings["cached"], 2)}
    print(f"{result['formulas']} formulas: cold {timings['cold']:.2f} s, cached {timings['cached']:.2f} s; "
          f"{report.summary}")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
