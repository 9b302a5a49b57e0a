"""Verification results as a rich table with details, JSON, and JUnit XML for CI dashboards."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from mlverify.claims import Status
from mlverify.engine import Counterexample, Result

_STYLE = {Status.VERIFIED: "green", Status.REFUTED: "red", Status.ERROR: "magenta"}


def _outcome(result: Result) -> Text:
    style = "green" if result.as_expected else _STYLE[result.status]
    label = str(result.status) + (" (as expected)" if result.is_variant and result.as_expected else "")
    if not result.as_expected:
        label += f", expected {result.expected}"
    return Text(label, style=style)


def results_table(results: Sequence[Result]) -> Table:
    table = Table(header_style="bold")
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("result", no_wrap=True)
    table.add_column("examples", justify="right")
    table.add_column("seconds", justify="right")
    for r in results:
        table.add_row(r.id, _outcome(r), str(r.examples), f"{r.seconds:.2f}")
    return table


def counterexample_text(ce: Counterexample, heading: str = "counterexample") -> str:
    lines = [f"{heading}:"]
    if ce.sizes:
        lines.append("  dimensions: " + ", ".join(f"{k} = {v}" for k, v in ce.sizes.items()))
    for name, text in ce.shown.items():
        lines.append(f"  {name} = " + text.replace("\n", "\n" + " " * (len(name) + 5)))
    if ce.lhs is not None:
        lines.append("  left side:  " + ce.lhs.replace("\n", "\n              "))
        lines.append("  right side: " + (ce.rhs or "").replace("\n", "\n              "))
    if ce.difference is not None:
        lines.append(f"  left {ce.relation} right fails by {ce.difference:.6g}; allowed {ce.allowed:.3g} "
                     f"(rtol {ce.rtol:g}, atol {ce.atol:g})")
    if ce.detail:
        lines.append(f"  {ce.detail}")
    if ce.reproduce:
        lines.append(f"  reproduce: {ce.reproduce}")
    return "\n".join(lines)


def result_detail_text(result: Result) -> str:
    parts = [f"{result.id}: {result.status}" + ("" if result.as_expected else f" (expected {result.expected})")]
    if result.message:
        parts.append(f"  {result.message}")
    if result.counterexample is not None:
        parts.append(counterexample_text(result.counterexample))
    if result.witness is not None:
        parts.append(counterexample_text(result.witness, "witness"))
    return "\n".join(parts)


def result_details(results: Sequence[Result], *, all_refuted: bool = False) -> Group:
    """Details for every unexpected result (and, when asked, every refuted variant)."""
    shown = [r for r in results if not r.as_expected or (all_refuted and r.status is Status.REFUTED)]
    return Group(*(Text(result_detail_text(r) + "\n", style="" if r.as_expected else "bold") for r in shown))


def results_summary(results: Sequence[Result], seconds: float) -> Text:
    claims = [r for r in results if not r.is_variant]
    variants = [r for r in results if r.is_variant]
    unexpected = [r for r in results if not r.as_expected]
    parts = []
    if claims:
        parts.append(f"{sum(r.as_expected for r in claims)}/{len(claims)} claims verified")
    if variants:
        parts.append(f"{sum(r.as_expected for r in variants)}/{len(variants)} wrong variants refuted")
    parts.append(f"{len(unexpected)} unexpected")
    return Text(", ".join(parts) + f" in {seconds:.1f} s", style="bold red" if unexpected else "bold green")


def results_json(results: Sequence[Result]) -> list[dict[str, Any]]:
    return [r.to_json() for r in results]


def results_junit(results: Sequence[Result], seconds: float) -> str:
    failures = sum(1 for r in results if not r.as_expected and r.status is not Status.ERROR)
    errors = sum(1 for r in results if not r.as_expected and r.status is Status.ERROR)
    suite = ET.Element("testsuite", name="mlverify", tests=str(len(results)), failures=str(failures),
                       errors=str(errors), time=f"{seconds:.3f}")
    for r in results:
        case = ET.SubElement(suite, "testcase", classname=r.id.split(".", 1)[0], name=r.id, time=f"{r.seconds:.3f}")
        if not r.as_expected:
            tag = "error" if r.status is Status.ERROR else "failure"
            element = ET.SubElement(case, tag, message=f"{r.status}, expected {r.expected}", type=str(r.status))
            element.text = result_detail_text(r)
    ET.indent(suite)
    return str(ET.tostring(suite, encoding="unicode", xml_declaration=True))
