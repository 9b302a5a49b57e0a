"""``mlverify verify``: run claims (and their wrong variants) through the engine."""

from __future__ import annotations

import sys
import time
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from mlverify.claims import Checkable, load_registry
from mlverify.cli._common import (
    EXIT_FAILED,
    EXIT_OK,
    ResultFormat,
    fail,
    print_json,
    reported_errors,
    stderr,
    stdout,
)
from mlverify.engine import PROFILES, Result, get_profile, resolve_seed, verify_many
from mlverify.render import result_details, results_json, results_junit, results_summary, results_table


def verify(
    ids: Annotated[list[str] | None, typer.Argument(help="Claim ids, or claim/variant ids; default: all.")] = None,
    topic: Annotated[str | None, typer.Option("--topic", "-t", help="Only claims of this topic.")] = None,
    examples: Annotated[int | None, typer.Option("--examples", "-n", min=1, help="Examples per claim.")] = None,
    seed: Annotated[int | None, typer.Option("--seed", "-s", help="Seed (default: the profile's).")] = None,
    profile: Annotated[str, typer.Option("--profile", "-p", help=f"One of: {', '.join(PROFILES)}.")] = "ci",
    variants: Annotated[bool, typer.Option("--variants", help="Also check wrong variants are refuted.")] = False,
    output: Annotated[ResultFormat, typer.Option("--format", "-f", help="Output format.")] = ResultFormat.table,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: cores).")] = None,
) -> None:
    """Verify claims numerically: search for counterexamples with Hypothesis and shrink them.

    Counterexamples are shown for unexpected results, and for every refuted one when ids
    are named. Exit status: 0 when every claim is verified (and, with --variants, every wrong variant
    refuted), 1 otherwise, 2 for bad usage.

    Example: `mlverify verify probability.chebyshev --variants --seed 3`
    """
    with reported_errors():
        seed = resolve_seed(get_profile(profile), seed)
        targets = _select(ids or [], topic, variants)
    if not targets:
        fail("no claims selected")
    results, seconds = _run(targets, profile, seed, examples, jobs, show_progress=sys.stderr.isatty())
    if output is ResultFormat.json:
        print_json(results_json(results))
    elif output is ResultFormat.junit:
        sys.stdout.write(results_junit(results, seconds) + "\n")
    else:
        console = stdout()
        console.print(results_table(results))
        console.print(result_details(results, all_refuted=bool(ids)))
        console.print(results_summary(results, seconds), f"(profile {profile}, seed {seed})")
    raise typer.Exit(EXIT_OK if all(r.as_expected for r in results) else EXIT_FAILED)


def _select(ids: list[str], topic: str | None, variants: bool) -> list[Checkable]:
    registry = load_registry()
    if topic is not None and topic not in registry.topics():
        fail(f"unknown topic {topic!r}; topics are: {', '.join(registry.topics())}")
    chosen: list[Checkable] = [registry.resolve(i) for i in ids] if ids else list(registry)
    if topic is not None:
        chosen = [t for t in chosen if t.id.split(".", 1)[0] == topic]
    if variants:
        chosen = [v for t in chosen for v in (t, *getattr(t, "wrong_variants", ()))]
    return list({t.id: t for t in chosen}.values())


def _run(
    targets: list[Checkable], profile: str, seed: int | None, examples: int | None, jobs: int | None,
    *, show_progress: bool,
) -> tuple[list[Result], float]:
    started = time.perf_counter()
    if not show_progress:
        results = verify_many(targets, profile=profile, seed=seed, max_examples=examples, jobs=jobs)
        return results, time.perf_counter() - started
    columns = (TextColumn("verifying"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=stderr(), transient=True) as progress:
        task = progress.add_task("verify", total=len(targets))
        results = verify_many(targets, profile=profile, seed=seed, max_examples=examples, jobs=jobs,
                              on_result=lambda _: progress.advance(task))
    return results, time.perf_counter() - started
