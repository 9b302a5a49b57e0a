"""``mlverify formula``: check one formula as written, with optional context formulas."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from mlverify.cli._common import FormulaFormat, print_json, reported_errors
from mlverify.engine import PROFILES, get_profile

EXIT_BY_STATUS = {"verified": 0, "refuted": 1, "unchecked": 3}


def formula(
    latex: Annotated[str, typer.Argument(help="The formula, e.g. '\\sigma'(x) = \\sigma(x)(1-\\sigma(x))'.")],
    given: Annotated[
        list[str] | None, typer.Option("--given", "-g", help="A formula that defines symbols or states domains.")
    ] = None,
    examples: Annotated[int | None, typer.Option("--examples", "-n", min=1, help="Examples per check.")] = None,
    seed: Annotated[int | None, typer.Option("--seed", "-s", help="Seed (default: the profile's).")] = None,
    profile: Annotated[str, typer.Option("--profile", "-p", help=f"One of: {', '.join(PROFILES)}.")] = "ci",
    output: Annotated[FormulaFormat, typer.Option("--format", "-f", help="Output format.")] = FormulaFormat.text,
) -> None:
    """Check one formula numerically, as its author wrote it.

    Exit status: 0 verified, 1 refuted, 3 unchecked (the reason says why), 2 bad usage.

    Example: `mlverify formula '\\nabla_w L = X^\\top (Xw - y)' --given 'L(w) = \\frac{1}{2}\\|Xw - y\\|^2'`
    """
    from mlverify.audit import check_formula  # the grammar loads only for this command
    from mlverify.render.formula import formula_json, formula_text

    context = list(given or [])
    with reported_errors():
        get_profile(profile)
        result = check_formula(latex, context, profile=profile, seed=seed, max_examples=examples)
    if output is FormulaFormat.json:
        print_json(formula_json(latex, context, result))
    else:
        sys.stdout.write(formula_text(latex, result) + "\n")
    raise typer.Exit(EXIT_BY_STATUS[result.status])
