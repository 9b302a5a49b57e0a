"""``mlverify claims list|show``: browse the registry."""

from __future__ import annotations

from typing import Annotated

import typer

from mlverify.claims import load_registry
from mlverify.cli._common import ListFormat, fail, print_json, reported_errors, stdout
from mlverify.render import claim_detail, claims_json, claims_table

app = typer.Typer(help="Browse the registry of claims.", no_args_is_help=True, rich_markup_mode="markdown")


@app.command("list")
def list_claims(
    topic: Annotated[str | None, typer.Option("--topic", "-t", help="Only claims of this topic.")] = None,
    output: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.table,
) -> None:
    """List the registered claims.

    Example: `mlverify claims list --topic activations --format json`
    """
    with reported_errors():
        registry = load_registry()
        if topic is not None and topic not in registry.topics():
            fail(f"unknown topic {topic!r}; topics are: {', '.join(registry.topics())}")
        chosen = [c for c in registry if topic is None or c.topic == topic]
    if output is ListFormat.json:
        print_json(claims_json(chosen))
    else:
        stdout().print(claims_table(chosen))
        stdout().print(f"{len(chosen)} claims, {sum(len(c.wrong_variants) for c in chosen)} wrong variants")


@app.command("show")
def show_claim(claim_id: Annotated[str, typer.Argument(help="A claim id, e.g. probability.chebyshev.")]) -> None:
    """Show one claim: statement, variables and their domains, assumptions, wrong variants."""
    with reported_errors():
        claim = load_registry().get(claim_id)
    stdout().print(claim_detail(claim))
