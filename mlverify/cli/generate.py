"""``mlverify generate``: randomized problem sets with worked solutions, every answer checked by its claim."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mlverify.cli._common import print_json, reported_errors, stdout
from mlverify.render.problems import Options, SetFormat

if TYPE_CHECKING:
    from mlverify.generate import ProblemFamily


def generate(
    families: Annotated[list[str] | None, typer.Argument(
        help="Problem families, in order (default: drawn from all, or from --topic).", show_default=False)] = None,
    topic: Annotated[str | None, typer.Option("--topic", "-t", help="Only families of this topic.")] = None,
    count: Annotated[int | None, typer.Option(
        "--count", "-c", min=1, help="Problems per version [default: the families named, or 10].",
        show_default=False)] = None,
    versions: Annotated[int, typer.Option("--versions", "-v", min=1, help="Numbered versions.")] = 1,
    roster: Annotated[Path | None, typer.Option(
        "--roster", help="CSV of students (header with name and/or id): one version each.")] = None,
    seed: Annotated[int, typer.Option("--seed", "-s", help="Seed: the same seed gives the same files.")] = 0,
    output: Annotated[SetFormat, typer.Option("--format", "-f", help="Output format.")] = SetFormat.md,
    solutions: Annotated[bool, typer.Option("--solutions", help="Also write worked solutions.")] = False,
    answer_key: Annotated[bool, typer.Option("--answer-key", help="Also write an answer key.")] = False,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write into.")] = Path("problem-set"),
    title: Annotated[str, typer.Option("--title", help="Title printed on every page.")] = "Problem set",
    problems: Annotated[list[Path] | None, typer.Option(
        "--problems", help="More folders of problem families (besides the packaged ones).")] = None,
    templates: Annotated[Path | None, typer.Option(
        "--templates", help="A folder of templates overriding the packaged ones.")] = None,
    list_families: Annotated[bool, typer.Option("--list", help="List the problem families and exit.")] = False,
) -> None:
    """Write a problem set: one version per student (or per number), its manifest, and optionally worked
    solutions and an answer key. Every key and distractor is checked through its claim first; a family
    that cannot produce a checked variant is an error naming the family and seed.

    Example: `mlverify generate --count 10 --seed 7 --format pdf --solutions --out quiz`
    """
    from mlverify.claims import load_registry
    from mlverify.generate import build_set, choose_slots, load_families, packaged_problems, read_roster
    from mlverify.render.problems import write_set

    with reported_errors():
        catalogue = load_families([packaged_problems(), *(problems or [])])
        if list_families:
            _print_families(catalogue, output)
            return
        slots = choose_slots(catalogue, families or [], topic, count, seed)
        students = read_roster(roster) if roster is not None else []
        problem_set = build_set(slots, seed, load_registry(), versions=versions, roster=students)
        written = write_set(problem_set, output, out, Options(title, solutions, answer_key), templates)
    console = stdout()
    console.print(f"{len(problem_set.versions)} version(s) of {len(slots)} problem(s), every answer checked; "
                  f"wrote {len(written)} file(s) to {out}/")


def _print_families(catalogue: Mapping[str, ProblemFamily], output: SetFormat) -> None:
    families = list(catalogue.values())
    if output is SetFormat.json:
        print_json([{"id": f.id, "title": f.title, "topic": f.topic, "type": f.answer.type, "claims": list(f.claims)}
                    for f in families])
        return
    console = stdout()
    for f in families:
        console.print(f"{f.id:36} {f.topic:22} {f.answer.type:10} {f.title}")
