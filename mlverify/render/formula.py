"""One checked formula, for people and for programs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mlverify.render.results import counterexample_text

if TYPE_CHECKING:
    from mlverify.audit import FormulaResult


def formula_json(latex: str, given: list[str], result: FormulaResult) -> dict[str, Any]:
    reason = result.reason
    return {
        "latex": latex,
        "given": given,
        "status": result.status,
        "reason": None if reason is None else {
            "category": reason.category, "message": reason.message, "column": reason.column,
        },
        "layout": result.layout,
        "counterexample": None if result.counterexample is None else result.counterexample.to_json(),
        "runs": [r.to_json() for r in result.results],
    }


def formula_text(latex: str, result: FormulaResult) -> str:
    lines = [latex, f"  {result.status}"]
    if result.layout:
        lines[-1] += f" (in {result.layout} layout)" if result.layout != "both" else " (in both layouts)"
    if result.reason is not None:
        column = result.reason.column
        where = f" at column {column}" if column and f"column {column}" not in result.reason.message else ""
        lines.append(f"  reason: {result.reason.category}: {result.reason.message}{where}")
    if result.counterexample is not None:
        lines.append("  " + counterexample_text(result.counterexample).replace("\n", "\n  "))
    examples = sum(r.examples for r in result.results)
    if result.status == "verified":
        lines.append(f"  {examples} examples, no counterexample")
    return "\n".join(lines)
