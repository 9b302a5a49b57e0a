"""The registry for people (rich tables) and for programs (JSON)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from mlverify.claims import Claim


def claim_json(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "topic": claim.topic,
        "title": claim.title,
        "statement": claim.statement,
        "kind": str(claim.kind),
        "accuracy": str(claim.accuracy),
        "quantifier": str(claim.quantifier),
        "variables": {name: domain.describe() for name, domain in claim.variables.items()},
        "assumptions": list(claim.assumptions),
        "references": [{"source": r.source, "section": r.section} for r in claim.references],
        "wrong_variants": [
            {"id": v.id, "name": v.name, "statement": v.statement, "mistake": v.mistake}
            for v in claim.wrong_variants
        ],
    }


def claims_json(claims: Iterable[Claim]) -> list[dict[str, Any]]:
    return [claim_json(c) for c in claims]


def claims_table(claims: Iterable[Claim]) -> Table:
    table = Table(show_lines=False, header_style="bold")
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("kind")
    table.add_column("title")
    table.add_column("wrong", justify="right")
    for c in claims:
        table.add_row(c.id, str(c.kind), c.title, str(len(c.wrong_variants)))
    return table


def claim_detail(claim: Claim) -> Group:
    lines: list[Any] = [
        Text(claim.id, style="bold cyan"),
        Text(claim.title, style="bold"),
        Text.assemble(("statement: ", "dim"), claim.statement),
        Text.assemble(("kind: ", "dim"), f"{claim.kind} ({claim.quantifier}, {claim.accuracy})"),
        Text("variables:", style="dim"),
        *(Text(f"  {name}: {domain.describe()}") for name, domain in claim.variables.items()),
    ]
    if claim.assumptions:
        lines += [Text("assumptions:", style="dim"), *(Text(f"  {a}") for a in claim.assumptions)]
    if claim.references:
        lines += [Text("references:", style="dim"), *(Text(f"  {r}") for r in claim.references)]
    lines.append(Text("wrong variants (each must be refuted):", style="dim"))
    for v in claim.wrong_variants:
        lines += [Text.assemble("  ", (v.id, "yellow"), f"  ({v.mistake})"), Text(f"    {v.statement}")]
    return Group(*lines)
