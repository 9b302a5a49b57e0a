"""A session-wide ``check_sheets`` per sheet, shared by the pytest-xdist workers.

The held-out evaluation (``test_quality.py``) and the registry rendered as a sheet
(``test_registry_as_sheet.py``) audit the same few sheets from several tests. Each sheet is checked once per
run: under xdist the findings go to a JSON file in the run's shared temporary directory, written under
a per-sheet lock, and each worker starts at a different sheet so two workers split the sheets between
them instead of both checking all of them.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from mlverify.audit.check import check_sheets

try:
    import fcntl
except ImportError:  # not POSIX: each worker checks the sheets itself
    fcntl = None  # type: ignore[assignment]

CheckedSheets = Callable[[Sequence[Path], int], dict[str, dict[str, Any]]]


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("w") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _check_one(sheet: Path, max_examples: int) -> dict[str, Any]:
    started = time.perf_counter()
    report = check_sheets([sheet], profile="ci", max_examples=max_examples)
    return {"seconds": time.perf_counter() - started, "errors": list(report.errors),
            "findings": [finding.to_json() for finding in report.findings]}


@pytest.fixture(scope="session")
def checked_sheets(tmp_path_factory: pytest.TempPathFactory) -> CheckedSheets:
    """``checked(sheets, max_examples)``: for each sheet, ``{"seconds", "errors", "findings"}`` (findings as
    ``Finding.to_json`` gives them), keyed by the sheet's path as given."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    shared = tmp_path_factory.getbasetemp().parent if worker is not None and fcntl is not None else None
    index = int(worker[2:]) if worker is not None and worker[2:].isdigit() else 0
    workers = max(1, int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")))
    memo: dict[tuple[str, int], dict[str, Any]] = {}

    def checked(sheets: Sequence[Path], max_examples: int) -> dict[str, dict[str, Any]]:
        start = index * len(sheets) // workers if sheets else 0
        for sheet in [*sheets[start:], *sheets[:start]]:
            key = (str(sheet), max_examples)
            if key in memo:
                continue
            if shared is None:
                memo[key] = _check_one(sheet, max_examples)
                continue
            digest = hashlib.sha256(f"{sheet.name}|{max_examples}|".encode() + sheet.read_bytes()).hexdigest()[:16]
            cache = shared / f"mlverify-audit-{digest}.json"
            with _locked(shared / f"mlverify-audit-{digest}.lock"):
                if not cache.exists():
                    cache.write_text(json.dumps(_check_one(sheet, max_examples)), encoding="utf-8")
            memo[key] = json.loads(cache.read_text(encoding="utf-8"))
        return {str(sheet): memo[(str(sheet), max_examples)] for sheet in sheets}

    return checked
