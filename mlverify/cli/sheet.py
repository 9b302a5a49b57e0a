"""``mlverify sheet``: the registry, or one topic, as a formula sheet in which every formula is verified."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from mlverify.cli._common import EXIT_FAILED, fail, reported_errors, stdout
from mlverify.engine import PROFILES
from mlverify.render.problems import SetFormat


def sheet(
    topic: Annotated[str | None, typer.Option("--topic", "-t", help="Only the claims of this topic.")] = None,
    output: Annotated[SetFormat, typer.Option("--format", "-f", help="md, html, tex or pdf.")] = SetFormat.md,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="The file to write [default: formula-sheet.FORMAT].", show_default=False)] = None,
    title: Annotated[str, typer.Option("--title", help="The sheet's title.")] = "Formula sheet",
    profile: Annotated[str, typer.Option("--profile", "-p", help=f"One of: {', '.join(PROFILES)}.")] = "ci",
    seed: Annotated[int | None, typer.Option("--seed", "-s", help="Seed (default: the profile's).")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: cores).")] = None,
    templates: Annotated[Path | None, typer.Option(
        "--templates", help="A folder of templates overriding the packaged ones (sheet.md.j2).")] = None,
) -> None:
    """Verify the claims, then write those that hold as a sectioned formula sheet with their conditions and
    ids. A claim that does not verify is left off the sheet and named on stderr (exit status 1).

    Example: `mlverify sheet --topic matrix_calculus --format pdf --out matrix-calculus.pdf`
    """
    from mlverify.claims import load_registry
    from mlverify.engine import get_profile, verify_many
    from mlverify.render.sheet import SHEET_FORMATS, formula_sheet

    with reported_errors():
        if output not in SHEET_FORMATS:
            fail(f"a formula sheet is written as {', '.join(f.value for f in SHEET_FORMATS)}, not {output.value}")
        get_profile(profile)
        registry = load_registry()
        if topic is not None and topic not in registry.topics():
            fail(f"unknown topic {topic!r}; topics are: {', '.join(registry.topics())}")
        claims = [c for c in registry if topic is None or c.topic == topic]
        results = {r.id: r for r in verify_many(claims, profile=profile, seed=seed, jobs=jobs)}
        document = formula_sheet(claims, results, output, title, templates)
        path = out or Path(f"formula-sheet.{output.value}")
        path.write_bytes(document)
    left_out = [r for r in results.values() if not r.as_expected]
    for result in left_out:
        sys.stderr.write(f"mlverify: {result.id} is {result.status}, so it is not on the sheet\n")
    stdout().print(f"{len(claims) - len(left_out)} verified formulas written to {path}")
    if left_out:
        raise typer.Exit(EXIT_FAILED)
