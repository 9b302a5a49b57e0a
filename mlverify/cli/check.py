"""``mlverify check``: audit sheets (Markdown, LaTeX, reStructuredText, notebooks) formula by formula."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mlverify.cli._common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, fail, print_json, reported_errors, stdout
from mlverify.engine import PROFILES, get_profile

if TYPE_CHECKING:
    from mlverify.audit.findings import Report


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    junit = "junit"
    sarif = "sarif"
    github = "github"


class FailOn(StrEnum):
    refuted = "refuted"
    unchecked = "unchecked"


def check(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Sheets, or directories to search for sheets (default: the configuration's `paths`).",
        show_default=False)] = None,
    output: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format.")] = CheckFormat.text,
    fail_on: Annotated[FailOn | None, typer.Option(
        "--fail-on", help="Exit 1 on a refuted formula, or also on an unchecked one [default: refuted].",
        show_default=False)] = None,
    examples: Annotated[int | None, typer.Option("--examples", "-n", min=1, help="Examples per check.")] = None,
    seed: Annotated[int | None, typer.Option("--seed", "-s", help="Seed (default: the profile's).")] = None,
    profile: Annotated[str | None, typer.Option(
        "--profile", "-p", help=f"One of: {', '.join(PROFILES)} [default: ci].", show_default=False)] = None,
    cache_dir: Annotated[Path, typer.Option(
        "--cache-dir", help="Where verdicts are cached by formula and context.")] = Path(".mlverify_cache"),
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Check every formula again.")] = False,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: cores).")] = None,
) -> None:
    """Check every formula of the sheets, each under the definitions written before it.

    Defaults come from `[tool.mlverify]` in the nearest `pyproject.toml` or from an `mlverify.toml`
    (searched upward from the current directory); options given here win.

    Exit status: 0 nothing refuted, 1 something refuted (or unchecked, with `--fail-on unchecked`),
    2 a path could not be read (the other paths are still checked), bad usage or a bad configuration.

    Example: `mlverify check notes/ cheatsheet.md --format sarif > mlverify.sarif`
    """
    from mlverify.audit.cache import VerdictCache
    from mlverify.audit.check import check_sheets  # the grammar loads only for this command
    from mlverify.audit.config import load_config
    from mlverify.render.check import report_github, report_json, report_junit, report_sarif, report_text

    with reported_errors():
        config = load_config(Path("."))
        chosen_profile = profile or config.profile or "ci"
        get_profile(chosen_profile)
        targets = list(paths or config.paths)
        if not targets:
            fail("no paths given, and no configuration file gives 'paths' (see 'mlverify check --help')")
        report = check_sheets(targets, profile=chosen_profile, seed=seed, max_examples=examples or config.examples,
                              exclude=config.exclude, exclude_root=config.root, ignore_latex=config.ignore_latex,
                              cache=None if no_cache else VerdictCache(cache_dir), jobs=jobs)
    failing = fail_on or FailOn(config.fail_on or FailOn.refuted)
    unchecked_fails = failing is FailOn.unchecked
    if output is CheckFormat.json:
        print_json(report_json(report))
    elif output is CheckFormat.sarif:
        print_json(report_sarif(report, unchecked_fails=unchecked_fails))
    elif output is CheckFormat.junit:
        sys.stdout.write(report_junit(report) + "\n")
    elif output is CheckFormat.github:
        sys.stdout.write(report_github(report, unchecked_fails=unchecked_fails))
    else:
        stdout().print(report_text(report))
    for error in report.errors:
        sys.stderr.write(f"mlverify: error: {error}\n")
    raise typer.Exit(exit_code(report, failing))


def exit_code(report: Report, fail_on: FailOn = FailOn.refuted) -> int:
    """2 when some input was unreadable (the verdicts are incomplete), else 1 when a failing status occurs."""
    if report.errors:
        return EXIT_USAGE
    failing = {"refuted", "unchecked"} if fail_on is FailOn.unchecked else {"refuted"}
    return EXIT_FAILED if any(f.status in failing for f in report.findings) else EXIT_OK
