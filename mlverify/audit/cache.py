"""Verdicts cached by formula and context, so re-checking an unchanged sheet is fast.

A verdict depends on the formula's LaTeX, the context formulas it was checked under, the
search settings and mlverify's own code; the key hashes all four, so an edited formula, a
changed definition above it or a new mlverify release each miss the cache. Entries are
small files written atomically (a temporary file renamed into place), so parallel runs
(pytest-xdist workers) can share one cache directory without locks.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import mlverify

DEFAULT_DIRECTORY = Path(".mlverify_cache")


@cache
def _code_fingerprint() -> str:
    """A hash of mlverify's source: a verdict computed by other code is not reused."""
    digest = hashlib.sha256(mlverify.__version__.encode())
    root = Path(mlverify.__file__).parent
    for path in sorted(root.rglob("*.py")) + sorted(root.rglob("*.lark")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class VerdictCache:
    """Pickled verdicts under ``directory``, one file per key."""

    def __init__(self, directory: Path = DEFAULT_DIRECTORY) -> None:
        self.directory = directory

    @staticmethod
    def key(latex: str, given: Sequence[str], settings: Sequence[Any]) -> str:
        digest = hashlib.sha256(_code_fingerprint().encode())
        for part in (latex, *given, "\x00", *map(repr, settings)):
            digest.update(part.encode())
            digest.update(b"\x1f")
        return digest.hexdigest()

    def get(self, key: str) -> Any | None:
        path = self.directory / key[:2] / key
        try:
            with path.open("rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None  # missing or unreadable: compute it again

    def put(self, key: str, value: Any) -> None:
        folder = self.directory / key[:2]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("wb", dir=folder, delete=False) as handle:
                pickle.dump(value, handle)
            os.replace(handle.name, folder / key)
        except OSError:
            return  # a read-only checkout still gets its verdicts, just not cached
