"""The ``mlverify`` command: argument parsing and printing only; the work lives below."""

from __future__ import annotations

import typer

from mlverify.cli import claims as claims_commands
from mlverify.cli import verify as verify_commands

app = typer.Typer(
    name="mlverify",
    help="Check the mathematics of machine learning with Hypothesis.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(claims_commands.app, name="claims")
app.command("verify")(verify_commands.verify)


def main() -> None:
    app()
