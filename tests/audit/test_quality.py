"""The audit's quality bars (issue 4, "Done when") on a held-out evaluation set.

``tests/audit/quality/`` holds six sheets written as course notes are (sections, prose, definitions
before facts, inline and display math, tables, HTML and OCR noise, both derivative layouts named in
prose, conditions stated in words) and were not tuned on. Each sheet has a sidecar
``<stem>.expected.json`` giving the truth of every formula the reader finds:

- ``labels``: line -> ``"correct"``, ``"wrong"`` or ``"not-checkable"`` for every formula on that line,
  or ``{latex: label}`` when one line holds formulas of different kinds;
- ``notes``: why a formula is wrong (or not checkable), for the reader of a failure.

"not-checkable" covers definitions, declarations and conditions, prose fragments, update rules,
approximations and limits, theorems about free functions, and garbled (OCR) spans. "wrong" is wrong
as stated, with the sheet's conventions and conditions (a layout slip in a section that names its
layout is wrong). The bars:

- no formula labelled correct is refuted: the worst failure, never marked xfail;
- at least 90% of the formulas labelled wrong are refuted;
- at least 75% of the formulas labelled correct or wrong are checked (verified or refuted).

A bar the audit does not meet yet is ``xfail(strict=True)`` with the measured figure, so the gap shows
and a fix that meets it turns the marker into a failure to remove.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

QUALITY = Path(__file__).parent / "quality"
SHEETS = sorted(p for p in QUALITY.iterdir() if p.suffix in (".md", ".tex"))
LABELS = ("correct", "wrong", "not-checkable")
MAX_EXAMPLES = 50
CHECKED = ("verified", "refuted")

Row = tuple[str, dict[str, Any], str | None]  # sheet name, finding as JSON, label


def expected(sheet: Path) -> dict[str, Any]:
    return json.loads(sheet.with_name(f"{sheet.stem}.expected.json").read_text(encoding="utf-8"))


def label_of(labels: dict[str, Any], finding: dict[str, Any]) -> str | None:
    label = labels.get(str(finding["line"]))
    return label.get(finding["latex"]) if isinstance(label, dict) else label


@pytest.fixture(scope="module")
def rows(checked_sheets) -> list[Row]:
    results = checked_sheets(SHEETS, MAX_EXAMPLES)
    found: list[Row] = []
    for sheet in SHEETS:
        result = results[str(sheet)]
        assert not result["errors"], result["errors"]
        labels = expected(sheet)["labels"]
        found.extend((sheet.name, f, label_of(labels, f)) for f in result["findings"])
    return found


def where(row: Row) -> str:
    name, finding, label = row
    return f"{name}:{finding['line']}:{finding['column']} [{label} -> {finding['status']}] {finding['latex']}"


def explain(row: Row) -> str:
    _, finding, _ = row
    text = where(row)
    if finding["reason"]:
        text += f"\n      {finding['reason']['category']}: {finding['reason']['message']}"
    if (cex := finding["counterexample"]) is not None:
        values = ", ".join(f"{k} = {v['text']}" for k, v in cex["variables"].items())
        text += f"\n      counterexample: {values}; lhs = {cex['lhs']}; rhs = {cex['rhs']}"
    if finding["definitions"]:
        text += f"\n      under: {'; '.join(finding['definitions'])}"
    return text


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / whole:.1%}" if whole else "0/0"


def test_the_evaluation_set_is_large_and_mixed(rows):
    counts = Counter(label for _, _, label in rows)
    assert len(SHEETS) >= 4
    assert counts["correct"] >= 60 and counts["wrong"] >= 40 and counts["not-checkable"] >= 40, counts


def test_every_formula_has_a_label_and_every_label_a_formula(rows):
    unlabelled = [where(r) for r in rows if r[2] is None]
    bad = [where(r) for r in rows if r[2] is not None and r[2] not in LABELS]
    seen = {(name, str(f["line"])) for name, f, _ in rows}
    seen_latex = {(name, str(f["line"]), f["latex"]) for name, f, _ in rows}
    stale = []
    for sheet in SHEETS:
        for line, label in expected(sheet)["labels"].items():
            if (sheet.name, line) not in seen:
                stale.append(f"{sheet.name}:{line}")
            elif isinstance(label, dict):
                stale += [f"{sheet.name}:{line} {latex}" for latex in label
                          if (sheet.name, line, latex) not in seen_latex]
    assert not unlabelled and not bad and not stale, (
        "the sidecar labels and the formulas the reader finds disagree:\n"
        f"unlabelled: {unlabelled}\nunknown labels: {bad}\nlabels without a formula: {stale}")


def test_no_formula_labelled_correct_is_refuted(rows):
    correct = [r for r in rows if r[2] == "correct"]
    refuted = [r for r in correct if r[1]["status"] == "refuted"]
    assert not refuted, (f"{len(refuted)} of {len(correct)} correct formulas reported refuted:\n"
                         + "\n".join(explain(r) for r in refuted))


def test_no_definition_prose_or_garbled_formula_is_refuted(rows):
    refuted = [r for r in rows if r[2] == "not-checkable" and r[1]["status"] == "refuted"]
    assert not refuted, "formulas that state no fact reported refuted:\n" + "\n".join(explain(r) for r in refuted)


def test_no_formula_labelled_wrong_is_verified(rows):
    verified = [r for r in rows if r[2] == "wrong" and r[1]["status"] == "verified"]
    assert not verified, "wrong formulas reported verified:\n" + "\n".join(explain(r) for r in verified)


def test_at_least_90_percent_of_wrong_formulas_are_refuted(rows):
    wrong = [r for r in rows if r[2] == "wrong"]
    missed = [r for r in wrong if r[1]["status"] != "refuted"]
    refuted = len(wrong) - len(missed)
    verified = [r for r in missed if r[1]["status"] == "verified"]
    assert refuted >= 0.9 * len(wrong), (
        f"wrong formulas refuted: {share(refuted, len(wrong))} (bar 90%)\n"
        f"wrong formulas VERIFIED ({len(verified)}):\n" + "\n".join(explain(r) for r in verified)
        + "\nmissed:\n" + "\n".join(explain(r) for r in missed if r not in verified))


def test_at_least_75_percent_of_checkable_formulas_are_checked(rows):
    checkable = [r for r in rows if r[2] in ("correct", "wrong")]
    checked = [r for r in checkable if r[1]["status"] in CHECKED]
    missed = [r for r in checkable if r[1]["status"] not in CHECKED]
    reasons = Counter(r[1]["reason"]["category"] if r[1]["reason"] else r[1]["status"] for r in missed)
    assert len(checked) >= 0.75 * len(checkable), (
        f"checked: {share(len(checked), len(checkable))} (bar 75%); not checked by reason: {dict(reasons)}\n"
        + "\n".join(explain(r) for r in missed))
