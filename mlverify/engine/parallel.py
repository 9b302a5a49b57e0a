"""Verify many claims over the machine's cores."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, TypeVar

from mlverify.claims import Checkable
from mlverify.engine.results import Result
from mlverify.engine.runner import verify

# Workers are forked, so they inherit this list (and the registry) instead of unpickling claims.
_TARGETS: Sequence[Checkable] = ()


def _verify_at(index: int, profile: str, seed: int | None, max_examples: int | None) -> Result:
    return verify(_TARGETS[index], profile=profile, seed=seed, max_examples=max_examples)


Item = TypeVar("Item")
Out = TypeVar("Out")
_WORK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def _apply_at(index: int) -> Any:
    assert _WORK is not None
    function, items = _WORK
    return function(items[index])


def map_in_processes(function: Callable[[Item], Out], items: Sequence[Item], jobs: int | None = None) -> list[Out]:
    """``[function(item) for item in items]`` over the machine's cores (forked workers inherit both, so
    neither is pickled; only results travel back), in the order of ``items``."""
    global _WORK
    workers = min(jobs or default_jobs(), len(items))
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    _WORK = (function, items)
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_apply_at, range(len(items)), chunksize=1))
    finally:
        _WORK = None


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def verify_many(
    targets: Sequence[Checkable],
    *,
    profile: str = "ci",
    seed: int | None = None,
    max_examples: int | None = None,
    jobs: int | None = None,
    on_result: Callable[[Result], None] | None = None,
) -> list[Result]:
    """Results in the order of ``targets``; ``on_result`` is called as each one finishes."""
    global _TARGETS
    workers = min(jobs or default_jobs(), len(targets))
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    if workers <= 1 or not can_fork:
        results = []
        for target in targets:
            results.append(verify(target, profile=profile, seed=seed, max_examples=max_examples))
            if on_result:
                on_result(results[-1])
        return results
    _TARGETS = targets
    try:
        slots: list[Result | None] = [None] * len(targets)
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = {pool.submit(_verify_at, i, profile, seed, max_examples): i for i in range(len(targets))}
            for future in as_completed(futures):
                result = future.result()
                slots[futures[future]] = result
                if on_result:
                    on_result(result)
        return [r for r in slots if r is not None]
    finally:
        _TARGETS = ()
