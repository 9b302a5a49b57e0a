"""The ``mlverify`` command: argument parsing and printing only; the work lives below."""

from __future__ import annotations

import sys

import typer

from mlverify.cli import check as check_commands
from mlverify.cli import claims as claims_commands
from mlverify.cli import formula as formula_commands
from mlverify.cli import generate as generate_commands
from mlverify.cli import sheet as sheet_commands
from mlverify.cli import verify as verify_commands

app = typer.Typer(
    name="mlverify",
    help="Check the mathematics of machine learning with Hypothesis.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)
app.add_typer(claims_commands.app, name="claims")
app.command("verify")(verify_commands.verify)
app.command("formula")(formula_commands.formula)
app.command("check")(check_commands.check)
app.command("generate")(generate_commands.generate)
app.command("sheet")(sheet_commands.sheet)


def main() -> None:
    """Run the CLI; usage errors become one line on stderr and exit status 2."""
    try:
        code = app(standalone_mode=False)
    except typer.TyperException as exc:
        if not exc.format_message():  # asked for nothing: the help was printed
            sys.exit(exc.exit_code)
        context = getattr(exc, "ctx", None)
        hint = f" (see '{context.command_path} --help')" if context is not None else ""
        sys.stderr.write(f"mlverify: error: {exc.format_message()}{hint}\n")
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        sys.stderr.write("mlverify: interrupted\n")
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
