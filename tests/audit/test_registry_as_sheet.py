"""Mutation testing of the audit: the registry, rendered as sheets, audited like any course notes.

One sheet holds every claim, a section each: the claim's assumptions as display formulas (its
context), then its statement. A second sheet holds every wrong variant the same way, under its
claim's assumptions. A claim statement must never be refuted and a wrong variant that the audit checks
must be refuted. Claims whose variables have declared domains a sheet cannot express (a simplex
point, a PSD matrix) may come out unchecked: that fraction is measured, not hidden, and the issue's
bar (every claim verified, every variant refuted) is an ``xfail(strict=True)`` until it holds.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from mlverify.audit import check_formula
from mlverify.claims import load_registry

MAX_EXAMPLES = 10
CHECKED = ("verified", "refuted")


@dataclass(frozen=True)
class Rendered:
    """An item of a rendered sheet: what it is and the lines its statement spans."""

    id: str
    statement: str
    first: int
    last: int


def render(items: list[tuple[str, tuple[str, ...], str]]) -> tuple[str, list[Rendered]]:
    lines = ["# The mlverify registry as a sheet", ""]
    placed: list[Rendered] = []
    for item_id, assumptions, statement in items:
        lines += [f"## {item_id.split('/')[0]}", ""]  # a variant's name ("symmetric_formula") is no sheet's prose
        for assumption in assumptions:
            lines += ["$$", *assumption.splitlines(), "$$", ""]
        body = statement.splitlines()
        first = len(lines) + 2  # 1-based line of the statement's first line, after the opening $$
        lines += ["$$", *body, "$$", ""]
        placed.append(Rendered(item_id, statement, first, first + len(body) - 1))
    return "\n".join(lines), placed


@dataclass(frozen=True)
class Verdict:
    item: Rendered
    findings: tuple[dict[str, Any], ...]

    @property
    def statuses(self) -> set[str]:
        return {f["status"] for f in self.findings}

    @property
    def checked(self) -> bool:
        return bool(self.statuses & set(CHECKED))

    def __str__(self) -> str:
        parts = []
        for f in self.findings:
            text = f"{f['status']}: {f['latex']}"
            if f["reason"]:
                text += f" ({f['reason']['category']}: {f['reason']['message']})"
            if (cex := f["counterexample"]) is not None:
                values = ", ".join(f"{k} = {v['text']}" for k, v in cex["variables"].items())
                text += f"\n      counterexample: {values}; lhs = {cex['lhs']}; rhs = {cex['rhs']}"
            parts.append(text)
        return f"{self.item.id}\n    " + "\n    ".join(parts or ["no finding on its lines"])


def verdicts(result: dict[str, Any], placed: list[Rendered]) -> list[Verdict]:
    return [Verdict(item, tuple(f for f in result["findings"] if item.first <= f["line"] <= item.last))
            for item in placed]


@pytest.fixture(scope="module")
def audited(tmp_path_factory, checked_sheets) -> dict[str, list[Verdict]]:
    claims = list(load_registry())
    folder = tmp_path_factory.mktemp("registry-sheets")
    sheets: dict[str, tuple[Path, list[Rendered]]] = {}
    for name, items in (
            ("claims", [(c.id, c.assumptions, c.statement) for c in claims]),
            ("variants", [(v.id, c.assumptions, v.statement) for c in claims for v in c.wrong_variants])):
        text, placed = render(items)
        path = folder / f"{name}.md"
        path.write_text(text, encoding="utf-8")
        sheets[name] = (path, placed)
    results = checked_sheets([path for path, _ in sheets.values()], MAX_EXAMPLES)
    for result in results.values():
        assert not result["errors"], result["errors"]
    return {name: verdicts(results[str(path)], placed) for name, (path, placed) in sheets.items()}


def summary(found: list[Verdict]) -> str:
    checked = sum(v.checked for v in found)
    reasons = Counter(f["reason"]["category"] for v in found if not v.checked for f in v.findings
                      if f["status"] == "unchecked" and f["reason"])
    return f"checked {checked}/{len(found)} = {checked / len(found):.1%}; unchecked reasons: {dict(reasons)}"


def test_every_rendered_statement_is_read(audited):
    unread = [str(v) for found in audited.values() for v in found if not v.findings]
    assert not unread, "statements the reader did not find:\n" + "\n".join(unread)


def test_no_claim_statement_is_refuted(audited):
    refuted = [v for v in audited["claims"] if "refuted" in v.statuses]
    assert not refuted, (f"{len(refuted)} registry claims refuted when rendered as a sheet "
                         f"({summary(audited['claims'])}):\n" + "\n".join(map(str, refuted)))


def test_every_checked_wrong_variant_is_refuted(audited):
    """The sheet is audited on few examples, for speed; a variant that survives them (its mistake shows on a
    small part of its domain) must still be refuted on the audit's default budget."""
    variants = {v.id: (v, c) for c in load_registry() for v in c.wrong_variants}
    missed = [v for v in audited["variants"] if v.checked and "refuted" not in v.statuses and check_formula(
        variants[v.item.id][0].statement, list(variants[v.item.id][1].assumptions), seed=0).status != "refuted"]
    assert not missed, (f"wrong variants checked but not refuted ({summary(audited['variants'])}):\n"
                        + "\n".join(map(str, missed)))


@pytest.mark.xfail(strict=True, reason="measured 178/225 = 79.1% of the claims verified when rendered as a sheet "
                                       "(max_examples=10); the rest state convexity rules and step-size conditions "
                                       "in words, subgradients, layer sizes (#params), Gaussian laws as values, "
                                       "constructions checked in Python (FFT, Toeplitz), or definitions the sheet "
                                       "reads as such")
def test_every_claim_statement_is_verified(audited):
    unverified = [v for v in audited["claims"] if "verified" not in v.statuses or "refuted" in v.statuses]
    assert not unverified, (f"claims not verified ({summary(audited['claims'])}):\n"
                            + "\n".join(map(str, unverified)))


@pytest.mark.xfail(strict=True, reason="measured 331/436 = 75.9% of the wrong variants refuted when rendered as "
                                       "a sheet (max_examples=10); the rest state convexity rules and step-size "
                                       "conditions in words, subgradients, layer sizes or Gaussian laws as values, "
                                       "which the compiler does not read")
def test_every_wrong_variant_is_refuted(audited):
    unrefuted = [v for v in audited["variants"] if "refuted" not in v.statuses]
    assert not unrefuted, (f"wrong variants not refuted ({summary(audited['variants'])}):\n"
                           + "\n".join(map(str, unrefuted)))
