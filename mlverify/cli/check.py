"""``mlverify check``: audit sheets (Markdown, LaTeX, reStructuredText, notebooks) formula by formula."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from mlverify.cli._common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, FormulaFormat, print_json, reported_errors, stdout
from mlverify.engine import PROFILES, get_profile

if TYPE_CHECKING:
    from mlverify.audit.check import Finding, Report

_STYLE = {"verified": "green", "refuted": "bold red", "unchecked": "yellow", "definition": "dim", "ignored": "dim"}


class FailOn(StrEnum):
    refuted = "refuted"
    unchecked = "unchecked"


def check(
    paths: Annotated[list[Path], typer.Argument(help="Sheets, or directories to search for sheets.")],
    output: Annotated[FormulaFormat, typer.Option("--format", "-f", help="Output format.")] = FormulaFormat.text,
    fail_on: Annotated[FailOn, typer.Option(
        "--fail-on", help="Exit 1 on a refuted formula, or also on an unchecked one.")] = FailOn.refuted,
    examples: Annotated[int | None, typer.Option("--examples", "-n", min=1, help="Examples per check.")] = None,
    seed: Annotated[int | None, typer.Option("--seed", "-s", help="Seed (default: the profile's).")] = None,
    profile: Annotated[str, typer.Option("--profile", "-p", help=f"One of: {', '.join(PROFILES)}.")] = "ci",
) -> None:
    """Check every formula of the sheets, each under the definitions written before it.

    Exit status: 0 nothing refuted, 1 something refuted (or unchecked, with `--fail-on unchecked`),
    2 a path could not be read (the other paths are still checked) or bad usage.

    Example: `mlverify check notes/ cheatsheet.md --format json`
    """
    from mlverify.audit.check import check_sheets  # the grammar loads only for this command

    with reported_errors():
        get_profile(profile)
        report = check_sheets(paths, profile=profile, seed=seed, max_examples=examples)
    if output is FormulaFormat.json:
        print_json(report.to_json())
    else:
        _print_text(report)
    for error in report.errors:
        sys.stderr.write(f"mlverify: error: {error}\n")
    raise typer.Exit(exit_code(report, fail_on))


def exit_code(report: Report, fail_on: FailOn = FailOn.refuted) -> int:
    """2 when some input was unreadable (the verdicts are incomplete), else 1 when a failing status occurs."""
    if report.errors:
        return EXIT_USAGE
    failing = {"refuted", "unchecked"} if fail_on is FailOn.unchecked else {"refuted"}
    return EXIT_FAILED if any(f.status in failing for f in report.findings) else EXIT_OK


def _print_text(report: Report) -> None:
    console = stdout()
    current = None
    for finding in report.findings:
        if finding.file != current:
            current = finding.file
            console.print(f"[bold]{escape(current)}[/bold]")
        console.print(_finding_text(finding))
    counts = report.summary
    console.print(", ".join(f"{counts[s]} {s}" for s in ("verified", "refuted", "unchecked", "definition", "ignored"))
                  + f" in {counts['files']} file{'s' if counts['files'] != 1 else ''}"
                  + (f"; {counts['errors']} unreadable" if counts["errors"] else ""))


def _finding_text(finding: Finding) -> str:
    from mlverify.render.results import counterexample_text

    where = f"{finding.file}:{finding.line}:{finding.column}" + (f" (cell {finding.cell})" if finding.cell is not None
                                                                 else "")
    status = finding.status + (f" ({finding.layout} layout)" if finding.layout and finding.layout != "both" else "")
    lines = [f"  {escape(where)} [{_STYLE[finding.status]}]{status}[/]  {escape(finding.latex)}"]
    if finding.reason is not None and finding.status != "definition":
        lines.append(f"    {escape(finding.reason.category)}: {escape(finding.reason.message)}")
    if finding.counterexample is not None:
        lines.append("    " + escape(counterexample_text(finding.counterexample)).replace("\n", "\n    "))
    if finding.status in ("verified", "refuted") and finding.definitions:
        lines.append("    under: " + escape("; ".join(finding.definitions)))
    return "\n".join(lines)
